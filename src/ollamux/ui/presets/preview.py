"""How the preset picker words one preset: what it is, what it sets, what does not fit.

Preset files are the user's text: everything passes `strip_control` and goes into
`Content`, never markup.
"""

from __future__ import annotations

from textual.content import Content

from ollamux.core.preset_apply import settings_lines
from ollamux.core.presets import Preset
from ollamux.core.text import strip_control

SYSTEM_LINES = 5


def preset_row(preset: Preset) -> Content:
    """One line of the list: the name, and a mark on the user's own files."""
    name = strip_control(preset.name)
    return Content.assemble(name, ("  (shipped)", "$text-muted")) if preset.shipped else Content(name)


def preview(preset: Preset, misfits: list[str] | None, where: str) -> Content:
    """The description, the system prompt's first lines, the settings, the misfits.

    `misfits` None: not judged (no session yet); `where`: the file, as shown to the user.
    """
    parts: list[Content] = []
    if preset.description:
        parts.append(Content.styled(strip_control(preset.description), "italic"))
    system = strip_control(preset.system.strip("\n")).splitlines()
    heading = "System prompt" if system else "No system prompt"
    parts.append(Content.styled(heading, "bold $text-accent"))
    if system:
        more = len(system) - SYSTEM_LINES
        shown = "\n".join(system[:SYSTEM_LINES])
        tail = ("" if more <= 0 else f"\n… {more} more lines", "$text-muted")
        parts.append(Content.assemble(shown, tail))
    settings = settings_lines(preset)
    parts.append(Content.styled("Sets" if settings else "Sets no option", "bold $text-accent"))
    if settings:
        parts.append(Content(strip_control("\n".join(settings))))
    if misfits:
        parts.append(Content.styled("Not for this session (left out)", "bold $text-warning"))
        parts.append(Content.styled(strip_control("\n".join(misfits)), "$text-warning"))
    elif misfits is not None:
        parts.append(Content.styled("Fits this session", "$text-success"))
    parts.append(Content.styled(strip_control(where), "$text-muted"))
    return Content("\n").join(parts)
