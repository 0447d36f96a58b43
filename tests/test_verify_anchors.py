"""`verify` anchored to the acta: a log cut short or sealed anew verifies by itself, and only
the hash the acta carries (``--expect``, ``--acta``) tells it is not the acta's log; the
acta's signature; the warning for a session left open."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pypdf
import pytest

from clar_desktop.cli import main
from clar_desktop.demo import demo_session_bundle
from clar_desktop.domain.bundle import bundle_to_dict
from clar_desktop.domain.canonical import event_hash
from clar_desktop.domain.state import replay
from tests.helpers import EXAMPLE, write_json
from tests.test_document_cli import PASSPHRASE, _certificate

WARNING = "warning: the session was not closed in this log; its results are provisional"
NOT_THE_ACTAS = "the log is not the one the acta was made from"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def sealed(events: list[dict[str, Any]]) -> dict[str, Any]:
    """A bundle whose snapshot is what ``events`` replay into: it verifies by itself."""
    state = replay(events)
    assert state.contest is not None
    return bundle_to_dict(state.contest, events)


def resealed(bundle: dict[str, Any]) -> dict[str, Any]:
    """The session's log with one score changed and every hash after it computed again."""
    events = copy.deepcopy(bundle["events"])
    index = next(i for i, e in enumerate(events) if e["kind"] == "score.entered")
    value = events[index]["data"]["value"]
    events[index]["data"]["value"] = "6" if value != "6" else "5"
    prev = events[index - 1]["hash"]
    for event in events[index:]:
        event["prev"] = prev
        event["hash"] = prev = event_hash(event)
    return sealed(events)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("anchors")
    return write_json(folder / "llusco.json", demo_session_bundle())


@pytest.fixture(scope="module")
def original_hash(session: Path) -> str:
    events: list[dict[str, Any]] = json.loads(session.read_text(encoding="utf-8"))["events"]
    return str(events[-1]["hash"])


@pytest.fixture(scope="module")
def acta(session: Path) -> Path:
    target = session.with_name("acta.pdf")
    assert main(["minutes", str(session), "-o", str(target)]) == 0
    return target


@pytest.fixture(scope="module")
def signed(session: Path) -> tuple[Path, Path]:
    """The acta signed with a throwaway certificate, and that certificate (PEM)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    p12, der = _certificate(session.parent)
    pem = session.with_name("firma.pem")
    pem.write_bytes(x509.load_der_x509_certificate(der).public_bytes(
        serialization.Encoding.PEM))
    target = session.with_name("acta-firmada.pdf")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAR_P12_PASSPHRASE", PASSPHRASE)
        assert main(["minutes", str(session), "-o", str(target), "--sign", str(p12)]) == 0
    return target, pem


@pytest.fixture(scope="module")
def forgeries(session: Path) -> dict[str, Path]:
    bundle = json.loads(session.read_text(encoding="utf-8"))
    truncated = sealed(bundle["events"][:-3])  # the session's closing and what came before
    return {"truncated": write_json(session.with_name("truncated.json"), truncated),
            "resealed": write_json(session.with_name("resealed.json"), resealed(bundle))}


@pytest.mark.parametrize("kind", ["truncated", "resealed"])
def test_a_forged_log_verifies_alone_but_not_against_the_acta(
        capsys: pytest.CaptureFixture[str], forgeries: dict[str, Path], acta: Path,
        original_hash: str, kind: str) -> None:
    forged = str(forgeries[kind])
    code, out, _err = run(capsys, "verify", forged)
    assert code == 0 and out.startswith("VERIFIED")  # by itself it is a sound log
    assert original_hash not in out

    code, out, err = run(capsys, "verify", forged, "--expect", original_hash)
    assert code == 1 and err == ""
    verdict = out.splitlines()[0]
    assert verdict.startswith("NOT VERIFIED") and NOT_THE_ACTAS in verdict
    assert original_hash in verdict  # it names the hash the acta carries

    code, out, err = run(capsys, "verify", forged, "--acta", str(acta))
    assert code == 1 and err == ""
    assert out.splitlines()[0].startswith("NOT VERIFIED") and NOT_THE_ACTAS in out


def test_the_original_log_matches_its_acta(capsys: pytest.CaptureFixture[str], session: Path,
                                           acta: Path, original_hash: str) -> None:
    code, out, err = run(capsys, "verify", str(session), "--expect", original_hash.upper())
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("VERIFIED") and "matches the acta's" in lines[1]
    assert WARNING not in out  # the demo session was closed

    code, out, err = run(capsys, "verify", str(session), "--acta", str(acta))
    assert (code, err) == (0, "")
    assert "match those the acta" in out and "not digitally signed" in out


def test_a_malformed_expected_hash_is_invalid_input(capsys: pytest.CaptureFixture[str],
                                                    session: Path, original_hash: str) -> None:
    for bad in ("12ab", original_hash + "0", "g" * 64, ""):
        code, out, err = run(capsys, "verify", str(session), "--expect", bad)
        assert code == 2 and out == "" and len(err.splitlines()) == 1, (bad, err)
        assert "--expect" in err and "64 hexadecimal digits" in err


def test_the_acta_carries_its_hashes_in_its_metadata(acta: Path, session: Path,
                                                     original_hash: str) -> None:
    info = pypdf.PdfReader(io.BytesIO(acta.read_bytes())).metadata
    assert info is not None
    assert info["/CLARLogHash"] == original_hash
    assert info["/CLARContest"] == "llusco-2026-1"
    from clar_desktop.documents.record import record_from_bundle
    from clar_desktop.domain.bundle import parse_bundle

    record = record_from_bundle(parse_bundle(json.loads(session.read_text(encoding="utf-8"))))
    assert info["/CLARResultsHash"] == record.results_hash


def test_a_signed_acta_validates(capsys: pytest.CaptureFixture[str], session: Path,
                                 signed: tuple[Path, Path]) -> None:
    acta, pem = signed
    code, out, err = run(capsys, "verify", str(session), "--acta", str(acta))
    assert (code, err) == (0, "")
    assert "signed by Secretaría del CLAR (prueba), signature intact" in out
    assert "trust in the signer's certificate is not checked" in out
    code, out, err = run(capsys, "verify", str(session), "--acta", str(acta), "--trust",
                         str(pem))
    assert (code, err) == (0, "")
    assert "chains to the trust root" in out


def test_a_byte_changed_in_the_signed_acta_fails(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path, session: Path,
                                                 signed: tuple[Path, Path]) -> None:
    data = bytearray(signed[0].read_bytes())
    index = data.find(b"/Producer")
    data[index + 1] = ord("p")
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    code, out, err = run(capsys, "verify", str(session), "--acta", str(tampered))
    assert code == 1 and err == ""
    assert len(out.splitlines()) == 1 and out.startswith("NOT VERIFIED")
    assert "signature" in out and "Traceback" not in out
    # A signature whose form field was damaged is broken, not absent.
    unlinked = tmp_path / "unlinked.pdf"
    unlinked.write_bytes(signed[0].read_bytes().replace(b"/FT /Sig", b"/FT /Xig", 1))
    code, out, err = run(capsys, "verify", str(session), "--acta", str(unlinked))
    assert code == 1 and out.startswith("NOT VERIFIED") and "signature" in out, out
    # Something added after the signature (a new revision could carry other hashes) too.
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(signed[0].read_bytes() + b"\n%% added later\n")
    code, out, err = run(capsys, "verify", str(session), "--acta", str(appended))
    assert code == 1 and "after the signature" in out


def test_a_trust_root_the_signer_does_not_chain_to_fails(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, session: Path,
        signed: tuple[Path, Path]) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    _p12, other_der = _certificate(tmp_path)
    other = tmp_path / "other.pem"
    other.write_bytes(x509.load_der_x509_certificate(other_der).public_bytes(
        serialization.Encoding.PEM))
    code, out, _err = run(capsys, "verify", str(session), "--acta", str(signed[0]),
                          "--trust", str(other))
    assert code == 1 and out.startswith("NOT VERIFIED") and "trust root" in out


@pytest.mark.parametrize("content", [b"not a pdf at all", b"%PDF-1.4\n%broken", b"",
                                     "truncated"])
def test_an_acta_that_is_not_a_pdf_is_invalid_input(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, session: Path, acta: Path,
        content: bytes | str) -> None:
    target = tmp_path / "acta.pdf"
    data = acta.read_bytes()
    target.write_bytes(data[:len(data) // 2] if content == "truncated" else content)
    code, out, err = run(capsys, "verify", str(session), "--acta", str(target))
    assert code == 2 and out == "", err
    assert len(err.splitlines()) == 1 and "acta.pdf" in err and "Traceback" not in err
    assert "PDF" in err and "--help" not in err  # about the file, not the usage


def test_other_bad_acta_arguments(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                  session: Path, acta: Path) -> None:
    code, _out, err = run(capsys, "verify", str(session), "--acta", str(tmp_path / "no.pdf"))
    assert code == 2 and "no.pdf" in err and len(err.splitlines()) == 1
    code, _out, err = run(capsys, "verify", str(session), "--trust", str(EXAMPLE))
    assert code == 2 and "--acta" in err
    code, _out, err = run(capsys, "verify", str(session), "--acta", str(acta), "--trust",
                          str(EXAMPLE))
    assert code == 2 and "certificate" in err and len(err.splitlines()) == 1


def test_an_acta_of_another_contest_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          acta: Path) -> None:
    other = tmp_path / "other.json"
    db = str(tmp_path / "o.sqlite3")
    assert main(["import", str(EXAMPLE), "--db", db]) == 0
    assert main(["export", "colquemarca-2026-1", "--db", db, "-o", str(other)]) == 0
    capsys.readouterr()
    code, out, _err = run(capsys, "verify", str(other), "--acta", str(acta))
    assert code == 1 and "llusco-2026-1" in out and "colquemarca-2026-1" in out


def test_an_acta_made_before_the_metadata_is_read_from_its_text(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, session: Path,
        forgeries: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from clar_desktop.documents import minutes

    monkeypatch.setattr(minutes, "metadata_stamp", lambda entries: lambda canvas, doc: None)
    older = tmp_path / "older.pdf"
    assert main(["minutes", str(session), "-o", str(older)]) == 0
    info = pypdf.PdfReader(io.BytesIO(older.read_bytes())).metadata or {}
    assert "/CLARLogHash" not in info
    capsys.readouterr()
    code, out, _err = run(capsys, "verify", str(session), "--acta", str(older))
    assert code == 0 and "read from its text" in out
    code, out, _err = run(capsys, "verify", str(forgeries["resealed"]), "--acta", str(older))
    assert code == 1 and NOT_THE_ACTAS in out


def test_the_warning_for_a_session_not_closed(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path, session: Path,
                                              forgeries: dict[str, Path]) -> None:
    db = str(tmp_path / "w.sqlite3")
    assert main(["import", str(EXAMPLE), "--db", db]) == 0
    exported = tmp_path / "never-opened.json"
    assert main(["export", "colquemarca-2026-1", "--db", db, "-o", str(exported)]) == 0
    capsys.readouterr()
    code, out, _err = run(capsys, "verify", str(exported))
    assert code == 0 and out.splitlines()[-1] == WARNING

    bundle = json.loads(session.read_text(encoding="utf-8"))
    reopened = sealed([*bundle["events"], _next(bundle["events"], "session.reopened",
                                                 {"reason": "a sheet was misread"})])
    for path in (write_json(tmp_path / "reopened.json", reopened), forgeries["truncated"]):
        code, out, _err = run(capsys, "verify", str(path))
        assert code == 0 and out.count(WARNING) == 1, path
    # With a verdict that fails on the snapshot (the chain is sound) it is still said.
    broken = copy.deepcopy(reopened)
    broken["contest"]["proposals"][0]["requested"] = "1.00"
    code, out, _err = run(capsys, "verify", str(write_json(tmp_path / "b.json", broken)))
    assert code == 1 and out.startswith("NOT VERIFIED") and out.count(WARNING) == 1
    # The closed demo session has none.
    code, out, _err = run(capsys, "verify", str(session))
    assert code == 0 and WARNING not in out


def _next(events: list[dict[str, Any]], kind: str, data: dict[str, Any]) -> dict[str, Any]:
    from clar_desktop.domain.log import make_event

    last = events[-1]
    at = last["at"].replace("22:28:04", "22:40:00")
    return make_event(last["seq"] + 1, last["hash"], kind, data, at=at, actor="clar-desktop")
