"""The side panels of the workbench: the models panel (F3) and the options inspector (F5).

A plain helper of the workbench screen. Below `SIDE_BY_SIDE_WIDTH` columns a
panel takes the whole width while shown.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget

from ollamux.api.capabilities import OLLAMA
from ollamux.api.errors import ApiError
from ollamux.core.toolbox import Toolbox
from ollamux.ui.chat import ChatView
from ollamux.ui.inspector import Inspector
from ollamux.ui.models import ModelsPanel
from ollamux.ui.workbench.workspace import Workspace

SIDE_BY_SIDE_WIDTH = 100


class SidePanels:
    """Showing, hiding and feeding the models panel and the inspector of one screen."""

    def __init__(self, screen: Screen[Any], toolbox: Toolbox) -> None:
        self._screen = screen
        # Shown in the inspector's tools section when the config names any tool.
        self._toolbox = toolbox if toolbox.configured else None

    @property
    def _body(self) -> Widget:
        return self._screen.query_one("#body")

    @property
    def _active_view(self) -> ChatView | None:
        return self._screen.query_one(Workspace).active_view

    @property
    def _narrow(self) -> bool:
        return self._screen.size.width < SIDE_BY_SIDE_WIDTH

    # ------------------------------------------------------------------ models panel

    @property
    def models_shown(self) -> bool:
        return self._body.has_class("-models")

    @property
    def models_wide(self) -> bool:
        return self._body.has_class("-models-wide")

    async def toggle_models(self) -> None:
        """Show or hide the models panel; on a narrow screen it takes the whole width."""
        panel = self._screen.query_one(ModelsPanel)
        shown = not self.models_shown
        if shown:
            await panel.add_parts()
        self._body.set_class(shown, "-models")
        self.set_models_wide(shown and self._narrow)
        if shown:
            panel.focus()
        elif (view := self._active_view) is not None:
            view.focus_prompt()

    def set_models_wide(self, wide: bool) -> None:
        """The whole width, the session hidden; or beside the session."""
        self._body.set_class(wide, "-models-wide")
        self._screen.query_one(ModelsPanel).set_wide(wide)

    def follow_width(self) -> None:
        if self.models_shown:
            self.set_models_wide(self._narrow)

    # ------------------------------------------------------------------ inspector

    @property
    def inspector_shown(self) -> bool:
        # Among #body's children, where it is mounted: a query of the screen walks every
        # widget of every session (10-20 ms with four long ones), and each tab switch asks.
        return bool(self._body.query_children(Inspector))

    async def hide_inspector(self) -> None:
        for inspector in self._body.query_children(Inspector):
            await inspector.remove()

    async def toggle_inspector(self) -> None:
        """Show the active session's settings and options beside it, or hide them."""
        if self.inspector_shown:
            await self.hide_inspector()
            self._body.remove_class("-inspector-wide")
            if (view := self._active_view) is not None:
                view.focus_prompt()
            return
        await self.show_inspector()

    async def find_option(self) -> None:
        """The inspector on its filter, opened if it is not."""
        if not self.inspector_shown:
            await self.show_inspector()
        for inspector in self._screen.query(Inspector):
            inspector.action_find()

    async def show_inspector(self, *, focus: bool = True) -> None:
        view = self._active_view
        if view is None:
            return
        wide = self._narrow
        # A session whose host is gone has no client: its options are still Ollama's.
        inspector = Inspector(
            view.session, capabilities=view.client.capabilities if view.client else OLLAMA,
            toolbox=self._toolbox,
        )
        await self._body.mount(inspector)
        inspector.set_wide(wide)
        self._body.set_class(wide, "-inspector-wide")
        if focus:
            inspector.focus()
        self._screen.run_worker(self._load_details(inspector, view), group="inspector", exclusive=True)

    async def show_inspector_again(self, *, focus: bool = True) -> None:
        """An open inspector shows the session on screen, as it is now."""
        if self.inspector_shown:
            await self.hide_inspector()
            await self.show_inspector(focus=focus)

    @staticmethod
    async def _load_details(inspector: Inspector, view: ChatView) -> None:
        if view.client is None:
            inspector.set_details_error(f"Host '{view.session.host}' is not configured now: F10 moves this session.")
            return
        if (admin := view.client.admin) is None:
            inspector.set_details(None)
            return
        try:
            details = await admin.show(view.session.model)
        except ApiError as error:
            inspector.set_details_error(f"{error.message} {error.hint}".strip())
        else:
            inspector.set_details(details)
