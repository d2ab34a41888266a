"""Numbers from the wire: whatever JSON a server sends, a figure is sane or unknown.

Python's json accepts Infinity, NaN, 1e400 and integers of any size; none of
them may crash a decoder, print as nonsense, or reach a session file as an
integer that 64-bit TOML readers reject.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ollamux.api.events import tool_call_id
from ollamux.api.models import ModelDetails, ModelInfo, PullProgress, RunningModel, parse_timestamp
from ollamux.api.numbers import WIRE_INT_LIMIT, wire_count, wire_seconds
from ollamux.api.ollama import stats_from_final
from ollamux.api.openai import ChatChunkReader
from ollamux.core.stats_words import EXPORTED, format_stats

# Every number Python's json.loads can produce, and then some that are not numbers.
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=2**62, max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([float("inf"), float("-inf"), float("nan"), 1e30, -5, 2**63, 2**63 - 1, -0.0]),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | NUMBERS | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)


def sane_count(value: object) -> bool:
    return value is None or (type(value) is int and 0 <= value < WIRE_INT_LIMIT)


def sane_seconds(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isfinite(value) and value >= 0)


@given(JSON_VALUES)
def test_wire_count_is_a_sane_integer_or_none(value: object) -> None:
    count = wire_count(value)
    assert sane_count(count)
    if count is not None:
        assert count == value


@given(JSON_VALUES)
def test_wire_seconds_is_finite_non_negative_or_none(value: object) -> None:
    assert sane_seconds(wire_seconds(value, 1_000_000_000))


@pytest.mark.parametrize("value", [float("inf"), float("nan"), -5, 2**70, 1e30, True, "12", 1.5, None])
def test_the_values_from_the_issue_are_unknown(value: object) -> None:
    assert wire_count(value) is None


def test_good_values_pass() -> None:
    assert wire_count(0) == 0 and wire_count(4_700_000_000) == 4_700_000_000 and wire_count(4.0e9) == 4_000_000_000
    assert wire_seconds(1_500_000_000, 1_000_000_000) == 1.5


@given(JSON_VALUES, JSON_VALUES, JSON_VALUES)
def test_models_listing_entries_never_crash_and_hold_sane_figures(size: object, vram: object, ctx: object) -> None:
    # Through json text, as the wire hands it over (json.dumps writes Infinity/NaN back).
    entry = json.loads(json.dumps({"name": "m:1b", "size": size, "size_vram": vram, "context_length": ctx,
                                   "total": size, "completed": vram, "expires_at": "2026-01-01T00:00:00Z"}))
    assert sane_count(ModelInfo.from_tags_entry(entry).size)
    running = RunningModel.from_ps_entry(entry)
    assert all(sane_count(v) for v in (running.size, running.size_vram, running.context_length))
    assert running.processor  # a string, "?" when a figure was bad
    progress = PullProgress.from_line(entry)
    assert sane_count(progress.total) and sane_count(progress.completed)
    info = {"general.architecture": "llama", "llama.context_length": ctx}
    details = ModelDetails.from_show("m", {"model_info": info})
    assert sane_count(details.context_length)


def test_a_bad_running_size_shows_as_unknown_split() -> None:
    running = RunningModel.from_ps_entry(json.loads('{"name": "m", "size": Infinity, "size_vram": NaN}'))
    assert running.size is None and running.processor == "?"


@given(st.dictionaries(st.sampled_from(["prompt_eval_count", "eval_count", "load_duration", "prompt_eval_duration",
                                        "eval_duration", "total_duration"]), JSON_VALUES))
def test_native_stats_are_sane_and_print_without_nonsense(line: dict[str, object]) -> None:
    stats = stats_from_final(json.loads(json.dumps({"done": True, **line})))
    assert sane_count(stats.prompt_tokens) and sane_count(stats.generated_tokens)
    for seconds in (stats.load_seconds, stats.prompt_seconds, stats.generation_seconds, stats.total_seconds):
        assert sane_seconds(seconds)
    assert (speed := stats.tokens_per_second) is None or math.isfinite(speed)
    format_stats(stats)
    format_stats(stats, None, EXPORTED)


def test_absurd_stats_from_the_issue_show_as_unknown() -> None:
    stats = stats_from_final({"done": True, "eval_count": -5, "prompt_eval_count": 2**70, "load_duration": 1e30,
                              "eval_duration": 1_000_000_000, "total_duration": float("inf")})
    assert (stats.generated_tokens, stats.prompt_tokens, stats.load_seconds, stats.total_seconds) == (
        None, None, None, None)
    line = format_stats(stats)
    assert line.startswith("? tokens") and "prompt ?" in line and "load ?" in line
    assert "16666666666666666666" not in line
    exported = format_stats(stats, None, EXPORTED)
    assert "prompt ?" in exported and "? s total" in exported


def test_missing_stats_are_zero_as_before() -> None:
    stats = stats_from_final({"done": True})
    assert stats.generated_tokens == 0 and stats.load_seconds == 0.0


@given(JSON_VALUES, JSON_VALUES)
def test_openai_usage_counts_are_sane(prompt: object, completion: object) -> None:
    reader = ChatChunkReader()
    chunk = json.dumps({"choices": [{"delta": {"content": "x"}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": prompt, "completion_tokens": completion}})
    reader.events(chunk)
    stats = reader.finish()[-1].stats
    assert sane_count(stats.prompt_tokens) and sane_count(stats.generated_tokens)


@given(JSON_VALUES)
def test_tool_call_ids_are_text_or_none(value: object) -> None:
    ident = tool_call_id(value)
    assert ident is None or isinstance(ident, str)


def test_numeric_tool_call_ids_become_their_text() -> None:
    assert tool_call_id(7) == "7" and tool_call_id(7.0) == "7" and tool_call_id("call_1") == "call_1"
    assert tool_call_id(True) is None and tool_call_id({"a": 1}) is None and tool_call_id(float("nan")) is None


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_timestamps_that_overflow_when_converted_are_unknown(text: str) -> None:
    assert parse_timestamp(text) is None
