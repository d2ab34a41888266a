"""`python -m ollamux.sim [--host 127.0.0.1] [--port 11434] [--delay-scale 1.0] [--until-stdin-closes]
[--workshop-models] [--listen-fd N]`.

Runs the simulator in the foreground until Ctrl-C, so any Ollama client (curl,
the official CLI with OLLAMA_HOST, ollamux) can be pointed at it. `ollamux --demo`
runs it so, with --until-stdin-closes: a pipe from the app, which closes however
the app ends (even killed), so the simulator never outlives it, and with
--listen-fd: a socket the app bound and listens on, so the app knows the URL at
once and its first requests wait in the socket's queue while this process starts.
"""

from __future__ import annotations

import argparse
import signal
import socket
import sys
import threading

from . import chat, openai  # noqa: F401  # at once, not at the first reply: a benchmark times that
from .models import INSTALLED
from .server import SimServer
from .workshop_models import WORKSHOP_MODELS, install_workshop_models


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ollamux.sim",
                                     description="Run the simulated Ollama server.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=11434, help="port (0 = any free port)")
    parser.add_argument("--delay-scale", type=float, default=1.0,
                        help="multiply every scripted delay (0 = as fast as possible)")
    parser.add_argument("--until-stdin-closes", action="store_true",
                        help="also stop when standard input reaches its end")
    parser.add_argument("--workshop-models", action="store_true",
                        help="also install an embedding model, a fill-in-the-middle base and a cloud stub")
    parser.add_argument("--listen-fd", type=int, metavar="N",
                        help="serve on this inherited listening socket (then --host and --port are ignored)")
    args = parser.parse_args(argv)
    if args.delay_scale < 0:
        parser.error("--delay-scale must be >= 0")
    # Ctrl-C only asks to stop, from before the server starts: a KeyboardInterrupt
    # raised while the banner is printed would skip server.stop() and end in a
    # traceback. Whoever sees the URL may press Ctrl-C at once.
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda _signum, _frame: stop.set())
    if args.until_stdin_closes:
        threading.Thread(target=_set_at_end_of_input, args=(stop,), name="stdin", daemon=True).start()
    listener = None if args.listen_fd is None else socket.socket(fileno=args.listen_fd)
    host = args.host if listener is None else str(listener.getsockname()[0])
    server = SimServer(host, args.port, delay_scale=args.delay_scale, listener=listener)
    models = list(INSTALLED)
    if args.workshop_models:
        install_workshop_models(server.state, server.now())
        models += WORKSHOP_MODELS
    try:
        try:
            url = server.start()
        except OSError as exc:
            print(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"ollamux simulator listening on {url}", flush=True)
        print("models: " + ", ".join(spec.name for spec in models), flush=True)
        print("press Ctrl-C to stop", flush=True)
        stop.wait()
    finally:
        server.stop()
        signal.signal(signal.SIGINT, previous)
    return 0


def _set_at_end_of_input(stop: threading.Event) -> None:
    while sys.stdin.buffer.read(4096):
        pass
    stop.set()


if __name__ == "__main__":
    sys.exit(main())
