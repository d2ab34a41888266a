"""The lines of the model panel, as `Content`: host headers, running and installed rows.

Names, URLs and error texts come from servers and config: they are cleaned of
terminal controls and placed as plain text, never parsed as markup. In the narrow
side panel a model takes two lines (name and time on the first, figures on the
second); once there is room, one.
"""

from __future__ import annotations

import math
from datetime import datetime

from rich.cells import cell_len
from textual.content import Content

from ollamux.api.errors import ApiError, HostUnreachable
from ollamux.api.hosts import Host
from ollamux.api.models import ModelInfo, RunningModel
from ollamux.ui.models.rows import GAP, INDENT, clean, fit, format_size, message_lines

ONE_LINE_WIDTH = 70  # below this, rows take two lines
DETAIL_INDENT = INDENT * 2
SIZE_CELLS = 6
PARAMS_CELLS = 6
QUANT_CELLS = 6
PROCESSOR_CELLS = len("48%/52% CPU/GPU")
CONTEXT_CELLS = len("ctx 131072")
UNTIL_CELLS = len("forever")
AGE_CELLS = len("11mo ago")
NOT_SUPPORTED = "ps and pull are not available on this endpoint"


def format_countdown(model: RunningModel, now: datetime) -> str:
    """Time until the model unloads: "forever", "4m 59s", "42s", "1h 05m"."""
    if model.kept_forever:
        return "forever"
    if model.expires_at is None:
        return "?"
    seconds = math.ceil((model.expires_at - now).total_seconds())
    if seconds <= 0:
        return "now"
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {seconds:02d}s" if minutes else f"{seconds}s"


def format_age(moment: datetime | None, now: datetime) -> str:
    """How long ago a model was pulled or copied: "12h ago", "40d ago"."""
    if moment is None:
        return ""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    minutes, hours, days = seconds / 60, seconds / 3600, seconds / 86400
    if hours < 1:
        return f"{int(minutes)}m ago"
    if days < 2:
        return f"{int(hours)}h ago"
    if days < 60:
        return f"{int(days)}d ago"
    if days < 730:
        return f"{int(days / 30.4)}mo ago"
    return f"{int(days / 365.25)}y ago"


def _spread(left: Content, right: Content, width: int) -> Content:
    """`left` cut to leave room for `right`, which sits at the right edge."""
    room = max(1, width - right.cell_length - 1)
    left = left.truncate(room, ellipsis=True)
    return Content.assemble(left, " " * (width - left.cell_length - right.cell_length), right)


def _name(name: str, cells: int) -> str:
    text = fit(clean(name), cells)
    return text + " " * (cells - cell_len(text))


def host_lines(
    host: Host, *, version: str | None, error: ApiError | None, retry_in: float | None, loading: bool, width: int
) -> list[Content]:
    """Name and URL, then how the host is doing; for a failing one, why and when next."""
    title = Content.assemble((clean(host.name), "bold $text-primary"), GAP, (clean(host.url), "$foreground-muted"))
    lines = [title.truncate(width, ellipsis=True)]
    if error is not None:
        state = "unreachable" if isinstance(error, HostUnreachable) else "error"
        retry = f" · retrying in {math.ceil(retry_in)} s" if retry_in else " · retrying…"
        lines.append(Content.assemble(INDENT, (f"✕ {state}", "bold $text-error"), (retry, "$foreground-muted")))
        lines += message_lines(error.message, width, "$text-error")
        lines += message_lines(error.hint, width, "$foreground-muted")
    elif loading:
        lines.append(Content.styled(INDENT + "connecting…", "italic $foreground-muted"))
    elif host.kind == "openai":
        lines.append(Content.assemble(INDENT, ("● up", "bold $text-success"), (" · OpenAI-compatible", "$foreground-muted")))
        lines += message_lines(NOT_SUPPORTED, width, "italic $foreground-muted")
    else:
        server = f" · Ollama {clean(version)}" if version else ""
        lines.append(Content.assemble(INDENT, ("● up", "bold $text-success"), (server, "$foreground-muted")))
    return [line.truncate(width, ellipsis=True) for line in lines]


def section(title: str, note: str = "") -> Content:
    return Content.assemble(INDENT, (title, "bold"), (f"  {note}" if note else "", "$foreground-muted"))


def notice(text: str, width: int) -> Content:
    return Content.styled(DETAIL_INDENT + clean(text), "italic $foreground-muted").truncate(width, ellipsis=True)


def running_row(model: RunningModel, now: datetime, width: int) -> Content:
    """Name, memory, CPU/GPU split, context and the unload countdown."""
    until = format_countdown(model, now)
    until_style = "$text-success" if until == "forever" else "$text-warning"
    context = f"ctx {model.context_length}" if model.context_length else ""
    figures = [
        (format_size(model.size, unknown="?").rjust(SIZE_CELLS), "$foreground-muted"),
        GAP,
        model.processor.ljust(PROCESSOR_CELLS),
        GAP,
        (context.ljust(CONTEXT_CELLS), "$foreground-muted"),
    ]
    if width >= ONE_LINE_WIDTH:
        name_cells = width - len(INDENT) - 4 * len(GAP) - SIZE_CELLS - PROCESSOR_CELLS - CONTEXT_CELLS - UNTIL_CELLS
        return Content.assemble(
            INDENT, _name(model.name, name_cells), GAP, *figures, GAP, (until.rjust(UNTIL_CELLS), until_style)
        ).truncate(width)
    first = _spread(Content(INDENT + clean(model.name)), Content.styled(until, until_style), width)
    second = Content.assemble(DETAIL_INDENT, *figures).truncate(width).rstrip()
    return Content("\n").join([first, second])


def installed_row(model: ModelInfo, now: datetime, width: int) -> Content:
    """Name, size on disk, parameters, quantisation and age."""
    age = format_age(model.modified_at, now)
    figures: list[str | tuple[str, str]] = []
    if model.size is not None or model.parameter_size or model.quantization:  # /v1 lists names only
        figures = [
            (format_size(model.size, unknown="?").rjust(SIZE_CELLS), "$foreground-muted"),
            GAP,
            fit(clean(model.parameter_size), PARAMS_CELLS).rjust(PARAMS_CELLS),
            GAP,
            (fit(clean(model.quantization), QUANT_CELLS).ljust(QUANT_CELLS), "$foreground-muted"),
        ]
    if width >= ONE_LINE_WIDTH:
        name_cells = width - len(INDENT) - 4 * len(GAP) - SIZE_CELLS - PARAMS_CELLS - QUANT_CELLS - AGE_CELLS
        if not figures:
            return Content(INDENT + fit(clean(model.name), width - len(INDENT)))
        return Content.assemble(
            INDENT, _name(model.name, name_cells), GAP, *figures, GAP, (age.rjust(AGE_CELLS), "$foreground-muted")
        ).truncate(width)
    first = _spread(Content(INDENT + clean(model.name)), Content.styled(age, "$foreground-muted"), width)
    if not figures:
        return first
    second = Content.assemble(DETAIL_INDENT, *figures).truncate(width).rstrip()
    return Content("\n").join([first, second])
