"""Request validation with the real server's status codes and messages.

Each check raises `RequestError`; the server turns it into the endpoint's error
shape. The messages copy Go's (`time.ParseDuration`, `Options.FromMap`, gin's JSON
binding) because clients show them to people and tests match on them.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_THINK_LEVELS = ("high", "medium", "low", "max")

# Option keys by Go type (api/types.go Options and Runner, v0.33).
_INT_OPTIONS = frozenset(
    "num_ctx num_batch num_gpu main_gpu num_thread draft_num_predict num_keep seed "
    "num_predict top_k repeat_last_n".split()
)
_FLOAT_OPTIONS = frozenset(
    "top_p min_p typical_p temperature repeat_penalty presence_penalty frequency_penalty".split()
)
_BOOL_OPTIONS = frozenset({"use_mmap"})

_DURATION_UNITS = {
    "ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0,
}
_DURATION_PART = re.compile(r"(\d*)(?:\.(\d*))?([^\d.]*)")


class RequestError(Exception):
    """A request the server refuses, with the HTTP status and the server's message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def go_type(value: Any) -> str:
    """The JSON type name Go's decoder puts in its messages."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "null"


def parse_body(raw: bytes, go_struct: str) -> dict[str, Any]:
    """Decode a JSON object body, failing like gin's ShouldBindJSON."""
    if not raw.strip():
        raise RequestError(400, "missing request body")
    text = raw.decode("utf-8", "replace")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        # Go names the offending character; close enough for people and tests.
        if exc.pos >= len(text.rstrip()):
            raise RequestError(400, "unexpected EOF") from None
        char = text[exc.pos]
        message = f"invalid character '{char}' looking for beginning of value"
        raise RequestError(400, message) from None
    if not isinstance(value, dict):
        raise RequestError(
            400, f"json: cannot unmarshal {go_type(value)} into Go value of type {go_struct}"
        )
    return value


def expect_type(
    body: dict[str, Any], field: str, kinds: tuple[type, ...], go_struct: str, field_type: str
) -> None:
    """Reject a field of the wrong JSON type, as Go's decoder would (400)."""
    value = body.get(field)
    if value is None:
        return
    # bool is an int in Python but not a number in JSON.
    wrong_bool = isinstance(value, bool) and bool not in kinds
    if wrong_bool or not isinstance(value, kinds):
        raise RequestError(
            400,
            f"json: cannot unmarshal {go_type(value)} into Go struct field "
            f"{go_struct}.{field} of type {field_type}",
        )


def parse_duration(text: str) -> float:
    """Go's time.ParseDuration, in seconds: units are required except for "0"."""
    quoted = json.dumps(text)
    rest = text
    sign = 1.0
    if rest[:1] in "+-" and rest:
        sign = -1.0 if rest[0] == "-" else 1.0
        rest = rest[1:]
    if rest == "0":
        return 0.0
    if not rest:
        raise RequestError(400, f"time: invalid duration {quoted}")
    total = 0.0
    while rest:
        match = _DURATION_PART.match(rest)
        assert match is not None  # the pattern can match the empty string
        whole, fraction, unit = match.groups()
        if not whole and not fraction:
            raise RequestError(400, f"time: invalid duration {quoted}")
        if not unit:
            raise RequestError(400, f"time: missing unit in duration {quoted}")
        if unit not in _DURATION_UNITS:
            raise RequestError(400, f"time: unknown unit {json.dumps(unit)} in duration {quoted}")
        total += float(f"{whole or 0}.{fraction or 0}") * _DURATION_UNITS[unit]
        rest = rest[match.end():]
    return sign * total


def parse_keep_alive(value: Any) -> float | None:
    """keep_alive in seconds: None when absent, `math.inf` for "forever" (any negative)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise RequestError(400, f"Unsupported type: '{go_type(value)}'")
    seconds = float(value) if not isinstance(value, str) else parse_duration(value)
    return math.inf if seconds < 0 else seconds


def parse_think(value: Any) -> bool | str | None:
    """The `think` field: a bool or one of the levels; anything else is a 400."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in _THINK_LEVELS:
            return value
        levels = ", ".join(f'"{level}"' for level in _THINK_LEVELS)
        raise RequestError(
            400, f'invalid think value: "{value}" (must be {levels}, true, or false)'
        )
    raise RequestError(400, "think must be a boolean or string")


def check_options(options: Any) -> dict[str, Any]:
    """Validate `options` like Options.FromMap; bad types are 500s, as in the real server."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise RequestError(
            400,
            f"json: cannot unmarshal {go_type(options)} into Go struct field "
            "ChatRequest.options of type map[string]interface {}",
        )
    checked: dict[str, Any] = {}
    for key, value in options.items():
        if value is None:
            continue  # null values are skipped
        checked[key] = _check_option(key, value)
    return checked


def _check_option(key: str, value: Any) -> Any:
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if key in _INT_OPTIONS:
        if not is_number:
            raise RequestError(500, f'option "{key}" must be of type integer')
        return int(value)  # Go truncates floats given to int fields
    if key in _FLOAT_OPTIONS:
        if not is_number:
            raise RequestError(500, f'option "{key}" must be of type float32')
        return float(value)
    if key in _BOOL_OPTIONS:
        if not isinstance(value, bool):
            raise RequestError(500, f'option "{key}" must be of type boolean')
        return value
    if key == "stop":
        if not isinstance(value, list):
            raise RequestError(500, 'option "stop" must be of type array')
        if not all(isinstance(item, str) for item in value):
            raise RequestError(500, 'option "stop" must be of an array of strings')
        return list(value)
    return value  # unknown and removed keys are logged and ignored by the server


def check_tools(tools: Any, go_struct: str, list_type: str) -> None:
    """`tools` is a list of objects (Go's []api.Tool); what each holds is the model's business."""
    if tools is None:
        return
    where = f"json: cannot unmarshal {{}} into Go struct field {go_struct}.tools of type {{}}"
    if not isinstance(tools, list):
        raise RequestError(400, where.format(go_type(tools), list_type))
    for tool in tools:
        if not isinstance(tool, dict):
            raise RequestError(400, where.format(go_type(tool), "api.Tool"))


def check_tool_calls(calls: Any) -> None:
    """A native message's tool calls carry their arguments as an object, never as JSON text."""
    for call in calls if isinstance(calls, list) else ():
        arguments = _function(call).get("arguments")
        if arguments is not None and not isinstance(arguments, dict):
            raise RequestError(400, f"json: cannot unmarshal {go_type(arguments)} into Go struct field "
                               "ToolCallFunction.messages.tool_calls.function.arguments of type "
                               "api.ToolCallFunctionArguments")


def _function(call: Any) -> dict[str, Any]:
    function = call.get("function") if isinstance(call, dict) else None
    return function if isinstance(function, dict) else {}


def native_tool_fields(message: dict[str, Any], raw: list[Any]) -> dict[str, Any]:
    """What Ollama's /v1 makes of a message's tool parts: call arguments from JSON text to an
    object (400 when not JSON); a tool result without `name` named by the call it answers."""
    fields: dict[str, Any] = {}
    calls = message.get("tool_calls")
    if isinstance(calls, list) and calls:
        fields["tool_calls"] = [_native_call(call) for call in calls]
    if str(message.get("role") or "").lower() == "tool":
        name = message.get("name") or _name_of_call(raw, message.get("tool_call_id"))
        if name:
            fields["tool_name"] = str(name)
    return fields


def _native_call(call: Any) -> dict[str, Any]:
    function = _function(call)
    try:
        arguments = json.loads(function.get("arguments") or "")
    except (TypeError, ValueError):
        arguments = "not JSON"
    if arguments is not None and not isinstance(arguments, dict):
        raise RequestError(400, "invalid tool call arguments")
    native = {"function": {"name": str(function.get("name") or ""), "arguments": arguments or {}}}
    return native | ({"id": call["id"]} if call.get("id") else {})


def _name_of_call(raw: list[Any], call_id: Any) -> str:
    """The name of the latest call with this id (Ollama's nameFromToolCallID)."""
    for message in reversed(raw if call_id else []):
        calls = message.get("tool_calls") if isinstance(message, dict) else None
        for call in calls if isinstance(calls, list) else ():
            if isinstance(call, dict) and call.get("id") == call_id:
                return str(_function(call).get("name") or "")
    return ""
