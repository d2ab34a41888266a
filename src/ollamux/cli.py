"""The `ollamux` command: parse arguments, build the Config, start the app.

The app and the simulator are imported inside `main` so that `--help` and
`--version` stay instant and importing this module pulls in no Textual.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from ollamux import __version__
from ollamux.config import (
    DEFAULT_CLI_KEY_ENV,
    CliOverrides,
    Config,
    apply_cli,
    demo_config,
    load_config,
    state_dir,
)

# How pictures are drawn: auto (ask the terminal), sixel, kitty or half-blocks.
GRAPHICS_VARIABLE = "OLLAMUX_GRAPHICS"

DESCRIPTION = """\
A keyboard-driven terminal workbench for Ollama and OpenAI-compatible LLM
servers: several chats at once, across models and hosts."""

EPILOG = """\
examples:
  ollamux                                  use config.toml, else $OLLAMA_HOST
  ollamux --host gpu-box                   talk to Ollama on gpu-box:11434
  ollamux --host gpu-box --model qwen3:8b  ... and start new chats with qwen3:8b
  DEEPSEEK_API_KEY=... ollamux --openai https://api.deepseek.com \\
      --api-key-env DEEPSEEK_API_KEY       an OpenAI-compatible API
  ollamux --demo                           try it against a built-in simulated server

Hosts given with --host/--openai come first and the first is the default; the
hosts in config.toml stay available. API keys are read from environment
variables only, never from the command line. Settings live in
$XDG_CONFIG_HOME/ollamux/config.toml (default ~/.config/ollamux/config.toml).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ollamux",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ollamux {__version__}")
    parser.add_argument(
        "--host", metavar="URL", action="append", default=[],
        help="an Ollama server, in OLLAMA_HOST form (repeatable)",
    )
    parser.add_argument(
        "--openai", metavar="URL", action="append", default=[],
        help="an OpenAI-compatible base URL, e.g. https://api.deepseek.com (repeatable)",
    )
    parser.add_argument(
        "--api-key-env", metavar="VAR",
        help=f"environment variable holding the key for --openai hosts "
        f"(default {DEFAULT_CLI_KEY_ENV}); with --host, also sent to those",
    )
    parser.add_argument("--model", metavar="NAME", help="model for new sessions")
    parser.add_argument("--theme", metavar="NAME", help="colour theme, e.g. ollamux-light")
    parser.add_argument("--config", metavar="PATH", type=Path, help="read this config file")
    parser.add_argument("--session", metavar="FILE", type=Path, help="open this session file")
    parser.add_argument(
        "--demo", action="store_true",
        help="run against a built-in simulated Ollama server (no real server needed)",
    )
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse and check the arguments; exits with status 2 on a usage error."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.demo and (args.host or args.openai):
        parser.error("--demo runs against the simulator only; drop --host/--openai")
    if args.config is not None and not args.config.expanduser().is_file():
        parser.error(f"--config: no such file: {args.config}")
    return args


def build_config(args: argparse.Namespace, environ: Mapping[str, str] = os.environ) -> Config:
    """The Config for these arguments, without starting anything."""
    config = load_config(args.config, environ=environ)
    overrides = CliOverrides(
        ollama_urls=tuple(args.host),
        openai_urls=tuple(args.openai),
        api_key_env=args.api_key_env,
        model=args.model,
        theme=args.theme,
        open_session=args.session,
    )
    return apply_cli(config, overrides, environ=environ)


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exit_:
        # --help, --version and usage errors: hand back argparse's status.
        return exit_.code if isinstance(exit_.code, int) else 2
    if not args.demo:
        from ollamux.api.transport import uses_tls

        config = build_config(args)
        return _run_app(lambda: config, tls=any(uses_tls(host.url) for host in config.hosts))
    # First of all: the simulator boots in its own process, on another core, while
    # this one imports the app.
    simulator = DemoSimulator()
    try:
        status = _run_demo(simulator, build_config(args), args.model)
        failure = simulator.failure()
    finally:
        simulator.stop()
    if failure is not None:  # the app showed its host unreachable; here is why
        print(f"ollamux: {failure}", file=sys.stderr)
        return status or 1
    return status


def _run_app(make_config: Callable[[], Config], *, tls: bool) -> int:
    # Two waits run beside the app's imports, each in a thread. What a thread needs is
    # imported before it starts, so no two threads ever import a module at once.
    waits: list[threading.Thread] = []
    if tls:  # plain-http hosts (a local Ollama, the demo) never need certificates
        import certifi  # noqa: F401  # where httpx finds the certificates

        from ollamux.api.transport import tls_context

        # The trusted certificates every https host's client is made with: OpenSSL
        # reads them (tens of milliseconds) without holding the interpreter lock.
        waits.append(_started(tls_context))
    from ollamux.ui.graphics_query import detect as detect_graphics

    # Asked once, before Textual reads the keyboard (its input thread would take the
    # answers): one round trip to the terminal, while the app is imported.
    waits.append(_started(detect_graphics, os.environ.get(GRAPHICS_VARIABLE, "auto")))
    try:
        from ollamux.ui.app import OllamuxApp
    finally:
        for wait in waits:
            wait.join()
    # The start screen comes first, so the prompt takes keys while the workbench is imported.
    app = OllamuxApp(make_config(), start_screen=True)
    try:
        app.run()
    except Exception as error:
        # What escapes Textual (a failure while it shuts down): the same report,
        # and never Python's default traceback, which can quote conversation text.
        from ollamux.core.crash_report import report_crash

        print(report_crash(error, state_dir()), file=sys.stderr)
        return 1
    if app.crash_notice is not None:
        print(app.crash_notice, file=sys.stderr)
        return 1
    return app.return_code or 0


def _started(target: Callable[..., object], *args: object) -> threading.Thread:
    thread = threading.Thread(target=target, args=args, name=target.__name__)
    thread.start()
    return thread


def _run_demo(simulator: DemoSimulator, config: Config, model: str | None) -> int:
    with tempfile.TemporaryDirectory(prefix="ollamux-demo-") as sandbox:
        def make_config() -> Config:
            return demo_config(config, simulator.url(), model=model, sandbox=Path(sandbox))

        return _run_app(make_config, tls=False)  # the simulator speaks plain http


class DemoSimulator:
    """`python -m ollamux.sim` for the demo, in a process of its own.

    In this process its imports and its replies would take turns with the app's for
    the one interpreter lock. It serves on a socket bound here and handed over, so
    its URL is known at once: the app starts without waiting for it, and requests
    sent while it still starts wait in the socket's queue. It reads its standard
    input from a pipe of ours, and stops when that closes: when this process ends,
    however it ends.
    """

    STOP_TIMEOUT = 5.0

    def __init__(self) -> None:
        with socket.create_server(("127.0.0.1", 0)) as listener:
            self._url = f"http://127.0.0.1:{listener.getsockname()[1]}"
            # Its error output goes to a file (gone once closed), not to the terminal
            # the app draws on; it is shown if the simulator stops on its own.
            self._errors = tempfile.TemporaryFile()  # noqa: SIM115  # closed in stop()
            self._process = subprocess.Popen(
                [sys.executable, "-m", "ollamux.sim", "--listen-fd", str(listener.fileno()),
                 "--until-stdin-closes",
                 # The demo shows the whole workshop: an embedder, a FIM base, a cloud model.
                 "--workshop-models"],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._errors,
                pass_fds=(listener.fileno(),),
                # `python -m` finds the package there: the same ollamux, installed or not.
                cwd=Path(__file__).resolve().parents[1],
            )
        # Closed here once handed over: should the simulator die, connections are refused, not left waiting.

    def url(self) -> str:
        """Its base URL, known before it serves."""
        return self._url

    def failure(self) -> str | None:
        """Why it stopped on its own (its error output), if it did."""
        if self._process.poll() in (None, 0):
            return None
        self._errors.seek(0)
        detail = self._errors.read().decode("utf-8", "replace").strip()
        return f"the demo's simulator stopped: {detail or f'exit status {self._process.returncode}'}"

    def stop(self) -> None:
        """Ends it and waits for it; killed if it takes too long."""
        process = self._process
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=self.STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stream in (process.stdin, process.stdout, self._errors):
            if stream is not None:
                stream.close()
