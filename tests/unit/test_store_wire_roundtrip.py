"""Whatever the decoders can produce is saved in a file that loads back the same.

A session file that cannot be read costs the user the whole conversation at the
next start, so the property is checked from the wire inwards: any chat stream
the native or OpenAI decoder accepts -> Session -> TOML -> Session.
"""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ollamux.api.events import Stats
from ollamux.api.ollama import ChatLineReader
from ollamux.api.openai import ChatChunkReader
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.session_toml import SessionFormatError, session_from_toml, session_to_toml
from ollamux.core.store import SessionStore
from tests.unit.test_strip_control import UNSAFE
from tests.unit.test_wire_numbers import JSON_VALUES

TEXT = st.text(max_size=20)
STAT_KEYS = ["prompt_eval_count", "eval_count", "load_duration", "prompt_eval_duration", "eval_duration",
             "total_duration"]


def _ints(value: object) -> list[int]:
    if isinstance(value, dict):
        return [i for v in value.values() for i in _ints(v)]
    if isinstance(value, list):
        return [i for v in value for i in _ints(v)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []


def saved_and_loaded(session: Session) -> Session:
    text = session_to_toml(session)
    # Other TOML readers take 64-bit integers only: none may be written larger.
    assert all(-(2**63) <= i < 2**63 for i in _ints(tomllib.loads(text)))
    loaded = session_from_toml(text)
    # Re-serialised text compares NaN arguments too (nan != nan as a value).
    assert session_to_toml(loaded) == text
    return loaded


def session_from_events(events: list) -> Session:
    session = Session(host="h", model="m", created_at=datetime(2026, 1, 1, tzinfo=UTC))
    session.add_user("q")
    session.start_reply()
    for event in events:
        session.apply(event)
    return session


native_call = st.fixed_dictionaries(
    {"function": st.fixed_dictionaries({"name": TEXT, "arguments": st.dictionaries(TEXT, JSON_VALUES, max_size=3)})},
    optional={"id": JSON_VALUES},
)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT, TEXT, st.lists(native_call, max_size=3), st.dictionaries(st.sampled_from(STAT_KEYS), JSON_VALUES),
       JSON_VALUES)
def test_native_stream_decode_save_load(content, thinking, calls, stats, done_reason) -> None:
    lines = [
        {"message": {"role": "assistant", "content": content, "thinking": thinking, "tool_calls": calls}},
        {"message": {"role": "assistant", "content": ""}, "done": True, "done_reason": done_reason, **stats},
    ]
    reader = ChatLineReader()
    # Through JSON text, as a server would send them (Infinity and NaN included).
    events = [e for line in lines for e in reader.events(json.loads(json.dumps(line)))]
    session = session_from_events(events)
    loaded = saved_and_loaded(session)
    reply, back = session.messages[-1], loaded.messages[-1]
    assert back.stats == reply.stats and back.content == reply.content and back.thinking == reply.thinking
    assert [c.id for c in back.tool_calls] == [c.id for c in reply.tool_calls]


sse_fragment = st.fixed_dictionaries(
    {"index": st.integers(0, 2), "function": st.fixed_dictionaries({"name": TEXT, "arguments": TEXT})},
    optional={"id": JSON_VALUES},
)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT, st.lists(sse_fragment, max_size=3), st.dictionaries(st.sampled_from(["prompt_tokens",
       "completion_tokens"]), JSON_VALUES))
def test_openai_stream_decode_save_load(content, fragments, usage) -> None:
    reader = ChatChunkReader()
    chunks = [{"choices": [{"delta": {"content": content, "tool_calls": fragments}, "finish_reason": "stop"}]},
              {"choices": [], "usage": usage}]
    events = [e for chunk in chunks for e in reader.events(json.dumps(chunk))] + reader.finish()
    session = session_from_events(events)
    loaded = saved_and_loaded(session)
    assert loaded.messages[-1].stats == session.messages[-1].stats
    assert [c.id for c in loaded.messages[-1].tool_calls] == [c.id for c in session.messages[-1].tool_calls]


def test_a_numeric_tool_call_id_is_saved_as_text() -> None:
    reader = ChatLineReader()
    events = reader.events({"message": {"role": "assistant", "content": "", "tool_calls": [
        {"id": 7, "function": {"name": "f", "arguments": {}}}]}}) + reader.events({"done": True})
    loaded = saved_and_loaded(session_from_events(events))
    assert loaded.messages[-1].tool_calls[0].id == "7"


OLD_FILE = """schema_version = 1
host = "h"
model = "m"

[[messages]]
role = "assistant"
content = "x"
[[messages.tool_calls]]
name = "f"
id = 7
"""


def test_files_that_older_versions_wrote_with_a_numeric_id_load() -> None:
    assert session_from_toml(OLD_FILE).messages[0].tool_calls[0].id == "7"


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
                                    "0001-01-01T00:00:00", "9999-12-31T23:59:59.999999Z"])
@pytest.mark.parametrize("where", ["updated_at", "created_at", "message"])
def test_dates_out_of_range_are_a_bad_file(moment: str, where: str) -> None:
    head = 'schema_version = 1\nhost = "h"\nmodel = "m"\n'
    if where == "message":
        document = head + f'[[messages]]\nrole = "user"\ncreated_at = {moment}\n'
    else:
        document = head + f"{where} = {moment}\n"
    with pytest.raises(SessionFormatError, match="out of range"):
        session_from_toml(document)


def test_a_bad_date_is_reported_by_the_store_and_the_rest_load(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    store.save(Session(host="h", model="m", id="good"))
    (tmp_path / "bad.toml").write_text('schema_version = 1\nhost = "h"\nmodel = "m"\n'
                                       "updated_at = 0001-01-01T00:00:00+14:00\n")
    sessions, problems = store.load_all()
    assert [s.id for s in sessions] == ["good"]
    assert [p.path.name for p in problems] == ["bad.toml"] and "out of range" in problems[0].reason


ABSURD_STATS = """schema_version = 1
host = "h"
model = "m"

[[messages]]
role = "assistant"
content = "x"
[messages.stats]
prompt_tokens = -5
generated_tokens = 9223372036854775808
load_seconds = inf
prompt_seconds = nan
generation_seconds = "fast"
done_reason = "stop"
"""


def test_absurd_stats_in_a_file_load_as_unknown() -> None:
    stats = session_from_toml(ABSURD_STATS).messages[0].stats
    assert stats == Stats(prompt_tokens=None, generated_tokens=None, load_seconds=None, prompt_seconds=None,
                          generation_seconds=None, total_seconds=None, done_reason="stop")


@given(st.builds(Stats, prompt_tokens=st.none() | st.integers(0, 2**63 - 1),
                 generated_tokens=st.none() | st.integers(0, 2**63 - 1),
                 load_seconds=st.none() | st.floats(0, 9e9), total_seconds=st.none() | st.floats(0, 1e9),
                 done_reason=TEXT))
def test_stats_round_trip_unknown_figures_included(stats: Stats) -> None:
    session = Session(host="h", model="m")
    session.messages.append(ChatMessage(role="assistant", content="x", stats=stats, status=Status.COMPLETE))
    assert saved_and_loaded(session).messages[0].stats == stats


@given(st.text(), st.text(), st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2))
def test_a_session_file_holds_nothing_a_terminal_acts_on_and_reads_back(title, content, sent) -> None:
    session = Session(host="h", model="m", title=title)
    session.messages.append(ChatMessage(role="assistant", content=content, thinking=content, sent=sent))
    text = session_to_toml(session)
    assert not UNSAFE.search(text)  # `cat` of a session file is safe
    loaded = session_from_toml(text)
    assert loaded.title == title and loaded.messages[0].content == content and loaded.messages[0].sent == sent
