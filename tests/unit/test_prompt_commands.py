"""`/set`, `/show`, `/reset` and `/?` typed in the prompt: parsed and applied in core."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ollamux.api.capabilities import OLLAMA, OPENAI_COMPATIBLE, Capabilities
from ollamux.core.options import OLLAMA_OPTIONS, OPTIONS_BY_NAME, OptionError, validate_option
from ollamux.core.prompt_commands import CommandError, literal_message, parse, run
from ollamux.core.session import Session


def session() -> Session:
    return Session(host="local", model="qwen3:8b")


def do(text: str, s: Session, capabilities: Capabilities = OLLAMA) -> str:
    command = parse(text)
    assert command is not None, text
    return run(command, s, capabilities)[0]


def test_set_parameter_types_the_value_as_the_inspector_does():
    s = session()
    assert do("/set parameter temperature 0.2", s) == "temperature = 0.2"
    assert do("/set num_ctx 8192", s) == "num_ctx = 8192"  # the short form of the issue
    do("/set parameter stop <|end|> ###", s)  # each word a stop sequence, as in ollama run
    assert s.options == {"temperature": 0.2, "num_ctx": 8192, "stop": ["<|end|>", "###"]}
    assert isinstance(s.options["num_ctx"], int)


@pytest.mark.parametrize("text", ["/set parameter num_ctx 4k", "/set temperature warm",
                                  "/set parameter use_mmap maybe", "/set temprature 0.2",
                                  "/set parameter temperature", "/set think loud", "/set format [1]",
                                  "/set keep_alive 3600", "/nonsense", "/clear"])
def test_an_invalid_command_changes_nothing_and_says_why(text):
    s = session()
    s.options["top_k"] = 20
    before = copy.deepcopy(s)
    with pytest.raises(CommandError) as raised:
        do(text, s)
    assert s == before
    assert str(raised.value)


def test_errors_use_the_inspectors_words_and_suggest_names():
    with pytest.raises(CommandError, match=r"^num_ctx must be a whole number, got '4k'$"):
        do("/set parameter num_ctx 4k", session())
    with pytest.raises(CommandError, match="did you mean temperature"):
        do("/set temprature 0.2", session())
    with pytest.raises(CommandError, match="ctrl\\+n"):
        do("/clear", session())


def test_system_think_format_keep_alive_and_resets():
    s = session()
    do('/set system """You are terse.\nVery."""', s)
    assert s.system_prompt == "You are terse.\nVery."
    do("/set think", s)
    assert s.think is True
    do("/set think high", s)
    assert s.think == "high"
    do("/set nothink", s)
    assert s.think is False
    do("/set format json", s)
    assert s.format == "json"
    do('/set format {"type": "object"}', s)
    assert s.format == {"type": "object"}
    do("/set noformat", s)
    assert s.format is None
    do("/set keep_alive 10m", s)
    assert s.keep_alive == "10m"
    do("/set temperature 0.5", s)
    assert "temperature 0.5" in do("/show parameters", s)
    assert do("/show system", s) == "You are terse.\nVery."
    do("/reset parameter temperature", s)
    assert s.options == {}
    do("/set system", s)
    assert s.system_prompt == ""


def test_openai_hosts_take_their_own_options():
    s = session()
    do("/set max_tokens 100", s, OPENAI_COMPATIBLE)
    assert s.options == {"max_tokens": 100}
    for text in ("/set num_ctx 8192", "/set think", "/set keep_alive 5m"):
        with pytest.raises(CommandError):
            do(text, s, OPENAI_COMPATIBLE)


def test_show_and_help_change_nothing():
    s = session()
    for text in ("/?", "/help", "/show", "/show parameters", "/show system"):
        command = parse(text)
        assert command is not None and run(command, s)[1] is False
    assert "/set parameter NAME VALUE" in do("/?", s)


@pytest.mark.parametrize("text", ["hello", " /set temperature 1", "/ 3 is a fraction", "/.", "", "/"])
def test_messages_are_not_commands(text):
    assert parse(text) is None


def test_a_double_slash_sends_one_slash():
    assert parse("//set temperature") is None
    assert literal_message("//set temperature") == "/set temperature"
    assert literal_message("/set x") is None


@given(st.text())
def test_parse_never_fails_and_only_takes_a_leading_slash_word(text):
    command = parse(text)
    if command is not None:
        assert text.startswith("/") and not text.startswith("//")
        assert command.name and command.name == text[1:].split()[0].lower()


@given(st.text(max_size=40))
def test_run_never_fails_other_than_with_a_reason(text):
    s = session()
    command = parse("/" + text)
    if command is None:
        return
    try:
        note, _ = run(command, s)
    except CommandError as error:
        assert str(error)
    else:
        assert isinstance(note, str)


@given(st.sampled_from([spec for spec in OLLAMA_OPTIONS if spec.kind != "list[str]"]),
       st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Cc", "Zl", "Zp")), min_size=1, max_size=12))
def test_set_parameter_agrees_with_the_inspectors_check(spec, value):
    s = session()
    try:
        expected = validate_option(spec, value)
    except OptionError as error:
        with pytest.raises(CommandError, match="^" + __import__("re").escape(str(error)) + "$"):
            do(f"/set parameter {spec.name} {value}", s)
        assert s.options == {}
    else:
        do(f"/set parameter {spec.name} {value}", s)
        assert s.options == {spec.name: expected}
        assert type(s.options[spec.name]) is type(expected)


def test_every_option_name_can_be_set():
    for name in OPTIONS_BY_NAME:
        assert parse(f"/set parameter {name} 1") is not None
