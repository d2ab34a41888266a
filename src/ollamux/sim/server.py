"""`SimServer`: a simulated Ollama server on real loopback HTTP, in a background thread.

Built on the stdlib ThreadingHTTPServer (one daemon thread per connection), so
clients exercise their real HTTP stack: connection pooling, streaming reads,
refused connections when the server is down. Nothing is printed: the app that
uses the demo server draws on the same terminal.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
import threading
import traceback
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from .context import Clock, RecordedRequest, SimContext
from .exchange import ClientGone, Exchange, ServerStopping
from .routes import Route, resolve
from .state import Catalogue
from .validate import RequestError


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive for whole replies; streams close
    server_version = "ollamux-sim"
    sys_version = ""
    disable_nagle_algorithm = True  # Go sets TCP_NODELAY too: tokens go out at once
    timeout = 60  # idle keep-alive connections and stuck writes end eventually
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, add=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: the app draws on the terminal this would print to."""

    def do_GET(self) -> None:
        self._dispatch()

    do_HEAD = do_POST = do_DELETE = do_PUT = do_PATCH = do_OPTIONS = do_GET

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self) -> None:
        sim = self.server.sim
        path = urlsplit(self.path).path or "/"
        ex = Exchange(self, sim, path, self._read_body())
        body = ex.json_body()
        sim.record_request(RecordedRequest(self.command, path, body, ex.headers))
        try:
            self._run(resolve(path), sim, ex)
        except ClientGone:
            # The client closed the stream early (a "stop" button): end quietly.
            if ex.streaming and not sim.stopping.is_set():
                sim.record_cancel(str(body.get("model", "")) if isinstance(body, dict) else "")
            self.close_connection = True
        except (ServerStopping, OSError):
            self.close_connection = True
        except Exception:  # a simulator bug: record it for the tests, print nothing
            sim.record_error(traceback.format_exc())
            if not ex.started:
                ex.send_json(500, {"error": "simulator bug, see SimServer.errors"})
            self.close_connection = True

    def _run(self, route: Route | None, sim: SimContext, ex: Exchange) -> None:
        if route is None:
            ex.send_text(404, "404 page not found")
            return
        handler = route.methods.get(self.command)
        if handler is None:
            ex.send_text(405, "405 method not allowed")
            return
        try:
            handler(sim, ex)
        except RequestError as error:
            if ex.started:
                ex.drop()
            else:
                ex.send_error(error, openai=route.openai)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True  # restart() binds the same port at once

    def __init__(self, address: tuple[str, int], sim: SimContext, listener: socket.socket | None = None) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.sim = sim
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        super().__init__(address, _RequestHandler, bind_and_activate=listener is None)
        if listener is not None:  # already bound and listening, by whoever handed it over
            self.socket.close()
            self.socket = listener
            self.server_address = listener.getsockname()
            host, port = self.server_address[:2]
            self.server_name, self.server_port = str(host), int(port)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would call socket.getfqdn: a DNS lookup, slow offline.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # a client hung up between requests: nothing worth saying
        self.sim.record_error(traceback.format_exc())

    def track(self, connection: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def drop_connections(self) -> None:
        """Cut every open connection, as a dying server would (pooled ones too)."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # it may be closed already
                connection.shutdown(socket.SHUT_RDWR)


def _shutdown_promptly(httpd: _HTTPServer) -> None:
    """`shutdown()` waits for the accept loop's next poll; poke it awake instead.

    Each poke is an empty connection, which the loop accepts and its handler
    drops at once; it is repeated until the loop has seen the shutdown flag.
    """
    closer = threading.Thread(target=httpd.shutdown, daemon=True)
    closer.start()
    host, port = httpd.server_address[:2]
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(str(host), str(host))
    while closer.is_alive():
        with contextlib.suppress(OSError):  # the loop may have stopped listening already
            socket.create_connection((host, port), timeout=0.2).close()
        closer.join(0.01)


class SimServer:
    """A simulated Ollama server. `start()` returns its base URL; `stop()` takes it down.

    `delay_scale` multiplies every scripted delay (0 = never sleep, for tests);
    `clock` gives "now" for every timestamp (freeze it for snapshot tests). The
    catalogue survives `stop()`/`restart()`: a restart is a host going away and
    coming back on the same port, not a fresh server.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, delay_scale: float = 1.0,
                 clock: Clock | None = None, listener: socket.socket | None = None) -> None:
        self.host = host
        self._port = port
        # A socket already listening (the demo's, bound by the app): served on first start.
        self._listener = listener
        self._sim = SimContext(clock, delay_scale)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Lifecycle

    def start(self) -> str:
        """Listen and serve in a daemon thread; returns the base URL. Idempotent."""
        if self._httpd is None:
            self._sim.stopping.clear()
            httpd = _HTTPServer((self.host, self._port), self._sim, self._listener)
            self._listener = None  # closed with the server: a restart binds the port again
            self._port = int(httpd.server_address[1])
            self._thread = threading.Thread(
                target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                name=f"ollamux-sim:{self._port}", daemon=True,
            )
            self._httpd = httpd
            self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop listening and cut open connections and streams. Idempotent."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._sim.stopping.set()  # sleeping streams wake up and end
        _shutdown_promptly(httpd)
        httpd.server_close()
        httpd.drop_connections()
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = self._thread = None

    def restart(self) -> str:
        """Stop if running, then listen again on the same port."""
        self.stop()
        return self.start()

    def __enter__(self) -> SimServer:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # Where it is

    @property
    def port(self) -> int:
        """The listening port (the one picked by the OS once started with port 0)."""
        return self._port

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._port}"

    @property
    def running(self) -> bool:
        return self._httpd is not None

    # What tests look at

    @property
    def delay_scale(self) -> float:
        return self._sim.delay_scale

    @property
    def state(self) -> Catalogue:
        """The live model catalogue (installed and loaded models)."""
        return self._sim.catalogue

    def hold_loads(self) -> threading.Event:
        """Keep every cold model load going until the returned event is set.

        Tests use it to watch what a client shows during a load for as long as
        they need, however slowly a busy machine runs them.
        """
        self._sim.loads_released.clear()
        return self._sim.loads_released

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a copy)."""
        return self._sim.requests()

    @property
    def cancelled(self) -> list[str]:
        """Model names of streams the client closed before the end (a copy)."""
        return self._sim.cancelled()

    @property
    def errors(self) -> list[str]:
        """Tracebacks of simulator bugs; should stay empty."""
        return self._sim.errors()

    def clear_records(self) -> None:
        self._sim.clear_records()

    def now(self) -> datetime:
        return self._sim.now()
