"""Text as the search index sees it, and one-line snippets with their matches.

The index uses SQLite's `unicode61` tokenizer (case and diacritics folded), which
splits words at spaces and punctuation. Chinese and Japanese are written without
spaces, so it would see a whole sentence as one word and never find a word inside
it. `indexed_text` therefore rewrites every run of CJK characters as its
overlapping pairs ("模型参数" -> "模型 型参 参数"): any substring of two or more
characters is then a phrase of consecutive pairs. A query term goes through the
same rewrite, so both sides always agree. The `trigram` tokenizer was measured
and set aside (`bench/search_library.py --compare`): it cannot find a substring
of two characters (SQLite 3.40's LIKE returns nothing for one), folds no
diacritics before SQLite 3.45, and its index was twelve times larger.

Snippets are cut from the original text, with the spans of the matched terms, so
the UI colours them without any markup in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ollamux.core.markdown_plain import plain_words, plain_words_from
from ollamux.core.text import strip_control

# Han (with extensions and compatibility forms), kana, Hangul syllables.
_CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff"
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
# A letter or digit of a spaced script: what continues a word for unicode61.
_WORD_CHAR = f"[^\\W_{_CJK_CLASS}]"
_PIECE = re.compile(f"[{_CJK_CLASS}]+|{_WORD_CHAR}+")
_SPACES = re.compile(r"\s+")

# About one line of a wide terminal, counted in cells (a CJK character takes two).
SNIPPET_CELLS = 100
# How much text comes before the first match, so the match is read in context.
_LEAD_CELLS = 24
ELLIPSIS = "…"
# How far from its best match a text is read for a snippet, each way.
_REACH = SNIPPET_CELLS * 4


def _pairs(run: re.Match[str]) -> str:
    text = run.group()
    if len(text) == 1:
        return f" {text} "
    return " " + " ".join(text[i : i + 2] for i in range(len(text) - 1)) + " "


def indexed_text(text: str) -> str:
    """The text handed to the tokenizer: CJK runs become their overlapping pairs."""
    if text.isascii():
        return text
    return _CJK_RUN.sub(_pairs, text)


def fts_phrase(term: str, *, prefix: bool = False) -> str | None:
    """One user term as a quoted FTS5 phrase, or None if it holds no word at all.

    Inside double quotes FTS5 reads nothing as syntax (`NEAR`, `*`, `:`, `-`, `OR`
    are plain text the tokenizer drops or keeps as words); a quote inside the term
    is doubled, which is how FTS5 escapes it.
    """
    if not _PIECE.search(term):
        return None
    # FTS5 reads a NUL as the end of the query, leaving the quote open.
    quoted = '"' + indexed_text(term.replace("\0", " ")).replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def one_line(text: str) -> str:
    """The text on one line: control sequences gone, every run of whitespace one space."""
    return _SPACES.sub(" ", strip_control(text)).strip()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base[0] if base else char


def _mark_free(char: str) -> str:
    return unicodedata.normalize("NFD", char)[0]


# Accented Latin and Greek letters, mapped to their base letter (in C, by translate).
_BASE_LETTERS = {
    code: _mark_free(chr(code))
    for block in (range(0xC0, 0x250), range(0x370, 0x400), range(0x1E00, 0x1F00))
    for code in block
    if len(_mark_free(chr(code))) == 1 and _mark_free(chr(code)) != chr(code)
}


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one: spans stay valid."""
    if text.isascii():
        return text.lower()
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered.translate(_BASE_LETTERS)
    return "".join(map(_fold_char, text))  # a letter whose lower case is longer (İ)


@dataclass(frozen=True, slots=True)
class Needle:
    """What one query term looks like in plain text, for finding it in a snippet."""

    pattern: re.Pattern[str]


def needle(term: str, *, prefix: bool = False) -> Needle | None:
    """A pattern finding `term` as the index matches it: word starts, CJK anywhere.

    Separators between the words of a phrase are free (the tokenizer drops them);
    a word must start where a word starts, and end where one ends unless `prefix`.
    """
    pieces = _PIECE.findall(fold(term))
    if not pieces:
        return None
    parts: list[str] = []
    for index, piece in enumerate(pieces):
        if index:
            latin_pair = not _CJK_RUN.match(piece) and not _CJK_RUN.match(pieces[index - 1])
            parts.append(r"[\W_]+" if latin_pair else r"[\W_]*")
        parts.append(re.escape(piece))
    if not _CJK_RUN.match(pieces[0]):
        parts.insert(0, f"(?<!{_WORD_CHAR})")
    if not prefix and not _CJK_RUN.match(pieces[-1]):
        parts.append(f"(?!{_WORD_CHAR})")
    return Needle(re.compile("".join(parts)))


def find_spans(text: str, needles: Sequence[Needle], limit: int = 200) -> list[tuple[int, int, int]]:
    """(start, end, which needle) of each match in `text`, in order of start."""
    folded = fold(text)
    found: list[tuple[int, int, int]] = []
    for which, item in enumerate(needles):
        for match in item.pattern.finditer(folded):
            if match.end() > match.start():
                found.append((match.start(), match.end(), which))
            if len(found) >= limit:
                break
    return sorted(found)


# No character below U+1100 takes two cells: a text without any is measured by its length.
_MAYBE_WIDE = re.compile("[\u1100-\U0010ffff]")


def _cells(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _forward(text: str, start: int, cells: int) -> int:
    """Where the text from `start` filling at most `cells` terminal cells ends."""
    if not _MAYBE_WIDE.search(text, start, start + cells):  # one cell a character: the common case
        return min(len(text), start + cells)
    end, used = start, 0
    while end < len(text) and used + _cells(text[end]) <= cells:
        used += _cells(text[end])
        end += 1
    return end


def _backward(text: str, end: int, cells: int) -> int:
    """Where the text before `end` filling at most `cells` terminal cells starts."""
    if not _MAYBE_WIDE.search(text, max(0, end - cells), end):
        return max(0, end - cells)
    start, used = end, 0
    while start > 0 and used + _cells(text[start - 1]) <= cells:
        start -= 1
        used += _cells(text[start])
    return start


def _best_anchor(spans: list[tuple[int, int, int]], text: str) -> int:
    """The start of the match whose line would show the most different terms."""
    best, best_count = spans[0][0], 0
    for start, _end, _which in spans[:32]:
        reach = _forward(text, start, SNIPPET_CELLS - _LEAD_CELLS)
        count = len({which for s, e, which in spans if s >= start and e <= reach})
        if count > best_count:
            best, best_count = start, count
    return best


def _near_best_match(text: str, needles: Sequence[Needle]) -> str:
    """The lines of `text` around its best match, Markdown's marks left out: a long
    reply costs a snippet no more than a short one."""
    if len(text) <= 2 * _REACH:
        return plain_words(text)
    spans = find_spans(text, needles) if needles else []
    anchor = _best_anchor(spans, text) if spans else 0
    start, end = max(0, anchor - _REACH), min(len(text), anchor + _REACH)
    start = text.rfind("\n", max(0, start - _REACH), start) + 1 or start  # from a line's start when one is near
    end = text.find("\n", end, end + _REACH) if end < len(text) else end
    return plain_words_from(text, start, end if end >= 0 else anchor + _REACH)


def snippet(text: str, needles: Sequence[Needle]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """About one line of `text` around its best match, and the matched spans in it.

    Without a match it is the start of the text. Markdown's marks are left out
    (`plain_words`). The spans index the snippet itself, ellipses included, and
    never overlap.
    """
    line = one_line(_near_best_match(text, needles))
    spans = find_spans(line, needles) if needles else []
    start = 0
    if spans:
        anchor = _best_anchor(spans, line)
        start = _backward(line, anchor, _LEAD_CELLS)
        # Begin at a word when one starts close by, rather than in the middle of one.
        space = line.find(" ", start, anchor)
        if start > 0 and 0 <= space < anchor and space - start < 12:
            start = space + 1
    end = _forward(line, start, SNIPPET_CELLS)
    if end == len(line) and start > 0:  # near the end: fill the line with what comes before
        start = min(start, _backward(line, end, SNIPPET_CELLS))
    if end < len(line):
        space = line.rfind(" ", start, end)
        if space > start + (end - start) * 3 // 4:
            end = space
    head = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(line) else ""
    shift = len(head) - start
    highlights: list[tuple[int, int]] = []
    for span_start, span_end, _which in spans:
        clipped = (max(span_start, start) + shift, min(span_end, end) + shift)
        if clipped[0] < clipped[1] and (not highlights or clipped[0] >= highlights[-1][1]):
            highlights.append(clipped)
    return head + line[start:end].rstrip() + tail, tuple(highlights)


def highlights_in(text: str, needles: Sequence[Needle]) -> tuple[tuple[int, int], ...]:
    """The spans of the matches in a short text shown whole (a title)."""
    merged: list[tuple[int, int]] = []
    for start, end, _which in find_spans(text, needles):
        if not merged or start >= merged[-1][1]:
            merged.append((start, end))
    return tuple(merged)
