"""Code fences: drawn cell for cell as Rich's Syntax drew them, highlighted once, streamed in O(n)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import ClassVar

import pytest
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import CodeBlock, MarkdownElement
from rich.segment import Segment
from rich.style import Style
from rich.syntax import Syntax
from textual.color import Color
from textual.strip import Strip

from ollamux.ui.markdown import highlight
from ollamux.ui.markdown.fence import Fences, is_open_fence
from ollamux.ui.markdown.rich_markdown import _Markdown, render_markdown
from ollamux.ui.markdown.text import _Look, _look

DARK = _look({}, Color.parse("#1e1e1e"), True)
LIGHT = _look({}, Color.parse("#fafafa"), False)
STYLE = Style(color="#e0e0e0", bgcolor="#1e1e1e")
CONSOLE = Console(markup=False, highlight=False, emoji=False, legacy_windows=False,
                  force_terminal=True, safe_box=False, soft_wrap=False)

_unique = itertools.count()


def fresh(code: str) -> str:
    """`code` with a comment no other test used: the caches are shared by the whole process."""
    return f"{code}\n# {next(_unique)} {__name__}"


class _SyntaxFence(CodeBlock):
    """The fence as it was drawn before: through Rich's Syntax."""

    @classmethod
    def create(cls, markdown: object, token: object) -> CodeBlock:
        block = super().create(markdown, token)  # type: ignore[arg-type]
        assert isinstance(markdown, _Markdown)
        block.background = markdown.look.code_background  # type: ignore[attr-defined]
        return block

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Syntax(str(self.text).rstrip(), highlight.lexer(self.lexer_name), theme=self.theme,
                     word_wrap=True, padding=(1, 2), background_color=self.background)  # type: ignore[attr-defined]


class _SyntaxMarkdown(_Markdown):
    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **_Markdown.elements, "fence": _SyntaxFence, "code_block": _SyntaxFence,
    }


def cells(lines: Sequence[Strip] | Sequence[Sequence[Segment]]) -> list[list[tuple[str, Style | None]]]:
    return [[(character, segment.style) for segment in line for character in segment.text] for line in lines]


def as_before(source: str, look: _Look, width: int) -> list[Strip]:
    lines = CONSOLE.render_lines(_SyntaxMarkdown(source, look), CONSOLE.options.update_width(width),
                                 style=STYLE, pad=True)
    return [Strip(line, width) for line in lines]


def rendered(source: str, look: _Look, width: int) -> list[tuple[Segment, ...]]:
    return render_markdown(source, look, CONSOLE.options.update_width(width), STYLE)[0]


TRICKY = {
    "python": ("python", 'def f(x):\n\t"""Doc\n\n  string."""\n\treturn x  # comment\n\n\nclass A: pass'),
    "long line": ("python", "total = " + " + ".join(f"name_{i}" for i in range(40)) + "\n" + "x" * 150),
    "tabs": ("go", "func main() {\n\tfmt.Println(\"hi\")\n\t\tx := 1\t// c\n}"),
    "empty": ("python", ""),
    "unknown language": ("nosuchlanguage", "some text\n  more"),
    "trailing blank lines": ("python", "x = 1\n\n\n\n"),
    "wide": ("python", "s = '漢字かな混じり' * 3  # 😀😀 " + "漢" * 50 + "\nprint(s)"),
    "control characters": ("python", "a = '\x07bell\x1b[31m'\r\nb = 2"),
    "error tokens": ("python", "x = $ ` ?"),
    "long spaces": ("python", "x = 1" + " " * 130 + "y\n" + " " * 120),
}


@pytest.mark.parametrize("name", TRICKY)
@pytest.mark.parametrize("look", [DARK, LIGHT], ids=["dark", "light"])
def test_a_fence_looks_as_rich_syntax_drew_it(name: str, look: _Look) -> None:
    language, code = TRICKY[name]
    source = f"Before.\n\n```{language}\n{code}\n```\n\n- in a list:\n\n  ```{language}\n  {code}\n  ```\n"
    for width in (6, 30, 80):
        assert cells(rendered(source, look, width)) == cells(as_before(source, look, width)), width


def test_a_fence_is_highlighted_once_whatever_the_width_or_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    lexed: list[str] = []
    lex = highlight._lex
    monkeypatch.setattr(highlight, "_lex", lambda text, *names: lexed.append(text) or lex(text, *names))
    source = "```python\n" + fresh("def f():\n    return 1") + "\n```\n"
    first = rendered(source, DARK, 60)
    assert len(lexed) == 1
    assert rendered(source, DARK, 60) == first  # the same width: the very same strips
    rendered(source, DARK, 40)
    rendered(source, LIGHT, 40)  # another theme is another highlighting
    rendered(source, DARK, 70)
    assert len(lexed) == 2


def test_a_streamed_fence_costs_in_proportion_to_its_length(monkeypatch: pytest.MonkeyPatch) -> None:
    lexed: list[str] = []
    lex = highlight._lex
    monkeypatch.setattr(highlight, "_lex", lambda text, *names: lexed.append(text) or lex(text, *names))

    def stream(functions: int, check: bool) -> int:
        """Characters lexed while a fence of `functions` grows by 60 characters at a time."""
        lexed.clear()
        body = "".join(f"def f{i}(x):\n    '''Say {i}.'''\n    return x * {i}\n\n" for i in range(functions))
        source = "Code:\n\n```python\n" + fresh(body)
        start = source.index("def")
        for n, end in enumerate(range(start + 60, len(source), 60)):
            draft = source[:end]
            if check and n % 8 == 0:  # while open, it looks as the whole lexed at once (its last line aside)
                assert cells(rendered(draft, DARK, 50))[:-2] == cells(as_before(draft, DARK, 50))[:-2]
            else:
                rendered(draft, DARK, 50)
        closed = source + "\n```\n"
        if check:  # closed, exactly as a finished message's fence
            assert cells(rendered(closed, DARK, 50)) == cells(as_before(closed, DARK, 50))
        return sum(map(len, lexed))

    # Twice as long costs about twice as much (lexed whole on each append, four times).
    assert stream(80, check=False) < 2.5 * stream(40, check=True)


@pytest.mark.parametrize(
    ("source", "unclosed"),
    [
        ("```python\nx = 1\n```\n", False),
        ("```python\nx = 1\n```", False),
        ("```python\nx = 1\n", True),
        ("```python\nx = 1", True),
        ("```python\nx = 1\n   ", True),  # markdown-it leaves out a last line of spaces
        ("```python\nx = 1\n```\n\n  ", False),
        ("```python", True),
        ("````\nx\n```\n", True),  # a shorter marker does not close it
        ("~~~\nx\n~~~~ \n", False),
        ("> ```\n> x\n> ```\n", False),
        ("> ```\n> x\n", True),
        ("> ```\n> x\n\nafter\n", False),  # the quote ended: so did the fence, for good
    ],
)
def test_a_fence_is_open_until_its_closing_marker(source: str, unclosed: bool) -> None:
    markdown = _Markdown(source, DARK)
    fence = next(token for token in markdown.parsed if token.type == "fence")
    assert is_open_fence(Fences(source, "").lines, fence) is unclosed
