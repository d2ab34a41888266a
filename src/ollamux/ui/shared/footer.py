"""Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    """The key footer, rebuilt at most once a refresh and only when what it shows changes.

    Textual's footer mounts all its keys afresh whenever the screen says its bindings
    may have changed: on every focus move, screen change and session state change,
    several times in one frame as the app starts. Each rebuild restyles a dozen
    widgets, a fifth of the work of starting the app, and nearly always draws the
    same keys again.
    """

    # Textual's compact footer gives every key a margin on its right, the command
    # palette's too, docked right: so the screen's last column was left to the keys
    # scrolled under it, and below about 70 columns a letter of them showed there.
    DEFAULT_CSS = """
    Footer.-compact > FooterKey.-command-palette { margin-right: 0; padding-right: 1; }
    """

    _shown: Hashable = None  # what the keys on show were built from
    _rebuild_due = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_due:
            self._rebuild_due = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_due = False
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Born with the class its `compact` gives it as it mounts: no restyle then.
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def _keys(self) -> Hashable:
        """Everything `compose` reads to build the keys: equal means the same footer.

        Only the keys it shows count (and the command palette's, shown or not):
        focusing the prompt brings dozens of hidden editing keys, and the footer
        drawn would be the same.
        """
        if not self._bindings_ready:
            return None
        app = self.app
        # A Binding is a frozen dataclass: equal bindings have the same key, text, action and group.
        shown = tuple(
            (binding, app.get_key_display(binding), enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        palette = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        palette_key = None if palette is None else (palette[1], app.get_key_display(palette[1]), palette[2])
        return shown, palette_key, self.show_command_palette, app.ENABLE_COMMAND_PALETTE
