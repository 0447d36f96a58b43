"""Bundles exported by sessions run through the service layer (``clar-desktop import``,
``record``, ``export``) on two offices' laptops reach the central office in any order."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from clar_desktop.demo import demo_session_bundle
from tests.central.helpers import run, write


def _record(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: str,
            contest: str, *lines: dict[str, str]) -> None:
    text = "".join(json.dumps(line) + "\n" for line in lines)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    status, _out, err = run(capsys, "record", contest, "--db", db)
    assert status == 0, err


def test_exports_of_two_laptops_in_any_order(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path, db_url: str) -> None:
    demo = write(tmp_path / "demo.json", demo_session_bundle())
    laptops = {}
    for office in ("ol-chumbivilcas", "ol-espinar"):
        laptop = str(tmp_path / f"{office}.sqlite3")
        assert run(capsys, "import", str(demo), "--db", laptop)[0] == 0
        laptops[office] = laptop
    exports = tmp_path / "usb"
    exports.mkdir()

    def export(office: str, name: str) -> Path:
        target = exports / name
        assert run(capsys, "export", "llusco-2026-1", "-o", str(target),
                   "--db", laptops[office])[0] == 0
        return target

    first = export("ol-chumbivilcas", "1-cerrada.json")
    _record(monkeypatch, capsys, laptops["ol-chumbivilcas"], "llusco-2026-1",
            {"action": "reopen", "reason": "Falta una observación del veedor"},
            {"action": "observe", "text": "El veedor regional firmó el acta."},
            {"action": "close"})
    later = export("ol-chumbivilcas", "2-reabierta.json")
    _record(monkeypatch, capsys, laptops["ol-espinar"], "llusco-2026-1",
            {"action": "reopen", "reason": "Copia tomada en otra laptop"},
            {"action": "close"})
    other = export("ol-espinar", "3-otra-laptop.json")
    events = len(json.loads(first.read_bytes())["events"])
    # the later copy first, then the earlier one, then the other laptop's
    status, out, _err = run(capsys, "central", "ingest", str(later), str(first), str(other),
                            "--db", db_url)
    assert status == 1
    assert [line.split(" ", 1)[0] for line in out.splitlines()] == ["new", "older", "conflict"]
    status, out, _err = run(capsys, "central", "conflicts", "--format", "json", "--db", db_url)
    assert [c["seq"] for c in json.loads(out)["conflicts"]] == [events + 1]
    # a fresh central database, in the order the copies were made
    fresh = str(tmp_path / "central.sqlite3")
    status, out, _err = run(capsys, "central", "ingest", str(first), str(later), "--db", fresh)
    assert status == 0
    assert [line.split(" ", 1)[0] for line in out.splitlines()] == ["new", "extended"]
    target = tmp_path / "de-vuelta.json"
    assert run(capsys, "central", "export", "llusco-2026-1", "-o", str(target),
               "--db", fresh)[0] == 0
    assert target.read_bytes() == later.read_bytes()
    status, out, _err = run(capsys, "verify", str(target))
    assert status == 0 and "VERIFICADO" in out
