"""Session <-> TOML: every field survives, texts exactly, and the file stays readable."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ollamux.api.events import Stats, ToolCall
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.session_toml import SessionFormatError
from ollamux.core.store import SCHEMA_VERSION, session_from_toml, session_to_toml

NASTY = "a'''b\"\"\"c\\d\\\ne\tf\rg\r\nh\x00\x01\x1b[31m\x7f\x85\u2028end\"'\\"
FENCED = "Here:\n\n```python\nprint('''hi''')\n```\n\n~~~\nx\n~~~\n"


def roundtrip(session: Session) -> Session:
    return session_from_toml(session_to_toml(session))


def full_session() -> Session:
    t0 = datetime(2024, 5, 1, 12, 30, 45, 123456, tzinfo=UTC)
    session = Session(
        host="gpu-box",
        model="qwen3:8b",
        title="Ünïcödé 🦙 title",
        system_prompt="Be terse.\nUse ``` fences.",
        options={"temperature": 0.7, "num_ctx": 8192, "stop": ["</s>", "\n\n"], "mirostat": 0,
                 "low_vram": True, "seed": -1, "note": "x"},
        keep_alive="5m",
        think="high",
        format={"type": "object", "properties": {"a": {"type": ["string", "null"]}}, "n": 1.5},
        id="abc123def456",
        created_at=t0,
        updated_at=t0 + timedelta(hours=1),
    )
    stats = Stats(prompt_tokens=12, generated_tokens=345, load_seconds=0.25, prompt_seconds=0.125,
                  generation_seconds=3.5, total_seconds=3.875, done_reason="length")
    calls = [
        ToolCall("get_weather", {"city": "Zürich", "days": 3, "deep": {"l": [1, 2.5, "x"]}}, id="c1"),
        ToolCall("broken", {}, raw_arguments='{"city": "Par'),
        ToolCall("nulls", {"a": None, "big": 2**70, "l": [None, {"k": None}]}, id="c3"),
    ]
    session.messages = [
        ChatMessage(role="user", content=FENCED, created_at=t0),
        ChatMessage(role="assistant", content="答え " + NASTY, thinking="hmm\n" * 3, tool_calls=calls,
                    stats=stats, status=Status.COMPLETE, created_at=t0, first_token_seconds=0.42,
                    sent={"temperature": 0.2, "stop": ["\n\nUser:", "'''"], "think": "high", "format": "schema",
                          "keep_alive": "10m", "seed": 7}),
        ChatMessage(role="tool", content='{"temp": 21}', created_at=t0),
        ChatMessage(role="assistant", content="partial", status=Status.STOPPED, created_at=t0),
        ChatMessage(role="assistant", status=Status.ERROR, error="model 'x' not found",
                    hint="pull it first", created_at=t0),
        ChatMessage(role="system", content="", created_at=t0),
    ]
    return session


def test_every_field_round_trips() -> None:
    session = full_session()
    assert roundtrip(session) == session


def test_file_is_readable_toml_with_multiline_texts() -> None:
    text = session_to_toml(full_session())
    data = tomllib.loads(text)
    assert data["schema_version"] == SCHEMA_VERSION
    assert "Be terse.\\nUse" not in text  # not one escaped line...
    assert '"""\nBe terse.\nUse ``` fences."""' in text  # ...but a multi-line string
    assert "\nprint('''hi''')\n" in text
    assert "created_at = 2024-05-01 12:30:45.123456+00:00" in text
    assert data["messages"][1]["tool_calls"][0]["arguments"]["city"] == "Zürich"
    assert "format_json" in data and "format" not in data


@pytest.mark.parametrize("status", list(Status))
def test_status_values(status: Status) -> None:
    session = Session(host="h", model="m")
    session.messages.append(ChatMessage(role="assistant", content="x", status=status))
    loaded = roundtrip(session).messages[0]
    # A reply still streaming when saved was cut off, as far as any later run knows.
    assert loaded.status is (Status.ERROR if status is Status.STREAMING else status)
    assert loaded.content == "x"


def test_streaming_reply_saved_as_interrupted_with_partial_text() -> None:
    session = Session(host="h", model="m")
    session.add_user("hi")
    session.start_reply().content = "half an ans"
    loaded = roundtrip(session)
    # Not complete, and not "stopped" (nobody stopped it): shown as cut off.
    assert loaded.messages[-1].status is Status.ERROR
    assert loaded.messages[-1].error.startswith("Interrupted")
    assert loaded.messages[-1].content == "half an ans"
    assert not loaded.streaming
    assert session.streaming  # saving does not change the live session


@pytest.mark.parametrize("value", [None, "json", {"type": "object"}])
def test_format_values(value: object) -> None:
    session = Session(host="h", model="m", format=value)  # type: ignore[arg-type]
    assert roundtrip(session).format == value


@pytest.mark.parametrize("think", [None, True, False, "low", "max"])
@pytest.mark.parametrize("keep_alive", [None, "10m", 0, -1, 300.5])
def test_think_and_keep_alive(think: object, keep_alive: object) -> None:
    session = Session(host="h", model="m", think=think, keep_alive=keep_alive)  # type: ignore[arg-type]
    loaded = roundtrip(session)
    assert loaded.think == think and type(loaded.think) is type(think)
    assert loaded.keep_alive == keep_alive and type(loaded.keep_alive) is type(keep_alive)


def test_none_fields_restore_defaults() -> None:
    session = Session(host="h", model="m", options={"temperature": None, "top_k": 5})
    session.messages.append(ChatMessage(role="user", content="q"))
    text = session_to_toml(session)
    loaded = session_from_toml(text)
    assert loaded.options == {"top_k": 5}
    assert loaded.messages[0].stats is None and loaded.messages[0].first_token_seconds is None
    assert loaded.keep_alive is None and loaded.think is None and loaded.format is None


def test_megabyte_texts_round_trip() -> None:
    big = ("line with ``` and '''\n" * 50_000)[:1_000_000]
    session = Session(host="h", model="m", system_prompt=big)
    session.messages.append(ChatMessage(role="assistant", content=big, thinking=big[::-1]))
    assert roundtrip(session) == session


def test_lone_surrogate_becomes_replacement_not_a_crash() -> None:
    session = Session(host="h", model="m", title="bad \ud800 half")
    text = session_to_toml(session)
    text.encode("utf-8")
    assert session_from_toml(text).title == "bad \ufffd half"


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ("schema_version = 2\nhost='h'\nmodel='m'\n", "written by a newer ollamux (schema 2)"),
        ("host='h'\nmodel='m'\n", "missing required field 'schema_version'"),
        ("schema_version = 1\nmodel='m'\n", "missing required field 'host'"),
        ("schema_version = 1\nhost='h'\nmodel=3\n", "field 'model' has the wrong type"),
        ("schema_version = 1\nhost='h'\nmodel='m'\n[[messages]]\nrole='bot'\n", "unknown role"),
        ("schema_version = 1\nhost='h'\nmodel='m'\n[[messages]]\nrole='user'\nstatus='x'\n",
         "unknown status"),
        ("schema_version = 1\nhost='h'\nmodel='m'\nformat_json='[1'\n", "not valid JSON"),
        ("schema_version = 1\nhost='h'\nmodel='m'\nkeep_alive=true\n", "wrong type"),
        ("schema_version = 'one'\nhost='h'\nmodel='m'\n", "unsupported schema version"),
    ],
)
def test_invalid_documents(document: str, reason: str) -> None:
    with pytest.raises(SessionFormatError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        session_from_toml(document)


# Arbitrary text: any code point but lone surrogates (which UTF-8 cannot hold),
# with the characters that stress TOML strings mixed in on purpose.
TRICKY = st.sampled_from(["'''", '"""', "\\", "\r\n", "\r", "\n", "\t", "\x00", "\x7f", '"', "\\\n"])
TEXT = st.lists(st.one_of(st.text(max_size=20), TRICKY), max_size=12).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(TEXT, min_size=8, max_size=8), key=TEXT, option=TEXT)
def test_arbitrary_text_round_trips(texts: list[str], key: str, option: str) -> None:
    session = Session(host=texts[0], model=texts[1], title=texts[2], system_prompt=texts[3],
                      options={key: option, "stop": [option, key]}, format=texts[4], think=texts[5])
    session.messages.append(
        ChatMessage(role="assistant", content=texts[6], thinking=texts[7], error=texts[0],
                    hint=texts[1], status=Status.ERROR,
                    tool_calls=[ToolCall(texts[2], {key: texts[3], "l": [texts[4]]}, id=texts[5],
                                         raw_arguments=texts[6])])
    )
    assert roundtrip(session) == session

