"""The held-out corpus is reproducible and its self-check catches broken records.

These tests read only the generator and the files it writes; they never run a detector.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
FILES = ["sentences-dev.jsonl", "sentences-heldout.jsonl", "rows-dev.jsonl", "rows-heldout.jsonl"]


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("deid_make_corpus", HERE / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_regenerating_gives_the_committed_files(tmp_path: Path) -> None:
    gen = load_generator()
    assert gen.main(["make_corpus.py", str(tmp_path)]) == 0
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (HERE / name).read_bytes(), name


def test_halves_draw_different_values() -> None:
    dev = (HERE / "sentences-dev.jsonl").read_text(encoding="utf-8").splitlines()
    held = (HERE / "sentences-heldout.jsonl").read_text(encoding="utf-8").splitlines()
    texts_dev = {json.loads(line)["text"] for line in dev}
    texts_held = {json.loads(line)["text"] for line in held}
    assert len(texts_dev & texts_held) < len(texts_held) // 50
    templates_dev = {json.loads(line)["template"] for line in dev}
    templates_held = {json.loads(line)["template"] for line in held}
    assert templates_held - templates_dev


def test_self_check_rejects_a_wrong_id_check_digit() -> None:
    gen = load_generator()
    body = "44150219000101001"
    good = body + gen.id_check(body)
    gen.check_spans(good, [{"start": 0, "end": 18, "category": "id_number", "form": "plain"}],
                    [], "ok")
    bad = body + ("0" if good[-1] != "0" else "1")
    with pytest.raises(AssertionError):
        gen.check_spans(bad, [{"start": 0, "end": 18, "category": "id_number", "form": "plain"}],
                        [], "bad")


def test_self_check_rejects_overlaps_and_cards_failing_luhn() -> None:
    gen = load_generator()
    text = "6222000000000009 张三"
    card = {"start": 0, "end": 16, "category": "bank_card", "form": "plain"}
    gen.check_spans(text, [card], [], "ok")
    with pytest.raises(AssertionError):
        gen.check_spans("6222000000000008", [card], [], "luhn")
    name = {"start": 15, "end": 19, "category": "person_name", "form": "bare"}
    with pytest.raises(AssertionError):
        gen.check_spans(text, [card, name], [], "overlap")


def test_the_documented_check_digits() -> None:
    gen = load_generator()
    # Worked examples of the identifier standard (synthetic numbers).
    assert gen.id_check("44150219000101001") == "X"
    assert gen.id_check("44150219000101002") == "8"
    assert gen.luhn_ok("6222000000000009") and not gen.luhn_ok("6222000000000001")
