"""Completion sessions: the generate body a session makes, its file, its search rows, its export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ollamux.api.generate import generate_body
from ollamux.core.completion import CompletionSettings, completion_problem, completion_request, completion_sent
from ollamux.core.export import to_markdown
from ollamux.core.search_read import session_rows
from ollamux.core.session import Session, Status
from ollamux.core.session_toml import SessionFormatError, session_from_toml, session_to_toml


def completion_session(**settings: object) -> Session:
    session = Session(host="local", model="qwen2.5-coder:1.5b-base-fp16",
                      completion=CompletionSettings(**settings))  # type: ignore[arg-type]
    session.add_user("def add(a, b):\n").suffix = "\nprint(add(1, 2))\n"
    reply = session.start_reply()
    reply.content = "    return a + b"
    reply.status = Status.COMPLETE
    return session


def test_body_has_the_last_prompt_its_suffix_and_the_settings_with_json_types() -> None:
    session = completion_session(template="{{ .Prompt }}")
    session.system_prompt = "You write Python."
    session.options = {"num_ctx": 4096.0, "temperature": 1, "stop": ("\n\n",), "mirostat": None}
    session.think, session.format, session.keep_alive = False, "json", "5m"
    session.add_user("second prompt")
    body = json.loads(json.dumps(generate_body(completion_request(session), stream=True)))
    assert body == {
        "model": "qwen2.5-coder:1.5b-base-fp16", "prompt": "second prompt", "stream": True,
        "system": "You write Python.", "template": "{{ .Prompt }}",
        "options": {"num_ctx": 4096, "temperature": 1.0, "stop": ["\n\n"]},
        "keep_alive": "5m", "think": False, "format": "json",
    }
    assert isinstance(body["options"]["num_ctx"], int) and isinstance(body["options"]["temperature"], float)


def test_body_with_suffix_and_raw_leaves_the_model_defaults_out() -> None:
    body = generate_body(completion_request(completion_session(raw=True)), stream=True)
    assert body == {"model": "qwen2.5-coder:1.5b-base-fp16", "prompt": "def add(a, b):\n",
                    "suffix": "\nprint(add(1, 2))\n", "raw": True, "stream": True}


def test_a_runs_raw_and_template_are_named_in_its_sent_line() -> None:
    assert completion_sent(completion_request(completion_session())) == {}
    sent = completion_sent(completion_request(completion_session(raw=True, template="{{ .Prompt }}")))
    assert sent == {"raw": True, "template": "own"}


def test_raw_with_a_system_prompt_or_template_is_refused_before_sending() -> None:
    session = completion_session(raw=True)
    assert completion_problem(session) == ""
    session.system_prompt = "be brief"
    assert "Raw mode" in completion_problem(session)
    session.system_prompt, session.completion = "", CompletionSettings(raw=True, template="{{ .Prompt }}")
    assert completion_problem(session)


def test_toml_round_trip_keeps_the_kind_settings_and_suffixes() -> None:
    session = completion_session(suffix="draft suffix\n", raw=True, template="T {{ .Prompt }}")
    text = session_to_toml(session)
    assert 'kind = "completion"' in text and "[completion]" in text
    back = session_from_toml(text)
    assert back.kind == "completion" and back.completion == session.completion
    assert [m.suffix for m in back.messages] == ["\nprint(add(1, 2))\n", ""]
    assert back.messages[1].content == "    return a + b"


def test_old_files_load_as_chat_and_an_unknown_kind_is_a_clear_error() -> None:
    chat = Session(host="local", model="m")
    chat.add_user("hi")
    text = session_to_toml(chat)
    assert "kind" not in text and "completion" not in text
    assert session_from_toml(text).kind == "chat"
    with pytest.raises(SessionFormatError, match="unknown session kind"):
        session_from_toml('kind = "poem"\n' + text)


def test_search_rows_hold_the_prompt_its_suffix_and_the_completion() -> None:
    _, rows = session_rows(completion_session(), Path("/tmp/s.toml"), 0, 0)
    text = " ".join(row.content for row in rows)
    assert "def add(a, b)" in text and "print(add(1, 2))" in text and "return a + b" in text


def test_export_says_completion_and_shows_the_suffix() -> None:
    markdown = to_markdown(completion_session(raw=True))
    assert "Completion session (`/api/generate`), raw" in markdown
    assert "print(add(1, 2))" in markdown and "return a + b" in markdown


def test_only_ollamas_native_api_runs_completions() -> None:
    from ollamux.api.clients import make_client
    from ollamux.api.hosts import Host
    from ollamux.core.completion import completion_backend

    session = completion_session()
    assert completion_backend(make_client(Host("o", "http://127.0.0.1:9", kind="openai")), session) is None
    backend = completion_backend(make_client(Host("l", "http://127.0.0.1:9")), session)
    assert backend is not None and backend.capabilities.keep_alive
