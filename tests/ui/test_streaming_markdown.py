"""Streamed Markdown: where it may be cut, and that nothing is lost or reordered."""

from __future__ import annotations

import asyncio
import threading
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from ollamux.core.markdown_breaks import safe_break, safe_breaks
from ollamux.ui.markdown import streaming as streaming_module
from ollamux.ui.markdown.parts import pieces, render_parts
from ollamux.ui.markdown.streaming import THREAD_AFTER, StreamingMarkdown
from tests.ui_helpers import screen_text
from tests.unit.test_markdown_breaks import blocks_of, documents

# Pieces


@settings(max_examples=200, deadline=None)
@given(documents(), st.integers(min_value=1, max_value=40))
def test_pieces_cut_at_every_break_parse_as_the_whole_does(text: str, size: int) -> None:
    cut_up = pieces(text, size)
    assert "".join(cut_up) == text
    assert all(len(piece) >= size for piece in cut_up[:-1])
    assert blocks_of(text) == [block for piece in cut_up for block in blocks_of(piece)]
    assert safe_breaks(text)[-1:] == ([safe_break(text)] if safe_break(text) else [])


# The widget


class StreamApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StreamingMarkdown(classes="answer")


@settings(max_examples=15, deadline=None)
@given(documents(), st.lists(st.integers(min_value=0, max_value=400), max_size=12))
async def test_any_split_of_a_document_streams_back_to_it(text: str, cuts: list[int]) -> None:
    app = StreamApp()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one(StreamingMarkdown)
        points = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
        for start, end in pairwise(points):
            await widget.append(text[start:end])
            assert widget.source == text[:end]
        await pilot.pause()
        assert widget.source == text
        # The lines grown append by append are the lines of the whole document.
        key = widget._key_for(widget.content_region.width, fresh=True)
        assert _plain(widget._lines_for(key.width)) == _plain(render_parts(key, [text])[0][0])


async def test_text_is_painted_and_markup_stays_text() -> None:
    app = StreamApp()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one(StreamingMarkdown)
        for chunk in ("[bold]not markup[/bold]\n\n", "```python\nx = 1\n", "```\n\nend"):
            await widget.append(chunk)
        await pilot.pause()
        shown = screen_text(app)
        assert "[bold]not markup[/bold]" in shown and "x = 1" in shown and "end" in shown
        # Text that only lengthens the last line is painted too (only that line is repainted).
        height = len(widget._lines)
        await widget.append(" of it")
        assert len(widget._lines) == height
        await pilot.pause()
        shown = screen_text(app)
        assert "end of it" in shown and "[bold]not markup[/bold]" in shown and "x = 1" in shown


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
        rendered = len(threads)
        await pilot.pause()
        assert len(threads) == rendered  # layout found it ready: nothing rendered again


async def test_a_large_append_is_shown_in_slices_that_end_up_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    from ollamux.sim.texts import CODER_ANSWER, THINKER_ANSWER

    monkeypatch.setattr(streaming_module, "INSTALL_EVERY", 0)  # each piece installed as soon as it is rendered
    app = StreamApp()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one(StreamingMarkdown)
        await pilot.pause()
        before = "Before.\n\n" * 30  # past the screen's height: its scroll bar is there from now on
        await widget.append(before)
        await pilot.pause()
        text = "\n\n".join([CODER_ANSWER, THINKER_ANSWER] * 8) + "\n\nAnd the open end"
        shown: list[str] = []
        install = widget._install

        def recorded(*args: object) -> None:
            install(*args)  # type: ignore[arg-type]
            shown.append(widget.source)

        monkeypatch.setattr(widget, "_install", recorded)
        await widget.append(text)
        whole = before + text
        assert len(shown) >= 3 and shown[-1] == whole
        assert all(whole.startswith(seen) for seen in shown)  # always a head of the text, in order
        key = widget._key_for(widget.content_region.width, fresh=True)
        assert _plain(widget._lines_for(key.width)) == _plain(render_parts(key, [whole])[0][0])


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
    return [_text(line) for line in lines]


def _text(line: object) -> str:
    """A rendered line's text, a Strip's or a tuple of segments'."""
    return "".join(segment.text for segment in line)  # type: ignore[attr-defined]


@settings(max_examples=100, deadline=None)
@given(documents(), st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=30))
def test_frozen_parts_and_the_live_tail_look_like_the_whole_document(text: str, sizes: list[int]) -> None:
    """Freezing as the widget does, then joining the parts, draws what the whole would."""
    from rich.console import Console
    from rich.style import Style

    from ollamux.ui.markdown.parts import EMPTY, RenderKey, join_parts, render_parts
    from ollamux.ui.markdown.rich_markdown import render_markdown
    from ollamux.ui.markdown.text import _Look

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
