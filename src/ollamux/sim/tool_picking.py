"""The simulated tool model (`tool-model:latest`): which tools it calls, how it reads results.

Deterministic, no dice: the same conversation gets the same calls, ids included.

- It calls the first offered tool it can fill; a tool the user's text names (its
  whole name, or a part of four letters or more, as "weather" for `get_weather`)
  wins over the ones before it. Offered nothing at all, it calls
  get_weather(city="Tokyo") anyway, as small models do; offered only tools it
  cannot fill, it says so in prose.
- Once the history ends with tool results it answers with them: one result in a
  sentence, several one line each, naming the tool. A result whose text says
  "declined" (the app tells the model the user declined) makes it say it could
  not use that tool.
- Words in the last user text change its ways (the UI tests use them):
  "every tool" or "all tools": one turn calling every tool it can fill (indexes
  0..n-1, distinct ids); "keep calling": a new call after each result, forever
  (for the round cap), until a call is declined.

A tool is *fillable* when every required property has a schema the model can
fill: a string, integer, number or boolean, an `enum` or `const`, or an array of
those. Optional properties it can fill are filled too; the others are left out.
Values come from the user's words where that makes sense:

- integer and number properties take the numbers of the text in order
  ("add 2 and 40" gives a=2, b=40); an array of numbers takes all that are left;
- strings take the quoted phrases in order, then the last capitalised word that
  does not start a sentence ("the weather in Paris" gives "Paris"), else "Tokyo";
- an enum takes the value the text names, else its first value; booleans are true.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?!\w)")
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|(?<!\w)\'([^\']+)\'(?!\w)')
_CAPITALISED = re.compile(r"\b[A-Z][\w-]*")
_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE_END = ".!?:\n"
SAMPLE_TEXT = "Tokyo"
_SAMPLES: dict[str, Any] = {"integer": 3, "number": 2.5, "boolean": True}


class _Unfillable(Exception):
    """A schema the model has no value for."""


@dataclass
class _Hints:
    """What one user text offers; numbers and quotes are used up as properties take them."""

    text: str
    numbers: list[int | float] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    name: str | None = None

    @classmethod
    def read(cls, text: str) -> _Hints:
        numbers = [float(n) if "." in n else int(n) for n in _NUMBER.findall(text)]
        quotes = [next(part for part in match.groups() if part) for match in _QUOTED.finditer(text)]
        return cls(text.casefold(), numbers, quotes, _proper_noun(text))

    def string(self) -> str:
        if self.quotes:
            return self.quotes.pop(0)
        return self.name or SAMPLE_TEXT

    def number(self, kind: str) -> int | float:
        if not self.numbers:
            return _SAMPLES[kind]  # type: ignore[no-any-return]
        value = self.numbers.pop(0)
        return round(value) if kind == "integer" else value


def _proper_noun(text: str) -> str | None:
    """The last capitalised word that does not open a sentence (nor is "I")."""
    found = None
    for match in _CAPITALISED.finditer(text):
        before = text[: match.start()].rstrip()
        if before and before[-1] not in _SENTENCE_END and match.group() != "I":
            found = match.group()
    return found


def fill_arguments(parameters: Any, text: str) -> dict[str, Any] | None:
    """Arguments for a tool's `parameters` schema from the user's text; None when unfillable."""
    schema = parameters if isinstance(parameters, dict) else {}
    properties = schema.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    required = schema.get("required")
    required = [name for name in required if isinstance(name, str)] if isinstance(required, list) else []
    hints = _Hints.read(text)
    arguments: dict[str, Any] = {}
    for name, prop in properties.items():
        try:
            arguments[name] = _value(prop, hints)
        except _Unfillable:
            if name in required:
                return None
    if any(name not in arguments for name in required):
        return None  # required but not described: no way to know what it takes
    return arguments


def _value(prop: Any, hints: _Hints) -> Any:
    if not isinstance(prop, dict):
        raise _Unfillable
    if "const" in prop:
        return prop["const"]
    enum = prop.get("enum")
    if isinstance(enum, list) and enum:
        named = [value for value in enum if _mentions(hints.text, str(value))]
        return (named or enum)[0]
    kind = _kind(prop.get("type"))
    if kind == "string":
        return hints.string()
    if kind in ("integer", "number"):
        return hints.number(kind)
    if kind == "boolean":
        return True
    if kind == "array":
        return _array(prop.get("items"), hints)
    raise _Unfillable


def _array(items: Any, hints: _Hints) -> list[Any]:
    kind = _kind(items.get("type")) if isinstance(items, dict) else None
    if kind in ("integer", "number") and hints.numbers and not (items or {}).get("enum"):
        return [hints.number(str(kind)) for _ in list(hints.numbers)]
    if kind == "array":
        raise _Unfillable  # arrays of arrays: too clever for a 3B model
    return [_value(items, hints)]


def _kind(value: Any) -> str | None:
    """A schema's type; of a list such as ["string", "null"], the first that is not null."""
    if isinstance(value, list):
        value = next((kind for kind in value if kind != "null"), None)
    return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class Pick:
    """One call the model makes."""

    name: str
    arguments: dict[str, Any]


def function_of(tool: Any) -> dict[str, Any]:
    function = tool.get("function") if isinstance(tool, dict) else None
    return function if isinstance(function, dict) else {}


def pick_calls(offered: Sequence[Any], text: str, *, every: bool) -> list[Pick]:
    """The calls for one turn: every fillable tool, or the first (one the text names first)."""
    fillable = []
    for tool in offered:
        function = function_of(tool)
        name = str(function.get("name") or "")
        arguments = fill_arguments(function.get("parameters"), text)
        if name and arguments is not None:
            fillable.append(Pick(name, arguments))
    if every or not fillable:
        return fillable
    named = [pick for pick in fillable if _names(pick.name, text)]
    return [(named or fillable)[0]]


def _names(tool_name: str, text: str) -> bool:
    text = text.casefold()
    if _mentions(text, tool_name):
        return True
    words = _WORD.findall(text)
    parts = [part for part in re.split(r"[_\-.]+", tool_name.casefold()) if len(part) >= 4]
    return any(word.startswith(part) for part in parts for word in words)


def _mentions(folded_text: str, phrase: str) -> bool:
    """Whether the (case-folded) text holds the phrase as whole words."""
    pattern = rf"(?<!\w){re.escape(phrase.casefold())}(?!\w)"
    return bool(phrase) and re.search(pattern, folded_text) is not None


@dataclass(frozen=True, slots=True)
class Result:
    """One tool message the model reads: whose call it answers, and what it says."""

    name: str
    content: str

    @property
    def declined(self) -> bool:
        # The app tells the model so in the tool message; a model can only read words.
        return "declined" in self.content.casefold()


def trailing_results(messages: Sequence[dict[str, Any]]) -> list[Result]:
    """The tool messages that end the history (after the last assistant turn), if any.

    Each is named by `tool_name` (native) or `name`, else by the call its
    `tool_call_id` answers, else by its position among the assistant's calls.
    """
    results: list[dict[str, Any]] = []
    for message in reversed(messages):
        if message.get("role") != "tool":
            break
        results.insert(0, message)
    calls = _calls_before(messages, len(messages) - len(results))
    by_id = {str(call.get("id")): function_of(call).get("name") for call in calls if call.get("id")}
    named = []
    for position, message in enumerate(results):
        name = message.get("tool_name") or message.get("name") or by_id.get(str(message.get("tool_call_id")))
        if not name and position < len(calls):
            name = function_of(calls[position]).get("name")
        named.append(Result(str(name or "the tool"), str(message.get("content") or "")))
    return named


def _calls_before(messages: Sequence[dict[str, Any]], end: int) -> list[dict[str, Any]]:
    if end <= 0 or messages[end - 1].get("role") != "assistant":
        return []
    calls: Iterable[Any] = messages[end - 1].get("tool_calls") or ()
    return [call for call in calls if isinstance(call, dict)]
