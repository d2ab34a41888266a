"""The options inspector, driven with the pilot: details from the simulator's `/api/show`."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Input, Select, Static, TextArea

from ollamux.api.capabilities import OLLAMA, OPENAI_COMPATIBLE, Capabilities
from ollamux.api.hosts import Host
from ollamux.api.models import ModelDetails
from ollamux.api.ollama import OllamaClient
from ollamux.core.options import OPENAI_OPTIONS, wire_options
from ollamux.core.session import Session
from ollamux.sim import SimServer
from ollamux.ui.inspector.panel import Inspector

PARAMETERS = "\n".join([
    'stop                           "<|im_start|>"',
    'stop                           "<|im_end|>"',
    "temperature                    0.7",
    "num_ctx                        8192",
    "mirostat                       2",
])


class InspectorApp(App[None]):
    """Nothing but the inspector, docked right; every `Changed` is kept."""

    CSS = "Inspector { dock: right; }"

    def __init__(
        self, session: Session, *, capabilities: Capabilities = OLLAMA, details: ModelDetails | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.capabilities = capabilities
        self.details = details
        self.changes: list[str] = []

    def compose(self) -> ComposeResult:
        yield Inspector(self.session, capabilities=self.capabilities, details=self.details)

    def on_mount(self) -> None:
        self.inspector.focus()

    @property
    def inspector(self) -> Inspector:
        return self.query_one(Inspector)

    def on_inspector_changed(self, event: Inspector.Changed) -> None:
        assert event.session is self.session
        self.changes.append(event.field)


async def show(sim: SimServer, model: str) -> ModelDetails:
    client = OllamaClient(Host("local", sim.url))
    try:
        return await client.show(model)
    finally:
        await client.aclose()


def hand_details(**fields: Any) -> ModelDetails:
    fields.setdefault("capabilities", ("completion", "tools"))
    return ModelDetails(name="demo:7b", parameters=PARAMETERS, **fields)


def error_of(app: InspectorApp, name: str) -> str:
    return app.inspector.row(name).error


def plain(widget: Static) -> str:
    return str(widget.render())


async def type_into(pilot, selector: str, text: str) -> None:
    widget = pilot.app.query_one(selector)
    widget.focus()
    await pilot.pause()
    if isinstance(widget, TextArea):
        widget.text = ""
        widget.insert(text)
    elif len(text) > 8:  # long text at once: one change, as a paste
        widget.value = text
    else:
        widget.value = ""
        await pilot.press(*text)
    await pilot.pause()


async def test_think_offered_only_with_the_thinking_capability(sim: SimServer) -> None:
    for model, offered in (("qwen3:8b", True), ("demo-coder:7b", False)):
        session = Session(host="local", model=model)
        app = InspectorApp(session, details=await show(sim, model))
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert bool(app.query("#inspector-think")) is offered
            assert bool(app.query("#inspector-no-think")) is not offered
            if offered:
                select = app.query_one("#inspector-think", Select)
                assert select.value == "server default"
                select.value = "high"
                await pilot.pause()
                assert session.think == "high" and app.changes == ["think"]
                select.value = "off"
                await pilot.pause()
                assert session.think is False


async def test_details_arrive_later(sim: SimServer) -> None:
    session = Session(host="local", model="qwen3:8b")
    app = InspectorApp(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "loading model details" in plain(app.query_one("#inspector-head", Static))
        assert not app.query("#inspector-think")
        app.inspector.set_details(await show(sim, "qwen3:8b"))
        await pilot.pause()
        assert "loading" not in plain(app.query_one("#inspector-head", Static))
        assert app.query("#inspector-think")
        assert "model 0.6" in plain(app.inspector.row("temperature").query_one(".row-info", Static))
        app.inspector.set_details_error("Cannot reach local")
        await pilot.pause()
        assert "Cannot reach local" in plain(app.query_one("#inspector-head", Static))


async def test_float_list_reset_and_int_options_are_validated_and_typed() -> None:
    """Float, list and bool options, resetting one and all; then a whole number, from no override."""
    session = Session(host="local", model="demo:7b")
    app = InspectorApp(session, details=hand_details())
    async with app.run_test(size=(100, 40)) as pilot:
        await type_into(pilot, "#edit-temperature", "0.3")
        assert session.options["temperature"] == 0.3 and type(session.options["temperature"]) is float
        await type_into(pilot, "#edit-stop", "<|im_end|>\nUser:")
        assert session.options["stop"] == ["<|im_end|>", "User:"]
        await type_into(pilot, "#edit-use_mmap", "no")
        assert session.options["use_mmap"] is False
        assert wire_options(session.options) == {
            "temperature": 0.3, "stop": ["<|im_end|>", "User:"], "use_mmap": False,
        }
        # ctrl+l resets the focused option (stop), ctrl+b all of them.
        app.query_one("#edit-stop").focus()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "stop" not in session.options and app.query_one("#edit-stop", TextArea).text == ""
        assert session.options == {"temperature": 0.3, "use_mmap": False}
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert session.options == {}
        assert app.query_one("#edit-temperature", Input).value == ""
        assert app.changes[-1] == "options"
        # A whole number, validated as it is typed.
        await type_into(pilot, "#edit-num_ctx", "4k")
        assert "num_ctx must be a whole number" in error_of(app, "num_ctx")
        assert "num_ctx" not in session.options
        await type_into(pilot, "#edit-num_ctx", "8192")
        assert session.options["num_ctx"] == 8192 and type(session.options["num_ctx"]) is int
        assert error_of(app, "num_ctx") == ""
        assert app.changes[-1] == "num_ctx"
        await pilot.press("enter")  # committed: an invalid edit now falls back to it
        await pilot.press("x")
        assert session.options["num_ctx"] == 8192 and error_of(app, "num_ctx")
        await pilot.press("backspace", "backspace")
        assert session.options["num_ctx"] == 819
        await pilot.press("tab")  # leaving commits too
        app.query_one("#edit-num_ctx").focus()
        await pilot.press("end", "k")
        await pilot.pause()
        assert session.options["num_ctx"] == 819


async def test_existing_overrides_are_shown_and_not_rewritten() -> None:
    options = {"num_ctx": 16384, "temperature": 1.0, "stop": ["a", "b"], "mirostat": 2}
    session = Session(host="local", model="demo:7b", options=dict(options), keep_alive=3600,
                      format={"type": "object"})
    app = InspectorApp(session, details=hand_details())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.query_one("#edit-num_ctx", Input).value == "16384"
        assert app.query_one("#edit-temperature", Input).value == "1.0"
        assert app.query_one("#edit-stop", TextArea).text == "a\nb"
        assert app.query_one("#inspector-keep-alive", Input).value == "3600s"
        assert app.query_one("#inspector-format", Input).value == '{"type": "object"}'
        assert session.options == options and session.keep_alive == 3600
        assert app.changes == []
        assert app.inspector.row("num_ctx").has_class("-set")


async def test_model_values_and_ignored_options() -> None:
    session = Session(host="local", model="demo:7b", options={"mirostat": 2, "tfs_z": 1.0})
    app = InspectorApp(session, details=hand_details())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        stop_info = plain(app.inspector.row("stop").query_one(".row-info", Static))
        assert 'model "<|im_start|>", "<|im_end|>"' in stop_info
        assert "model 8192" in plain(app.inspector.row("num_ctx").query_one(".row-info", Static))
        assert "↻ reloads model" in plain(app.inspector.row("num_ctx").query_one(".row-info", Static))
        assert app.query_one("#edit-num_ctx", Input).placeholder == "8192  (model)"
        assert not app.query("#option-mirostat")  # never offered
        texts = [plain(w) for w in app.query("#inspector-extra Static").results(Static)]
        assert "Ignored by the server" in texts
        assert any("mirostat = 2" in t and "tfs_z = 1.0" in t for t in texts)
        assert wire_options(session.options) == {}


async def test_openai_kind_offers_only_what_that_api_takes() -> None:
    session = Session(host="deepseek", model="deepseek-chat", options={"num_ctx": 4096})
    app = InspectorApp(session, capabilities=OPENAI_COMPATIBLE)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        names = [row.spec.name for row in app.inspector.rows()]
        assert names == [spec.name for spec in OPENAI_OPTIONS]
        assert not app.query("#inspector-think") and not app.query("#inspector-keep-alive")
        assert "loading" not in plain(app.query_one("#inspector-head", Static))
        texts = [plain(w) for w in app.query("#inspector-extra Static").results(Static)]
        assert any("num_ctx = 4096" in t for t in texts)
        await type_into(pilot, "#edit-reasoning_effort", "extreme")
        assert "reasoning_effort must be one of" in error_of(app, "reasoning_effort")
        await type_into(pilot, "#edit-max_tokens", "512")
        assert session.options["max_tokens"] == 512
