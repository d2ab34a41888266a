"""A fence's code cut into lines of styled pieces, as Rich's `Syntax` would colour it.

The highlighted form does not depend on the width, so a re-render at another
width (or the same text joined again after it froze) does not lex again: it is
kept by code, lexer and theme. A fence still being streamed grows on every
append; lexing it whole each time would cost O(n^2) over a long block, so
`highlight_open` lexes only its tail, from the last line where lexing afresh
was seen to give the same tokens as lexing in context.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from rich.cells import cell_len
from rich.control import STRIP_CONTROL_CODES, strip_control_codes
from rich.style import Style
from rich.syntax import Syntax, SyntaxTheme

from ollamux.ui.markdown.lru import BoundedCache

TAB_SIZE = 4  # Rich's Syntax default, which fences always had

# Piece of a line: its text and the theme's style for its token (not yet on the fence background).
Piece = tuple[str, Style]


@dataclass(frozen=True, eq=False)
class Highlighted:
    """Lines of a fence (or of a run of its lines), each a tuple of pieces."""

    theme: SyntaxTheme
    lines: tuple[tuple[Piece, ...], ...]
    cells: tuple[int, ...]  # each line's width in cells, for the renderer's "fits" test
    kept: bool = True  # worth keeping rendered: not an open fence's tail, lexed anew each time

    @property
    def size(self) -> int:
        return sum(len(text) for line in self.lines for text, _ in line) + len(self.lines)


# Looking a lexer up by name imports and scans pygments' registry: a third of the
# cost of a short fence. Lexers keep no state between calls, so one per name is
# shared (threads included: the dict is only ever filled with equal values).
_lexers: dict[str, Lexer] = {}
_themes: dict[str, SyntaxTheme] = {}


def lexer(name: str) -> Lexer:
    if (found := _lexers.get(name)) is None:
        # The options Rich's Syntax uses; an unknown language falls back, as there, to text.
        options = {"stripnl": False, "ensurenl": True, "tabsize": TAB_SIZE}
        try:
            found = get_lexer_by_name(name, **options)
        except ClassNotFound:
            found = get_lexer_by_name("text", **options)
        _lexers[name] = found
    return found


def theme(name: str) -> SyntaxTheme:
    """The theme object, shared: it caches a style per token type."""
    if (found := _themes.get(name)) is None:
        found = _themes[name] = Syntax.get_theme(name)
    return found


_CONTROLS = re.compile("[" + re.escape("".join(map(chr, STRIP_CONTROL_CODES))) + "]")


def _lex(processed: str, lexer_name: str, theme_name: str) -> Highlighted:
    """`processed` (tabs expanded, ending in a newline) lexed into lines."""
    syntax_theme = theme(theme_name)
    style_for = syntax_theme.get_style_for_token
    lines: list[tuple[Piece, ...]] = []
    line: list[Piece] = []

    def add(text: str, style: Style) -> None:
        # Neighbours in one style make one piece: fewer segments to draw.
        if line and line[-1][1] is style:
            line[-1] = (line[-1][0] + text, style)
        else:
            line.append((text, style))

    # Rich's Text.append_tokens strips control codes from every token; most code has none.
    controls = _CONTROLS.search(processed) is not None
    for token_type, value in lexer(lexer_name).get_tokens(processed):
        if controls:
            value = strip_control_codes(value)
        style = style_for(token_type)
        *ended, rest = value.split("\n")
        for text in ended:
            if text:
                add(text, style)
            lines.append(tuple(line))
            line = []
        if rest:
            add(rest, style)
    # As Rich's Text.split: a last newline ends the last line, it does not start one.
    if line or not lines:
        lines.append(tuple(line))
    cells = tuple(cell_len("".join(text for text, _ in pieces)) for pieces in lines)
    return Highlighted(syntax_theme, tuple(lines), cells)


def _processed(code: str) -> str:
    """What Rich's Syntax lexes: tabs expanded, a newline at the end."""
    return (code if code.endswith("\n") else code + "\n").expandtabs(TAB_SIZE)


# Highlighted fences by (code, lexer, theme); bounded by characters.
_highlighted: BoundedCache[Highlighted] = BoundedCache(500_000)


def highlight(code: str, lexer_name: str, theme_name: str) -> Highlighted:
    """A (finished) fence's code highlighted whole; kept, so asked again it costs a lookup."""
    key = (code, lexer_name, theme_name)
    if (found := _highlighted.get(key)) is None:
        found = _lex(_processed(code), lexer_name, theme_name)
        _highlighted.put(key, found, len(code) + 1)
    return found


# An open fence is lexed afresh from a line on only once it holds this many
# complete lines, and only if its last CHECK_LINES lines then come out the same.
ADVANCE_AFTER = 16
CHECK_LINES = 6


@dataclass(frozen=True, eq=False)
class _Open:
    """How far an open fence is final: its processed text up to a line start, lexed."""

    lexer_name: str
    theme_name: str
    done: str
    chunks: tuple[Highlighted, ...]


_open: list[_Open] = []  # the few open fences lately seen, newest last
_open_lock = threading.Lock()
OPEN_KEPT = 8


def highlight_open(code: str, lexer_name: str, theme_name: str) -> tuple[Highlighted, ...]:
    """A fence still being streamed, in runs of lines: only the last run is lexed again.

    Lexing starts afresh where a run ends: a line that, lexed from there, gave
    the tokens it had lexed in context for CHECK_LINES lines. So the runs look
    as the whole fence lexed at once would, save where a lexer's state outlives
    that check; once the fence closes it is highlighted whole (`highlight`).
    """
    processed = _processed(code)
    with _open_lock:
        known = [o for o in _open if (o.lexer_name, o.theme_name) == (lexer_name, theme_name)
                 and processed.startswith(o.done)]
    state = max(known, key=lambda o: len(o.done), default=_Open(lexer_name, theme_name, "", ()))
    tail_text = processed[len(state.done):]
    tail = _lex(tail_text, lexer_name, theme_name)
    advanced = _advance(state, tail_text, tail)
    if advanced is not state:
        with _open_lock:
            if state in _open:
                _open.remove(state)
            _open.append(advanced)
            del _open[:-OPEN_KEPT]
    return (*state.chunks, replace(tail, kept=False))


def _advance(state: _Open, tail_text: str, tail: Highlighted) -> _Open:
    """`state` with more lines made final, if a line to start afresh from proves safe."""
    complete = len(tail.lines) - 1  # the last line may still be growing
    if complete < ADVANCE_AFTER:
        return state
    texts = tail_text.split("\n")
    if len(texts) != len(tail.lines) + 1:
        return state  # the lexer did not keep the lines as they were: do not guess
    for start in range(complete - CHECK_LINES, 0, -1):
        if texts[start][:1].isspace() or not texts[start]:
            continue  # an indented line is inside something: start at a line that is not
        rest = "\n".join(texts[start:])
        again = _lex(rest, state.lexer_name, state.theme_name)
        if again.lines[:complete - start] != tail.lines[start:complete]:
            return state
        done = "\n".join(texts[:start]) + "\n"
        run = Highlighted(tail.theme, tail.lines[:start], tail.cells[:start])
        return _Open(state.lexer_name, state.theme_name, state.done + done, (*state.chunks, run))
    return state
