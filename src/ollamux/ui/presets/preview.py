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
SYSTEM_CHARACTERS = 320  # a prompt written as one long paragraph is one "line"


def preset_row(preset: Preset) -> Content:
    """One line of the list: the name (where it comes from is in the preview)."""
    return Content(strip_control(" ".join(preset.name.split())))


def preview(preset: Preset, misfits: list[str] | None, where: str) -> Content:
    """The description, what the preset sets and what of it does not fit, then the
    system prompt's first lines: the short parts first, so that 24 rows show them.

    `misfits` None: not judged (no session yet); `where`: the file, as shown to the user.
    """
    parts: list[Content] = []
    if preset.description:
        parts.append(Content.styled(strip_control(preset.description), "italic"))
    settings = settings_lines(preset)
    nothing = "Sets only the system prompt" if preset.system.strip() else "Sets nothing"
    parts.append(Content.styled("Sets" if settings else nothing, "bold $text-accent"))
    if settings:
        parts.append(Content(strip_control("\n".join(settings))))
    if misfits:
        parts.append(Content.styled("Not for this session (left out)", "bold $text-warning"))
        parts.append(Content.styled(strip_control("\n".join(misfits)), "$text-warning"))
    elif misfits is not None:
        parts.append(Content.styled("Fits this session", "$text-success"))
    parts.append(Content.styled(strip_control(where), "$text-muted"))
    system = strip_control(preset.system.strip("\n"))
    parts.append(Content.styled("System prompt" if system else "No system prompt", "bold $text-accent"))
    if system:
        shown = "\n".join(system.splitlines()[:SYSTEM_LINES])[:SYSTEM_CHARACTERS]
        more = len(system) - len(shown)
        parts.append(Content.assemble(shown, ("" if more <= 0 else f"… ({more} more characters)", "$text-muted")))
    return Content("\n").join(parts)
