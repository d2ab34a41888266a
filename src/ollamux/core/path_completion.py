"""Tab after `@` in the prompt: complete the path being typed, as a shell does.

Completed names are escaped as `attachment_paths` reads them back, so what Tab
writes is the file the send path attaches.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ollamux.core.attachment_paths import OPENERS, escape, expand, unescape, word_end

# A folder with thousands of entries would fill the screen and say nothing.
MAX_CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class Completion:
    start: int  # the span to replace: the path after the `@`, up to the cursor
    end: int
    replacement: str
    candidates: tuple[str, ...]  # when several match: their names, folders ending in "/"
    total: int = 0  # how many matched; more than len(candidates) when the list was capped

    @property
    def left_out(self) -> int:
        """How many matches the capped list leaves out."""
        return max(0, self.total - len(self.candidates))


def complete_at(text: str, cursor: int, cwd: Path, home: Path | None = None) -> Completion | None:
    """Complete the `@partial` the cursor ends; None when there is none or nothing matches."""
    start = _partial_start(text, cursor)
    if start is None:
        return None
    typed = text[start:cursor]
    if typed == "~":  # the home folder itself: go inside, as a shell does
        return Completion(start, cursor, "~/", (), 1)
    cut = typed.rfind("/") + 1
    typed_folder, prefix = typed[:cut], unescape(typed[cut:])
    folder = expand(unescape(typed_folder), cwd, home, tilde=not typed_folder.startswith("\\")) if cut else cwd
    matches = _matches(folder, prefix)
    if not matches:
        return None
    if len(matches) == 1:
        name, is_folder = matches[0]
        # A folder ends in "/" so the next Tab goes inside; a file ends the word.
        after = "/" if is_folder else " " if cursor == len(text) else ""
        return Completion(start, cursor, typed_folder + escape(name, first=not cut) + after, (), 1)
    common = _common_prefix([name for name, _ in matches])
    replacement = typed if common == prefix else typed_folder + escape(common, first=not cut)
    listed = tuple(name + "/" if is_folder else name for name, is_folder in matches[:MAX_CANDIDATES])
    return Completion(start, cursor, replacement, listed, len(matches))


def _partial_start(text: str, cursor: int) -> int | None:
    """Where the path after an `@` starts, if the cursor ends an `@partial` word."""
    if cursor < len(text) and not text[cursor].isspace():
        return None  # inside a word: Tab there is not a completion
    i, boundary = 0, True
    while i < cursor:
        char = text[i]
        if boundary and char == "@":
            end = word_end(text, i + 1)
            if end == cursor:
                return i + 1
            i, boundary = end, False
            continue
        if char == "\\":
            i, boundary = i + 2, False
            continue
        boundary = char.isspace() or char in OPENERS
        i += 1
    return None


def _matches(folder: Path, prefix: str) -> list[tuple[str, bool]]:
    """The folder's entries starting with `prefix`: folders first, then files, by name.

    Hidden entries only when the prefix asks for them; a folder that cannot be read
    has no entries.
    """
    hidden = prefix.startswith(".")
    try:
        with os.scandir(folder) as entries:
            found = [
                (entry.name, _is_folder(entry))
                for entry in entries
                if entry.name.startswith(prefix) and (hidden or not entry.name.startswith("."))
            ]
    except (OSError, ValueError):
        return []
    return sorted(found, key=lambda match: (not match[1], match[0].casefold(), match[0]))


def _common_prefix(names: list[str]) -> str:
    """The longest start all `names` share, character by character (not by path part)."""
    first, last = min(names), max(names)
    size = next((k for k, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), min(len(first), len(last)))
    return first[:size]


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
