"""Streamed Markdown: where it may be cut, and that nothing is lost or reordered."""

from __future__ import annotations

import asyncio
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from textual.app import App, ComposeResult

from ollamux.ui.markdown import streaming as streaming_module
from ollamux.ui.markdown.blocks import safe_break, safe_breaks
from ollamux.ui.markdown.parts import pieces
from ollamux.ui.markdown.streaming import THREAD_AFTER, StreamingMarkdown

# Break detection


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("one\n\ntwo\n", 5),
        ("one\n\ntwo\n\nthree\n", 10),
        ("one\n\ntwo", 0),  # "two" is still being written: it could turn into "- two"
        ("one\n\n-", 0),
        ("one\n\n", 0),  # a break at the very end leaves nothing live
        ("```\na\n\nb\n```\n\nafter\n", 14),  # not inside the fence, after it
        ("```\na\n\nb\n", 0),  # an open fence
        ("````\na\n```\n\nstill code\n", 0),  # a shorter marker does not close it
        ("~~~\na\n```\n\nstill code\n", 0),  # nor does the other character
        ("- a\n\n- b\n", 0),  # a loose list goes on
        ("- a\n\n-\n", 0),  # with an empty item too
        ("para\n\n    indented code\n", 0),
        ("a\u2028\u2028b\n\nc\n", 6),  # only \n ends a line
        ("a\n \t\nb\n", 5),  # spaces and tabs make a blank line
        ("a\n\u00a0\nb\n", 0),  # a no-break space does not
    ],
)
def test_safe_break(text: str, cut: int) -> None:
    assert safe_break(text) == cut


_BLOCKS = st.sampled_from(
    [
        "Plain words here.",
        "Two lines\nof one paragraph.",
        "# Heading",
        "Setext heading\n===",
        "- item one\n- item two",
        "1. first\n2. second",
        "- loose\n\n- list",
        "> quoted\n> text",
        "```python\ndef f():\n\n    return 1\n```",
        "~~~\nraw\n\n```\nstill raw\n~~~",
        "````md\n```\ninner\n```\n````",
        "    indented code\n\n    more of it",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "```\nopen fence\n\nwith a blank line",
        "text with `code` and **bold** [link](http://x)",
        "\u2028odd\u2028separators",
        "",
    ]
)
_SEPARATORS = st.sampled_from(["\n", "\n\n", "\n\n\n", "\n \n"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(_BLOCKS, min_size=1, max_size=8))
    separators = draw(st.lists(_SEPARATORS, min_size=len(blocks), max_size=len(blocks)))
    return "".join(block + sep for block, sep in zip(blocks, separators, strict=True))


def _blocks_of(text: str) -> list[tuple[str, str, str]]:
    """The block structure markdown-it sees, without line numbers."""
    parser = MarkdownIt("commonmark").enable("table")
    return [(t.type, t.tag, t.content) for t in parser.parse(text) if t.type != "inline"]


@settings(max_examples=300, deadline=None)
@given(documents())
def test_the_two_sides_of_a_break_parse_as_the_whole_does(text: str) -> None:
    cut = safe_break(text)
    assert 0 <= cut < max(1, len(text))
    if cut:
        assert text[cut - 1] == "\n"
        assert _blocks_of(text) == _blocks_of(text[:cut]) + _blocks_of(text[cut:])


@settings(max_examples=200, deadline=None)
@given(documents(), st.integers(min_value=1, max_value=40))
def test_pieces_cut_at_every_break_parse_as_the_whole_does(text: str, size: int) -> None:
    cut_up = pieces(text, size)
    assert "".join(cut_up) == text
    assert all(len(piece) >= size for piece in cut_up[:-1])
    assert _blocks_of(text) == [block for piece in cut_up for block in _blocks_of(piece)]
    assert safe_breaks(text)[-1:] == ([safe_break(text)] if safe_break(text) else [])


# The widget


class StreamApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StreamingMarkdown(classes="answer")


def screen_text(app: App[None]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@settings(max_examples=15, deadline=None)
@given(documents(), st.lists(st.integers(min_value=0, max_value=400), max_size=12))
async def test_any_split_of_a_document_streams_back_to_it(text: str, cuts: list[int]) -> None:
    app = StreamApp()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one(StreamingMarkdown)
        points = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
        for start, end in zip(points, points[1:], strict=False):
            await widget.append(text[start:end])
            assert widget.source == text[:end]
        await pilot.pause()
        assert widget.source == text


async def test_text_is_painted_and_markup_stays_text() -> None:
    app = StreamApp()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one(StreamingMarkdown)
        for chunk in ("[bold]not markup[/bold]\n\n", "```python\nx = 1\n", "```\n\nend"):
            await widget.append(chunk)
        await pilot.pause()
        shown = screen_text(app)
        assert "[bold]not markup[/bold]" in shown and "x = 1" in shown and "end" in shown


def _record_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Where each render runs, in order: on the loop (render_parts) or off it (politely)."""
    threads: list[str] = []
    for name in ("render_parts", "render_parts_politely"):
        original = getattr(streaming_module, name)

        def recorded(key: object, sources: list[str], original=original) -> object:
            threads.append(threading.current_thread().name)
            return original(key, sources)

        monkeypatch.setattr(streaming_module, name, recorded)
    return threads


async def test_a_large_append_renders_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    app = StreamApp()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one(StreamingMarkdown)
        await pilot.pause()
        threads = _record_threads(monkeypatch)
        big = "```python\nx = 1\n```\n\nSome prose.\n\n" * (THREAD_AFTER // 20)
        await widget.append(big)
        assert widget.source == big
        assert threads and all(name != threading.main_thread().name for name in threads)
        await pilot.pause()
        assert threads == threads[:1]  # layout found it ready: nothing rendered again


async def test_text_handed_over_survives_a_cancelled_caller() -> None:
    app = StreamApp()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one(StreamingMarkdown)
        await pilot.pause()
        big = "word " * THREAD_AFTER
        caller = asyncio.ensure_future(widget.append(big))
        await asyncio.sleep(0)
        caller.cancel()  # as the paint timer is stopped when a reply ends
        await widget.append("tail")
        assert widget.source == big + "tail"


async def test_a_prepared_append_is_installed_without_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    app = StreamApp()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one(StreamingMarkdown)
        await pilot.pause()  # laid out once: its width is known
        text = "A paragraph.\n\n```python\nprint(1)\n```\n\nThe end."
        threads = _record_threads(monkeypatch)
        widget.prepare(text)
        await widget.append(text)  # waits for the preparation, then installs it
        assert widget.source == text
        assert len(threads) == 1 and threads[0] != threading.main_thread().name
        await pilot.pause()
        assert "The end." in screen_text(app)


async def test_a_large_text_re_renders_off_the_loop_when_the_width_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    app = StreamApp()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one(StreamingMarkdown)
        await pilot.pause()
        await widget.append("Some words to wrap around. " * 200 + "\n\nlast")
        await pilot.pause()
        before = widget.content_region.width
        threads = _record_threads(monkeypatch)
        await pilot.resize_terminal(40, 20)
        await pilot.pause(0.3)  # the re-render starts once the width has settled
        for task in list(widget._tasks):
            await task
        await pilot.pause()
        assert threads and threads[0] != threading.main_thread().name
        width = widget.content_region.width
        assert width < before and widget._key is not None and widget._key.width == width


def _plain(lines: list) -> list[str]:
    return [line.text for line in lines]


@settings(max_examples=100, deadline=None)
@given(documents(), st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=30))
def test_frozen_parts_and_the_live_tail_look_like_the_whole_document(text: str, sizes: list[int]) -> None:
    """Freezing as the widget does, then joining the parts, draws what the whole would."""
    from rich.console import Console
    from rich.style import Style

    from ollamux.ui.markdown.parts import EMPTY, RenderKey, join_parts, render_parts
    from ollamux.ui.markdown.text import _Look, render_markdown

    look, style = _Look("monokai", "#101010", {}), Style()
    key = RenderKey(50, look, style, Console(force_terminal=True).options.update_width(50))
    frozen, live, position = EMPTY, "", 0
    for size in sizes * (len(text) // sum(sizes) + 1):
        if position >= len(text):
            break
        source = live + text[position : position + size]
        position += size
        cut = safe_break(source)
        done, live = source[:cut], source[cut:]
        frozen = join_parts([frozen, render_parts(key, [done])[0]], 50, style)
    lines, _ = join_parts([frozen, render_parts(key, [live])[0]], 50, style)
    assert _plain(lines) == _plain(render_markdown(text, look, key.options, style)[0])


async def test_a_long_reply_rendered_in_pieces_looks_as_rendered_whole() -> None:
    from ollamux.sim.texts import CODER_ANSWER, THINKER_ANSWER
    from ollamux.ui.markdown.parts import PIECE, render_parts, render_parts_politely

    app = StreamApp()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one(StreamingMarkdown)
        await pilot.pause()
        key = widget._key_for(widget.content_region.width, fresh=True)
        text = "\n\n".join([CODER_ANSWER, THINKER_ANSWER] * 4)
        assert len(pieces(text, PIECE)) >= 3
        (whole, whole_spaced), = render_parts(key, [text])
        (polite, polite_spaced), = render_parts_politely(key, [text])
        assert [list(strip) for strip in polite] == [list(strip) for strip in whole]
        assert polite_spaced == whole_spaced
