"""The lines of the model panel and the model picker, as `Content`.

Everything a server or the config sends (model names, URLs, error texts) is
untrusted: it is cleaned of terminal controls and only ever placed into `Content`
as plain text, never parsed as markup. Both lists show a model's figures (size,
parameters, quantisation) in the same columns, drawn here once.

The picker's rows are one line each, cut to the list's width, so the picker can
tell which rows are on screen from the scroll offset. In the narrow side panel a
model takes two lines (name and time on the first, figures on the second); once
there is room, one.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from textual.content import Content

from ollamux.api.capabilities import Capabilities
from ollamux.api.cloud_status import CloudStatus
from ollamux.api.errors import ApiError, HostUnreachable
from ollamux.api.hosts import Host
from ollamux.api.models import ModelInfo, RunningModel
from ollamux.core.text import format_size, strip_control

# Ollama capability -> (badge, style). Completion is what every chat model does,
# so it earns no badge; "embed" warns that a model cannot chat at all.
BADGES: tuple[tuple[str, str, str], ...] = (
    ("thinking", "think", "$text-accent"),
    ("vision", "vision", "$text-success"),
    ("tools", "tools", "$text-warning"),
    ("embedding", "embed", "$text-secondary"),
)
# Room for the common widest set, reserved up front so that columns do not move
# when badges arrive.
BADGE_WIDTH = len("think vision tools")
SIZE_WIDTH = 6  # "4.7 GB", "42 GB", "637 MB"
PARAMS_WIDTH = 6  # "7.6B", "70.6B", "137M"
QUANT_WIDTH = 6  # "Q4_K_M", "Q8_0", "BF16"
PROCESSOR_WIDTH = len("48%/52% CPU/GPU")
CONTEXT_WIDTH = len("ctx 131072")
UNTIL_WIDTH = len("forever")
AGE_WIDTH = len("11mo ago")
GAP = "  "
MARK_WIDTH = len("[x] ")
INDENT = "  "  # rows sit under their host's header
DETAIL_INDENT = INDENT * 2  # the second line of a two-line panel row
# The picker's columns besides the name.
FIXED_WIDTH = len(INDENT) + 4 * len(GAP) + SIZE_WIDTH + PARAMS_WIDTH + QUANT_WIDTH + BADGE_WIDTH
MIN_NAME_WIDTH = 12
ONE_LINE_WIDTH = 70  # below this, the panel's rows take two lines
NOT_SUPPORTED = "ps and pull are not available on this endpoint"


# -- shared pieces ------------------------------------------------------------

def clean(text: str) -> str:
    """Untrusted text made one safe line: no escapes, no line breaks."""
    return " ".join(strip_control(text.replace("\t", " ")).splitlines())


def fit(text: str, width: int) -> str:
    """Cut text to `width` cells, keeping both ends: the tag after ':' matters."""
    if cell_len(text) <= width:
        return text
    if width < 3:
        return set_cell_size(text, width)
    head = set_cell_size(text, width // 2).rstrip()
    tail = ""
    for char in reversed(text):
        if cell_len(head) + 1 + cell_len(char + tail) > width:
            break
        tail = char + tail
    return f"{head}…{tail}"


def padded_name(name: str, cells: int) -> str:
    """A model name fitted to its column, padded so the next column lines up."""
    text = fit(clean(name), cells)
    return text + " " * (cells - cell_len(text))


def figures(model: ModelInfo, *, unknown: str) -> list[str | tuple[str, str]]:
    """Size, parameters and quantisation in their columns; `unknown` for a size not sent."""
    return [
        (format_size(model.size, unknown=unknown).rjust(SIZE_WIDTH), "$foreground-muted"),
        GAP,
        fit(clean(model.parameter_size), PARAMS_WIDTH).rjust(PARAMS_WIDTH),
        GAP,
        (fit(clean(model.quantization), QUANT_WIDTH).ljust(QUANT_WIDTH), "$foreground-muted"),
    ]


def message_lines(text: str, width: int, style: str, *, indent: str = INDENT) -> list[Content]:
    """A long message (an error, its hint) wrapped to whole lines, never cut."""
    lines = textwrap.wrap(clean(text), max(8, width - len(indent)), break_on_hyphens=False)
    return [Content.styled(indent + line, style).truncate(width) for line in lines]


def notice(text: str, width: int, *, indent: str = INDENT) -> Content:
    """A note in place of rows: no models, or none that match."""
    return Content.styled(indent + clean(text), "italic $foreground-muted").truncate(width, ellipsis=True)


# -- the picker ---------------------------------------------------------------

def name_width(names: Iterable[str], total_width: int, *, multi: bool) -> int:
    """The name column: as wide as the longest name, within what the line allows."""
    room = total_width - FIXED_WIDTH - (MARK_WIDTH if multi else 0)
    longest = max((cell_len(clean(name)) for name in names), default=0)
    return max(MIN_NAME_WIDTH, min(longest, room))


def badges(capabilities: Iterable[str] | None, *, remote: bool = False) -> Content:
    have = set(capabilities or ())
    parts: list[str | tuple[str, str]] = []
    for capability, label, style in BADGES:
        if capability in have:
            parts += [" "] if parts else []
            parts.append((label, style))
    if "embedding" in have and "completion" not in have:
        parts.append((" no chat", "$foreground-muted"))  # picked for a session, it is explained
    if remote:
        parts += [" "] if parts else []
        parts.append(("cloud", "$text-accent"))
    return Content.assemble(*parts)


def model_row(
    model: ModelInfo,
    *,
    width: int,
    name_cells: int,
    capabilities: Iterable[str] | None,
    marked: bool | None,
) -> Content:
    """One model: [mark] name, size, parameters, quantisation, badges."""
    parts: list[str | tuple[str, str] | Content] = [INDENT]
    if marked is not None:
        parts.append(("[x] ", "bold $text-success") if marked else ("[ ] ", "$foreground-muted"))
    # /v1 lists names only (no size is no news); an Ollama row without one had a bad figure.
    unknown = "?" if model.parameter_size or model.quantization else ""
    badge = badges(capabilities, remote=model.is_remote)
    parts += [padded_name(model.name, name_cells), GAP, *figures(model, unknown=unknown), GAP, badge]
    return Content.assemble(*parts).truncate(width, ellipsis=True)


def host_header(host: Host, status: str, width: int, *, failed: bool = False) -> Content:
    """The line above a host's models: name, URL, and how its listing went."""
    return Content.assemble(
        (clean(host.name), "bold $text-primary"),
        GAP,
        (clean(host.url), "$foreground-muted"),
        GAP,
        (status, "bold $text-error" if failed else "italic $foreground-muted"),
    ).truncate(width, ellipsis=True)


def picker_host_lines(
    host: Host, models: list[ModelInfo] | None, error: ApiError | None, matches: int, width: int
) -> list[Content]:
    """A host's header, then its error and hint, or a note that it has no models."""
    if error is not None:
        return [
            host_header(
                host, "unreachable" if isinstance(error, HostUnreachable) else "failed", width, failed=True
            ),
            *message_lines(error.message, width, "$text-error"),
            *message_lines(error.hint, width, "$foreground-muted"),
        ]
    if models is None:
        return [host_header(host, "loading…", width)]
    count = f"{len(models)} model{'s' if len(models) != 1 else ''}"
    lines = [host_header(host, count if matches == len(models) else f"{matches} of {count}", width)]
    if not models:
        lines.append(notice("No models installed; pull one first.", width))
    return lines


def key_help(*, multi: bool, marked: int) -> Content:
    """The keys line at the foot of the picker."""
    keys = [("↑↓", "move"), ("enter", "open"), ("esc", "cancel")]
    if multi:
        keys[1:2] = [("space", "mark"), ("enter", "compare" if marked else "open")]
    parts: list[str | tuple[str, str]] = []
    for key, action in keys:
        parts += [(key, "bold $text-accent"), f" {action}   "]
    if marked:
        parts.append((f"{marked} marked", "bold $text-success"))
    return Content.assemble(*parts)


# -- the panel ----------------------------------------------------------------

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


def panel_host_lines(
    host: Host,
    capabilities: Capabilities,
    *,
    version: str | None,
    error: ApiError | None,
    retry_in: float | None,
    loading: bool,
    width: int,
    cloud: CloudStatus | None = None,
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
    elif not capabilities.running_models:  # an OpenAI-compatible endpoint: it lists, no more
        up = Content.assemble(INDENT, ("● up", "bold $text-success"), (" · OpenAI-compatible", "$foreground-muted"))
        lines.append(up)
        lines += message_lines(NOT_SUPPORTED, width, "italic $foreground-muted")
    else:
        server = f" · Ollama {clean(version)}" if version else ""
        # Only a cloud turned off is news: on is the default of every server that has it.
        off = f" · cloud off ({clean(cloud.source)})" if cloud is not None and cloud.disabled else ""
        lines.append(Content.assemble(INDENT, ("● up", "bold $text-success"), (server, "$foreground-muted"),
                                      (off, "$text-warning")))
    return [line.truncate(width, ellipsis=True) for line in lines]


def section(title: str, note: str = "") -> Content:
    return Content.assemble(INDENT, (title, "bold"), (f"  {note}" if note else "", "$foreground-muted"))


def running_row(model: RunningModel, now: datetime, width: int) -> Content:
    """Name, memory, CPU/GPU split, context and the unload countdown."""
    until = format_countdown(model, now)
    until_style = "$text-success" if until == "forever" else "$text-warning"
    context = f"ctx {model.context_length}" if model.context_length else ""
    shown: list[str | tuple[str, str]] = [
        (format_size(model.size, unknown="?").rjust(SIZE_WIDTH), "$foreground-muted"),
        GAP,
        model.processor.ljust(PROCESSOR_WIDTH),
        GAP,
        (context.ljust(CONTEXT_WIDTH), "$foreground-muted"),
    ]
    if width >= ONE_LINE_WIDTH:
        name_cells = width - len(INDENT) - 4 * len(GAP) - SIZE_WIDTH - PROCESSOR_WIDTH - CONTEXT_WIDTH - UNTIL_WIDTH
        return Content.assemble(
            INDENT, padded_name(model.name, name_cells), GAP, *shown, GAP, (until.rjust(UNTIL_WIDTH), until_style)
        ).truncate(width)
    first = _spread(Content(INDENT + clean(model.name)), Content.styled(until, until_style), width)
    second = Content.assemble(DETAIL_INDENT, *shown).truncate(width).rstrip()
    return Content("\n").join([first, second])


def _marked_name(name: str, marks: list[tuple[str, str]], cells: int) -> Content:
    """The name and its marks (`embed`, `cloud`) in the name's column, the marks kept whole."""
    if not marks:
        return Content(padded_name(name, cells))
    words: list[str | tuple[str, str]] = []
    for word in marks:
        words += [" ", word]
    tail = Content.assemble(*words)
    text = fit(clean(name), max(3, cells - tail.cell_length))
    return Content.assemble(text, tail).truncate(cells, pad=True)


def installed_row(model: ModelInfo, now: datetime, width: int, marks: list[tuple[str, str]] | None = None) -> Content:
    """Name (and its marks: embedding model, served remotely), size on disk, parameters, quantisation, age."""
    marks = marks or []
    age = format_age(model.modified_at, now)
    shown: list[str | tuple[str, str] | Content] = []
    if model.size is not None or model.parameter_size or model.quantization:  # /v1 lists names only
        shown = list(figures(model, unknown="?"))
    if width >= ONE_LINE_WIDTH:
        name_cells = width - len(INDENT) - 4 * len(GAP) - SIZE_WIDTH - PARAMS_WIDTH - QUANT_WIDTH - AGE_WIDTH
        if not shown:
            return Content.assemble(INDENT, _marked_name(model.name, marks, width - len(INDENT))).truncate(width)
        return Content.assemble(
            INDENT, _marked_name(model.name, marks, name_cells), GAP, *shown, GAP,
            (age.rjust(AGE_WIDTH), "$foreground-muted"),
        ).truncate(width)
    first = _spread(Content(INDENT + clean(model.name)), Content.styled(age, "$foreground-muted"), width)
    for word in marks:  # under the name, after the figures: the first line keeps the name whole
        shown += [GAP, word]
    if not shown:
        return first
    second = Content.assemble(DETAIL_INDENT, *shown).truncate(width).rstrip()
    return Content("\n").join([first, second])
