"""The inspector's settings (keep_alive, format, system prompt) and its pure helpers."""

from __future__ import annotations

import pytest
from textual.widgets import Static, TextArea

from ollamux.core.options import OLLAMA_OPTIONS, ignored_names
from ollamux.core.session import Session
from ollamux.ui.inspector.values import edit_text, other_names, shown
from tests.ui.test_inspector import InspectorApp, hand_details, plain, type_into


async def test_keep_alive_validated_as_the_server_does() -> None:
    session = Session(host="local", model="demo:7b")
    app = InspectorApp(session, details=hand_details())
    async with app.run_test(size=(100, 40)) as pilot:
        await type_into(pilot, "#inspector-keep-alive", "3600")
        error = plain(app.query_one("#inspector-keep-alive-error", Static))
        assert 'time: missing unit in duration "3600"' in error and "(use 3600s)" in error and "the number" not in error
        assert session.keep_alive is None
        await type_into(pilot, "#inspector-keep-alive", "10m")
        assert session.keep_alive == "10m"
        assert plain(app.query_one("#inspector-keep-alive-error", Static)) == ""
        await type_into(pilot, "#inspector-keep-alive", "-1m")
        assert session.keep_alive == "-1m"
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert session.keep_alive is None


async def test_format_checked_as_json() -> None:
    session = Session(host="local", model="demo:7b")
    app = InspectorApp(session, details=hand_details())
    async with app.run_test(size=(100, 40)) as pilot:
        await type_into(pilot, "#inspector-format", '{"type": obj}')
        assert "invalid JSON" in plain(app.query_one("#inspector-format-error", Static))
        assert session.format is None
        await type_into(pilot, "#inspector-format", '{"type":"object"}')
        assert session.format == {"type": "object"}
        await type_into(pilot, "#inspector-format", "json")
        assert session.format == "json"
        assert app.changes[-1] == "format"


async def test_system_prompt_applies_on_change() -> None:
    session = Session(host="local", model="demo:7b")
    app = InspectorApp(session, details=hand_details(system="[b]Be terse.[/b]"))
    async with app.run_test(size=(100, 40)) as pilot:
        system = app.query_one("#inspector-system", TextArea)
        assert "[b]Be terse.[/b]" in str(system.placeholder)  # shown as text, not markup
        await type_into(pilot, "#inspector-system", "You are a pirate.\nSpeak so.")
        assert session.system_prompt == "You are a pirate.\nSpeak so."
        assert "system_prompt" in app.changes


def test_ollama_rows_are_every_current_option() -> None:
    names = {spec.name for spec in OLLAMA_OPTIONS}
    assert "mirostat" not in names and {"num_ctx", "stop", "temperature"} <= names


@pytest.mark.parametrize(("value", "text"), [(8192, "8192"), (0.5, "0.5"), (True, "true"), (["a", "b"], "a\nb")])
def test_edit_text_round_trips(value: object, text: str) -> None:
    assert edit_text(value) == text


def test_shown_and_section_names() -> None:
    assert shown(["x\x1b[31m", "y"]) == r'"x\u001b[31m", "y"'  # visible, not obeyed
    assert shown("a\x1b[31mb") == "ab"
    options = {"mirostat": 1, "num_ctx": 1, "future_opt": 2}
    assert ignored_names(options, "ollama") == ["mirostat"]
    assert other_names(options, OLLAMA_OPTIONS, "ollama") == ["future_opt"]
    assert ignored_names({"num_predict": 1, "num_ctx": 1}, "openai") == ["num_ctx"]
