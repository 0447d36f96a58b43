"""Benchmark of the phones' server during a session: 300 phones following the live stream
while the secretary commits 100 scores.

Run on purpose (not part of the default test run):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.bench_phones

The synthetic 300-proposal contest (9 jurors, 12 criteria) is open as in a session: the
secretary's window and the audience window (1920 × 1080, now presenting), live, and the
phones' server on loopback fed by the GUI's own `PhonePublisher`. A separate process (so
that the phones do not share the GUI's interpreter lock) opens 300 event streams
(``/events?page=now``) and notes, for each stream, the monotonic time (system-wide on Linux)
at which it first sees each version. The GUI commits 100 scores through the service layer
(written and synced, as when the secretary types them), one every `PACE` seconds, and times
each from the commit to the audience window repainted.

The same 100 commits are first made without the phones (no server, no publisher), for the
projector's figure to compare with in the same run.

Prints one JSON object: ``clients`` (streams connected), ``updates`` (commits),
``p50_update_ms``, ``p95_update_ms``, ``max_update_ms`` (commit → the LAST stream having the
new version; ≤ 1,000 required, under 250 aimed at), ``lost`` (streams that never saw the
last version), ``projector_p95_ms`` (commit → repainted, with the phones; ≤ 16.7) and
``projector_p95_ms_without_phones``, and ``server_cpu_s`` (the server thread's CPU time over
the 100 commits).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CLIENTS = 300
UPDATES = 100
PACE = 0.15
"""Seconds between two commits: a brisk secretary."""


# -- the phones (a process of their own) ---------------------------------------------------------

async def _follow(url: str, seen: dict[str, float], deadline: float) -> None:
    """One phone: the time it first sees each version, until ``deadline``."""
    import aiohttp

    timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
    async with aiohttp.ClientSession(timeout=timeout) as session, \
            session.get(url + "events?page=now&lang=es") as response:
        buffer = b""
        async for chunk in response.content.iter_any():
            now = time.monotonic()
            buffer += chunk
            while b"\n\n" in buffer:
                message, buffer = buffer.split(b"\n\n", 1)
                for line in message.split(b"\n"):
                    if line.startswith(b"id: "):
                        version = line[4:].decode()
                        seen.setdefault(version, now)
            if time.monotonic() > deadline:
                return


async def _phones(url: str, count: int, seconds: float) -> list[dict[str, float]]:
    seen: list[dict[str, float]] = [{} for _ in range(count)]
    deadline = time.monotonic() + seconds
    tasks = [asyncio.create_task(_follow(url, s, deadline)) for s in seen]
    # the GUI says when it is done (a line, or closing our standard input)
    told = asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    await asyncio.wait([told], timeout=seconds)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return seen


def phones_main(url: str, count: int, seconds: float) -> None:
    seen = asyncio.run(_phones(url, count, seconds))
    json.dump(seen, sys.stdout)


# -- the secretary's side ----------------------------------------------------------------------

def _thread_cpu(native_id: int) -> float:
    fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _run(opened: dict[str, Any], start: int, pump: Any) -> list[float]:
    """UPDATES commits without the phones: commit → repainted, in ms."""
    from tests.benchmarks.bench_audience import _sample

    painted = []
    for k in range(start, start + UPDATES):
        painted.append(_sample(opened, k)[0])
        pump(PACE)
    return painted


def main() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from clar_desktop.app.phones.publisher import PhonePublisher
    from clar_desktop.web.server import PhoneServer
    from tests.benchmarks.bench_audience import _open, _prepare, _sample

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.002)

    with tempfile.TemporaryDirectory() as folder:
        path, contest = _prepare(300, Path(folder))
        opened = _open(path, contest)
        pump(0.5)
        # The projector alone, for comparison.
        without = _run(opened, 0, pump)
        # Now with the phones.
        server = PhoneServer("127.0.0.1", 0, max_connections=CLIENTS + 50)
        url = server.start()
        publisher = PhonePublisher(opened["live"], opened["audience"], server)
        seconds = 60 + UPDATES * PACE * 3
        phones = subprocess.Popen(
            [sys.executable, "-c", "import sys; from tests.benchmarks.bench_phones import "
             "phones_main; phones_main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))",
             url, str(CLIENTS), str(seconds)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True)
        waited = time.monotonic() + 60
        while server.clients < CLIENTS and time.monotonic() < waited:
            pump(0.1)
        clients = server.clients
        assert server._thread is not None
        native = server._thread.native_id
        assert native is not None
        cpu0 = _thread_cpu(native)
        versions: list[tuple[str, float]] = []
        painted: list[float] = []
        for k in range(UPDATES, 2 * UPDATES):
            committed = time.monotonic()
            total, _r, _p = _sample(opened, k)
            app.processEvents()  # the publisher's turn: one snapshot for the commit
            painted.append(total)
            versions.append((f"{opened['live'].last_seq}.{publisher.counter}", committed))
            pump(PACE)
        pump(1.0)
        cpu = _thread_cpu(native) - cpu0
        last = versions[-1][0]
        out, _err = phones.communicate("done\n", timeout=seconds + 30)
        seen: list[dict[str, float]] = json.loads(out)
        publisher.stop()
        server.stop()
        opened["service"].engine.dispose()
    delays, lost = [], 0
    for version, committed in versions:
        arrivals = [s.get(version) for s in seen]
        if any(a is None for a in arrivals):
            # a phone that skipped this version (it had a newer one first) had it no later
            later = [min((t for v, t in s.items() if _newer(v, version)), default=None)
                     for s in seen]
            arrivals = [a if a is not None else b for a, b in zip(arrivals, later, strict=True)]
        if any(a is None for a in arrivals):
            continue
        delays.append((max(a for a in arrivals if a is not None) - committed) * 1000)
    lost = sum(1 for s in seen if last not in s)
    delays.sort()

    def p95(values: list[float]) -> float:
        return round(sorted(values)[int(0.95 * (len(values) - 1))], 2) if values else -1.0

    print(json.dumps({
        "clients": clients, "updates": UPDATES, "pace_s": PACE,
        "p50_update_ms": round(statistics.median(delays), 2) if delays else -1,
        "p95_update_ms": p95(delays), "max_update_ms": round(max(delays), 2) if delays else -1,
        "lost": lost, "projector_p95_ms": p95(painted),
        "projector_p95_ms_without_phones": p95(without),
        "server_cpu_s": round(cpu, 2)}))


def _newer(version: str, than: str) -> bool:
    a, b = (tuple(int(x) for x in v.split(".")) for v in (version, than))
    return a > b


if __name__ == "__main__":
    main()
