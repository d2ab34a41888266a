"""The inspector's tools section for one session: live server states, and the
session's on/off choices kept in the session (saved with it).
"""

from __future__ import annotations

from collections.abc import Collection

from textual import on

from ollamux.core.session import Session
from ollamux.core.tool_catalog import takes_tools
from ollamux.core.toolbox import Toolbox
from ollamux.core.tools import Tool
from ollamux.ui.tools import ToolsSection


class SessionTools(ToolsSection):
    """Every configured tool, on or off for `session`; repaints as servers start or fail."""

    def __init__(self, session: Session, toolbox: Toolbox) -> None:
        self.session = session
        self.toolbox = toolbox
        self._takes_tools = True  # until /api/show says otherwise
        super().__init__(toolbox.states(), self._hand_tools(), self._on_keys(), True)

    def on_mount(self) -> None:
        super().on_mount()
        self.toolbox.servers.add_listener(self._servers_changed)
        # Seeing the tools is a need for them: every server starts (in the
        # background), so that a disabled one's tools can be switched on here.
        self.toolbox.servers.ensure_started([server.name for server in self.toolbox.configs])

    def on_unmount(self) -> None:
        self.toolbox.servers.remove_listener(self._servers_changed)

    def set_capabilities(self, capabilities: Collection[str] | None) -> None:
        """What the model can do arrived: without `tools`, the section says none are sent."""
        self._takes_tools = takes_tools(capabilities)
        self.repaint_tools()

    def repaint_tools(self) -> None:
        self.update(self.toolbox.states(), self._on_keys(), self._takes_tools, self._hand_tools())

    def _servers_changed(self) -> None:
        if self.is_attached:
            self.repaint_tools()

    def _hand_tools(self) -> list[Tool]:
        return [tool for tool in self.toolbox.tools() if tool.by_hand]

    def _on_keys(self) -> set[str]:
        return {tool.key for tool in self.toolbox.tools_on(self.session)}

    @on(ToolsSection.Toggled)
    def _remember(self, event: ToolsSection.Toggled) -> None:
        # Kept only where it differs from the config's default, so a later change
        # of `enabled` in config.toml still reaches sessions that never chose.
        source = event.key.split("/", 1)[0]
        default = source in self.toolbox.enabled_sources()
        if event.on == default:
            self.session.tool_choices.pop(event.key, None)
        else:
            self.session.tool_choices[event.key] = event.on
        if event.on and source in {server.name for server in self.toolbox.configs}:
            self.toolbox.servers.ensure_started([source])
