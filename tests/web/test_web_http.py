"""The phones' server over real sockets on loopback: pages, refusals, limits, the stream."""

from __future__ import annotations

import http.client
import json
import socket
import time
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest

from clar_desktop.domain.numbers import format_2dp
from clar_desktop.domain.state import ContestState
from clar_desktop.web.pages import ROUTES
from clar_desktop.web.server import MAX_LINE, PhoneServer

from .conftest import dnis, snapshot_of

ALL = [*ROUTES, "/state.json", "/static/app.js", "/static/style.css"]


def _address(server: PhoneServer) -> tuple[str, int]:
    assert server.url is not None
    parts = urlsplit(server.url)
    assert parts.hostname is not None and parts.port is not None
    return parts.hostname, parts.port


def request(server: PhoneServer, method: str, path: str,
            headers: dict[str, str] | None = None, body: bytes | None = None
            ) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*_address(server), timeout=5)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def raw(server: PhoneServer, data: bytes) -> bytes:
    with socket.create_connection(_address(server), timeout=5) as sock:
        sock.sendall(data)
        out = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not chunk:
                break
            out += chunk
        return out


def _wait(server: PhoneServer, version: str) -> None:
    for _ in range(100):
        status, _headers, body = request(server, "GET", "/state.json")
        if json.loads(body).get("version") == version:
            return
        time.sleep(0.02)
    raise AssertionError("the snapshot never arrived")


@pytest.fixture
def live(server: PhoneServer, state: ContestState) -> PhoneServer:
    snapshot = snapshot_of(state)
    server.publish(snapshot)
    _wait(server, snapshot.version)
    return server


def test_every_page_shows_the_figures(live: PhoneServer, state: ContestState) -> None:
    assert state.tally is not None
    status, headers, body = request(live, "GET", "/ranking")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert "Asociación de Tejedoras Warmi Kallpa" in page
    for result in state.tally.results().results:
        if result.funded:  # each award, as the projector writes it
            assert f"S/\u00a0{Decimal(format_2dp(result.award)):,.2f}" in page
    assert "línea de financiamiento" in page or "funding line" in page
    for path in ALL:
        status, headers, body = request(live, "GET", path)
        assert status == 200, path
        assert len(body) <= 150_000
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'self'" in headers["Content-Security-Policy"]
    _s, headers, _b = request(live, "GET", "/state.json")
    assert headers["Cache-Control"] == "no-store"
    status, _h, body = request(live, "HEAD", "/now")
    assert status == 200 and body == b""


def test_quechua_and_both_chosen_on_the_phone(live: PhoneServer) -> None:
    _s, headers, body = request(live, "GET", "/ranking?lang=qu")
    assert "clar_lang=qu" in headers["Set-Cookie"]
    assert "qullqichasqa" in body.decode()  # "funded", in Quechua
    _s, _h, body = request(live, "GET", "/ranking", {"Cookie": "clar_lang=qu"})
    assert "qullqichasqa" in body.decode()  # remembered
    _s, _h, body = request(live, "GET", "/ranking?lang=es%2Bqu")
    text = body.decode()
    assert "financiada" in text and "qullqichasqa" in text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_writes_are_refused(live: PhoneServer, method: str) -> None:
    before = request(live, "GET", "/state.json")[2]
    for path in [*ALL, "/nothing"]:
        status, headers, body = request(live, method, path, body=b'{"score": 1}')
        assert status == 405 and headers["Allow"] == "GET, HEAD", (method, path)
        assert b"Traceback" not in body
    assert request(live, "GET", "/state.json")[2] == before


@pytest.mark.parametrize("path", [
    "/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/static/", "/static", "//etc/passwd", "/static/app.js/../../../etc/passwd",
    "/static/..%2f..%2fetc%2fpasswd", "/clar_desktop/web/server.py"])
def test_traversal_finds_nothing(live: PhoneServer, path: str) -> None:
    answer = raw(live, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 404"), answer[:80]
    assert b"root:" not in answer and b"import" not in answer


def test_absolute_urls_find_nothing(live: PhoneServer) -> None:
    answer = raw(live, b"GET http://evil.example/etc/passwd HTTP/1.1\r\nHost: x\r\n"
                       b"Connection: close\r\n\r\n")
    assert answer.split(b" ")[1] in (b"404", b"400") and b"root:" not in answer


def test_oversize_requests_are_refused(live: PhoneServer) -> None:
    long_line = raw(live, b"GET /" + b"a" * (MAX_LINE + 10) + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert long_line.split(b" ")[1] in (b"400", b"414"), long_line[:80]
    long_header = raw(live, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 10_000
                      + b"\r\n\r\n")
    assert long_header.split(b" ")[1] in (b"400", b"431"), long_header[:80]
    status, _h, _b = request(live, "GET", "/", body=b"x" * 10)
    assert status == 413
    for answer in (long_line, long_header):
        assert b"Traceback" not in answer


def test_no_dni_nor_path_in_any_answer(live: PhoneServer, demo: dict[str, Any]) -> None:
    secrets = [*dnis(demo), "/work", "/tmp", "site-packages", ".py"]
    for path in ALL:
        for language in ("es", "qu", "es%2Bqu"):
            body = request(live, "GET", f"{path}?lang={language}")[2].decode()
            for secret in secrets:
                if path.startswith("/static") and secret == ".py":
                    continue
                assert secret not in body, (path, secret)


def test_withheld_results_are_not_in_the_page(server: PhoneServer, state: ContestState) -> None:
    assert state.contest is not None
    first = state.contest.categories[0]
    snapshot = snapshot_of(state, withheld={first.id}, followups_withheld=True)
    server.publish(snapshot)
    _wait(server, snapshot.version)
    hidden = [p.organization for p in state.contest.proposals
              if p.category == first.id and p.id != state.presenting]
    for path in ("/ranking", "/followups", "/check", "/state.json", "/ranking?part=main"):
        body = request(server, "GET", path)[2].decode()
        for organization in hidden:
            assert organization not in body, (path, organization)
    ranking = request(server, "GET", "/ranking")[2].decode()
    assert "Los resultados se anunciarán en breve" in ranking


def test_a_thousand_idle_connections(live: PhoneServer) -> None:
    idle = []
    try:
        for _ in range(1000):
            idle.append(socket.create_connection(_address(live), timeout=5))
        started = time.perf_counter()
        status, _h, body = request(live, "GET", "/ranking")
        assert status == 200 and b"Warmi Kallpa" in body
        assert time.perf_counter() - started < 2.0
    finally:
        for sock in idle:
            sock.close()
    status, _h, _b = request(live, "GET", "/")
    assert status == 200


def test_idle_connections_are_closed(state: ContestState) -> None:
    server = PhoneServer("127.0.0.1", 0, idle_seconds=0.5)
    server.start()
    try:
        with socket.create_connection(_address(server), timeout=5) as sock:
            sock.sendall(b"GET / HTT")  # and then nothing more
            started = time.perf_counter()
            assert sock.recv(100) == b""  # closed by the server
            assert time.perf_counter() - started < 5
    finally:
        server.stop()


def test_over_the_connection_limit_a_short_answer(state: ContestState) -> None:
    server = PhoneServer("127.0.0.1", 0, max_connections=5)
    server.start()
    try:
        held = [socket.create_connection(_address(server), timeout=5) for _ in range(5)]
        time.sleep(0.2)
        answer = raw(server, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 503")
        for sock in held:
            sock.close()
    finally:
        server.stop()


def read_event(stream: Any) -> dict[str, Any]:
    """The next data event of an event stream (comments and retry lines skipped)."""
    data = []
    while True:
        line = stream.readline().decode()
        if not line:
            raise AssertionError("the stream ended")
        line = line.rstrip("\n")
        if line.startswith("data: "):
            data.append(line[6:])
        elif line == "" and data:
            return json.loads("\n".join(data))


def test_a_new_snapshot_reaches_the_stream(live: PhoneServer, state: ContestState) -> None:
    connection = http.client.HTTPConnection(*_address(live), timeout=5)
    connection.request("GET", "/events?page=now&lang=qu")
    response = connection.getresponse()
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/event-stream")
    first = read_event(response)
    assert first["version"] == "1036.0" and "Warmi Kallpa" in first["html"]
    assert live.clients == 1
    state.presenting = "p03"
    started = time.perf_counter()
    live.publish(snapshot_of(state, counter=1))
    second = read_event(response)
    assert second["version"] == "1036.1"
    assert state.contest is not None
    assert state.contest.proposal("p03").organization in second["html"]  # type: ignore[union-attr]
    assert time.perf_counter() - started < 1.0
    connection.close()


def test_stop_closes_the_streams_quickly(state: ContestState) -> None:
    server = PhoneServer("127.0.0.1", 0)
    server.start()
    server.publish(snapshot_of(state))
    streams = []
    for _ in range(20):
        connection = http.client.HTTPConnection(*_address(server), timeout=5)
        connection.request("GET", "/events?page=ranking")
        response = connection.getresponse()
        read_event(response)
        streams.append(connection)
    assert server.clients == 20
    started = time.perf_counter()
    server.stop()
    assert time.perf_counter() - started < 2.5
    assert not server.running
    for connection in streams:
        connection.close()
    with pytest.raises(OSError):
        socket.create_connection(_address(server), timeout=1).close()


def test_a_port_in_use_is_said(server: PhoneServer) -> None:
    with pytest.raises(OSError):
        PhoneServer("127.0.0.1", _address(server)[1]).start()
