"""Model options, keep_alive, think and format, checked as the server checks them.

The rules mirror protocol.md §3.2, §3.3, §3.6, §4 and §10 so that a typo shows in the
options form, not as an HTTP 400/500 mid-chat. Form values are text; wire values are JSON.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from ollamux.api.capabilities import OptionDialect
from ollamux.api.events import ThinkValue

OptionKind: TypeAlias = Literal["int", "float", "bool", "str", "list[str]"]
OptionValue: TypeAlias = int | float | bool | str | list[str]


class OptionError(ValueError):
    """A value the server would reject (or silently misread); the text says why."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(f"{message} ({hint})" if hint else message)
        self.message, self.hint = message, hint


@dataclass(frozen=True, slots=True)
class OptionSpec:
    name: str
    kind: OptionKind
    server_default: str  # for display only: it is what the server uses when unset
    reloads_model: bool = False  # a change makes the server reload the model (slow)
    help: str = ""
    choices: tuple[str, ...] = ()  # only for kind "str"


_S = OptionSpec
# protocol.md §4, server v0.33 defaults. Load-time options come first.
OLLAMA_OPTIONS: tuple[OptionSpec, ...] = (
    _S("num_ctx", "int", "auto (4096 / 32768 / 262144 by VRAM)", True, "Context window in tokens"),
    _S("num_batch", "int", "512", True, "Prompt tokens processed per batch"),
    _S("num_gpu", "int", "-1 (auto)", True, "Layers offloaded to the GPU"),
    _S("main_gpu", "int", "unset", True, "GPU used for small tensors"),
    _S("use_mmap", "bool", "auto", True, "Memory-map the model file"),
    _S("num_thread", "int", "0 (auto)", True, "CPU threads for generation"),
    _S("draft_num_predict", "int", "4 with a draft model, else 0", True, "Speculative draft tokens"),
    _S("num_keep", "int", "4", help="Tokens kept from the start when the context shifts"),
    _S("seed", "int", "-1 (random)", help="Fixed seed for reproducible replies"),
    _S("num_predict", "int", "-1 (until stop)", help="Maximum tokens to generate"),
    _S("top_k", "int", "40", help="Sample only from the k likeliest tokens"),
    _S("top_p", "float", "0.9", help="Nucleus sampling: smallest set with this probability"),
    _S("min_p", "float", "0.0", help="Drop tokens below this share of the likeliest"),
    _S("typical_p", "float", "1.0", help="Locally typical sampling (1.0 = off)"),
    _S("repeat_last_n", "int", "64", help="Look-back for repeat penalty (0 off, -1 num_ctx)"),
    _S("temperature", "float", "0.8", help="Randomness: lower is more focused"),
    _S("repeat_penalty", "float", "1.0 (off)", help="Penalise repeated tokens"),
    _S("presence_penalty", "float", "0.0", help="Penalise tokens already present"),
    _S("frequency_penalty", "float", "0.0", help="Penalise tokens by how often they appeared"),
    _S("stop", "list[str]", "none", help="Stop sequences, one per line"),
)

# The server logs "invalid option provided" and ignores these: never send them.
REMOVED_OPTIONS: tuple[str, ...] = (
    "mirostat", "mirostat_tau", "mirostat_eta", "tfs_z", "penalize_newline", "numa",
    "low_vram", "f16_kv", "logits_all", "vocab_only", "use_mlock", "embedding_only",
)

# Top-level request fields on /v1/chat/completions (§10). No num_ctx there.
OPENAI_OPTIONS: tuple[OptionSpec, ...] = (
    _S("temperature", "float", "1.0 on Ollama /v1", help="Randomness: lower is more focused"),
    _S("top_p", "float", "1.0 on Ollama /v1", help="Nucleus sampling threshold"),
    _S("max_tokens", "int", "server limit", help="Maximum tokens to generate"),
    _S("seed", "int", "random", help="Fixed seed for reproducible replies"),
    _S("stop", "list[str]", "none", help="Stop sequences, one per line"),
    _S("presence_penalty", "float", "0.0", help="Penalise tokens already present"),
    _S("frequency_penalty", "float", "0.0", help="Penalise tokens by how often they appeared"),
    _S("reasoning_effort", "str", "model default", help="Thinking effort; none turns it off",
       choices=("none", "low", "medium", "high")),
)

OPTIONS_BY_NAME = {spec.name: spec for spec in OLLAMA_OPTIONS}

# The OpenAI client sends Ollama's num_predict under its own name, so it is not ignored there.
OPENAI_RENAMED = {"num_predict": "max_tokens"}
_SPECS: dict[OptionDialect, tuple[OptionSpec, ...]] = {"ollama": OLLAMA_OPTIONS, "openai": OPENAI_OPTIONS}


def specs_for(dialect: OptionDialect) -> tuple[OptionSpec, ...]:
    """The options a backend of this dialect takes (a client's `capabilities.options`)."""
    return _SPECS[dialect]


def ignored_names(options: Mapping[str, Any], dialect: OptionDialect) -> list[str]:
    """Overrides the server will not honour: never sent, listed so they are not a mystery."""
    if dialect == "openai":
        known = {spec.name for spec in OPENAI_OPTIONS} | set(OPENAI_RENAMED)
        return [name for name in options if name not in known]
    return [name for name in options if name in REMOVED_OPTIONS]


def options_for(dialect: OptionDialect, wire: Mapping[str, Any]) -> dict[str, Any]:
    """Wire options (see `wire_options`) under the names `dialect` takes them by.

    Ollama takes any name (a newer server's option passes); an OpenAI-compatible API
    takes only its own top-level fields, so the rest stays home.
    """
    if dialect == "ollama":
        return dict(wire)
    taken = {spec.name for spec in OPENAI_OPTIONS}
    renamed = ((OPENAI_RENAMED.get(name, name), value) for name, value in wire.items())
    return {name: value for name, value in renamed if name in taken}
_BOOLS = dict.fromkeys(("true", "yes", "on", "1"), True) | dict.fromkeys(("false", "no", "off", "0"), False)
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
# Go's strconv.Quote escapes: `ollama show` writes string values with %#v.
_GO_ESCAPE = re.compile(r'\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)', re.S)
_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _unquote(raw: str) -> str:
    if len(raw) < 2 or raw[0] != '"' or raw[-1] != '"':
        return raw
    body, out, pos = raw[1:-1], bytearray(), 0
    for match in _GO_ESCAPE.finditer(body):
        out += body[pos:match.start()].encode()
        esc, pos = match.group(1), match.end()
        if esc[0] == "x" or (esc[0] in "01234567" and len(esc) == 3):  # a byte, not a char
            out.append(int(esc[1:], 16) if esc[0] == "x" else int(esc, 8) & 0xFF)
        elif esc[0] in "uU":
            out += chr(int(esc[1:], 16)).encode("utf-8", "replace")
        else:
            out += _SIMPLE.get(esc, esc).encode()
    return (out + body[pos:].encode()).decode("utf-8", "replace")


def _typed(spec: OptionSpec | None, text: str) -> OptionValue:
    """Server output typed by the spec; anything unexpected stays text, never an error."""
    if spec is None or spec.kind not in ("int", "float", "bool"):
        return text
    try:  # an int field truncates a fraction, as the server does
        value = int(float(text)) if spec.kind == "int" else validate_option(spec, text)
    except (ValueError, OverflowError):  # OptionError is a ValueError
        return text
    return text if value is None else value


def parse_parameters(text: str) -> dict[str, OptionValue]:
    """Parse `/api/show`'s `parameters` block: `key   value` lines; keys may repeat."""
    result: dict[str, OptionValue] = {}
    for line in text.split("\n"):
        if len(parts := line.strip().split(None, 1)) != 2:
            continue
        key, spec = parts[0], OPTIONS_BY_NAME.get(parts[0])
        value = _typed(spec, _unquote(parts[1].strip()))
        if key in result or (spec is not None and spec.kind == "list[str]"):
            items = result.get(key, [])  # a repeated key is an array on the server (stop)
            result[key] = [*(items if isinstance(items, list) else [str(items)]), str(value)]
        else:
            result[key] = value
    return result


def _load_json(text: str, what: str, hint: str = "") -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        message = f"{what}: invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}"
        raise OptionError(message, hint) from None


def validate_option(spec: OptionSpec, text: str) -> OptionValue | None:
    """The typed value for `text`, or None for empty text (no override)."""
    value = text.strip()
    if not value:
        return None
    got = f"got {value!r}"
    if spec.kind in ("int", "float"):
        number = float(value) if _NUMBER.fullmatch(value) else math.nan  # no inf/NaN in JSON
        if not math.isfinite(number):
            kind = "a whole number" if spec.kind == "int" else "a number"
            raise OptionError(f"{spec.name} must be {kind}, {got}")
        if spec.kind == "int" and not number.is_integer():
            raise OptionError(f"{spec.name} must be a whole number, {got}")
        exact = value.lstrip("+-").isdigit()  # int() of the text stays exact when big
        return number if spec.kind == "float" else int(value) if exact else int(number)
    if spec.kind == "bool":
        if (flag := _BOOLS.get(value.lower())) is not None:
            return flag
        raise OptionError(f"{spec.name} must be true or false (yes/no, 1/0), {got}")
    if spec.kind == "str":
        if spec.choices and value not in spec.choices:
            raise OptionError(f"{spec.name} must be one of {', '.join(spec.choices)}, {got}")
        return value
    if value.startswith("[") and ('"' in value or value == "[]"):  # not a line like [INST]
        items = _load_json(value, spec.name)
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise OptionError(f"{spec.name} must be an array of strings")
        return items
    # One per line, kept verbatim: a stop sequence may end in a space on purpose.
    return [line.removesuffix("\r") for line in text.split("\n") if line.strip()]


def wire_options(overrides: Mapping[str, Any],
                 specs: Iterable[OptionSpec] = OLLAMA_OPTIONS) -> dict[str, Any]:
    """Only the overrides, as JSON the server reads right; removed options dropped."""
    by_name = {spec.name: spec for spec in specs}
    wire: dict[str, Any] = {}
    for name, value in overrides.items():
        spec = by_name.get(name)
        if value is None or name in REMOVED_OPTIONS:
            continue
        if spec is not None and spec.kind == "list[str]" and not isinstance(value, str):
            value = [str(item) for item in value]
        elif spec is not None and (isinstance(value, str) or spec.kind != "bool"):
            # Text and numbers go through the same checks (4096.0 -> 4096, 1 -> 1.0).
            value = validate_option(spec, value if isinstance(value, str) else repr(value))
        elif spec is not None and not isinstance(value, bool):
            raise OptionError(f"{name} must be true or false, got {value!r}")
        if value is not None:
            wire[name] = value  # unknown names pass untouched: a newer server's option
    return wire


# Go's time.ParseDuration grammar: [-+]? (number unit)+ with a fraction allowed.
_DURATION_PART = re.compile(r"(\d*\.?\d*)([^\d.]*)")
_UNITS = frozenset({"ns", "us", "µs", "μs", "ms", "s", "m", "h"})


def validate_keep_alive(value: str | int | float | None) -> str | int | float | None:
    """What to send: a number is seconds, a string a Go duration that needs a unit, as
    on the server ("3600" is a 400 there); None = server default (5m)."""
    if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        raise OptionError(f"keep_alive must be a number or a duration, got {value!r}")
    if value is None or isinstance(value, (int, float)):
        return value
    text = value.strip()
    body = text[1:] if text[:1] in ("+", "-") else text
    if not text or body == "0":  # Go accepts a bare (signed) zero without a unit
        return text or None
    quoted, pos = json.dumps(text, ensure_ascii=False), 0
    while pos < len(body) or pos == 0:
        match = _DURATION_PART.match(body, pos)
        assert match is not None  # the pattern matches the empty string
        (number, unit), pos = match.groups(), match.end()
        if number in ("", "."):
            raise OptionError(f"time: invalid duration {quoted}")
        if not unit:
            hint = f"use {text}s or the number {text}" if _NUMBER.fullmatch(text) else ""
            raise OptionError(f"time: missing unit in duration {quoted}", hint)
        if unit not in _UNITS:
            raise OptionError(f"time: unknown unit {json.dumps(unit, ensure_ascii=False)} "
                              f"in duration {quoted}", "units are ns, us, ms, s, m, h")
    return text


# None leaves it to the server, which turns thinking on for capable models (§3.2).
THINK_CHOICES: tuple[ThinkValue | None, ...] = (None, False, True, "low", "medium", "high", "max")


def think_choices(capabilities: Iterable[str]) -> list[ThinkValue | None]:
    """What to offer for `think`: nothing when the model cannot think (true is a 400)."""
    return list(THINK_CHOICES) if "thinking" in capabilities else []


def think_label(value: ThinkValue | None) -> str:
    return {None: "server default", False: "off", True: "on"}.get(value, str(value))  # type: ignore[arg-type]


def validate_format(text: str) -> str | dict[str, Any] | None:
    """`format`: empty = none, "json" = JSON mode, or a JSON schema object."""
    value = text.strip()
    if not value or value.lower() == "json":
        return value.lower() or None
    schema = _load_json(value, "format", 'use "json" or a JSON schema object')
    if not isinstance(schema, dict):
        raise OptionError(f'format must be "json" or a JSON schema object, not {value[:20]!r}')
    return schema
