"""A fuzz test of the commands that read bundles: no traceback and no half-written database.

Hypothesis starts from valid bundles — the version 1 example (tests/data/colquemarca.json),
the version 2 example (tests/data/v2-followups.json, also with a one-event log), the demo
session with its full log (`demo_session_bundle`) and generated contests
(`tests.domain.strategies.bundles`, some with a log) — and mutates them: a key deleted, a
value of another type, hostile text (NUL, a lone surrogate, control, C1 and bidi
characters, 10,000 characters, non-ASCII language keys), a list element duplicated, ids made
to collide, an event's ``seq``/``at``/``hash``/``kind``/``data`` changed, two events swapped,
deeply nested values, huge integers, floats and booleans where numbers go; now and then the
log is sealed again (and the snapshot replayed from it) so that the mutation reaches the
replay and the documents rather than the hash check; last, byte-level mutations of the JSON
text. Each mutant goes through `clar_desktop.cli.main`, as the commands run it:

- ``tally``, ``verify`` and ``import`` end with status 0, 1 or 2, at most one line on
  standard error and never a traceback;
- a refused ``import`` leaves no trace: the fresh database lists no contest and holds no
  row (and a bundle that cannot be read does not even create the database file);
- a mutant that imports and has a log verifies, and one that verifies imports;
- ``minutes``, ``poster`` and ``constancias`` (slow: a few mutants that verify) follow the
  same rules.

``CLAR_FUZZ_EXAMPLES`` sets the number of mutants (default 300, in about 30 s here); the
long hunt is ``CLAR_FUZZ_EXAMPLES=5000 python3 dev.py test tests/test_fuzz_bundles.py``.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clar_desktop.cli import main
from clar_desktop.demo import demo_session_bundle
from clar_desktop.domain.bundle import bundle_to_dict, load_bundle
from clar_desktop.domain.canonical import GENESIS, event_hash
from clar_desktop.domain.changes import KINDS
from clar_desktop.domain.errors import DomainError
from clar_desktop.domain.log import make_event
from clar_desktop.domain.state import replay
from clar_desktop.store.database import open_database
from tests.domain.strategies import bundles
from tests.helpers import DATA, EXAMPLE

EXAMPLES = int(os.environ.get("CLAR_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
DOCUMENTS = settings(FUZZ, max_examples=max(2, EXAMPLES // 50))
V2_EXAMPLE = DATA / "v2-followups.json"
Json = Any
Path_ = list[str | int]


class Mutant(bytes):
    """A mutated bundle file; its repr (what hypothesis prints for a failing example) says
    what was done to it rather than dumping the whole text."""

    done: str

    def __new__(cls, data: bytes, done: str) -> Mutant:
        mutant = super().__new__(cls, data)
        mutant.done = done
        return mutant

    def __repr__(self) -> str:
        return f"Mutant({self.done!r}, {len(self):,} bytes)"


# -- the valid bundles the mutants start from ----------------------------------------------

def sealed(bundle: dict[str, Any]) -> dict[str, Any]:
    """The bundle with a one-event log that imports its snapshot (so that it verifies)."""
    event = make_event(1, GENESIS, "contest.imported", {"contest": bundle["contest"]},
                       at="2026-11-28T13:05:00.000000Z", actor="clar-desktop")
    return {**bundle, "events": [event]}


@functools.cache
def base(name: str) -> dict[str, Any]:
    """A valid bundle by name (shared: mutations copy what they change)."""
    if name == "colquemarca":
        return json.loads(EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    if name == "v2-followups":
        return json.loads(V2_EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    if name == "v2-followups+log":
        return sealed(base("v2-followups"))
    assert name == "demo-session"
    return demo_session_bundle()


BASES = ["colquemarca", "v2-followups", "v2-followups+log", "demo-session"]


@st.composite
def starting_bundles(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from([*BASES, "generated", "generated"]))
    if name != "generated":
        return name, base(name)
    bundle = draw(bundles(max_proposals=5))
    return ("generated+log", sealed(bundle)) if draw(st.booleans()) else (name, bundle)


# -- mutations ---------------------------------------------------------------------------------

DEEP = "@@deeply-nested-{depth}@@"
HUGE = "@@huge-integer@@"
MARKERS = {**{json.dumps(DEEP.format(depth=n)): "[" * n + "]" * n for n in (50, 5000, 200_000)},
           json.dumps(HUGE): "9" * 5000}
"""Texts json.dumps cannot write, put in place of their marker in the serialized text."""
HOSTILE_TEXTS = [
    "", " ", "\x00", "a\x00b", "\ud800", "x\udfffy", "\x07\x08\x1b[31m\x7f", "\x85\x9b\x9f",
    "\u202e\u2066evil\u2069\u202c", "\u200b\ufeff", "\n\r\t", "ñandú 漢字 😀", "\U0010ffff",
    "x" * 10_000, "Ñ" * 10_000, "null", "true", "1e999", "NaN", "-0", "12,50", "１２",
    "0x10", " 12.5", "12.5 ", "٣", "99999999999999999999.99", "1" * 400, "../../etc/passwd",
    "${jndi:x}", "%s%n{0}{missing}", "<b>&amp;</b>", "'; DROP TABLE contests; --",
]
HOSTILE_VALUES = [
    None, True, False, 0, -1, 1, 2**31, 2**63, -(2**63) - 1, 10**400, 0.5, -0.0, 1e308,
    float("nan"), float("inf"), [], {}, [None], [[]], {"": ""}, {"es": "x"},
    {"ñ": "x", "\u202e": "y"}, {"es": 1}, {"es": None}, {"es": "\ud800"}, {"ES": "x"},
    {"qu-PE": "Ñawpaq", "es": ""}, DEEP.format(depth=50), DEEP.format(depth=5000),
    DEEP.format(depth=200_000), HUGE,
]
ID_KEYS = ("id", "juror", "proposal", "criterion", "phase", "category")


def walk(value: Json) -> Iterator[tuple[str | None, Json]]:
    """Every value of a JSON document with the key it sits under (None in a list)."""
    stack: list[tuple[str | None, Json]] = [(None, value)]
    while stack:
        key, item = stack.pop()
        yield key, item
        if isinstance(item, dict):
            stack.extend(item.items())
        elif isinstance(item, list):
            stack.extend((None, x) for x in item)


def ids_in(document: Json) -> list[str]:
    """Ids found in a document, to make others collide with them."""
    ids = {v for k, v in walk(document) if k in ID_KEYS and isinstance(v, str)}
    return sorted(ids)[:200] or ["p1"]


@functools.cache
def id_pool(name: str) -> list[str]:
    return ids_in(base(name)["contest"])


def index(draw: st.DrawFn, n: int) -> int:
    """A uniform choice among 0 … n-1: hypothesis draws small integers far more often
    (``integers(0, 7)`` gives 0 four times in ten, and a long ``sampled_from`` leans to
    its start), but picks evenly from a short list."""
    if n <= 256:
        return draw(st.sampled_from(range(n)))
    value = 0
    for _ in range(3):
        value = value * 256 + draw(st.sampled_from(range(256)))
    return value % n


def one_in(draw: st.DrawFn, n: int) -> bool:
    return index(draw, n) == 0


def children(node: Json) -> list[str | int]:
    if isinstance(node, dict):
        return list(node)
    if isinstance(node, list):
        return list(range(len(node)))
    return []


def pick_path(draw: st.DrawFn, root: Json) -> Path_:
    """A path to a node: from the top (mostly into the contest or the log: the format and
    the version are two leaves only), go down a random child until a leaf or a stop; in
    an object, a child that holds more is twice as likely as a plain value."""
    path: Path_ = []
    node = root
    if isinstance(root, dict) and isinstance(root.get("contest"), dict | list):
        first = draw(st.sampled_from(["contest"] * 6 + ["events"] * 4 + [None]))
        if first is not None:
            first = first if first in root else "contest"
            path.append(first)
            node = root[first]
    while True:
        keys = children(node)
        if not keys or (len(path) >= 2 and one_in(draw, 5)):
            return path
        if isinstance(node, dict):
            keys += [k for k in keys if isinstance(node[k], dict | list)]
        key = keys[index(draw, len(keys))]
        path.append(key)
        node = node[key]


def copied_along(root: Json, path: Path_) -> tuple[Json, Json]:
    """A copy of ``root`` whose containers along ``path`` (but the last step) are fresh
    shallow copies, and the parent of the node the path names."""
    new_root = copy.copy(root)
    parent = new_root
    for key in path[:-1]:
        parent[key] = copy.copy(parent[key])
        parent = parent[key]
    return new_root, parent


def retyped(value: Json) -> Json:
    """The value as another JSON type."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        if value % 3 == 1 and abs(value) < 2**1000:  # (a float cannot hold a huge one)
            return float(value)
        return str(value) if value % 3 == 0 else value != 0
    if isinstance(value, float):
        return str(value)
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                return [value]
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return {str(i): x for i, x in enumerate(value)}
    return "null"


def tweaked_number(draw: st.DrawFn, value: Json) -> Json:
    if isinstance(value, int) and not isinstance(value, bool):
        return draw(st.sampled_from([value + 1, value - 1, -value, value * 2**40, 0,
                                     str(value), True]))
    if isinstance(value, str):
        return draw(st.sampled_from([value + "0", "-" + value, value + ".000000000001",
                                     value + "e3", value.replace(".", ","), value * 8,
                                     "0" * 20 + value]))
    return draw(st.sampled_from([1.5, -1, 10**30]))


def mutate(draw: st.DrawFn, root: Json, name: str) -> tuple[Json, str]:
    """One mutation of the document: the new document (``root`` is not changed) and what
    was done, for the report."""
    events = root.get("events") if isinstance(root, dict) else None
    kinds = ["delete", "replace", "retype", "text", "duplicate", "collide", "number"]
    if isinstance(events, list) and events:
        kinds += ["event", "event", "event", "swap"]
    how = draw(st.sampled_from(kinds))
    if how in ("event", "swap"):
        assert isinstance(events, list)
        new_root = copy.copy(root)
        new_events = new_root["events"] = list(events)
        i = index(draw, len(events))
        if how == "swap":
            j = index(draw, len(events))
            new_events[i], new_events[j] = new_events[j], new_events[i]
            return new_root, f"swap events {i} and {j}"
        event = new_events[i] = dict(events[i]) if isinstance(events[i], dict) else {}
        field = draw(st.sampled_from(["seq", "at", "hash", "prev", "kind", "data", "data",
                                      "actor"]))
        old = event.get(field)
        choices = [st.sampled_from(HOSTILE_VALUES + HOSTILE_TEXTS)]
        if field == "kind":
            choices.append(st.sampled_from(list(KINDS)))
        if field == "seq":
            choices.append(st.integers(-2, len(events) + 2))
        if field == "data":
            other = events[index(draw, len(events))]
            choices.append(st.just(other.get("data") if isinstance(other, dict) else None))
            if isinstance(old, dict):  # what the log's canonical form cannot hold
                choices.append(st.sampled_from([{**old, "value": 0.5}, {**old, "ñ": "x"},
                                                {**old, "juror": 1e308}]))
        if isinstance(old, str) and old:
            choices.append(st.just(old[:-1] + ("1" if old[-1] == "0" else "0")))
        event[field] = draw(st.one_of(choices))
        return new_root, f"event {i}: {field} = {event[field]!r:.80}"
    path = pick_path(draw, root)
    if not path:
        return draw(st.sampled_from(HOSTILE_VALUES)), "the whole document replaced"
    new_root, parent = copied_along(root, path)
    key = path[-1]
    old = parent[key]
    where = "/".join(map(str, path))
    if how == "delete":
        del parent[key]
        return new_root, f"delete {where}"
    if how == "duplicate" and isinstance(parent, list):
        parent.insert(index(draw, len(parent) + 1), copy.deepcopy(old))
        return new_root, f"duplicate {where}"
    if how == "retype":
        new = retyped(old)
    elif how == "text":
        hostile = draw(st.sampled_from(HOSTILE_TEXTS))
        if isinstance(old, str) and draw(st.booleans()):
            at = index(draw, len(old) + 1)
            new = old[:at] + hostile + old[at:]
        else:
            new = hostile
    elif how == "collide":
        new = draw(st.sampled_from(id_pool(name) if name in BASES else ids_in(root)))
    elif how == "number":
        new = tweaked_number(draw, old)
    else:
        new = draw(st.sampled_from(HOSTILE_VALUES))
    parent[key] = new
    return new_root, f"{where} = {new!r:.80}"


def resealed(bundle: Json, snapshot: bool) -> Json:
    """The events' ``prev`` and ``hash`` computed again, in order (as far as they can be);
    ``snapshot``: the contest replaced by what the log replays into, when it replays."""
    events = bundle.get("events") if isinstance(bundle, dict) else None
    if not isinstance(events, list):
        return bundle
    prev, new_events = GENESIS, []
    for event in events:
        if not isinstance(event, dict):
            return bundle
        event = {**event, "prev": prev}
        try:
            event["hash"] = prev = event_hash(event)
        except (ValueError, TypeError, RecursionError):
            return bundle
        new_events.append(event)
    bundle = {**bundle, "events": new_events}
    if snapshot:
        try:
            state = replay(new_events)
        except (DomainError, RecursionError):
            return bundle
        if state.contest is not None:
            return {**bundle_to_dict(state.contest, None), "events": new_events}
    return bundle


def serialized(draw: st.DrawFn, bundle: Json) -> bytes:
    """The JSON text as a file would hold it (lone surrogates as invalid UTF-8 when not
    escaped), deep-nesting markers replaced by the nesting itself."""
    text = json.dumps(bundle, ensure_ascii=draw(st.booleans()),
                      indent=draw(st.sampled_from([None, 1])))
    for marker, replacement in MARKERS.items():
        if marker in text:
            text = text.replace(marker, replacement)
    return text.encode("utf-8", errors="surrogatepass")


def byte_mutation(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    at = index(draw, len(data) + 1)
    how = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "repeat", "bom",
                                "utf-16", "nul"]))
    if how == "flip" and at < len(data):
        return data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1:], how
    if how == "delete":
        return data[:at] + data[at + draw(st.integers(1, 64)):], how
    if how == "insert":
        return data[:at] + draw(st.sampled_from(
            [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b",", b"}", b"]", b'"', b"\\",
             b'"id": "x", ', b"\xe2\x80\xae"])) + data[at:], how
    if how == "truncate":
        return data[:at], how
    if how == "repeat":
        return data[:at] + data[at:at + 200] + data[at:], how
    if how == "bom":
        return b"\xef\xbb\xbf" + data, how
    if how == "utf-16":
        return data.decode("utf-8", errors="surrogatepass").encode(
            "utf-16", errors="surrogatepass"), how
    return data + b"\x00", how


@st.composite
def mutants(draw: st.DrawFn) -> Mutant:
    """A mutated bundle file and the list of what was done to it."""
    name, bundle = draw(starting_bundles())
    done = [name]
    for _ in range(draw(st.sampled_from([1, 1, 2, 3]))):
        bundle, what = mutate(draw, bundle, name)
        done.append(what)
    if one_in(draw, 3):
        snapshot = draw(st.booleans())
        bundle = resealed(bundle, snapshot)
        done.append("log sealed again" + (", snapshot replayed" if snapshot else ""))
    data = serialized(draw, bundle)
    if one_in(draw, 12):
        data, what = byte_mutation(draw, data)
        done.append(f"bytes: {what}")
    return Mutant(data, "; ".join(done))


@st.composite
def verifying_mutants(draw: st.DrawFn) -> Mutant:
    """Hostile text put into an event's data, the log sealed again and the snapshot
    replayed from it: mutants that mostly verify, for the documents."""
    name = draw(st.sampled_from(["demo-session", "v2-followups+log", "generated"]))
    bundle = sealed(draw(bundles(max_proposals=4, version=2))) if name == "generated" \
        else base(name)
    events = list(bundle["events"])
    texts = [(i, path, value) for i in text_events(name, events)
             for path, value in texts_in(events[i]["data"])]
    done = [name]
    for _ in range(draw(st.integers(1, 3))):
        i, path, value = texts[index(draw, len(texts))]
        data, parent = copied_along(events[i]["data"], path)
        hostile = draw(st.sampled_from(STORABLE_TEXTS * 3 + HOSTILE_TEXTS))
        parent[path[-1]] = draw(st.sampled_from([hostile, value + hostile, hostile + value]))
        events[i] = {**events[i], "data": data}
        done.append(f"event {i}: {'/'.join(map(str, path))} = {parent[path[-1]]!r:.80}")
    bundle = resealed({**bundle, "events": events}, snapshot=True)
    return Mutant(serialized(draw, bundle), "; ".join(done))


TEXT_KEYS = ("name", "title", "organization", "reason", "text", "programme", "community",
             "district", "province", "region", "role", "number", "agenda", "document")
"""Keys of the texts that documents print (a name map's values sit under a language)."""
STORABLE_TEXTS = [t for t in HOSTILE_TEXTS if t.strip() and "\x00" not in t
                  and not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]


def texts_in(value: Json, path: Path_ | None = None) -> Iterator[tuple[Path_, str]]:
    """(path, text) of every printed text in an event's data."""
    path = path or []
    if isinstance(value, str) and any(key in TEXT_KEYS for key in path[-2:]):
        yield path, value
    for key in children(value):
        yield from texts_in(value[key], [*path, key])  # type: ignore[index]


def text_events(name: str, events: list[Json]) -> list[int]:
    """The events whose data hold printed texts (cached for the demo's long log)."""
    if name == "demo-session":
        return _demo_text_events()
    return [i for i, e in enumerate(events) if next(texts_in(e["data"]), None)]


@functools.cache
def _demo_text_events() -> list[int]:
    return [i for i, e in enumerate(base("demo-session")["events"])
            if next(texts_in(e["data"]), None)]


# -- running the commands ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def fresh_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated database file to copy for each mutant (migrating takes 0.3 s)."""
    path = tmp_path_factory.mktemp("fuzz") / "template.sqlite3"
    open_database(str(path), create=True).dispose()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """A command in process, as ``clar-desktop`` runs it (messages in English unless the
    command names its language), with standard output and error as strict as the real
    ones: Python writes an unencodable character to the real stderr as an escape, and
    fails on stdout."""
    sys.stdout.reconfigure(errors=sys.__stdout__.errors)  # type: ignore[union-attr]
    sys.stderr.reconfigure(errors=sys.__stderr__.errors)  # type: ignore[union-attr]
    code = main(list(argv) if "--lang" in argv else ["--lang", "en", *argv])
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv[0], code, err)
    assert len(err.splitlines()) <= 1 and "Traceback" not in err, (argv[0], err)
    return code, out, err


def rows_in(database: Path) -> dict[str, int]:
    """Rows per table (the migrations' own bookkeeping aside)."""
    with sqlite3.connect(database) as connection:
        tables = [t for (t,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'") if t != "alembic_version"]
        return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                for t in tables}


def has_log(data: bytes) -> bool | None:
    """Whether the bundle holds events (None: it cannot be read)."""
    try:
        return bool(load_bundle(data).events)
    except (DomainError, RecursionError):  # the commands refuse both in one line
        return None


@FUZZ
@given(mutant=mutants())
def test_a_mutated_bundle_gets_one_line_and_leaves_no_trace(
        mutant: Mutant, fresh_database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="clar-fuzz-") as name:
        check_commands(bytes(mutant), Path(name), fresh_database, capsys)


def check_commands(data: bytes, folder: Path, fresh_database: Path,
                   capsys: pytest.CaptureFixture[str]) -> None:
    bundle = folder / "mutant.json"
    bundle.write_bytes(data)
    code, out, _err = run(capsys, "tally", str(bundle), "--format", "json")
    if code == 0:
        results = json.loads(out)
        assert set(results) >= {"contest", "results", "categories"}
        assert run(capsys, "tally", str(bundle), "--format", "table")[0] == 0
    verified = run(capsys, "verify", str(bundle))[0] == 0
    database = folder / "clar.sqlite3"
    log = has_log(data)
    if log is not None:
        shutil.copy(fresh_database, database)
    imported = run(capsys, "import", str(bundle), "--db", str(database))[0] == 0
    if not database.exists():
        assert not imported
        assert not list(folder.glob("clar.sqlite3*")), "a refused import wrote a file"
        return
    listed = run(capsys, "list", "--db", str(database))[1].split()
    if imported:
        assert len(listed) == 1
        assert verified or not log, "imported a log that does not verify"
    else:
        assert listed == [], "a refused import left a contest behind"
        assert not any(rows_in(database).values()), rows_in(database)
        assert not verified, "a bundle that verifies was refused on import"


@DOCUMENTS
@given(mutant=verifying_mutants(),
       kind=st.sampled_from(["minutes", "poster", "constancias"]),
       language=st.sampled_from(["es", "qu", "es+qu"]))
def test_the_documents_of_a_mutant_that_verifies_are_made_or_refused_in_one_line(
        mutant: Mutant, kind: str, language: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = bytes(mutant)
    with tempfile.TemporaryDirectory(prefix="clar-fuzz-") as name:
        bundle = Path(name) / "mutant.json"
        bundle.write_bytes(data)
        if run(capsys, "verify", str(bundle))[0] != 0:
            return
        pdf = Path(name) / "out.pdf"
        code = run(capsys, kind, str(bundle), "-o", str(pdf), "--lang", language)[0]
        if code == 0:
            assert pdf.read_bytes().startswith(b"%PDF")
        else:
            assert not pdf.exists()


# -- what the fuzzer found ---------------------------------------------------------------------
# On c8a4c40 each of these stopped with a traceback or spread over several lines; the
# branches merged since fixed them. Kept as the smallest mutants that showed them.

@pytest.mark.parametrize("command", ["tally", "minutes", "poster", "constancias"])
def test_the_v2_example_with_its_withdrawn_proposals_is_shown_and_printed(
        command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Was KeyError: 'withdrawn' (no word for the status in the table, minutes, poster).
    argv = ["--format", "table"] if command == "tally" else ["-o", str(tmp_path / "out.pdf")]
    code, out, _err = run(capsys, command, str(V2_EXAMPLE), *argv)
    assert code == 0
    if command == "tally":
        assert "p04" in out and "p07" in out


def _v2_example_with_a_drawn(proposal: str, tmp_path: Path) -> Path:
    bundle = json.loads(V2_EXAMPLE.read_text(encoding="utf-8"))
    bundle["contest"]["draws"][0]["proposals"][0] = proposal  # the minimal mutant
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return path


def test_an_id_with_a_line_break_is_refused_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Was a message over three lines: the refusal repeated the id as it is.
    code, _out, err = run(capsys, "tally", str(_v2_example_with_a_drawn("\n\r\t", tmp_path)))
    assert code == 2 and "contest.draws[0]" in err


def test_verify_names_an_id_with_a_lone_surrogate_without_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Was UnicodeEncodeError writing "NOT VERIFIED: …" on standard output.
    code, out, _err = run(capsys, "verify", str(_v2_example_with_a_drawn("\ud800", tmp_path)))
    assert code == 1 and "NOT VERIFIED" in out and "contest.draws[0]" in out
