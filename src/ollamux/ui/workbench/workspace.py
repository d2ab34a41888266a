"""The tabs: one per session, each labelled with its title, model and live state (`tab_labels`)."""

from __future__ import annotations

import asyncio

from textual import on
from textual.css.query import NoMatches
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static, TabbedContent, TabPane, Tabs

from ollamux.ui.chat import ChatView
from ollamux.ui.workbench.tab_labels import relabel_in_place, tab_label


class Workspace(TabbedContent):
    """Sessions as tabs. Hidden sessions keep streaming into their model only."""

    DEFAULT_CSS = """
    Workspace { height: 1fr; }
    Workspace > ContentSwitcher { height: 1fr; }
    Workspace TabPane { padding: 0; height: 1fr; }
    Workspace Tabs > .more { width: auto; height: 1; display: none; color: $accent; text-style: bold; }
    Workspace Tabs > .more.-shown { display: block; }
    Workspace Tabs > #more-left { dock: left; padding: 0 1 0 0; }
    Workspace Tabs > #more-right { dock: right; padding: 0 0 0 1; }
    """

    def __init__(self, *, show_hosts: bool = False) -> None:
        super().__init__()
        # With several hosts, a model name alone is ambiguous: labels name the host.
        self.show_hosts = show_hosts
        self._opening = asyncio.Lock()
        self._follow_after_layout = False

    def on_mount(self) -> None:
        # Tabs past the edges are counted at either end: "◀ 3" and "4 ▶".
        tabs = self.query_one(Tabs)
        tabs.mount(Static(id="more-left", classes="more"), Static(id="more-right", classes="more"))
        window = tabs.query_one("#tabs-scroll")
        self.watch(window, "scroll_x", self._mark_overflow, init=False)
        # Tabs get their widths in a later layout than the one that activates
        # them: when the bar's length changes, the active tab is followed again.
        self.watch(window, "virtual_size", self._follow_active, init=False)
        self.screen.screen_layout_refresh_signal.subscribe(self, self._laid_out)

    def _follow_active(self) -> None:
        """Bring the active tab into view once the bar is laid out with its new labels.

        The tab bar scrolls to a newly activated tab itself, but before a new
        tab or a relabelled one has its width, so it can stop short. The refresh
        after this one may still come before that layout (on a busy machine): the
        next layout of the screen follows again.
        """
        self._follow_after_layout = True
        self.call_after_refresh(self._scroll_to_active)

    def _laid_out(self, screen: object) -> None:
        if self._follow_after_layout:
            self._follow_after_layout = False
            self._scroll_to_active()
            return
        tabs = self.query_one(Tabs)
        if tabs.region.area and tabs.active_tab is not None:  # on screen (a wide panel hides it)
            # A relabelled tab may get its new width a layout after the one followed
            # (a new width takes two, and a busy machine runs the follow-up between
            # them): the underline, measured too soon, stopped short. It catches up here.
            self._underline(tabs.active_tab)

    def _scroll_to_active(self) -> None:
        """Scroll the bar the least that shows the whole active tab.

        The target is absolute and whole: Textual's own tab bar animates its
        scroll, and a relative scroll taken mid-animation stops at a fraction.
        Scrolling to an absolute x stops that animation first.
        """
        tabs = self.query_one(Tabs)
        window = tabs.query_one("#tabs-scroll")
        if (tab := tabs.active_tab) is not None:
            start, end = tab.virtual_region.column_span
            width = window.scrollable_content_region.width
            left = round(window.scroll_x)
            target = min(start, max(left, end - width))
            window.scroll_to(x=target, animate=False, force=True, immediate=True)
            self._underline(tab)
        self._mark_overflow()

    def _underline(self, tab: Widget) -> None:
        """The underline under the whole active tab, as laid out now.

        Textual moves it when a tab is relabelled, but may measure the tab before
        the tab has its new label's width (see `_follow_active`), and stop short.
        """
        start, end = tab.virtual_region.shrink(tab.styles.gutter).column_span
        underline = self.query_one(Tabs).query_one("Underline")
        for attribute, value in (("highlight_start", start), ("highlight_end", end)):
            if getattr(underline, attribute) != value:
                # Through the animator: it replaces a running slide towards a stale end.
                underline.animate(attribute, value, duration=0.3, level="basic")

    def _mark_overflow(self) -> None:
        tabs = self.query_one(Tabs)
        window = tabs.query_one("#tabs-scroll")
        left_edge, right_edge = window.scroll_x, window.scroll_x + window.scrollable_content_region.width
        left = right = 0
        for tab in tabs.query("#tabs-list > Tab"):
            start, end = tab.virtual_region.column_span
            left += start < left_edge
            right += end > right_edge
        changed = False
        for marker, count, text in (("#more-left", left, f"◀ {left}"), ("#more-right", right, f"{right} ▶")):
            widget = tabs.query_one(marker, Static)
            if widget.content != text:  # an update lays out the whole screen again
                widget.update(text)
            changed |= widget.has_class("-shown") != (count > 0)
            widget.set_class(count > 0, "-shown")
        if changed:
            # A mark shown or gone changes the bar's width: the active tab may be cut now.
            self._follow_active()

    def on_resize(self, event: Resize) -> None:
        self._follow_active()

    def views(self) -> list[ChatView]:
        return [view for _, view in self._panes()]

    def _panes(self) -> list[tuple[TabPane, ChatView]]:
        """Each tab's pane and its session, in tab order."""
        return [
            (pane, pane.children[0])
            for pane in self._tab_panes()
            if pane.children and isinstance(pane.children[0], ChatView)
        ]

    def _tab_panes(self) -> list[TabPane]:
        """The panes, in tab order: the switcher's children.

        Not a query: that walks every widget of every session (a few milliseconds
        with a dozen tabs), and the panes are looked up on every label change.
        """
        try:
            switcher = self.get_child_by_type(ContentSwitcher)
        except NoMatches:  # not composed yet
            return []
        return [pane for pane in switcher.children if isinstance(pane, TabPane)]

    @property
    def active_view(self) -> ChatView | None:
        pane = self.active_pane
        return pane.query_one(ChatView) if pane is not None else None

    def pane_for(self, view: ChatView, *, number: int) -> TabPane:
        """The tab of a session, its `number`th."""
        return TabPane(tab_label(number, view, with_host=self.show_hosts), view, id=f"session-{view.session.id}")

    async def open(self, view: ChatView) -> None:
        # One tab at a time: a session opened (F4, a test) while the start-up one is
        # still being added would otherwise interleave two add_pane calls.
        async with self._opening:
            pane = self.pane_for(view, number=len(self.views()) + 1)
            await self.add_pane(pane)
            self.active = pane.id or ""
            self.refresh_labels()
        # Typing goes to the new session at once, not after the tab event arrives.
        view.focus_prompt()

    async def close(self, view: ChatView) -> None:
        view.action_stop()
        pane = self._pane_of(view)
        if pane is not None and pane.id:
            await self.remove_pane(pane.id)
        self.refresh_labels()

    def _pane_of(self, view: ChatView) -> TabPane | None:
        return next((pane for pane, shown in self._panes() if shown is view), None)

    def refresh_labels(self) -> None:
        changed = False
        for number, (pane, view) in enumerate(self._panes(), start=1):
            if pane.id:
                label = tab_label(number, view, with_host=self.show_hosts)
                try:
                    tab = self.get_tab(pane.id)
                except NoMatches:
                    # Closing: Textual removes the tab before its pane, and a session's
                    # message (its title, its state) can be handled in between.
                    continue
                if tab.label.cell_length == label.cell_length:
                    relabel_in_place(tab, label)
                elif tab.label != label:  # a new width costs the whole screen two layouts
                    tab.label = label
                    changed = True
        if changed:
            self._follow_active()

    def step(self, offset: int) -> None:
        """Move to the next (1) or previous (-1) session, wrapping around."""
        panes = [pane.id for pane in self._tab_panes() if pane.id]
        if not panes:
            return
        index = panes.index(self.active) if self.active in panes else 0
        self.active = panes[(index + offset) % len(panes)]

    def jump(self, number: int) -> None:
        panes = [pane.id for pane in self._tab_panes() if pane.id]
        if 1 <= number <= len(panes):
            self.active = panes[number - 1]

    @on(ChatView.StateChanged)
    @on(ChatView.Retitled)
    def _label_changed(self, event: ChatView.StateChanged | ChatView.Retitled) -> None:
        self.refresh_labels()

    @on(TabPane.Focused)
    def _pane_focused(self, event: TabPane.Focused) -> None:
        """Focus never switches tabs here; only the tab bar and our keys do.

        TabbedContent follows focus into a pane. But focus lands in a hidden
        pane only when Textual restores it after a modal (the session list)
        closes, which would undo the jump that modal just made.
        """
        event.prevent_default()
        event.stop()
        if event.tab_pane is not self.active_pane and (active := self.active_view) is not None:
            active.focus_prompt()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        active = self.active_view
        for view in self.views():
            view.set_hidden(view is not active)
        if active is not None:
            active.focus_prompt()
        self._follow_active()
