"""``clar-desktop record`` keeps going: a line nested too deeply, not JSON, not an object,
huge or not UTF-8 gets its error, and every good line around it is applied and durable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clar_desktop.cli import main
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import EXAMPLE

CONTEST = "colquemarca-2026-1"
MIB = 1024 * 1024


def _observe(text: str) -> bytes:
    return json.dumps({"action": "observe", "text": text}).encode()


def _record(db: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "clar_desktop", "--lang", "en", "record",
                           CONTEST, "--db", db], input=stdin, capture_output=True,
                          timeout=300)


def test_bad_lines_between_good_ones(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite3")
    assert main(["import", str(EXAMPLE), "--db", db]) == 0
    good = [b'{"action": "open"}', *(_observe(f"good {n}") for n in range(1, 7))]
    bad = {
        "nested": b"[" * 100_000,
        "deep object": b'{"action": "observe", "text": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        "not JSON": b"{nope",
        "not an object": b"[1, 2, 3]",
        "huge": _observe("x" * (3 * MIB)),
        "not UTF-8": b'{"action": "observe", "text": "\xff\xfe caf\xe9"}',
    }
    lines = [good[0]]
    for line, next_good in zip(bad.values(), good[1:], strict=True):
        lines += [line, next_good]
    done = _record(db, b"\n".join(lines) + b"\n")
    assert done.returncode == 1, done.stderr  # some lines were refused
    assert b"Traceback" not in done.stderr and done.stderr == b""
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(replies) == len(lines)
    assert replies[0::2] == [{"ok": seq} for seq in range(2, 9)]
    for name, reply in zip(bad, replies[1::2], strict=True):
        assert set(reply) == {"error"}, (name, reply)
    errors = [reply["error"] for reply in replies[1::2]]
    assert "nested too deeply" in errors[0] and "nested too deeply" in errors[1]
    assert "not valid JSON" in errors[2] and "JSON object" in errors[3]
    assert "longer than 1,048,576 bytes" in errors[4] and "UTF-8" in errors[5]
    assert all(error.startswith(f"line {2 * n + 2}:") for n, error in enumerate(errors))
    # Durable: another process reads every acknowledged change back.
    events = ContestService(open_database(db)).events(CONTEST)
    assert [e["data"]["text"] for e in events if e["kind"] == "observation.added"] == [
        f"good {n}" for n in range(1, 7)]
    assert [e["seq"] for e in events] == list(range(1, 9))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_a_huge_line_is_never_held_whole(tmp_path: Path) -> None:
    """A line of 200 MiB is read and dropped piece by piece: the process stays far below
    the size of the line (holding it, as text and as parsed JSON, would take several times
    that)."""
    db = str(tmp_path / "h.sqlite3")
    assert main(["import", str(EXAMPLE), "--db", db]) == 0
    peak = tmp_path / "peak.txt"
    # The peak resident size of this process (VmHWM; ru_maxrss would count the parent's
    # memory before exec).
    script = ("import re, sys\n"
              "from clar_desktop.cli import main\n"
              "code = main(sys.argv[2:])\n"
              "status = open('/proc/self/status').read()\n"
              "open(sys.argv[1], 'w').write(re.search(r'VmHWM:\\s*(\\d+)', status)[1])\n"
              "sys.exit(code)\n")
    line = b'{"action": "observe", "text": "' + b"y" * (200 * MIB) + b'"}'
    done = subprocess.run([sys.executable, "-c", script, str(peak), "--lang", "en", "record",
                           CONTEST, "--db", db], input=line + b"\n" + _observe("after") + b"\n",
                          capture_output=True, timeout=300)
    replies = [json.loads(x) for x in done.stdout.splitlines()]
    assert "longer than" in replies[0]["error"] and replies[1] == {"ok": 2}
    assert done.returncode == 1
    assert int(peak.read_text()) < 150 * 1024  # kB: well under the line's 200 MiB
