"""The embeddings view: texts, one per line, embedded by one model; vectors and their likeness.

`/api/embed` with `dimensions` and `truncate`; each vector's size and first values, the
cosine matrix between the texts; one vector copied as JSON through the app's copy (OSC 52
over SSH). What was typed is kept per model until the app quits, so closing loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from ollamux.api.embed import Embeddings, EmbedRequest
from ollamux.api.errors import ApiError
from ollamux.api.workshop import Workshop
from ollamux.core.embedding_text import dimensions_value, texts_to_embed, vector_json
from ollamux.core.text import strip_control
from ollamux.ui.embed.keys import EMBED_KEYS
from ollamux.ui.embed.results import error_content, results_content
from ollamux.ui.shared import Choose, LineInput

# What was typed, by (host, model): reopening the view finds it again.
_drafts: dict[tuple[str, str], str] = {}
EXAMPLE = "The cat sat on the mat.\nA kitten rested on the rug.\nStock markets fell sharply today."
TRUNCATE_HINT = "ctrl+t turns truncate on: a text longer than the context is then cut to fit."


class EmbedScreen(ModalScreen[None]):
    """One model's embeddings of a few texts. Escape closes (the texts are kept)."""

    DEFAULT_CSS = """
    EmbedScreen { align: center middle; }
    #embed-box {
        width: 98%; max-width: 110; height: 96%; max-height: 40;
        border: round $primary; border-title-color: $text-primary; border-title-style: bold;
        background: $surface; padding: 0 1;
    }
    #embed-texts { height: 6; border: none; padding: 0; }
    #embed-settings { height: 1; margin-top: 1; }
    #embed-settings > Label { width: auto; color: $text-muted; }
    #embed-dimensions { width: 10; margin-right: 2; }
    #embed-truncate { width: 1fr; }
    #embed-results { height: 1fr; margin-top: 1; scrollbar-size-vertical: 1; overflow-x: auto; }
    #embed-keys { height: 1; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [*EMBED_KEYS]

    def __init__(self, host: str, model: str, workshop: Workshop, copy: Callable[[str, str], None]) -> None:
        """`copy(text, what)` delivers text as the app's copies do, and says how it went."""
        super().__init__()
        self.host = host
        self.model = model
        self._workshop = workshop
        self._copy = copy
        self.truncate = True  # the server's default: a long text is cut to the context
        self.embedded: tuple[tuple[str, ...], Embeddings] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="embed-box") as box:
            box.border_title = Content.assemble("Embeddings · ", Content(self.model), f" @ {self.host}")
            yield Label("Texts to embed, one per line:")
            yield TextArea(_drafts.get((self.host, self.model), EXAMPLE), id="embed-texts",
                           soft_wrap=True, show_line_numbers=False)
            with Horizontal(id="embed-settings"):
                yield Label("dimensions ")
                yield LineInput(placeholder="all", compact=True, id="embed-dimensions")
                yield Static(id="embed-truncate")
            with VerticalScroll(id="embed-results", can_focus=False):
                yield Static(Content.styled("ctrl+r embeds the texts.", "italic $foreground-muted"),
                             id="embed-output")
            yield Static(Content.assemble(
                ("ctrl+r", "bold $text-accent"), " embed   ", ("ctrl+t", "bold $text-accent"), " truncate   ",
                ("alt+y", "bold $text-accent"), " copy a vector   ", ("esc", "bold $text-accent"), " close",
            ), id="embed-keys")

    def on_mount(self) -> None:
        self._show_truncate()
        self.query_one(TextArea).focus()

    @property
    def texts(self) -> str:
        return self.query_one(TextArea).text

    def _show(self, content: Content) -> None:
        self.query_one("#embed-output", Static).update(content)

    def _show_truncate(self) -> None:
        state = "on: a long text is cut to the context" if self.truncate else "off: a long text is an error"
        self.query_one("#embed-truncate", Static).update(
            Content.assemble(("truncate ", "$text-muted"), (state, "bold" if not self.truncate else "")))

    def action_toggle_truncate(self) -> None:
        self.truncate = not self.truncate
        self._show_truncate()

    def action_embed(self) -> None:
        texts = texts_to_embed(self.texts)
        if not texts:
            self._show(Content.styled("Type a text first, one per line.", "$text-warning"))
            return
        try:
            dimensions = dimensions_value(self.query_one("#embed-dimensions", LineInput).value)
        except ValueError as error:
            self._show(Content.styled(str(error), "$text-warning"))
            return
        # Truncate on is the server's default: said only when it is off.
        request = EmbedRequest(self.model, texts, dimensions=dimensions, truncate=None if self.truncate else False)
        self._show(Content.styled("embedding…", "italic $foreground-muted"))
        self._run(request)

    @work(exclusive=True, group="embed")
    async def _run(self, request: EmbedRequest) -> None:
        try:
            embeddings = await self._workshop.embed(request)
        except ApiError as error:
            content = error_content(error)
            if request.truncate is False and "context" in error.message.lower():
                content = Content("\n").join([content, Content.styled(TRUNCATE_HINT, "$foreground-muted")])
            self._show(content)
            return
        self.embedded = (request.inputs, embeddings)
        self._show(results_content(request.inputs, embeddings))

    def action_copy_vector(self) -> None:
        if self.embedded is None:
            self.notify("Nothing embedded yet: ctrl+r embeds the texts.", markup=False)
            return
        texts = self.embedded[0]
        if len(texts) == 1:
            self._copy_vector(0)
            return
        # One key each: the first nine texts (a matrix wider than that no longer fits 80 columns anyway).
        keys = {str(i + 1): strip_control(text[:20]) for i, text in enumerate(texts[:9])}
        self.app.push_screen(Choose("Copy which text's vector, as JSON?", keys),
                             lambda key: self._copy_vector(int(key) - 1) if key else None)

    def _copy_vector(self, index: int) -> None:
        if self.embedded is not None:
            self._copy(vector_json(self.embedded[1].vectors[index]), f"vector {index + 1}")

    def action_close(self) -> None:
        _drafts[(self.host, self.model)] = self.texts
        self.dismiss(None)
