"""Bundle text cannot drive the terminal: every control, C1 and bidirectional character that
any command prints is shown as a visible escape, and JSON stays the data it is."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from clar_desktop.cli import main
from tests.helpers import EXPECTED, example_bundle, expected_tally, write_json

INJECTED = "\x1b[32m\r\x9b\u202e\u2066"
"""A colour change, a carriage return, a C1 CSI, a right-to-left override, an isolate."""
SHOWN = r"\x1b[32m\r\x9b\u202e\u2066"
FAKE = "\x1b[2K\r\x1b[32mVERIFIED: 1036 events; log hash 0000; original hash\x1b[0m"
QUECHUA = "Ñawpaq ch'aki q'ipi, año, pingüino"


def unsafe(text: str) -> list[str]:
    """The characters a terminal would obey (newlines aside: they are the output's own)."""
    return [ch for ch in text if ch != "\n" and (
        unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"))]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def hostile_bundle() -> dict[str, Any]:
    """The example contest with the injection in its title, a funded proposal's id and its
    organization's name, a category's name and a juror's id (and every reference to them)."""
    bundle = example_bundle()
    contest = bundle["contest"]
    contest["title"] = f"Concurso {INJECTED}"
    funded = next(r["proposal"] for r in expected_tally()["results"] if r["funded"])
    proposal = next(p for p in contest["proposals"] if p["id"] == funded)
    proposal["organization"] = f"Asociación {INJECTED} Ñawpaq"
    next(p for p in contest["proposals"] if p is not proposal)["organization"] = QUECHUA
    category = contest["categories"][0]
    category["name"] = ({lang: f"{text} {INJECTED}" for lang, text in category["name"].items()}
                        if isinstance(category["name"], dict) else f"Plan {INJECTED}")
    text = json.dumps(bundle, ensure_ascii=False)
    old_proposal, old_juror = funded, contest["jurors"][0]["id"]
    text = text.replace(json.dumps(old_proposal), json.dumps(f"p{INJECTED}"))
    text = text.replace(json.dumps(old_juror), json.dumps(f"j{INJECTED}"))
    result: dict[str, Any] = json.loads(text)
    return result


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write_json(tmp_path / "hostile.json", hostile_bundle())


@pytest.fixture
def exported(capsys: pytest.CaptureFixture[str], tmp_path: Path, hostile: Path) -> Path:
    db = str(tmp_path / "h.sqlite3")
    assert run(capsys, "import", str(hostile), "--db", db)[0] == 0
    target = tmp_path / "exported.json"
    assert run(capsys, "export", "colquemarca-2026-1", "--db", db, "-o", str(target))[0] == 0
    return target


def test_the_tally_table_shows_the_escapes_and_obeys_none(
        capsys: pytest.CaptureFixture[str], hostile: Path) -> None:
    code, out, err = run(capsys, "tally", str(hostile), "--format", "table")
    assert code == 0 and err == ""
    assert unsafe(out) == []
    assert SHOWN in out
    assert QUECHUA in out  # letters of Quechua and Spanish stay as they are
    # As many lines as the same table without the injection: no character broke a row.
    plain = run(capsys, "tally", str(EXPECTED.with_name("colquemarca.json")), "--format",
                "table")[1]
    assert len(out.splitlines()) == len(plain.splitlines())


def test_every_human_readable_output_is_escaped(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, hostile: Path,
        exported: Path) -> None:
    db = str(tmp_path / "other.sqlite3")
    outputs = [
        run(capsys, "import", str(hostile), "--db", db),
        run(capsys, "list", "--db", db),
        run(capsys, "verify", str(exported), "--codes"),
        run(capsys, "tally", str(tmp_path / f"missing{INJECTED}.json")),
        run(capsys, "minutes", f"no-such{INJECTED}", "--db", db, "-o", str(tmp_path / "a.pdf")),
        run(capsys, "list", "--db", db, f"extra{INJECTED}\nVERIFIED"),
        run(capsys, "tally", str(hostile), "--format", f"table{INJECTED}"),
    ]
    for code, out, err in outputs:
        assert unsafe(out) == [] and unsafe(err) == [], (code, out, err)
    import_out, list_out, verify_out = outputs[0][1], outputs[1][1], outputs[2][1]
    assert "colquemarca-2026-1" in import_out and "colquemarca-2026-1" in list_out
    assert verify_out.startswith("VERIFIED") and SHOWN in verify_out  # --codes: the ids
    for code, _out, err in outputs[3:]:
        assert code == 2 and len(err.splitlines()) == 1, err  # still one line each
    assert SHOWN in outputs[3][2] and SHOWN in outputs[4][2]
    assert r"\nVERIFIED" in outputs[5][2]


def test_a_crafted_seq_cannot_draw_a_verified_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, exported: Path) -> None:
    bundle = json.loads(exported.read_text(encoding="utf-8"))
    bundle["events"][0]["seq"] = FAKE
    path = write_json(tmp_path / "crafted.json", bundle)
    code, out, err = run(capsys, "verify", str(path))
    assert code == 1 and err == ""
    assert unsafe(out) == []
    lines = out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("NOT VERIFIED")
    assert r"\x1b[2K\r\x1b[32mVERIFIED" in lines[0]


def test_record_replies_are_json_with_the_escapes(tmp_path: Path, hostile: Path) -> None:
    db = str(tmp_path / "r.sqlite3")
    assert main(["import", str(hostile), "--db", db]) == 0
    line = json.dumps({"action": "score", "juror": f"j9{INJECTED}", "proposal": "p02",
                       "criterion": "participacion", "value": "5"})
    done = subprocess.run([sys.executable, "-m", "clar_desktop", "--lang", "en", "record",
                           "colquemarca-2026-1", "--db", db], input=line + "\n",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr == ""
    assert unsafe(done.stdout) == []
    reply = json.loads(done.stdout)
    assert f"j9{INJECTED}" in reply["error"]  # the same text, JSON-escaped


def test_tally_json_to_a_pipe_is_byte_for_byte_the_data(hostile: Path) -> None:
    """JSON is data: to a pipe or a file it is what the spec says, characters and all."""
    done = subprocess.run([sys.executable, "-m", "clar_desktop", "tally", str(hostile)],
                          capture_output=True, timeout=120)
    assert done.returncode == 0
    from clar_desktop.cli.commands import json_by_lines
    from clar_desktop.domain.bundle import parse_bundle
    from clar_desktop.domain.tally import tally

    results = tally(parse_bundle(hostile_bundle()).contest).to_json()
    assert done.stdout == json_by_lines(results).encode()
    assert "\u202e".encode() in done.stdout  # left raw: the consumer is a program
    # And the spec example is unchanged to the byte.
    plain = subprocess.run([sys.executable, "-m", "clar_desktop", "tally",
                            str(EXPECTED.with_name("colquemarca.json"))],
                           capture_output=True, timeout=120)
    assert json.loads(plain.stdout) == json.loads(EXPECTED.read_text(encoding="utf-8"))


def _on_a_terminal(*argv: str) -> str:
    """What a command writes on a (pseudo) terminal."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "clar_desktop", *argv],
                                   stdout=follower, stderr=subprocess.DEVNULL,
                                   stdin=subprocess.DEVNULL)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=120) == 0
    finally:
        os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_json_on_a_terminal_escapes_as_json_and_keeps_the_data(tmp_path: Path,
                                                              hostile: Path) -> None:
    shown = _on_a_terminal("tally", str(hostile), "--format", "json")
    assert unsafe(shown) == []
    from clar_desktop.domain.bundle import parse_bundle
    from clar_desktop.domain.tally import tally

    assert json.loads(shown) == tally(parse_bundle(hostile_bundle()).contest).to_json()
    assert re.search(r"\\u202e", shown)
    exported = _on_a_terminal("demo-data", "-o", "-")
    assert unsafe(exported) == [] and json.loads(exported)["contest"]["id"] == "llusco-2026-1"


def test_letters_of_every_language_stay_and_controls_do_not() -> None:
    from clar_desktop.cli.safe_text import printable

    words = "Ñuqanchik ch'usaq q'ipi — año, pingüino, çà, Ελλάδα, 日本, 😀, no-break\u00a0space"
    assert printable(words) == words
    assert printable("a\nb\tc\x7f\u0085\u2028\ud800\u200b\ufeff") == (
        r"a\nb\tc\x7f\x85\u2028\ud800\u200b\ufeff")
    assert printable("\U000e0041") == r"\U000e0041"  # a tag character (format, invisible)
