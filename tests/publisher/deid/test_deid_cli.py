"""``publisher deidentify`` and ``publisher scan`` through click's runner."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner

from publisher.cli import main
from publisher.services import Services
from publisher.settings import load_settings


def _services(root: Path, key: str) -> Services:
    return Services(load_settings(env={}, overrides={
        "instance_dir": str(root / "var"), "datasets_dir": str(root / "datasets"),
        "schemas_dir": str(root / "schemas"), "pseudonym_key": key,
        "database_url": f"sqlite:///{root / 'var' / 'p.db'}"}))


def test_deidentify_writes_csv_and_report(kit: ModuleType, tmp_path: Path) -> None:
    df = kit.table(12, seed=9)
    kit.write_dataset(tmp_path, df)
    services = _services(tmp_path, "cli-key")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["deidentify", "penalty-test", "--out", str(out)],
                                obj=services, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    released = (out / "decisions.csv").read_text(encoding="utf-8")
    report = json.loads((out / "deidentification.json").read_text(encoding="utf-8"))
    assert report["ok"] is True and report["rows"] == {"decisions": 12}
    assert "cli-key" not in json.dumps(report)
    for value in df["id_number"].tolist() + df["phone"].tolist():
        assert value not in released
        assert value not in result.output
    services.close()


def test_deidentify_refuses_without_key(kit: ModuleType, tmp_path: Path) -> None:
    kit.write_dataset(tmp_path, kit.table(2))
    services = _services(tmp_path, "")
    result = CliRunner().invoke(main, ["deidentify", "penalty-test"], obj=services)
    assert result.exit_code == 2
    assert "PUBLISHER_PSEUDONYM_KEY" in result.output
    assert "Traceback" not in result.output
    services.close()


def test_deidentify_unknown_dataset(kit: ModuleType, tmp_path: Path) -> None:
    services = _services(tmp_path, "k")
    result = CliRunner().invoke(main, ["deidentify", "nope"], obj=services)
    assert result.exit_code == 2
    services.close()


def test_scan_prints_counts_never_values(kit: ModuleType, tmp_path: Path) -> None:
    df = kit.table(6, seed=10)
    path = tmp_path / "any.csv"
    df.to_csv(path, index=False)
    result = CliRunner().invoke(main, ["scan", str(path), "--format", "json"],
                                obj=_services(tmp_path, ""))
    assert result.exit_code == 1
    counts = json.loads(result.output)["columns"]
    assert counts["phone"] == {"phone": 6}
    assert counts["id_number"] == {"id_number": 6}
    assert "case_number" not in counts and "credit_code" not in counts
    assert counts["facts"]["person_name"] == 6
    assert counts["contact_name"] == {"person_name": 6}  # a column of bare names
    for value in df["phone"]:
        assert value not in result.output


def test_scan_xlsx_and_unreadable(kit: ModuleType, tmp_path: Path) -> None:
    df = kit.table(3, seed=12)
    path = tmp_path / "any.xlsx"
    df.to_excel(path, index=False)
    ok = CliRunner().invoke(main, ["scan", str(path)], obj=_services(tmp_path, ""))
    assert ok.exit_code == 1 and "bank_card: bank_card 3" in ok.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01binary")
    result = CliRunner().invoke(main, ["scan", str(bad), "--lang", "en"],
                                obj=_services(tmp_path, ""))
    assert result.exit_code == 2 and "error:" in result.output
