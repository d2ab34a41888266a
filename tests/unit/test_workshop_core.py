"""Pure parts of the workshop: a session saved as a model, Modelfiles, similarity, logprobs."""

from __future__ import annotations

import math

import pytest

from ollamux.api.create import create_body
from ollamux.api.events import ToolCall
from ollamux.api.logprobs import parse_logprobs
from ollamux.core.model_create import create_request_from_session, model_name_problem
from ollamux.core.modelfile import ModelfileError, parse_modelfile
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.similarity import cosine, cosine_matrix


def tuned_session() -> Session:
    session = Session(host="local", model="qwen3:8b", system_prompt="Answer in haiku.",
                      options={"temperature": "0.3", "num_ctx": 8192.0, "stop": "END\n<|im_end|>",
                               "mirostat": 1})
    session.messages += [
        ChatMessage(role="user", content="Spring?"),
        ChatMessage(role="assistant", content="Blossoms fall softly", thinking="kigo..."),
        ChatMessage(role="user", content="Weather in Oslo?"),
        ChatMessage(role="assistant", content="", tool_calls=[ToolCall("weather", {"city": "Oslo"})]),
        ChatMessage(role="tool", content="4 C", tool_name="weather"),
        ChatMessage(role="assistant", content="Cold wi", status=Status.ERROR),
    ]
    return session


def test_a_session_becomes_a_create_body_with_json_types() -> None:
    request = create_request_from_session(tuned_session(), "  haiku-bot ", with_messages=True)
    assert create_body(request) == {
        "model": "haiku-bot", "stream": True, "from": "qwen3:8b", "system": "Answer in haiku.",
        # Typed as the server reads them; stop a list; the removed mirostat left out.
        "parameters": {"temperature": 0.3, "num_ctx": 8192, "stop": ["END", "<|im_end|>"]},
        # Finished plain exchanges only: no tool turns, no failed reply, no thinking.
        "messages": [{"role": "user", "content": "Spring?"},
                     {"role": "assistant", "content": "Blossoms fall softly"},
                     {"role": "user", "content": "Weather in Oslo?"}],
    }
    bare = create_body(create_request_from_session(Session(host="h", model="m"), "n"))
    assert bare == {"model": "n", "stream": True, "from": "m"}  # nothing the base does not have


@pytest.mark.parametrize(("name", "ok"), [
    ("haiku-bot", True), ("me/haiku:v2", True), ("registry.example.com/me/m:q4_K_M", True),
    ("", False), ("two words", False), ("m:", False), ("a/b/c/d", False), ("-x", False),
])
def test_model_names(name: str, ok: bool) -> None:
    assert (model_name_problem(name) == "") is ok


MODELFILE = '''# A tuned coder
FROM qwen2.5-coder:7b
PARAMETER temperature 0.2
parameter num_ctx 16384
PARAMETER stop "<|im_end|>"
PARAMETER stop ###
PARAMETER use_mmap false
SYSTEM """You are a reviewer.
Quote the line you mean."""
TEMPLATE "{{ .Prompt }}"
LICENSE MIT
LICENSE """Apache 2.0
with notes"""
MESSAGE user "Review: x = 1"
MESSAGE assistant Fine, but name it.
ADAPTER ./lora.gguf
'''


def test_a_modelfile_becomes_a_create_body() -> None:
    parsed = parse_modelfile(MODELFILE)
    assert parsed.files == ["./lora.gguf"]
    with pytest.raises(ModelfileError, match=r"line 16: \./lora\.gguf is a file: upload it first"):
        parsed.to_request("reviewer")
    body = create_body(parsed.to_request("reviewer", {"./lora.gguf": "sha256:" + "a" * 64}))
    assert body == {
        "model": "reviewer", "stream": True, "from": "qwen2.5-coder:7b",
        "adapters": {"lora.gguf": "sha256:" + "a" * 64},
        "system": "You are a reviewer.\nQuote the line you mean.", "template": "{{ .Prompt }}",
        "license": ["MIT", "Apache 2.0\nwith notes"],
        "parameters": {"temperature": 0.2, "num_ctx": 16384, "stop": ["<|im_end|>", "###"],
                       "use_mmap": False},
        "messages": [{"role": "user", "content": "Review: x = 1"},
                     {"role": "assistant", "content": "Fine, but name it."}],
    }
    from_file = parse_modelfile("FROM ./weights.gguf\r\n").to_request("w", {"./weights.gguf": "sha256:b"})
    assert create_body(from_file) == {"model": "w", "stream": True, "files": {"weights.gguf": "sha256:b"}}


@pytest.mark.parametrize(("text", "error"), [
    ("PARAMETER temperature 1", "no FROM line"),
    ("FROM m\nPARAMETER top_k many", "line 2: top_k must be a whole number, got 'many'"),
    ("FROM m\n\nPARAMETER colour red", "line 3: unknown parameter 'colour'"),
    ("FROM m\nPARAMETER mirostat 1", "line 2: unknown parameter 'mirostat' (Ollama dropped it"),
    ("FROM m\nMESSAGE robot hi", "line 2: a message's role is system, user or assistant, not 'robot'"),
    ('FROM m\nSYSTEM """never\nclosed', 'line 2: SYSTEM: the """ opened here is never closed'),
    ('FROM m\nSYSTEM "open', "line 2: SYSTEM: the quote opened here is never closed"),
    ('FROM m\nSYSTEM """a\nb""" c', "line 3: SYSTEM: unexpected text after the closing quote"),
    ("FROM m\nSYSTEM", "line 2: SYSTEM needs a value"),
    ("FROM m\nPARAMETER", "line 2: the parameter's name is missing"),
    ("FROM m\nQUANTIZE q4", "line 2: unknown command 'QUANTIZE'"),
])
def test_modelfile_errors_name_the_line(text: str, error: str) -> None:
    with pytest.raises(ModelfileError) as raised:
        parse_modelfile(text)
    assert str(raised.value).startswith(error)


def test_cosine_matrix() -> None:
    matrix = cosine_matrix([[1.0, 0.0], [0.0, 2.0], [3.0, 3.0], [0.0, 0.0]])
    assert matrix[0][0] == 1.0 and matrix[0][1] == 0.0
    assert math.isclose(matrix[0][2] or 0, math.sqrt(0.5)) and matrix[2][0] == matrix[0][2]
    assert matrix[3] == [None] * 4  # a zero vector has no direction
    assert math.isclose(cosine([1.0, 1.0], [-1.0, -1.0]) or 0, -1.0)
    with pytest.raises(ValueError, match="different sizes"):
        cosine([1.0], [1.0, 2.0])


def test_logprobs_keep_what_is_readable() -> None:
    tokens = parse_logprobs([
        {"token": "Hi", "logprob": -0.1, "bytes": [72, 105],
         "top_logprobs": [{"token": "Hi", "logprob": -0.1}, {"token": "Hey", "logprob": "x"}]},
        {"token": "?", "logprob": None}, "junk", {"token": "!", "logprob": 0},
    ])
    assert [(t.token, t.logprob, [a.token for a in t.top]) for t in tokens] == [
        ("Hi", -0.1, ["Hi"]), ("!", 0.0, [])]
    assert tokens[1].probability == 1.0 and parse_logprobs(None) == ()
