"""Markdown that grows as a reply streams, at a cost that does not grow with it.

Everything before the last safe break (a blank line outside code fences, not
inside a list) is final: it is frozen, rendered once into cached lines and
never parsed again. Only the tail after that break, one unfinished block as a
rule, is re-rendered on each append. Both are drawn by Rich's Markdown, as
`MarkdownText` draws a finished reply, so text does not change look when it
freezes or when the session is reopened.

The event loop never renders much: a large append (a long code fence, a
burst of text) is rendered in a worker thread at the widget's current width,
and installed, source and lines together, a slice at a time as it is rendered,
so the screen keeps up with a long reply. A hidden session's answer is rendered
ahead and installed as the tab is shown. A screen update then only copies
lines. Until text is installed, `source` does not include it: `source` is what
is painted, always a head of the text handed in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import aclosing
from dataclasses import dataclass
from typing import ClassVar

from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from ollamux.core.markdown_breaks import safe_break
from ollamux.ui.markdown.parts import Line, Part, RenderKey, extend_lines, render_parts, render_parts_politely, slices
from ollamux.ui.markdown.text import look_of
from ollamux.ui.one_layout import SizedByLayout

__all__ = ["RERENDER_OFF_LOOP_AFTER", "THREAD_AFTER", "StreamingMarkdown", "render_later", "safe_break"]

# An append of more characters than this is rendered in a worker thread. Below
# it a render takes a few milliseconds, less than a thread hop and the frame it may cost.
THREAD_AFTER = 1500
# Rendering it all again (new width, new theme) goes to a thread above this
# size, while the old lines stay on screen; smaller texts re-render at once.
RERENDER_OFF_LOOP_AFTER = 2000
RERENDER_DELAY = 0.1
# A large append is installed as its pieces are rendered, at most this often:
# each install costs a layout and a repaint of the screen (10-20 ms of the loop).
# Every 0.1 s doubled the layouts of stream_one; every 0.25 s adds few.
INSTALL_EVERY = 0.25


# One thread renders for every session: Python runs one thread at a time, so
# more renderers would only take turns with the event loop more often, and
# make key presses wait longer for it.
_renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="markdown")


def render_later(work: Callable[[], object]) -> None:
    """Run `work` in the Markdown thread, after the renders already queued there."""
    _renderer.submit(work)


async def _off_loop(key: RenderKey, sources: list[str]) -> list[Part]:
    return await asyncio.get_running_loop().run_in_executor(_renderer, render_parts_politely, key, sources)


@dataclass(frozen=True)
class _Prepared:
    """An append rendered ahead: what the text was before, what came, the result."""

    before: str
    text: str
    key: RenderKey
    frozen: str
    live: str
    rendered: list[Part]


class StreamingMarkdown(SizedByLayout, Widget):
    """Frozen parts then a live tail, drawn as one widget; `source` is all of it."""

    DEFAULT_CSS = """
    StreamingMarkdown { height: auto; }
    """

    # The width each kind ("answer", "thinking") was last laid out at, in any session.
    _widths: ClassVar[dict[str, int]] = {}

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._frozen: list[str] = []  # final text, in parts as they froze
        self._live = ""  # the text after the last safe break
        self._lines: list[Line] = []  # frozen, a blank line, live: what is drawn
        self._frozen_count = 0  # how many of the lines are the frozen text's
        self._frozen_spaced = True  # whether a blank line goes after the frozen text
        self._key: RenderKey | None = None  # what the lines were rendered for; None: nothing yet
        self._dirty = False  # the text changed but the lines have not caught up
        self._rerendering: RenderKey | None = None  # a full render under way off the loop
        self._rerender_due = False  # one is about to start
        self._current: RenderKey | None = None  # the key for the width last asked about
        self._laid_out_at = 0  # the width layout last gave the widget
        self._lock = asyncio.Lock()  # renders are installed in the order they began
        self._tasks: set[asyncio.Future[None]] = set()
        self._prepared: _Prepared | None = None

    @property
    def source(self) -> str:
        return "".join(self._frozen) + self._live

    @property
    def line_count(self) -> int:
        """How many lines are drawn now (0 before the first render)."""
        return len(self._lines)

    @property
    def rendering(self) -> bool:
        """Whether a render is under way or due: what is painted may still change."""
        return bool(self._tasks) or self._rerender_due

    def _key_for(self, width: int, *, fresh: bool = False) -> RenderKey:
        """What lines at `width` depend on; looked up again only when `fresh`.

        The look and style cost a walk up the DOM (most of a millisecond): too
        much for every line painted. Layout asks with `fresh`, and a style
        change (a theme switch) forgets them, so a repaint may use them as kept.
        """
        cached = self._current
        if cached is None or fresh:
            look, style = look_of(self), self.rich_style
        else:
            look, style = cached.look, cached.style
        if cached is None or (cached.width, cached.look, cached.style) != (width, look, style):
            options = self.app.console.options.update_width(max(1, width))
            cached = self._current = RenderKey(width, look, style, options)
        return cached

    def notify_style_update(self) -> None:
        self._current = None
        super().notify_style_update()

    def _spawn(self, work: Coroutine[None, None, None]) -> asyncio.Future[None]:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)  # the loop keeps only a weak reference to a task
        task.add_done_callback(self._tasks.discard)
        return task

    async def append(self, text: str) -> None:
        """Add streamed text; returns once it is installed (and `source` has it)."""
        if text:
            # Shielded: a caller cancelled while the text renders (the paint timer is
            # stopped when the reply ends) must not lose the text it handed over.
            await asyncio.shield(self._spawn(self._append(text)))

    def prepare(self, text: str) -> None:
        """Render, off the loop, what appending `text` will show; append it later.

        For a reply that ends in a hidden tab: when the tab is shown the answer
        is then installed at once instead of rendered. Hidden, this widget was
        never laid out, so it renders at the width its kind had when last laid
        out elsewhere (sessions share the window); a wrong guess costs a
        re-render, as a resize does.
        """
        width = self._widths.get(self._kind)
        if text and width:
            self._spawn(self._prepare(text, width))

    async def _prepare(self, text: str, width: int) -> None:
        async with self._lock:
            before = self.source
            source = self._live + text
            cut = safe_break(source)
            frozen, live = "".join(self._frozen) + source[:cut], source[cut:]
            key = self._key_for(width, fresh=True)
            rendered = await _off_loop(key, [frozen, live])
            self._prepared = _Prepared(before, text, key, frozen, live, rendered)

    def install_prepared(self, text: str) -> bool:
        """Append `text` at once if `prepare` has rendered it and nothing else is under way.

        For a tab being shown: installed before its first layout, the answer
        comes with the tab in one frame, not a layout and a frame later.
        """
        prepared = self._prepared
        if self._lock.locked() or prepared is None or (prepared.before, prepared.text) != (self.source, text):
            return False
        self._install_prepared(prepared)
        return True

    def _install_prepared(self, prepared: _Prepared) -> None:
        # At the width it was rendered for; if the width is not that, layout re-renders off the loop.
        self._prepared = None
        self._render_all(prepared.key, prepared.frozen, prepared.live, prepared.rendered)
        self.refresh(layout=True)

    async def _append(self, text: str) -> None:
        async with self._lock:
            prepared, self._prepared = self._prepared, None
            if prepared is not None and (prepared.before, prepared.text) == (self.source, text):
                self._install_prepared(prepared)  # rendered while hidden
                return
            source = self._live + text
            cut = safe_break(source)
            done, live = source[:cut], source[cut:]
            width = self._width
            if not width or self._key is None:
                # Not laid out yet: the first layout renders it all, before painting.
                self._install(done, live, None)
                return
            key = self._key_for(width, fresh=True)
            # Out of date (new width or theme): this render redraws everything.
            whole = not key.same(self._key) or self._dirty
            parts = ["".join(self._frozen) + done, live] if whole else [done, live]
            if not whole and len(done) + len(live) > THREAD_AFTER:
                await self._append_in_slices(key, done, live)
                return
            rendered: list[Part] | None
            if sum(map(len, parts)) > THREAD_AFTER:
                rendered = await _off_loop(key, parts)
            else:
                rendered = render_parts(key, parts)
            if not key.same(self._key_for(self._width)):
                rendered = None  # the width or theme changed meanwhile: render again
            elif whole:
                self._render_all(key, parts[0], live, rendered)
                self.refresh(layout=True)
                return
            self._install(done, live, rendered)

    async def _append_in_slices(self, key: RenderKey, done: str, live: str) -> None:
        """A large append rendered off the loop and installed as it comes: the screen keeps up with the text.

        Until the last slice, the live text is not shown (nor in `source`): what
        is painted is a head of the text, never a part of it out of order.
        """
        taken = 0
        async with aclosing(slices(key, done, live, _off_loop, INSTALL_EVERY)) as rendered:
            async for text, frozen, live_part in rendered:
                if not key.same(self._key_for(self._width)):
                    break  # the width or theme changed meanwhile: the rest goes in unrendered
                taken += len(text)
                last = taken == len(done)
                self._install(text, live if last else "", [frozen, live_part])
                if last:
                    return
        self._install(done[taken:], live, None)

    def _install(self, done: str, live: str, rendered: list[Part] | None) -> None:
        if done:
            self._frozen.append(done)
        self._live = live
        if rendered is None or self._key is None:
            self._dirty = True
            self.refresh(layout=True)
            return
        frozen, live_part = rendered
        width, style = self._key.width, self._key.style
        height = len(self._lines)
        replaced = self._frozen_count  # the lines before this one stay as they are
        # The frozen lines grow in place: an append costs its own lines, not a copy of the reply's.
        del self._lines[self._frozen_count :]
        self._frozen_spaced = extend_lines(self._lines, self._frozen_spaced, frozen, width, style)
        self._frozen_count = len(self._lines)
        extend_lines(self._lines, self._frozen_spaced, live_part, width, style)
        if len(self._lines) != height:
            self.refresh(layout=True)  # a new height: a layout of the whole screen
        elif replaced < height:
            # Most appends only lengthen the last line: repainting the live tail
            # will do; the lines above it keep what the screen cached of them.
            self.refresh(Region(0, replaced, self.size.width, height - replaced))

    def _render_all(self, key: RenderKey, frozen: str, live: str, rendered: list[Part]) -> None:
        # One document for all that is frozen: parts rendered one by one would
        # cost a parse each, for the same picture.
        self._frozen, self._live = ([frozen] if frozen else []), live
        (frozen_lines, self._frozen_spaced), live_part = rendered
        self._lines = list(frozen_lines)  # its own list: it grows in place
        self._frozen_count = len(self._lines)
        extend_lines(self._lines, self._frozen_spaced, live_part, key.width, key.style)
        self._key, self._dirty = key, False

    async def _rerender(self, key: RenderKey) -> None:
        async with self._lock:
            if not key.same(self._key_for(self.content_region.width)):
                # Laid out at yet another width meanwhile (a scroll bar came).
                if self._rerendering is key:
                    self._rerendering = None
                self.refresh(layout=True)
                return
            frozen, live = "".join(self._frozen), self._live
            rendered = await _off_loop(key, [frozen, live])
            if self._rerendering is key:
                self._rerendering = None
            if key.same(self._key_for(self.content_region.width)):
                self._render_all(key, frozen, live, rendered)
            self.refresh(layout=True)  # at a new width again: the next layout starts over

    def _lines_for(self, width: int) -> list[Line]:
        """The lines at `width`, rendered again if out of date.

        Streaming keeps the lines up to date off the loop; only the first paint,
        a resize, a theme switch or a scroll bar appearing get here with work.
        """
        key = self._key_for(width)
        if key.same(self._key) and not self._dirty:
            return self._lines
        frozen, live = "".join(self._frozen), self._live
        if self._key is None or len(frozen) + len(live) <= RERENDER_OFF_LOOP_AFTER:
            self._render_all(key, frozen, live, render_parts(key, [frozen, live]))
            return self._lines
        # Large: render in a thread, showing the old lines until then (fitted to
        # the new width line by line as they are drawn: there may be thousands).
        # Started a moment later: a width often changes twice in a row (content
        # arrives, then the scroll bar it calls for), and only the last one counts.
        if not self._rerender_due:
            self._rerender_due = True
            self.set_timer(RERENDER_DELAY, self._start_rerender)
        return self._lines

    def _start_rerender(self) -> None:
        self._rerender_due = False
        if not (width := self.content_region.width):
            return  # hidden meanwhile: the layout that shows it again asks again
        key = self._key_for(width, fresh=True)
        if (not key.same(self._key) or self._dirty) and not key.same(self._rerendering):
            self._rerendering = key
            self._spawn(self._rerender(key))

    @property
    def _width(self) -> int:
        """The widget's width or, while it has no line (and so no region on screen), the
        width layout gave it: else a reply's first append waited for a layout and was
        rendered twice (stream_one: 1.12-1.22x its characters in 4 runs of 21)."""
        width = self.content_region.width
        return width if width or self._lines else self._laid_out_at

    @property
    def _kind(self) -> str:
        return " ".join(sorted(self.classes))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width > 0:
            self._widths[self._kind] = width
            self._laid_out_at = width
        self._key_for(width, fresh=True)
        return len(self._lines_for(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        lines = self._lines_for(width)
        if y >= len(lines):
            return Strip.blank(width, self.rich_style)
        # A Strip only for a line painted: kept, thousands would weigh on every garbage collection.
        rendered_at = self._key.width if self._key is not None else width
        line = Strip(lines[y], rendered_at)
        return line if rendered_at == width else line.crop_extend(0, width, self.rich_style)
