"""Pulls in progress, under the model list: one block per pull, several at once.

Each block shows its layers by digest with a small bar each, an overall
`ProgressBar` with its percent, and a line with bytes and transfer rate; an in-band error
stays on screen in red until dismissed. The numbers come from `PullTracker`; this
module only draws them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import ProgressBar, Static
from textual.worker import Worker

from ollamux.core.pull_progress import Layer, PullTracker
from ollamux.ui.models.rows import GAP, INDENT, clean, format_size, message_lines

LAYER_BAR_CELLS = 12
MAX_LAYER_LINES = 4  # models have a handful of layers; the rest are folded into "+N"


def bar(fraction: float | None, cells: int) -> Content:
    """A text bar for one layer: filled, then a dim track."""
    filled = round((fraction or 0.0) * cells)
    return Content.assemble(("━" * filled, "$text-success"), ("━" * (cells - filled), "$foreground 20%"))


def layer_line(layer: Layer) -> Content:
    percent = "" if layer.fraction is None else f"{int(layer.fraction * 100)}%"
    return Content.assemble(
        INDENT,
        (layer.short_digest, "$foreground-muted"),
        " ",
        bar(layer.fraction, LAYER_BAR_CELLS),
        " ",
        percent.rjust(4),
        GAP,
        (format_size(layer.total), "$foreground-muted"),
    )


def state(tracker: PullTracker) -> Content:
    """What the title says: the server's status, or how the pull ended."""
    if tracker.succeeded:
        return Content.styled("✓ pulled", "bold $text-success")
    if tracker.cancelled:
        return Content.styled("cancelled", "$text-warning")
    if tracker.error is not None:
        return Content.styled("✕ failed", "bold $text-error")
    return Content.styled(clean(tracker.status), "italic $foreground-muted")


def figures(tracker: PullTracker) -> Content:
    """Bytes so far, of how many, and how fast (the bar shows the percent)."""
    text = f"{format_size(tracker.completed)} / {format_size(tracker.total)}"
    rate = tracker.rate
    return Content.assemble(INDENT, text, (f"  {format_size(int(rate))}/s" if rate > 0 else "", "$text-accent"))


class PullRow(Vertical):
    """One pull: title, layers, overall bar, figures, and its error if any."""

    DEFAULT_CSS = """
    PullRow { height: auto; margin-top: 1; }
    PullRow:first-child { margin-top: 0; }
    PullRow > ProgressBar { padding-left: 2; }
    PullRow > ProgressBar > Bar { width: 1fr; }
    PullRow .pull-error { color: $text-error; }
    """

    def __init__(self, host: str, model: str, tracker: PullTracker, *, show_host: bool = True) -> None:
        super().__init__()
        self.host = host
        self.model = model
        self.tracker = tracker
        self.worker: Worker[None] | None = None
        self._show_host = show_host

    def compose(self) -> ComposeResult:
        yield Static(classes="pull-title")
        yield Static(classes="pull-layers")
        yield ProgressBar(total=100, show_eta=False, show_percentage=True)
        yield Static(classes="pull-figures")
        yield Static(classes="pull-error")

    def on_mount(self) -> None:
        self.update_progress()

    def update_progress(self) -> None:
        tracker = self.tracker
        where = f"{clean(self.host)}: " if self._show_host else ""
        self.query_one(".pull-title", Static).update(
            Content.assemble(("pull ", "$foreground-muted"), (where + clean(self.model), "bold"), GAP, state(tracker))
        )
        layers = list(tracker.layers.values())
        lines = [layer_line(layer) for layer in layers[:MAX_LAYER_LINES]]
        if len(layers) > MAX_LAYER_LINES:
            lines.append(Content.styled(f"{INDENT}+{len(layers) - MAX_LAYER_LINES} more layers", "$foreground-muted"))
        layer_box = self.query_one(".pull-layers", Static)
        layer_box.update(Content("\n").join(lines))
        layer_box.display = bool(lines) and not tracker.finished
        progress = self.query_one(ProgressBar)
        progress.update(progress=tracker.percent or 0)
        progress.display = not tracker.finished
        line = self.query_one(".pull-figures", Static)
        line.update(figures(tracker))
        line.display = tracker.percent is not None and not tracker.finished
        error = self.query_one(".pull-error", Static)
        if tracker.error is not None:
            width = max(20, self.size.width or 40)
            error.update(Content("\n").join(message_lines(tracker.error, width, "$text-error")))
        error.display = tracker.error is not None

    @property
    def running(self) -> bool:
        return not self.tracker.finished


class PullArea(VerticalScroll, can_focus=False):
    """The pulls, newest last; hidden while there are none."""

    DEFAULT_CSS = """
    PullArea {
        height: auto; max-height: 50%; display: none;
        border-top: solid $primary-muted; scrollbar-size-vertical: 1;
    }
    PullArea.-busy { display: block; }
    """

    def add_pull(self, host: str, model: str, tracker: PullTracker, *, show_host: bool = True) -> PullRow:
        row = PullRow(host, model, tracker, show_host=show_host)
        self.mount(row)
        self.add_class("-busy")
        self.call_after_refresh(self.scroll_end, animate=False)
        return row

    @property
    def rows(self) -> list[PullRow]:
        return list(self.query_children(PullRow))

    def latest(self) -> PullRow | None:
        """The pull the cancel key acts on: the newest still running, else the newest."""
        rows = self.rows
        running = [row for row in rows if row.running]
        latest = running or rows
        return latest[-1] if latest else None

    def dismiss(self, row: PullRow) -> None:
        row.remove()
        if len(self.rows) <= 1:
            self.set_class(any(r is not row for r in self.rows), "-busy")
