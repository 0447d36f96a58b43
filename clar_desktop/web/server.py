"""The phones' read-only web server: aiohttp in a thread of its own, fed immutable snapshots.

`PhoneServer(host, port).start()` binds (port 0: any free port), starts a thread with its own
event loop and returns the URL; `publish(snapshot)` hands a `Snapshot` to that loop with
``call_soon_threadsafe`` and returns at once — the publisher (the GUI thread, or the poller of
``clar-desktop serve``) never waits for a client; `stop()` closes every stream and joins the
thread. Pages are rendered on the server's thread, once per snapshot, language and page.

Safe by construction: only GET and HEAD (anything else 405 with ``Allow``); a fixed table of
routes, static files from bytes in memory (no path of a request ever reaches the file
system); a request with a body refused; request line and headers limited; at most
`MAX_CONNECTIONS` connections, idle ones closed; every error a short plain page.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from . import pages
from .snapshot import Snapshot

MAX_CONNECTIONS = 2000
"""Open connections at most; one more is answered 503 and closed."""
IDLE_SECONDS = 15.0
"""A connection that sends no request for this long is closed (event streams excepted)."""
MAX_LINE = 2048
"""The longest request line (method, path, query), in bytes."""
MAX_FIELD = 2048
"""The longest header field, in bytes."""
MAX_HEADERS = 40
HEARTBEAT_SECONDS = 15.0
"""An event stream gets a comment this often, so that routers keep it open."""
STOP_SECONDS = 2.0

ALLOWED = "GET, HEAD"
_log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                                "form-action 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def _plain(status: int, text: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(status=status, text=text + "\n", content_type="text/plain",
                        charset="utf-8", headers=headers)


class PhoneServer:
    """The read-only server (see the module)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *,
                 max_connections: int = MAX_CONNECTIONS,
                 idle_seconds: float = IDLE_SECONDS, default_mode: str = "es") -> None:
        self.host, self.port = host, port
        self.default_mode = default_mode
        """The pages' language for a phone that has chosen none (es, qu or es+qu)."""
        self.max_connections = max_connections
        self.idle_seconds = idle_seconds
        self._snapshot: Snapshot | None = None
        self._rendered: dict[tuple[str, str, bool], bytes] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._changed: asyncio.Condition | None = None
        self._closing = False
        self._streams = 0
        self._url: str | None = None
        self._runner: web.AppRunner | None = None
        self._server: asyncio.AbstractServer | None = None
        self._seen: dict[Any, tuple[int, float]] = {}
        self._sweeper: asyncio.Task[None] | None = None

    # -- the publisher's side (any thread) -----------------------------------------------------
    @property
    def url(self) -> str | None:
        """The bound address, as a phone types it (None until started)."""
        return self._url

    @property
    def clients(self) -> int:
        """Phones following the live stream now."""
        return self._streams

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> str:
        """Bind and serve in a thread of its own; the URL. `OSError` when the address cannot
        be bound (in use, not this computer's)."""
        if self.running:
            assert self._url is not None
            return self._url
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
            sock.listen(1024)
            sock.setblocking(False)
        except OSError:
            sock.close()
            raise
        bound = sock.getsockname()[1]
        shown = f"[{self.host}]" if family == socket.AF_INET6 else self.host
        self._url = f"http://{shown}:{bound}/"
        self.port = bound
        self._ready.clear()
        self._closing = False
        self._thread = threading.Thread(target=self._run, args=(sock,), daemon=True,
                                        name="clar-phones")
        self._thread.start()
        self._ready.wait(10)
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise OSError(str(failure))
        return self._url

    def publish(self, snapshot: Snapshot) -> None:
        """Hand the server a new snapshot (never blocks; a stopped server ignores it)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            self._snapshot = snapshot
            self._rendered = {}
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._take, snapshot)

    def stop(self) -> None:
        """Close every stream and connection and end the thread (within `STOP_SECONDS`)."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        with contextlib.suppress(RuntimeError):
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
        thread.join(STOP_SECONDS + 1)
        self._thread = None
        self._streams = 0

    # -- the server's thread -------------------------------------------------------------------
    def _run(self, sock: socket.socket) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve(sock))
        except BaseException as error:  # reported to start(), never a traceback to a user
            self._failure = error
            self._ready.set()
            sock.close()
        else:
            loop.run_forever()
        finally:
            with contextlib.suppress(Exception):
                loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            self._loop = None

    async def _serve(self, sock: socket.socket) -> None:
        self._changed = asyncio.Condition()
        app = web.Application(middlewares=[self._guard], client_max_size=1,
                              handler_args={"max_line_size": MAX_LINE,
                                            "max_field_size": MAX_FIELD,
                                            "max_headers": MAX_HEADERS,
                                            "keepalive_timeout": self.idle_seconds})
        for path, page in pages.ROUTES.items():
            app.router.add_get(path, self._page_handler(page))
        app.router.add_get("/events", self._events)
        app.router.add_get("/state.json", self._state)
        for path in pages.STATIC:
            app.router.add_get(path, self._static)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        self._runner = runner
        handlers = runner.server
        assert handlers is not None

        def connection() -> asyncio.Protocol:
            if len(handlers.connections) >= self.max_connections:
                return _Refused()
            return handlers()

        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(connection, sock=sock, backlog=1024)
        self._sweeper = loop.create_task(self._sweep(handlers))
        self._ready.set()

    async def _shutdown(self) -> None:
        self._closing = True
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()
        if self._sweeper is not None:
            self._sweeper.cancel()
        if self._server is not None:
            self._server.close()
        if self._runner is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._runner.cleanup(), STOP_SECONDS)
        asyncio.get_running_loop().stop()

    async def _sweep(self, handlers: web.Server) -> None:
        """Close the connections idle for `idle_seconds` (no request since then, none in
        progress): a phone that opened a socket and said nothing, or a slow sender."""
        while not self._closing:
            await asyncio.sleep(min(1.0, self.idle_seconds / 2))
            now = time.monotonic()
            seen: dict[Any, tuple[int, float]] = {}
            for handler in list(handlers.connections):
                count = getattr(handler, "_request_count", None)
                if count is None:
                    continue
                busy = getattr(handler, "_request_in_progress", False)
                before = self._seen.get(handler)
                since = now if before is None or before[0] != count or busy else before[1]
                if now - since > self.idle_seconds:
                    handler.force_close()
                    continue
                seen[handler] = (count, since)
            self._seen = seen

    def _take(self, snapshot: Snapshot) -> None:
        old = self._snapshot
        if old is not None and (old.seq, old.counter) > (snapshot.seq, snapshot.counter):
            return  # an older one, overtaken
        self._snapshot = snapshot
        self._rendered = {}
        if self._changed is not None:
            asyncio.get_running_loop().create_task(self._wake())

    async def _wake(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    def _render(self, page: str, language: str, part: bool) -> bytes:
        key = (page, language, part)
        found = self._rendered.get(key)
        if found is None:
            render = pages.render_part if part else pages.render_page
            found = render(self._snapshot, page, language).encode()
            self._rendered[key] = found
        return found

    # -- requests --------------------------------------------------------------------------------
    @web.middleware
    async def _guard(self, request: web.Request,
                     handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                     ) -> web.StreamResponse:
        try:
            if request.method not in ("GET", "HEAD"):
                response: web.StreamResponse = _plain(
                    405, "Method not allowed: this server only shows results.",
                    {"Allow": ALLOWED})
            elif request.body_exists or request.content_length:
                response = _plain(413, "A request with a body is not accepted.")
            else:
                response = await handler(request)
        except web.HTTPException as error:
            headers = {"Allow": ALLOWED} if error.status == 405 else None
            response = _plain(error.status, "Not found." if error.status == 404
                              else (error.reason or "Error."), headers)
        except (asyncio.CancelledError, ConnectionError):
            raise
        except Exception:
            _log.exception("phones: a request failed")
            response = _plain(500, "Something went wrong; try again.")
        if not response.prepared:
            for key, value in SECURITY_HEADERS.items():
                response.headers.setdefault(key, value)
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def _page_handler(self, page: str) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handle(request: web.Request) -> web.Response:
            language, remember = pages.language_of(request.query.get("lang"),
                                                   request.cookies.get(pages.COOKIE),
                                                   self.default_mode)
            part = request.query.get("part") == "main"
            response = web.Response(body=self._render(page, language, part),
                                    content_type="text/html", charset="utf-8")
            if remember:
                response.set_cookie(pages.COOKIE, language, max_age=365 * 86400, path="/",
                                    samesite="Lax")
            return response
        return handle

    async def _static(self, request: web.Request) -> web.Response:
        body, kind = pages.STATIC[request.path]
        return web.Response(body=body, content_type=kind, charset="utf-8",
                            headers={"Cache-Control": "public, max-age=3600"})

    async def _state(self, request: web.Request) -> web.Response:
        snapshot = self._snapshot
        body = b'{"version":null}' if snapshot is None else snapshot.json_bytes()
        return web.Response(body=body, content_type="application/json", charset="utf-8")

    async def _events(self, request: web.Request) -> web.StreamResponse:
        """Server-Sent Events: each new snapshot as the page's part, rendered in the
        phone's language (only the latest one: a slow phone skips, never holds others)."""
        page = request.query.get("page", "home")
        if page not in pages.PAGES:
            raise web.HTTPNotFound()
        language, _remember = pages.language_of(request.query.get("lang"),
                                                request.cookies.get(pages.COOKIE),
                                                self.default_mode)
        response = web.StreamResponse(headers={
            "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store",
            "X-Accel-Buffering": "no", **SECURITY_HEADERS})
        await response.prepare(request)
        if request.method == "HEAD":
            return response
        assert self._changed is not None
        self._streams += 1
        try:
            sent = request.headers.get("Last-Event-ID")
            await response.write(b"retry: 3000\n\n")
            while not self._closing:
                snapshot = self._snapshot
                if snapshot is not None and snapshot.version != sent:
                    sent = snapshot.version
                    data = json.dumps({"version": sent, "html": self._render(
                        page, language, True).decode()}, ensure_ascii=False)
                    await response.write(f"id: {sent}\ndata: {data}\n\n".encode())
                    continue
                async with self._changed:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), HEARTBEAT_SECONDS)
                if self._snapshot is snapshot and not self._closing:
                    await response.write(b": still here\n\n")
        except ConnectionError:
            pass
        finally:
            self._streams -= 1
        return response


class _Refused(asyncio.Protocol):
    """A connection over the limit: one short answer, then closed."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        transport.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                        b"Connection: close\r\nRetry-After: 5\r\nContent-Length: 33\r\n\r\n"
                        b"Too many phones; try again soon.\n")
        transport.close()
