"""The shortcuts that make the stage fast change nothing it finds: the first-character look-ahead
(same matches at every position as the plain patterns), the short-number path of the
independent scan (same hits as the full scan) and linking's digits-only checks (same spans as
the full comparison). Texts are generated with fixed seeds and by hypothesis."""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.deidentify import data
from publisher import lexicon, synth
from publisher.deid.detectors import REGISTRY, person_name
from publisher.deid.engine import Engine, _unnamed
from publisher.deid.linking import Value, link_rows, remove, spans
from publisher.deid.lookahead import first_characters, with_lookahead
from publisher.deid.normalize import digit_projection, folded
from publisher.deid.residual import ValueIndex, scan_text, scan_values
from publisher.lexicon import PublicContacts


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = [data.message(rng) for _ in range(n)]
    for _ in range(n // 4):
        out += [v for v in data.penalty_row(rng).values() if v]
    return out


TEXTS = _texts(400, seed=21)
#: Characters the detectors care about, for texts hypothesis makes up.
ALPHABET = ("0123456789０１２３ Xx-.·()（）+＋@#:：、，。\n粤N陈郑司徒欧阳小明先生女士电话号码尾号"
            "出生于年月日路号栋村花园投诉人联系手机" + lexicon.SURNAMES[:40])


@pytest.mark.parametrize("pattern, expected", [
    ("abc", "[a]"),
    ("0?1", "[01]"),
    ("(?:0660[ -]?)?(?:12345|95)", "[019]"),
    ("(?:19|20)x", "[12]"),
    (r"(?<![0-9])\d{3}", r"[\d]"),
    ("(?:^|(?<=\n))[a-c]|[abcdx]", "[a-dxa-c]"),
    ("a*b", "[ab]"),
])
def test_first_characters(pattern: str, expected: str) -> None:
    assert first_characters(pattern) == expected


@pytest.mark.parametrize("pattern", [".a", "[^a]b", "(?i)ab", "a?", r"(a)?\1b", "(?:x|)"])
def test_an_unbounded_start_leaves_the_pattern_alone(pattern: str) -> None:
    assert first_characters(pattern) is None
    assert with_lookahead(pattern) == pattern


def _every_match(pattern: re.Pattern[str], text: str) -> list[object]:
    found = [m.span() for m in pattern.finditer(text)]
    for pos in range(len(text) + 1):
        m = pattern.match(text, pos)
        found.append(None if m is None else (m.span(), m.groupdict()))
    return found


@pytest.mark.parametrize("name", list(REGISTRY))
def test_each_detector_matches_as_its_plain_pattern(name: str) -> None:
    detector = REGISTRY[name]
    plain = re.compile(detector.pattern)
    for text in TEXTS:
        assert _every_match(detector.compiled, text) == _every_match(plain, text)


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=40))
def test_made_up_texts_match_as_the_plain_patterns(text: str) -> None:
    for detector in REGISTRY.values():
        assert _every_match(detector.compiled, text) == _every_match(
            re.compile(detector.pattern), text)


def test_the_surname_look_ahead_matches_as_the_plain_alternation() -> None:
    plain = re.compile(person_name.SURNAME)
    ahead = re.compile(person_name._SURNAME)
    assert "(?=" not in person_name.DETECTOR.prefilter  # RE2 has no look-ahead
    for text in TEXTS[:100]:
        assert _every_match(ahead, text) == _every_match(plain, text)


def test_the_combined_search_finds_what_the_plain_alternation_finds() -> None:
    engine = Engine(list(REGISTRY.values()))
    plain = Engine(list(REGISTRY.values()))
    plain.combined = re.compile("|".join(f"(?P<d{i}>{_unnamed(d.pattern)})"
                                         for i, d in enumerate(plain.detectors)))
    assert engine.combined.pattern.startswith("(?=[")
    for text in TEXTS:
        assert engine._find(text) == plain._find(text)


def test_short_numbers_get_the_hits_of_the_full_scan() -> None:
    rng = random.Random(8)
    # Short personal values (a local landline, an 8-digit number) and a long one.
    indexes = {"phone": ValueIndex(frozenset({"3123456", "13812345678"})),
               "id_number": ValueIndex(frozenset({"12345678"})),
               "address": ValueIndex(frozenset({"123456"}))}
    cells = ["3123456", "93123456", "12345678", "123456", "1985", "7", "00", "31234567",
             *(str(rng.randrange(10 ** rng.randrange(1, 9))) for _ in range(300))]
    df = pd.DataFrame({"id": cells}, dtype=object)
    contacts = PublicContacts()
    findings = scan_values("d", "r", df, set(), indexes, contacts)
    expected = [(i + 2, position + 1, category) for i, text in enumerate(cells)
                if len(text) >= 2 for position, category in scan_text(text, contacts, indexes)]
    assert [(f.row, f.params["position"], f.params["category"]) for f in findings] == expected
    assert expected  # the short values are found


def _reference_digit_spans(value: str, text: str) -> list[tuple[int, int]]:
    """Linking's digits branch as it was: the full projection of every text, then the tail."""
    want = digit_projection(value)[0]
    digits, origin = digit_projection(text)
    out = []
    start = digits.find(want)
    while start >= 0:
        out.append((origin[start], origin[start + len(want) - 1] + 1))
        start = digits.find(want, start + 1)
    reading = folded(text)
    start = reading.text.find(want[-4:])
    while start >= 0:
        if re.search(r"(?:尾号|尾数|后四位|末四位|后4位|末4位)(?:是|为|[:：])?\s*$",
                     reading.text[:start]):
            out.append(reading.span(start, start + 4))
        start = reading.text.find(want[-4:], start + 4)
    return out


def _reference_plate_spans(value: str, text: str) -> list[tuple[int, int]]:
    want = re.sub(r"[\s·•・.\-]", "", folded(value).text).upper()
    reading = folded(text)
    chars = [(i, ch.upper()) for i, ch in enumerate(reading.text)
             if not re.match(r"[\s·•・.\-]", ch)]
    joined = "".join(ch for _, ch in chars)
    out = []
    start = joined.find(want)
    while start >= 0:
        out.append(reading.span(chars[start][0], chars[start + len(want) - 1][0] + 1))
        start = joined.find(want, start + 1)
    return out


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2 ** 32), st.text(ALPHABET, max_size=30), st.sampled_from(
    ["{v}", "电话{v}。", "{a}{v}{b}", "{v} {v}", "尾号{t}", "{a}"]))
def test_linking_finds_what_the_full_comparison_finds(seed: int, noise: str,
                                                      form: str) -> None:
    rng = random.Random(seed)
    phone, plate = synth.mobile(rng), synth.written_plate(rng)
    half = len(noise) // 2
    for value, written in ((Value("phone", phone), synth.written_phone(rng)),
                           (Value("phone", phone), f"{phone[:3]} {phone[3:7]} {phone[7:]}"),
                           (Value("plate", plate), plate)):
        text = form.format(v=written, a=noise[:half], b=noise[half:], t=phone[-4:])
        reference = (_reference_digit_spans if value.category == "phone"
                     else _reference_plate_spans)
        assert spans(value, text) == reference(value.text, text)


_PERSONAL = {"name": "person_name", "phone": "phone", "id": "id_number", "plate": "plate",
             "email": "email", "address": "address"}


def _linked_by_reading_every_row(source: pd.DataFrame, text: str, i: int) -> str:
    """What linking gives a text when every row's values are searched for (the prefilter off)."""
    found = [(s, e, category) for column, category in _PERSONAL.items()
             for s, e in spans(Value(category, source[column][i]), text)]
    return remove(text, found) if found else text


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2 ** 32), st.lists(st.text(ALPHABET, max_size=12), min_size=1,
                                         max_size=6))
def test_the_row_prefilter_links_what_reading_every_row_links(seed: int,
                                                             noise: list[str]) -> None:
    rng = random.Random(seed)
    rows = []
    for k in range(12):
        name, phone, card = synth.person_name(rng), synth.mobile(rng), synth.resident_id(rng)
        plate, email = synth.plate(rng), synth.email(rng)
        address = synth.address(rng)[0]
        a, b = noise[k % len(noise)], noise[(k + 1) % len(noise)]
        written = rng.choice([
            f"{a}{name}{b}", f"{a}{name[0]}女士{b}", f"{' '.join(name)}{a}",
            f"电话{a}{synth.written_phone(rng)}", f"尾号{phone[-4:]}{a}", f"尾号为{a}{b}",
            f"{phone[:3]} {phone[3:7]} {phone[7:]}", phone.translate(synth._FULLWIDTH_DIGITS),
            f"{card[:6]} {card[6:14]} {card[14:]}", f"{plate[:2]}·{plate[2:]}{a}",
            plate.lower() + b, f"{email.split('@')[0]}(at){b}", f"{a}{email}",
            address, address.removeprefix("广东省汕尾市") + a, f"{a}{b}", ""])
        rows.append({"name": name if rng.random() < 0.8 else "", "phone": phone,
                     "id": card, "plate": plate, "email": email, "address": address,
                     "facts": written, "other": f"{a}{written}{b}"})
    source = pd.DataFrame(rows)
    released = source[["facts", "other"]]
    out, _ = link_rows(released, source, _PERSONAL, ["facts", "other"])
    for column in ("facts", "other"):
        assert out[column].tolist() == [
            _linked_by_reading_every_row(source, text, i)
            for i, text in enumerate(source[column].tolist())]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.text(ALPHABET + "٣߂੩௭๕X x０１２", max_size=40))
def test_the_digit_table_keeps_what_isdigit_keeps(text: str) -> None:
    from publisher.deid.residual import _DIGITS_ONLY

    assert text.translate(_DIGITS_ONLY) == "".join(
        ch for ch in text if ch.isdigit() or ch in "Xx")


def test_only_the_tail_words_own_characters_fold_to_them() -> None:
    import unicodedata

    # Linking reads a text for a number's last four only when it holds 尾, 后 or 末: that is
    # exact only if no other character has one of them in its NFKC form.
    folding = [chr(c) for c in range(0x110000)
               if 0xD800 > c or c > 0xDFFF
               if any(w in unicodedata.normalize("NFKC", chr(c)) for w in "尾后末")]
    assert folding == ["后", "尾", "末"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40) | st.text(ALPHABET + "٣߂੩௭๕X x０１２Ⅻⅷ㈠", max_size=40),
                max_size=6))
def test_the_plate_digits_reading_is_the_ascii_digits_of_the_folded_text(
        texts: list[str]) -> None:
    from publisher.deid.linking import _Readings

    # Made from the digits reading (digits and X): the same as reading the folded text again.
    expected = [re.sub(r"[^0-9]", "", folded(t).text) if t.strip() else ""
                for t in texts]
    assert _Readings(texts).of("plate_digits").tolist() == (expected or [""])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.none() | st.text(ALPHABET, max_size=30), max_size=8), max_size=5))
def test_one_prefilter_pass_over_all_columns_finds_each_columns_candidates(
        columns: list[list[str | None]]) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    engine = Engine(list(REGISTRY.values()))
    series = [pd.Series(c, dtype=object) for c in columns]
    alone = [np.flatnonzero(pc.match_substring_regex(pa.array(c, type=pa.string()),
                                                     engine.prefilter)
                            .fill_null(False).to_numpy(zero_copy_only=False)).tolist()
             for c in columns]
    assert [c.tolist() for c in engine.candidates_of(series)] == alone
    assert alone == [engine.candidates(s).tolist() for s in series]
