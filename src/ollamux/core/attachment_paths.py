"""Which files a prompt points at: `@PATH` mentions, and image paths pasted bare.

`@notes.txt`, `@~/src/app.py`, `@"My Notes.txt"`, `@my\\ file.txt` and
`@file:///tmp/a%20b.png` name a file on purpose: they are found whether or not the
file exists, so the send path can say "notes.txt: no such file".

A bare path to an image is attached too, as the ollama CLI does, because a file
manager drops a picture into a terminal as its path (`'/home/u/My Shots/a b.png'`,
`/home/u/a\\ b.png`, `file:///home/u/a.png`). It must exist and look like a path
(hold a `/`): a plain word such as `logo.png` may just be a word in a sentence, so it
is not attached; the user writes `@logo.png` to mean the file.

Fenced code blocks are left alone: a pasted `@property` or `@Override` is code, not
a file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ollamux.core.attachment import IMAGE_SUFFIXES

# An `@` starts a mention at the start of the text, after whitespace or after one of
# these: "(see @a.py)", "'@a.py'". Elsewhere it is part of a word (user@example.com).
OPENERS = "([{<\"'"
# Sentence punctuation after a path ("see @notes.txt.") is not part of it, unless a
# file with it exists or it was escaped.
TRAILING = ".,;:!?)]}>'\""
# What `escape` backslashes: whitespace and what a shell would read specially, so a
# completed name reads back the same and looks like what a shell user expects.
SPECIAL = "\\'\"`$&|;<>()[]{}*?!#"
FILE_URL = "file://"
# A paste longer than this is text, not a drop of files, whatever it holds.
DROP_LIMIT = 64 * 1024
_PLAIN_WORD = re.compile(r"[^\s\\]*")


@dataclass(frozen=True, slots=True)
class PathMention:
    start: int  # where it starts in the text: the `@` of an explicit mention
    end: int
    raw: str  # text[start:end], as written
    path: Path  # expanded and absolute; it may not exist
    explicit: bool  # True for `@PATH`, False for a bare image path


@dataclass(frozen=True, slots=True)
class Word:
    """A run of text up to unescaped whitespace, backslash escapes undone."""

    chars: str
    escaped: tuple[bool, ...]  # per character: whether a backslash protected it
    ends: tuple[int, ...]  # per character: the text index just after it

    @property
    def end(self) -> int:
        return self.ends[-1] if self.ends else -1


def word_at(text: str, start: int) -> Word:
    """The word starting at `start`; a backslash takes the next character literally."""
    plain_end = _PLAIN_WORD.match(text, start).end()  # type: ignore[union-attr]  # it matches ""
    if plain_end == len(text) or text[plain_end] != "\\":  # most words: nothing escaped
        return Word(text[start:plain_end], (False,) * (plain_end - start), tuple(range(start + 1, plain_end + 1)))
    chars: list[str] = []
    escaped: list[bool] = []
    ends: list[int] = []
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            chars.append(text[i + 1])
            escaped.append(True)
            i += 2
        elif char.isspace():
            break
        else:  # a lone backslash at the very end is just a backslash
            chars.append(char)
            escaped.append(False)
            i += 1
        ends.append(i)
    return Word("".join(chars), tuple(escaped), tuple(ends))


def word_end(text: str, start: int) -> int:
    """Where the word starting at `start` ends (`start` itself for an empty word)."""
    word = word_at(text, start)
    return word.end if word.chars else start


def unescape(written: str) -> str:
    """`written` with its backslash escapes undone, as `word_at` undoes them."""
    out: list[str] = []
    chars = iter(written)
    for char in chars:
        out.append(next(chars, char) if char == "\\" else char)
    return "".join(out)


def escape(name: str, *, first: bool = False) -> str:
    """`name` with whitespace and shell-special characters backslashed, as `word_at` reads it.

    `first`: the name starts the path, where a leading `~` would mean the home folder.
    """
    out = [f"\\{char}" if char.isspace() or char in SPECIAL else char for char in name]
    if first and name.startswith("~"):
        out[0] = "\\~"
    return "".join(out)


def expand(written: str, cwd: Path, home: Path | None, *, tilde: bool = True) -> Path:
    """The absolute path `written` names: `~` and `~/…` from `home`, others from `cwd`."""
    if tilde and (written == "~" or written.startswith("~/")):
        try:
            return (home or Path.home()) / written[2:]
        except RuntimeError:  # no home folder known: "~" is just a name then
            pass
    if tilde and written.startswith("~"):
        written = os.path.expanduser(written)  # ~user/…; unchanged if no such user
    # Normalised ("../b.png" from /w is /b.png) so the path names the file by its own name.
    return Path(os.path.normpath(cwd / written))


def find_mentions(text: str, cwd: Path, home: Path | None = None) -> list[PathMention]:
    """The files `text` names, in order: `@PATH` mentions and existing bare image paths."""
    mentions: list[PathMention] = []
    if "@" not in text and "/" not in text:  # most prompts: no need to read word by word
        return mentions
    fences = iter(code_fences(text))
    fence = next(fences, None)
    i, boundary = 0, True
    while i < len(text):
        if fence and i >= fence[0]:
            i, boundary = fence[1], True
            fence = next(fences, None)
            continue
        char = text[i]
        if boundary and not char.isspace():
            found = _mention_at(text, i, cwd, home)
            if found:
                mentions.append(found)
                i, boundary = found.end, False
                continue
        if char == "\\":
            i, boundary = i + 2, False
            continue
        boundary = char.isspace() or char in OPENERS
        i += 1
    return mentions


def dropped_images(text: str, cwd: Path, home: Path | None = None) -> list[Path]:
    """The images of a paste that is nothing but image paths (a drop from a file manager).

    Empty when anything else was pasted: then the text goes into the prompt as typed,
    and its image paths are attached when it is sent.
    """
    if len(text) > DROP_LIMIT or not text.strip():
        return []
    mentions = find_mentions(text, cwd, home)
    rest = list(text)
    for mention in mentions:
        rest[mention.start:mention.end] = " " * (mention.end - mention.start)
    if any(mention.explicit for mention in mentions) or "".join(rest).strip():
        return []
    return [mention.path for mention in mentions]


def without_mentions(text: str, mentions: Sequence[PathMention]) -> str:
    """The text a model reads: each mention replaced by its file's name, spaces tidy.

    "compare @a.py and @b.py" reads "compare a.py and b.py"; a prompt that was only
    a dropped path reads as the file's name. Only the spaces around a mention are
    tidied: indentation elsewhere (pasted code) is the user's.
    """
    if not mentions:
        return text
    ordered = sorted(mentions, key=lambda mention: mention.start)
    edges = [0] + [edge for mention in ordered for edge in (mention.start, mention.end)] + [len(text)]
    gaps = [text[edges[k] : edges[k + 1]] for k in range(0, len(edges), 2)]
    names = [mention.path.name or str(mention.path) for mention in ordered]
    last = len(gaps) - 1
    for k, gap in enumerate(gaps):
        if not gap.strip(" \t"):  # only spaces: one between names, none at either end
            gaps[k] = " " if 0 < k < last and gap else ""
            continue
        if k > 0:  # after a name: no trailing spaces, no doubled ones
            gap = _LINE_END_SPACES.sub("", gap, count=1)
            gap = _LEADING_RUN.sub(" ", gap, count=1)
        if k < last:
            gap = _TRAILING_RUN.sub(" ", gap, count=1)
        gaps[k] = gap
    return "".join(piece for pair in zip(gaps, [*names, ""], strict=True) for piece in pair)


_LINE_END_SPACES = re.compile(r"^[ \t]+(?=\n|$)")
_LEADING_RUN = re.compile(r"^[ \t]{2,}(?=\S)")
_TRAILING_RUN = re.compile(r"(?<=\S)[ \t]{2,}$")


def code_fences(text: str) -> list[tuple[int, int]]:
    """The spans of fenced code blocks (``` or ~~~ lines); an unclosed one runs to the end."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.lstrip(" ").startswith(("```", "~~~")):
            if opened is None:
                opened = offset
            else:
                spans.append((opened, offset + len(line)))
                opened = None
        offset += len(line)
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def _mention_at(text: str, start: int, cwd: Path, home: Path | None) -> PathMention | None:
    if text[start] == "@":
        found = _explicit_path(*_readings(text, start + 1), cwd, home)
    else:
        found = _bare_image_path(_readings(text, start)[0], cwd, home)
    if found is None:
        return None
    end, path = found
    return PathMention(start, end, text[start:end], path, explicit=text[start] == "@")


@dataclass(frozen=True, slots=True)
class _Reading:
    """One way to read the path written at a place: where it ends, its text unescaped."""

    end: int
    written: str
    tilde: bool  # a leading "~" means the home folder (it was not escaped)

    def path(self, cwd: Path, home: Path | None) -> Path | None:
        return _to_path(self.written, cwd, home, tilde=self.tilde)


def _explicit_path(
    readings: list[_Reading], plain: _Reading | None, cwd: Path, home: Path | None
) -> tuple[int, Path] | None:
    """The longest reading that exists, else the one without trailing punctuation."""
    for reading in readings:
        path = reading.path(cwd, home)
        if path is not None and os.path.exists(path):
            # A word of punctuation only ("see @." or "@...") names a file only if
            # one has that name: "." and ".." are folders, never meant.
            return (reading.end, path) if plain or os.path.isfile(path) else None
    path = plain.path(cwd, home) if plain else None
    return (plain.end, path) if plain and path else None


def _bare_image_path(readings: list[_Reading], cwd: Path, home: Path | None) -> tuple[int, Path] | None:
    """The longest reading that looks like a path to an image and is one.

    The text is looked at first: a long pasted text has many words, and making a
    path of each and asking the file system about it would be slow.
    """
    for reading in readings:
        if "/" not in reading.written or not reading.written.lower().endswith(IMAGE_SUFFIXES):
            continue
        path = reading.path(cwd, home)
        if path is not None and os.path.isfile(path):
            return reading.end, path
    return None


def _readings(text: str, start: int) -> tuple[list[_Reading], _Reading | None]:
    """The ways to read the path written at `start`, longest first, and the plain one.

    A quoted path has one reading. An unquoted word is read whole, then without its
    trailing punctuation one character at a time; the plain reading is the one
    without any (None when nothing else is left).
    """
    if start < len(text) and text[start] in "\"'":
        quoted = _quoted_at(text, start)
        if quoted is not None:
            reading = _Reading(*quoted, tilde=True)
            return [reading], reading
    word = word_at(text, start)
    cut = len(word.chars)
    readings: list[_Reading] = []
    while cut:
        readings.append(_Reading(word.ends[cut - 1], word.chars[:cut], tilde=not word.escaped[0]))
        if word.escaped[cut - 1] or word.chars[cut - 1] not in TRAILING:
            return readings, readings[-1]
        cut -= 1
    return readings, None


def _quoted_at(text: str, start: int) -> tuple[int, str] | None:
    """A quoted path on one line: (the index after its closing quote, what is inside)."""
    quote = text[start]
    inside: list[str] = []
    i = start + 1
    while i < len(text) and text[i] != "\n":
        char = text[i]
        if char == quote:
            return (i + 1, "".join(inside)) if inside else None
        if quote == '"' and char == "\\" and i + 1 < len(text) and text[i + 1] in '"\\':
            char = text[i + 1]
            i += 1
        inside.append(char)
        i += 1
    return None


def _to_path(written: str, cwd: Path, home: Path | None, *, tilde: bool) -> Path | None:
    if written.startswith(FILE_URL):
        return _from_file_url(written)
    return expand(written, cwd, home, tilde=tilde)


def _from_file_url(url: str) -> Path | None:
    """The local path of a file:// URL; None for another host's file or an empty path."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return None
    path = unquote(parts.path)
    return Path(os.path.normpath(path)) if path.startswith("/") else None
