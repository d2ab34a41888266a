"""The command line: parsing, --help/--version, and what main() hands the app.

The real app is never started here; main() is checked against a stand-in for it
installed in sys.modules, and against one for the demo's simulator process. The
real simulator process is started once, to check that it never outlives the app.
"""

from __future__ import annotations

import subprocess
import sys
import time
import types
import urllib.request
from pathlib import Path
from typing import Any, ClassVar

import pytest

from ollamux import __version__, cli
from ollamux.api.hosts import Host
from ollamux.config import Config

# --------------------------------------------------------------------------- output


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"ollamux {__version__}\n"
    assert __version__ == "0.1.0"


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: ollamux")
    assert "terminal workbench" in out
    for flag in ("--host", "--openai", "--api-key-env", "--model", "--theme",
                 "--demo", "--config", "--session", "--version"):
        assert flag in out
    assert "examples:" in out
    assert "ollamux --demo" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--frobnicate"], "unrecognized arguments"),
        (["--model"], "expected one argument"),
        (["--demo", "--host", "box"], "--demo"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], environ: dict[str, str]
) -> None:
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_missing_config_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], environ: dict[str, str]
) -> None:
    assert cli.main(["--config", str(tmp_path / "nope.toml")]) == 2
    assert "nope.toml" in capsys.readouterr().err


def test_importing_cli_pulls_in_no_textual() -> None:
    code = "import sys, ollamux.cli; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --------------------------------------------------------------------------- parsing


def test_parse_defaults() -> None:
    args = cli.parse_args([])
    assert args.host == [] and args.openai == []
    assert args.api_key_env is None and args.model is None and args.theme is None
    assert args.config is None and args.session is None and args.demo is False


def test_parse_repeatable_hosts() -> None:
    args = cli.parse_args(["--host", "a", "--host", "b:1", "--openai", "https://x", "--openai", "y"])
    assert args.host == ["a", "b:1"]
    assert args.openai == ["https://x", "y"]


def test_build_config(environ: dict[str, str], tmp_path: Path) -> None:
    config_file = tmp_path / "my.toml"
    config_file.write_text('theme = "ollamux-light"\n[[hosts]]\nname = "gpu"\nurl = "gpu-box"\n')
    environ["DS_KEY"] = "sk-abc"
    args = cli.parse_args([
        "--config", str(config_file),
        "--host", "lan-box",
        "--openai", "https://api.deepseek.com",
        "--api-key-env", "DS_KEY",
        "--model", "qwen3:8b",
        "--session", str(tmp_path / "s.json"),
    ])
    config = cli.build_config(args, environ)
    assert config.config_path == config_file
    assert [h.name for h in config.hosts] == ["lan-box:11434", "api.deepseek.com", "gpu"]
    assert config.default_host == "lan-box:11434"
    assert config.host_named("api.deepseek.com").api_key == "sk-abc"
    # --api-key-env given explicitly: the Ollama host on the command line gets it too.
    assert config.host_named("lan-box:11434").api_key == "sk-abc"
    assert config.host_named("gpu").api_key is None
    assert config.default_model == "qwen3:8b"
    assert config.theme == "ollamux-light"
    assert config.open_session == tmp_path / "s.json"
    assert config.data_dir == tmp_path / "data" / "ollamux"


def test_theme_flag(environ: dict[str, str]) -> None:
    config = cli.build_config(cli.parse_args(["--theme", "nord"]), environ)
    assert config.theme == "nord"


# --------------------------------------------------------------------------- main


class FakeApp:
    """Stands in for ollamux.ui.app.OllamuxApp: records the config it was given."""

    configs: ClassVar[list[Config]] = []
    fail = False

    def __init__(self, config: Config, *, start_screen: bool = False) -> None:
        assert start_screen, "a launch draws the start screen first"
        self.config = config
        self.return_code: int | None = None
        self.crash_notice: str | None = None

    def run(self) -> None:
        FakeApp.configs.append(self.config)
        if FakeApp.fail:
            raise RuntimeError("app crashed")


class FakeSimulator:
    events: ClassVar[list[str]] = []

    def __init__(self) -> None:
        FakeSimulator.events.append("start")

    def url(self) -> str:
        FakeSimulator.events.append("url")
        return "http://127.0.0.1:47000"

    def failure(self) -> str | None:
        return None

    def stop(self) -> None:
        FakeSimulator.events.append("stop")


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeApp.configs, FakeApp.fail, FakeSimulator.events = [], False, []
    app_module: Any = types.ModuleType("ollamux.ui.app")
    app_module.OllamuxApp = FakeApp
    monkeypatch.setitem(sys.modules, "ollamux.ui.app", app_module)
    monkeypatch.setattr(cli, "DemoSimulator", FakeSimulator)


@pytest.mark.usefixtures("fakes")
def test_main_runs_the_app_with_the_config(environ: dict[str, str]) -> None:
    assert cli.main(["--host", "box", "--model", "m"]) == 0
    (config,) = FakeApp.configs
    assert config.host.url == "http://box:11434"
    assert config.default_model == "m"
    assert FakeSimulator.events == []


@pytest.mark.usefixtures("fakes")
def test_main_demo(environ: dict[str, str], tmp_path: Path) -> None:
    assert cli.main(["--demo", "--theme", "ollamux-light"]) == 0
    (config,) = FakeApp.configs
    assert config.hosts == (Host(name="demo", url="http://127.0.0.1:47000"),)
    assert config.default_model == "demo-coder:7b"
    assert config.theme == "ollamux-light"
    assert config.restore_sessions is False
    assert not str(config.data_dir).startswith(str(tmp_path / "data"))
    assert not config.data_dir.exists()  # the sandbox is removed afterwards
    assert FakeSimulator.events == ["start", "url", "stop"]


@pytest.mark.usefixtures("fakes")
def test_main_demo_model_and_stop_on_crash(environ: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    FakeApp.fail = True
    # A crash that escapes the app is reported like one inside it: a file and its path.
    assert cli.main(["--demo", "--model", "demo-chat:1b"]) == 1
    assert FakeApp.configs[0].default_model == "demo-chat:1b"
    assert FakeSimulator.events == ["start", "url", "stop"]
    err = capsys.readouterr().err
    assert "ollamux crashed (RuntimeError). The traceback is in\n  " in err and "app crashed" not in err


def test_the_demo_simulator_serves_and_ends_with_the_app() -> None:
    """The real simulator process: it answers, and it exits when the app is killed."""
    app = subprocess.Popen(
        [sys.executable, "-c", "import sys\n"
         "from ollamux.cli import DemoSimulator\n"
         "simulator = DemoSimulator()\n"
         "print(simulator._process.pid, simulator.url(), flush=True)\n"
         "sys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert app.stdout is not None
    pid, url = app.stdout.readline().split()
    with urllib.request.urlopen(f"{url}/api/tags", timeout=10) as reply:
        assert b"demo-coder:7b" in reply.read()
    app.kill()  # no cleanup of any kind
    app.communicate()
    deadline = time.monotonic() + 10
    while _alive(pid):  # the orphan reads the end of its input and stops
        assert time.monotonic() < deadline, "the simulator outlived the app"
        time.sleep(0.01)


def _alive(pid: str) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_demo_simulator_that_stops_on_its_own_is_reported() -> None:
    simulator = cli.DemoSimulator()
    try:
        assert simulator.url().startswith("http://127.0.0.1:")  # known before it serves
        assert simulator.failure() is None
        simulator._process.kill()
        simulator._process.wait()
        assert "the demo's simulator stopped" in (simulator.failure() or "")
    finally:
        simulator.stop()
