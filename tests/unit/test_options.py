"""Options, keep_alive, think and format validation (ollamux.core.options)."""

from __future__ import annotations

import json

import pytest

from ollamux.core.options import (
    OLLAMA_OPTIONS,
    OPENAI_OPTIONS,
    OPTIONS_BY_NAME,
    REMOVED_OPTIONS,
    THINK_CHOICES,
    OptionError,
    parse_parameters,
    think_choices,
    think_label,
    validate_format,
    validate_keep_alive,
    validate_option,
    wire_options,
)
from ollamux.core.session import Session, settings_sent
from ollamux.core.text import format_sent

# Shaped as `/api/show` writes it: %-30s key, one space, Go %#v value.
PARAMETERS = "\n".join([
    'num_ctx                        8192',
    'stop                           "<|im_start|>"',
    'stop                           "<|im_end|>"',
    'temperature                    0.7',
    'use_mmap                       false',
    'system_hint                    "say \\"hi\\"\\tthen\\nbye"',
    'num_keep                       24',
])


def spec(name: str):
    return OPTIONS_BY_NAME[name]


# -- the tables -------------------------------------------------------------------

def test_every_current_key_is_listed_once() -> None:
    names = [s.name for s in OLLAMA_OPTIONS]
    assert len(names) == len(set(names)) == 20
    assert {"num_ctx", "num_batch", "num_gpu", "main_gpu", "use_mmap", "num_thread",
            "draft_num_predict", "num_keep", "seed", "num_predict", "top_k", "top_p",
            "min_p", "typical_p", "repeat_last_n", "temperature", "repeat_penalty",
            "presence_penalty", "frequency_penalty", "stop"} == set(names)
    assert not set(names) & set(REMOVED_OPTIONS)


def test_load_time_options_are_flagged() -> None:
    reloads = {s.name for s in OLLAMA_OPTIONS if s.reloads_model}
    assert reloads == {"num_ctx", "num_batch", "num_gpu", "main_gpu", "use_mmap",
                       "num_thread", "draft_num_predict"}


def test_defaults_and_kinds_follow_the_protocol_table() -> None:
    assert spec("num_ctx").server_default == "auto (4096 / 32768 / 262144 by VRAM)"
    assert spec("repeat_penalty").server_default.startswith("1.0")
    assert spec("temperature").server_default == "0.8"
    assert spec("stop").kind == "list[str]"
    assert spec("use_mmap").kind == "bool"
    assert all(s.help for s in OLLAMA_OPTIONS + OPENAI_OPTIONS)


def test_openai_options() -> None:
    names = [s.name for s in OPENAI_OPTIONS]
    assert names == ["temperature", "top_p", "max_tokens", "seed", "stop", "presence_penalty",
                     "frequency_penalty", "reasoning_effort"]
    effort = OPENAI_OPTIONS[-1]
    assert effort.choices == ("none", "low", "medium", "high")
    assert validate_option(effort, "none") == "none"
    with pytest.raises(OptionError, match="must be one of none, low, medium, high"):
        validate_option(effort, "extreme")


# -- parse_parameters -----------------------------------------------------------------

def test_parse_parameters_types_repeats_and_quotes() -> None:
    assert parse_parameters(PARAMETERS) == {
        "num_ctx": 8192,
        "stop": ["<|im_start|>", "<|im_end|>"],
        "temperature": 0.7,
        "use_mmap": False,
        "system_hint": 'say "hi"\tthen\nbye',
        "num_keep": 24,
    }


def test_parse_parameters_single_stop_is_still_a_list() -> None:
    assert parse_parameters('stop "<|eot_id|>"') == {"stop": ["<|eot_id|>"]}


def test_parse_parameters_documented_example() -> None:
    text = 'num_keep                       24\nstop                           "<|eot_id|>"'
    assert parse_parameters(text) == {"num_keep": 24, "stop": ["<|eot_id|>"]}


def test_parse_parameters_unknown_keys_stay_strings_and_may_repeat() -> None:
    parsed = parse_parameters("mirostat 2\nfoo bar baz\nfoo 3\n")
    assert parsed == {"mirostat": "2", "foo": ["bar baz", "3"]}


def test_parse_parameters_go_escapes_and_unicode() -> None:
    text = 'stop "\\u00e9\\x41\\101\\\\"\nstop "日本\\U0001F600"'
    assert parse_parameters(text)["stop"] == ["éAA\\", "日本😀"]
    # \xNN escapes are bytes: two of them can make one UTF-8 character.
    assert parse_parameters('stop "\\xc3\\xa9"')["stop"] == ["é"]


def test_parse_parameters_tolerates_odd_input() -> None:
    text = "\n   \nlonely\nnum_ctx 4096.9\ntop_k lots\n  temperature\t0.5  \r\n"
    # An int field truncates a float as the server does; garbage stays text.
    assert parse_parameters(text) == {"num_ctx": 4096, "top_k": "lots", "temperature": 0.5}
    assert parse_parameters("") == {}


# -- validate_option ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("8192", 8192), (" -1 ", -1), ("+4", 4), ("4096.0", 4096), ("1e3", 1000),
    ("123456789012345678901234567890", 123456789012345678901234567890),
])
def test_int_accepts(text: str, expected: int) -> None:
    value = validate_option(spec("num_ctx"), text)
    assert value == expected and type(value) is int


@pytest.mark.parametrize("text", ["4k", "4096.5", "0x10", "inf", "nan", "true", "1,000"])
def test_int_rejects(text: str) -> None:
    with pytest.raises(OptionError) as caught:
        validate_option(spec("num_ctx"), text)
    assert str(caught.value) == f"num_ctx must be a whole number, got {text!r}"


def test_int_error_wording() -> None:
    with pytest.raises(OptionError, match=r"^num_ctx must be a whole number, got '4k'$"):
        validate_option(spec("num_ctx"), "4k")


@pytest.mark.parametrize(("text", "expected"), [("0.7", 0.7), ("1", 1.0), (".5", 0.5), ("-2e-1", -0.2)])
def test_float_accepts_ints_too(text: str, expected: float) -> None:
    value = validate_option(spec("temperature"), text)
    assert value == expected and type(value) is float


@pytest.mark.parametrize("text", ["0,7", "warm", "inf", "1e400", "nan"])
def test_float_rejects(text: str) -> None:
    with pytest.raises(OptionError, match="temperature must be a"):
        validate_option(spec("temperature"), text)


@pytest.mark.parametrize(("text", "expected"), [
    ("true", True), ("Yes", True), ("1", True), ("on", True),
    ("false", False), ("NO", False), ("0", False), ("off", False),
])
def test_bool(text: str, expected: bool) -> None:
    assert validate_option(spec("use_mmap"), text) is expected


def test_bool_rejects() -> None:
    with pytest.raises(OptionError, match="use_mmap must be true or false"):
        validate_option(spec("use_mmap"), "maybe")


def test_list_one_per_line_kept_verbatim() -> None:
    assert validate_option(spec("stop"), "<|im_end|>\n\nUser: \r\n[INST]\n") == [
        "<|im_end|>", "User: ", "[INST]"]


def test_list_as_json_array() -> None:
    assert validate_option(spec("stop"), '["\\n\\n", "###"]') == ["\n\n", "###"]
    assert validate_option(spec("stop"), "[]") == []


def test_list_bad_json() -> None:
    with pytest.raises(OptionError, match="stop: invalid JSON at line 2, column 1"):
        validate_option(spec("stop"), '["a",\n]')
    with pytest.raises(OptionError, match="must be an array of strings"):
        validate_option(spec("stop"), '["a", 1]')


@pytest.mark.parametrize("name", [s.name for s in OLLAMA_OPTIONS])
def test_empty_means_no_override(name: str) -> None:
    assert validate_option(spec(name), "") is None
    assert validate_option(spec(name), "  \n ") is None


# -- wire_options ---------------------------------------------------------------------

def test_wire_options_only_overrides_with_json_types() -> None:
    overrides = {
        "num_ctx": "8192", "temperature": 1, "top_k": 40.0, "stop": ("a", "b"),
        "use_mmap": False, "seed": None, "mirostat": 2, "tfs_z": 1.0, "brand_new": "x",
    }
    wire = wire_options(overrides)
    assert wire == {"num_ctx": 8192, "temperature": 1.0, "top_k": 40, "stop": ["a", "b"],
                    "use_mmap": False, "brand_new": "x"}
    assert json.dumps(wire) == ('{"num_ctx": 8192, "temperature": 1.0, "top_k": 40, '
                                '"stop": ["a", "b"], "use_mmap": false, "brand_new": "x"}')


def test_wire_options_empty_and_text_values() -> None:
    assert wire_options({}) == {}
    assert wire_options({"stop": "<|end|>", "num_predict": "", "use_mmap": "yes"}) == {
        "stop": ["<|end|>"], "use_mmap": True}


def test_wire_options_rejects_wrong_types() -> None:
    with pytest.raises(OptionError, match="num_ctx must be a whole number"):
        wire_options({"num_ctx": 4096.5})
    with pytest.raises(OptionError, match="num_ctx must be a whole number"):
        wire_options({"num_ctx": True})
    with pytest.raises(OptionError, match="use_mmap must be true or false"):
        wire_options({"use_mmap": 1})


def test_wire_options_for_openai_specs() -> None:
    wire = wire_options({"max_tokens": "256", "reasoning_effort": "none"}, OPENAI_OPTIONS)
    assert wire == {"max_tokens": 256, "reasoning_effort": "none"}


# -- keep_alive -----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("10m", "10m"), ("1h30m", "1h30m"), ("300ms", "300ms"), ("-1m", "-1m"), ("1.5h", "1.5h"),
    (" 5m ", "5m"), ("+2s", "+2s"), ("1.h", "1.h"), (".5s", ".5s"),
    ("2µs", "2µs"), ("0", "0"), ("-0", "-0"), (-1, -1), (0, 0), (3600, 3600), (1.5, 1.5),
    (None, None), ("", None), ("  ", None),
])
def test_keep_alive_accepted(value: str | int | float | None, expected: object) -> None:
    result = validate_keep_alive(value)
    assert result == expected and type(result) is type(expected)


def test_keep_alive_missing_unit_like_the_server() -> None:
    with pytest.raises(OptionError) as caught:
        validate_keep_alive("3600")
    assert caught.value.message == 'time: missing unit in duration "3600"'
    assert caught.value.hint == "use 3600s or the number 3600"
    assert "use 3600s or the number 3600" in str(caught.value)


def test_keep_alive_missing_trailing_unit_has_no_number_hint() -> None:
    with pytest.raises(OptionError) as caught:
        validate_keep_alive("1h30")
    assert caught.value.message == 'time: missing unit in duration "1h30"'
    assert caught.value.hint == ""


@pytest.mark.parametrize(("value", "message"), [
    ("abc", 'time: invalid duration "abc"'),
    ("-", 'time: invalid duration "-"'),
    (".s", 'time: invalid duration ".s"'),
    ("--1m", 'time: invalid duration "--1m"'),
    ("1d", 'time: unknown unit "d" in duration "1d"'),
    ("10 m", 'time: unknown unit " m" in duration "10 m"'),
    ("-1", 'time: missing unit in duration "-1"'),
])
def test_keep_alive_rejected(value: str, message: str) -> None:
    with pytest.raises(OptionError) as caught:
        validate_keep_alive(value)
    assert caught.value.message == message


@pytest.mark.parametrize("value", [True, float("inf"), float("nan")])
def test_keep_alive_rejects_non_json_values(value: object) -> None:
    with pytest.raises(OptionError, match="keep_alive must be"):
        validate_keep_alive(value)  # type: ignore[arg-type]


# -- think ------------------------------------------------------------------------------

def test_think_offered_only_with_the_capability() -> None:
    assert think_choices(["completion", "tools"]) == []
    assert think_choices(()) == []
    assert think_choices(("completion", "thinking")) == [None, False, True, "low", "medium",
                                                         "high", "max"]
    assert list(THINK_CHOICES) == think_choices(["thinking"])


def test_think_labels() -> None:
    assert [think_label(v) for v in THINK_CHOICES] == [
        "server default", "off", "on", "low", "medium", "high", "max"]


# -- format -----------------------------------------------------------------------------

def test_format_values() -> None:
    assert validate_format("") is None
    assert validate_format("  ") is None
    assert validate_format("json") == "json"
    assert validate_format(" JSON\n") == "json"
    schema = '{"type": "object", "properties": {"age": {"type": "integer"}}}'
    assert validate_format(schema) == json.loads(schema)


def test_format_invalid_json_reports_line_and_column() -> None:
    with pytest.raises(OptionError) as caught:
        validate_format('{\n  "type": "object",\n  "properties": {\n}')
    assert "line 4, column 2" in caught.value.message
    assert caught.value.message.startswith("format: invalid JSON at line 4, column 2: ")


@pytest.mark.parametrize("text", ["[1, 2]", '"json"', "42", "yaml"])
def test_format_must_be_an_object(text: str) -> None:
    with pytest.raises(OptionError, match="format"):
        validate_format(text)


def test_core_modules_do_not_import_textual() -> None:
    import subprocess
    import sys

    code = ("import sys, ollamux.core.options, ollamux.core.codeblocks, "
            "ollamux.core.context_meter, ollamux.ui.copy.clipboard\n"
            "assert not [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_settings_sent_with_a_request_are_its_overrides_in_order() -> None:
    session = Session(host="h", model="m", options={"temperature": 0.2, "mirostat": 2, "stop": ["\n"]},
                      keep_alive=-1, think="high", format={"type": "object"})
    sent = settings_sent(session.request())
    assert sent == {"temperature": 0.2, "stop": ["\n"], "think": "high", "format": "schema", "keep_alive": -1}
    assert list(sent) == ["temperature", "stop", "think", "format", "keep_alive"]
    assert format_sent(sent) == 'sent temperature=0.2 stop=["\\n"] think=high format=schema keep_alive=-1'
    assert settings_sent(Session(host="h", model="m").request()) == {}
