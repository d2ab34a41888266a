"""Native `/api/generate`: completion with `suffix` (fill in the middle) and `raw`.

Without either, the prompt is one user message answered by the model's script,
as a chat turn would be. With a suffix the model fills the gap, and in raw mode
it continues the prompt as written: both deterministic, so tests can check them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from .chat import find_model, make_turn, reply
from .context import SimContext
from .exchange import Exchange
from .generation import warm_up
from .logprobs import with_logprobs
from .scripts import SCRIPTS, Chunk, Piece, Prompt, tokenize
from .validate import RequestError, expect_type, parse_body, parse_keep_alive, parse_think
from .wire import full_name, rfc3339

RAW_CONFLICT = "raw mode does not support template, system, or context"
_STRUCT = "GenerateRequest"


def fill_middle(prompt: Prompt) -> Iterator[Piece]:
    """The middle between the prompt and its suffix, indented to follow the prompt's last line."""
    message = prompt.last_user_message()
    before, after = str(message.get("content") or ""), str(message.get("suffix") or "")
    previous = before.rstrip("\n").rsplit("\n", 1)[-1]
    pad = previous[: len(previous) - len(previous.lstrip(" \t"))]
    pad += "    " if previous.rstrip().endswith(":") else ""  # a block opens: indent into it
    words_before, words_after = re.findall(r"\w+", before), re.findall(r"\w+", after)
    gap = (f"# between {words_before[-1] if words_before else 'the start'!r} and "
           f"{words_after[0] if words_after else 'the end'!r}")
    # On a fresh line the middle starts indented; mid-line it just goes on.
    text = (pad if before.endswith("\n") or not before else " ") + gap + "\n" + pad + "pass"
    yield from (Chunk(content=token) for token in tokenize(text))


def continue_raw(prompt: Prompt) -> Iterator[Piece]:
    """No template: the model just goes on from the prompt's last words."""
    words = re.findall(r"\w+", prompt.last_user_text())
    tail = " ".join(words[-3:]) if words else "nothing"
    yield from (Chunk(content=token) for token in tokenize(f" … and so on after “{tail}” (raw)"))


SCRIPTS.setdefault("fill_middle", fill_middle)
SCRIPTS.setdefault("continue_raw", continue_raw)


def generate(sim: SimContext, ex: Exchange) -> None:
    body = parse_body(ex.body, "api.GenerateRequest")
    for key in ("prompt", "suffix", "system", "template"):
        expect_type(body, key, (str,), _STRUCT, "string")
    keep_alive = parse_keep_alive(body.get("keep_alive"))
    think = parse_think(body.get("think"))
    fields = with_logprobs(_fields, body, _STRUCT)
    model = find_model(sim, body.get("model"))
    requested, raw = str(body["model"]), body.get("raw") is True
    capabilities = model.spec.capabilities
    if "completion" not in capabilities:
        raise RequestError(400, f'"{requested}" does not support generate')
    if raw and (body.get("system") or body.get("template") or body.get("context")):
        raise RequestError(400, RAW_CONFLICT)
    prompt, suffix = body.get("prompt") or "", body.get("suffix") or ""
    if suffix and "insert" not in capabilities:
        raise RequestError(400, f"{full_name(model.name)} does not support insert")
    if not prompt and not suffix:
        _load_or_unload(sim, ex, model, requested, body, think, keep_alive)
        return
    messages: list[dict[str, Any]] = []
    if body.get("system"):
        messages.append({"role": "system", "content": str(body["system"])})
    messages.append({"role": "user", "content": prompt, "images": body.get("images"),
                     "suffix": suffix})
    turn = make_turn(model, requested, tuple(messages), body, think, keep_alive)
    if suffix or raw:
        script = "fill_middle" if suffix else "continue_raw"
        turn = replace(turn, think=False, model=replace(model, spec=replace(model.spec, script=script)))
    reply(sim, ex, turn, stream=body.get("stream") is not False, fields=fields)


def _load_or_unload(sim: SimContext, ex: Exchange, model: Any, requested: str,
                    body: dict[str, Any], think: bool | str | None, keep_alive: float | None) -> None:
    """No prompt: load the model (or unload it with keep_alive 0) and say so in one object."""
    if keep_alive == 0:
        sim.catalogue.unload(model.name)
        reason = "unload"
    else:
        warm_up(sim, make_turn(model, requested, (), body, think, keep_alive))
        reason = "load"
    stamp = rfc3339(sim.now(), utc=True)
    ex.send_json(200, {"model": requested, "created_at": stamp, "response": "", "done": True,
                       "done_reason": reason})


def _fields(chunk: Chunk) -> dict[str, Any]:
    fields: dict[str, Any] = {"response": chunk.content}
    if chunk.thinking:
        fields["thinking"] = chunk.thinking
    if chunk.tool_calls:
        fields["tool_calls"] = list(chunk.tool_calls)
    return fields
