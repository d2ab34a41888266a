"""The words of the token probabilities view: one row per generated token.

Pure text: the view styles it. Tokens are model text, shown literally with their
invisible parts made visible (a space as `·`, a line break as `⏎`, a tab as `→`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ollamux.api.logprobs import TokenLogprob
from ollamux.core.text import strip_control

TOKEN_WIDTH = 14
MAX_ALTERNATIVES = 5


def visible_token(token: str) -> str:
    """The token as it can be read on one line: whitespace shown, controls left out."""
    shown = token.replace(" ", "·").replace("\n", "⏎").replace("\t", "→").replace("\r", "")
    return strip_control(shown) or "∅"


def percent(probability: float) -> str:
    """`97.3%`, `0.04%`, `<0.01%`: small chances keep a figure that says how small."""
    value = probability * 100
    if value >= 10:
        return f"{value:.1f}%"
    if value >= 0.01:
        return f"{value:.2f}%"
    return "<0.01%"


@dataclass(frozen=True)
class TokenRow:
    token: str
    probability: str
    alternatives: str
    chance: float  # for the view's colour: how sure the model was


def token_rows(tokens: Sequence[TokenLogprob]) -> list[TokenRow]:
    """Each token, its probability, and the likeliest alternatives (the chosen one left out)."""
    rows = []
    for token in tokens:
        others = [a for a in token.top if a.token != token.token][:MAX_ALTERNATIVES]
        alternatives = "  ".join(f"{visible_token(a.token)} {percent(a.probability)}" for a in others)
        rows.append(TokenRow(visible_token(token.token), percent(token.probability), alternatives,
                             token.probability))
    return rows


def summary(tokens: Sequence[TokenLogprob]) -> str:
    """`42 tokens · 6 below 50% · least sure: "Paris" 31.2%`."""
    if not tokens:
        return "no tokens"
    unsure = sum(1 for token in tokens if token.probability < 0.5)
    least = min(tokens, key=lambda token: token.logprob)
    return (f"{len(tokens)} token{'s' if len(tokens) != 1 else ''} · {unsure} below 50% · "
            f"least sure: {visible_token(least.token)} {percent(least.probability)}")
