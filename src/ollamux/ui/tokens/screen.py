"""Token probabilities of the last reply: each token, how likely it was, what else was likely.

The rows come from the `logprobs` the server sent with the reply (asked for in the
inspector's reply extras); kept in memory only, so the view is of a reply of this run.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ollamux.api.logprobs import TokenLogprob
from ollamux.core.logprob_text import TOKEN_WIDTH, TokenRow, summary, token_rows


def _style(chance: float) -> str:
    if chance >= 0.9:
        return "$text-success"
    return "$text-warning" if chance >= 0.5 else "$text-error"


def row_content(row: TokenRow) -> Content:
    token = row.token if len(row.token) <= TOKEN_WIDTH else row.token[: TOKEN_WIDTH - 1] + "…"
    return Content.assemble(
        (token.ljust(TOKEN_WIDTH), "bold"), "  ", (row.probability.rjust(7), _style(row.chance)), "  ",
        (row.alternatives, "$foreground-muted"),
    )


class TokensScreen(ModalScreen[None]):
    """One row per token of a reply; Escape closes."""

    DEFAULT_CSS = """
    TokensScreen { align: center middle; }
    #tokens-box {
        width: 98%; max-width: 110; height: 96%; max-height: 40;
        border: round $primary; border-title-color: $text-primary; border-title-style: bold;
        background: $surface; padding: 0 1;
    }
    #tokens-summary { height: auto; color: $text-muted; }
    #tokens-head { height: 1; color: $text-muted; margin-top: 1; }
    #tokens-list { height: 1fr; border: none; padding: 0; background: $surface; }
    """

    BINDINGS = [Binding("escape", "close", "Close", show=False)]

    def __init__(self, model: str, tokens: Sequence[TokenLogprob]) -> None:
        super().__init__()
        self.model = model
        self.tokens = tuple(tokens)

    def compose(self) -> ComposeResult:
        with Vertical(id="tokens-box") as box:
            box.border_title = Content.assemble("Token probabilities · ", Content(self.model))
            yield Static(Content(summary(self.tokens)), id="tokens-summary")
            yield Static("token".ljust(TOKEN_WIDTH) + "  " + "chance".rjust(7) + "  alternatives", id="tokens-head")
            yield OptionList(*(Option(row_content(row)) for row in token_rows(self.tokens)), id="tokens-list")
            yield Static(Content.assemble(("↑↓ pgup pgdn", "bold $text-accent"), " move   ",
                                          ("esc", "bold $text-accent"), " close"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)
