"""Running one reply: loading, pacing, token limits and statistics.

Wire-independent: native and OpenAI-style handlers both consume `generate()`.
Durations in the statistics are computed from each model's nominal timings, not
measured, so they are identical on every run (stable UI snapshots) whatever the
delay scale.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from .context import SimContext
from .continuation import carry_on, split_prefill
from .scripts import Chunk, Fault, Prompt, script_for
from .state import DEFAULT_KEEP_ALIVE, Installed, expiry
from .validate import RequestError
from .vision import IMAGE_TOKENS

# Not an Ollama option (a real server ignores unknown keys): the simulator then streams at
# this many tokens a second, whatever the model and the delay scale. Benchmarks use it to
# play a real GPU box's pace against a server started with delay scale 0.
PACE_OPTION = "sim_tokens_per_second"
WARM_LOAD_NS = 41_295_167  # queue + "runner ready" time of an already loaded model
OVERHEAD_NS = 2_531_042  # templating and HTTP, so total exceeds the parts a little
TEMPLATE_TOKENS_PER_MESSAGE = 4


@dataclass(frozen=True, slots=True)
class Turn:
    """A validated generation request."""

    requested: str  # the model name as the client wrote it; chunks echo it
    model: Installed
    messages: tuple[dict[str, Any], ...]
    think: bool
    options: dict[str, Any]
    keep_alive: float | None  # seconds; None = server default, inf = forever
    tools: tuple[dict[str, Any], ...] = ()

    @property
    def num_predict(self) -> int | None:
        """The token limit; negative (-1 unlimited, -2 fill context) counts as none."""
        value = self.options.get("num_predict")
        return value if isinstance(value, int) and value > 0 else None

    @property
    def pace(self) -> float | None:
        """Tokens a second asked through `PACE_OPTION`, or None."""
        value = self.options.get(PACE_OPTION)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(value) if value > 0 else None

    @property
    def num_ctx(self) -> int | None:
        value = self.options.get("num_ctx")
        return value if isinstance(value, int) and value > 0 else None

    def prompt_tokens(self) -> int:
        """Roughly the words of every message plus a few template tokens each."""
        system = self.model.spec.system
        has_system = any(message.get("role") == "system" for message in self.messages)
        count = 0
        if system and not has_system:  # the Modelfile SYSTEM is part of the prompt too
            count = len(system.split()) + TEMPLATE_TOKENS_PER_MESSAGE
        for message in self.messages:
            count += len(str(message.get("content") or "").split()) + TEMPLATE_TOKENS_PER_MESSAGE
            count += IMAGE_TOKENS * len(message.get("images") or ())
        return count


@dataclass(frozen=True, slots=True)
class Finish:
    """The end of a successful reply."""

    done_reason: str  # "stop" or "length"
    prompt_tokens: int
    eval_count: int
    metrics: dict[str, int]  # the native duration and count fields
    last: Chunk | None = None  # text that rides on the done:true chunk


Event = Chunk | Fault | Finish


def generate(sim: SimContext, turn: Turn) -> Generator[Event, None, None]:
    """Load the model if needed, then stream the script's chunks and a `Finish`.

    Raises `RequestError` before the first event when the model cannot load, so
    handlers can still answer with an HTTP error status. Closing the generator
    (the client went away) releases the model like a finished reply.
    """
    spec = turn.model.spec
    cold = _acquire(sim, turn)
    crashed = False
    try:
        if cold and spec.sleeps:
            sim.load(spec.load_seconds)
        messages, prefill = split_prefill(turn.messages)
        prompt = Prompt(turn.requested, messages, turn.think, turn.num_predict, turn.tools)
        limit = turn.num_predict
        count = 0
        pending: Chunk | None = None  # held back when the last text rides on done
        reason = "stop"
        pace = turn.pace
        started = time.monotonic()
        script = script_for(spec.script, prompt)
        for piece in carry_on(script, prefill) if prefill else script:
            if isinstance(piece, Fault):
                crashed = True
                if pending:
                    yield pending
                yield piece
                return
            if limit is not None and count >= limit:
                reason = "length"
                break
            if pace is not None:
                # Against the start, not per token: timer slack does not add up over a long reply.
                sim.wait(started + count / pace - time.monotonic())
            elif spec.sleeps:
                sim.sleep(spec.token_seconds)
            count += piece.tokens
            if spec.final_text:
                # Send each chunk one step late, so the last is left for the done chunk.
                previous, pending = pending, piece
                if previous is None:
                    continue
                piece = previous
            yield piece
        yield _finish(turn, cold, count, reason, pending)
    finally:
        _release(sim, turn, unload=crashed)


def warm_up(sim: SimContext, turn: Turn) -> None:
    """Load a model without generating (chat with no messages, generate with no prompt)."""
    cold = _acquire(sim, turn)
    try:
        if cold and turn.model.spec.sleeps:
            sim.load(turn.model.spec.load_seconds)
    finally:
        _release(sim, turn, unload=False)


def _acquire(sim: SimContext, turn: Turn) -> bool:
    spec = turn.model.spec
    if spec.load_error:
        raise RequestError(500, spec.load_error)
    now = sim.now()
    keep_alive = DEFAULT_KEEP_ALIVE if turn.keep_alive is None else turn.keep_alive
    return sim.catalogue.acquire(turn.model, turn.num_ctx, expiry(now, keep_alive), now)


def _release(sim: SimContext, turn: Turn, *, unload: bool) -> None:
    """Restart the keep_alive timer; unload on keep_alive 0 or after a crash."""
    keep_alive = DEFAULT_KEEP_ALIVE if turn.keep_alive is None else turn.keep_alive
    if unload or keep_alive == 0:
        sim.catalogue.release(turn.model.name, None)
    else:
        sim.catalogue.release(turn.model.name, expiry(sim.now(), keep_alive))


def _finish(turn: Turn, cold: bool, count: int, reason: str, last: Chunk | None) -> Finish:
    spec = turn.model.spec
    prompt_tokens = turn.prompt_tokens()
    load_ns = int(spec.load_seconds * 1e9) if cold else WARM_LOAD_NS
    prompt_ns = int(prompt_tokens * spec.token_seconds * 1e9 / 20)  # prompts run ~20x faster
    eval_ns = int(count * (1 / turn.pace if turn.pace else spec.token_seconds) * 1e9)
    metrics = {
        "total_duration": load_ns + prompt_ns + eval_ns + OVERHEAD_NS,
        "load_duration": load_ns,
        "prompt_eval_count": prompt_tokens,
        "prompt_eval_duration": prompt_ns,
        "eval_count": count,
        "eval_duration": eval_ns,
    }
    return Finish(reason, prompt_tokens, count, metrics, last)
