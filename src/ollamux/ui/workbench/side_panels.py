"""The side panels of the app: the models panel (F3) and the options inspector (F5).

A mixin of `OllamuxApp`, kept apart so the app module stays about sessions. Below
`PANEL_SIDE_BY_SIDE_WIDTH` columns a panel takes the whole width while shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer

from ollamux.api.capabilities import OLLAMA
from ollamux.api.errors import ApiError
from ollamux.ui.chat.view import ChatView
from ollamux.ui.inspector.panel import Inspector
from ollamux.ui.models.panel import ModelsPanel

if TYPE_CHECKING:
    from ollamux.ui.app import OllamuxApp

    _Base = OllamuxApp
else:
    _Base = object


class SidePanels(_Base):
    """Showing, hiding and feeding the models panel and the inspector."""

    PANEL_SIDE_BY_SIDE_WIDTH = 100
    _inspector_save: Timer | None = None

    # ------------------------------------------------------------------ models panel

    @property
    def models_panel(self) -> ModelsPanel:
        return self.query_one(ModelsPanel)

    def action_toggle_models(self) -> None:
        """Show or hide the models panel; on a narrow screen it takes the whole width."""
        body = self.query_one("#body")
        shown = not body.has_class("-models")
        wide = shown and self.size.width < self.PANEL_SIDE_BY_SIDE_WIDTH
        body.set_class(shown, "-models")
        body.set_class(wide, "-models-wide")
        self.models_panel.set_wide(wide)
        if shown:
            self.models_panel.focus()
        elif (view := self.workspace.active_view) is not None:
            view.focus_prompt()

    def on_models_panel_width_chosen(self, event: ModelsPanel.WidthChosen) -> None:
        """`w` in the panel: the whole width, the session hidden; or beside the session again."""
        self.query_one("#body").set_class(event.wide, "-models-wide")
        self.models_panel.set_wide(event.wide)

    def on_resize(self) -> None:
        body = self.query_one("#body")
        if body.has_class("-models"):
            wide = self.size.width < self.PANEL_SIDE_BY_SIDE_WIDTH
            body.set_class(wide, "-models-wide")
            self.models_panel.set_wide(wide)

    # ------------------------------------------------------------------ inspector

    async def action_toggle_inspector(self) -> None:
        """Show the active session's settings and options beside it (F5), or hide them."""
        body = self.query_one("#body")
        for inspector in self.query(Inspector):
            await inspector.remove()
            body.remove_class("-inspector-wide")
            if (view := self.workspace.active_view) is not None:
                view.focus_prompt()
            return
        await self._show_inspector()

    async def action_find_option(self) -> None:
        """The inspector on its filter, opened if it is not."""
        if not self.query(Inspector):
            await self._show_inspector()
        for inspector in self.query(Inspector):
            inspector.action_find()

    async def _show_inspector(self, *, focus: bool = True) -> None:
        view = self.workspace.active_view
        if view is None:
            return
        wide = self.size.width < self.PANEL_SIDE_BY_SIDE_WIDTH
        # A session whose host is gone has no client: its options are still Ollama's.
        inspector = Inspector(view.session, capabilities=view.client.capabilities if view.client else OLLAMA)
        await self.query_one("#body").mount(inspector)
        inspector.set_wide(wide)
        self.query_one("#body").set_class(wide, "-inspector-wide")
        if focus:
            inspector.focus()
        self._load_inspector_details(inspector, view)

    @work(group="inspector", exclusive=True)
    async def _load_inspector_details(self, inspector: Inspector, view: ChatView) -> None:
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

    def on_inspector_changed(self, event: Inspector.Changed) -> None:
        for view in self.workspace.views():  # the folded system prompt follows the inspector
            if view.session is event.session:
                view.show_system_prompt()
        # Typing a value changes it on every key: save once typing pauses.
        if self._inspector_save is not None:
            self._inspector_save.stop()
        self._inspector_save = self.set_timer(1.0, lambda: self.run_worker(self._save(event.session)))

    async def on_chat_view_settings_changed(self, event: ChatView.SettingsChanged) -> None:
        """A `/set` typed in the prompt: saved now, and an open inspector shows it."""
        await self._save(event.view.session)
        if event.view is self.workspace.active_view and self.query(Inspector):
            for inspector in self.query(Inspector):
                await inspector.remove()
            await self._show_inspector(focus=False)

    async def on_tabbed_content_tab_activated(self) -> None:
        # The inspector follows the session on screen.
        if self.query(Inspector):
            for inspector in self.query(Inspector):
                await inspector.remove()
            await self._show_inspector()

    async def on_models_panel_open_session(self, event: ModelsPanel.OpenSession) -> None:
        if self.query_one("#body").has_class("-models-wide"):
            self.action_toggle_models()
        await self.open_session(event.host, event.model)

    def _models_action(self, action: str) -> None:
        """Palette entries for the panel's actions: show it, then act on its selection."""
        if not self.query_one("#body").has_class("-models"):
            self.action_toggle_models()
        self.call_later(self.models_panel.run_action, action)
