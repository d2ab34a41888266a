"""How calls and results read in the transcript's rows and the approval dialog."""

from __future__ import annotations

from ollamux.api.events import ToolCall
from ollamux.core.tool_text import argument_summary, duration, pretty_arguments, result_preview


def test_an_argument_summary_reads_like_a_call_and_is_cut_to_fit() -> None:
    call = ToolCall("weather", {"city": "Tokyo", "days": 3, "units": None})
    assert argument_summary(call) == 'city="Tokyo", days=3, units=null'
    short = argument_summary(call, width=16)
    assert short == 'city="Tokyo", d…' and len(short) == 16
    assert argument_summary(ToolCall("clock", {})) == ""


def test_invalid_arguments_are_shown_as_the_model_wrote_them() -> None:
    call = ToolCall("weather", {}, raw_arguments='{"city": "Tok')
    assert argument_summary(call) == '{"city": "Tok'
    assert pretty_arguments(call) == '{"city": "Tok'


def test_pretty_arguments_are_indented_json_keeping_non_ascii() -> None:
    call = ToolCall("weather", {"city": "東京", "days": [1, 2]})
    assert pretty_arguments(call) == '{\n  "city": "東京",\n  "days": [\n    1,\n    2\n  ]\n}'


def test_terminal_controls_in_arguments_and_results_never_reach_the_screen() -> None:
    call = ToolCall("weather", {"city": "\x1b[2J\x1b]0;pwned\x07Tokyo"})
    assert argument_summary(call) == 'city="Tokyo"'
    assert "\x1b" not in pretty_arguments(call)
    text, _ = result_preview("ok\x1b[31m red\x9b\r\n")
    assert text == "ok red"


def test_a_long_result_is_cut_by_lines_and_by_characters_saying_how_much_is_left_out() -> None:
    text = "\n".join(f"line {n}" for n in range(1, 51))
    preview, left_out = result_preview(text, max_lines=20)
    assert preview.splitlines()[-1] == "line 20" and left_out == 30
    preview, left_out = result_preview("a" * 5000 + "\nmore", max_chars=100)
    assert preview == "a" * 100 + "…" and left_out == 1
    assert result_preview("short") == ("short", 0)


def test_durations_read_at_a_glance() -> None:
    assert [duration(s) for s in (0.04, 0.43, 9.96, 12.4, 59.6, 123, 180)] == [
        "0.0 s", "0.4 s", "10.0 s", "12 s", "1 min", "2 min 3 s", "3 min",
    ]
