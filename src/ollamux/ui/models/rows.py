"""The lines of the model picker, as `Content`: one-line rows in fixed columns.

Everything a server sends (model names, error texts) is untrusted: it is cleaned of
terminal controls and only ever placed into `Content` as plain text, never parsed
as markup. Every line is cut to the list's width, so each option is exactly one
line tall and the picker can tell which rows are on screen from the scroll offset.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from rich.cells import cell_len, set_cell_size
from textual.content import Content

from ollamux.api.errors import ApiError, HostUnreachable
from ollamux.api.hosts import Host
from ollamux.api.models import ModelInfo
from ollamux.core.text import strip_control

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
GAP = "  "
MARK_WIDTH = len("[x] ")
INDENT = "  "  # rows sit under their host's header
FIXED_WIDTH = len(INDENT) + 4 * len(GAP) + SIZE_WIDTH + PARAMS_WIDTH + QUANT_WIDTH + BADGE_WIDTH
MIN_NAME_WIDTH = 12


def clean(text: str) -> str:
    """Untrusted text made one safe line: no escapes, no line breaks."""
    return " ".join(strip_control(text.replace("\t", " ")).splitlines())


def format_size(size: int | None, *, unknown: str = "") -> str:
    """Bytes as `ollama list` prints them: decimal units, "4.7 GB", "42 GB".

    `unknown` stands in for a size the server did not send or sent as nonsense.
    """
    if size is None or size < 0:
        return unknown
    value = float(size)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            break
        value /= 1000
    if value >= 10 or value == int(value):
        return f"{int(value)} {unit}"
    return f"{value:.1f} {unit}"


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


def name_width(names: Iterable[str], total_width: int, *, multi: bool) -> int:
    """The name column: as wide as the longest name, within what the line allows."""
    room = total_width - FIXED_WIDTH - (MARK_WIDTH if multi else 0)
    longest = max((cell_len(clean(name)) for name in names), default=0)
    return max(MIN_NAME_WIDTH, min(longest, room))


def badges(capabilities: Iterable[str] | None) -> Content:
    have = set(capabilities or ())
    parts: list[str | tuple[str, str]] = []
    for capability, label, style in BADGES:
        if capability in have:
            parts += [" "] if parts else []
            parts.append((label, style))
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
    name = fit(clean(model.name), name_cells)
    parts += [
        name + " " * (name_cells - cell_len(name)),
        GAP,
        # /v1 lists names only (no size is no news); an Ollama row without one had a bad figure.
        (format_size(model.size, unknown="?" if model.parameter_size or model.quantization else "")
         .rjust(SIZE_WIDTH), "$foreground-muted"),
        GAP,
        fit(clean(model.parameter_size), PARAMS_WIDTH).rjust(PARAMS_WIDTH),
        GAP,
        (fit(clean(model.quantization), QUANT_WIDTH).ljust(QUANT_WIDTH), "$foreground-muted"),
        GAP,
        badges(capabilities),
    ]
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


def host_lines(
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


def message_lines(text: str, width: int, style: str, *, indent: str = INDENT) -> list[Content]:
    """A long message (an error, its hint) wrapped to whole lines, never cut."""
    lines = textwrap.wrap(clean(text), max(8, width - len(indent)), break_on_hyphens=False)
    return [Content.styled(indent + line, style).truncate(width) for line in lines]


def notice(text: str, width: int) -> Content:
    """A note in place of rows: no models, or none that match."""
    return Content.styled(INDENT + clean(text), "italic $foreground-muted").truncate(width, ellipsis=True)


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
