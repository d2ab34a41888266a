"""The Textual application: themes, the session on screen, and app-wide keys."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static

from ollamux.api.clients import ClientPool
from ollamux.api.errors import ApiError
from ollamux.config import Config, config_dir
from ollamux.core.session import Session
from ollamux.ui.themes import load_themes
from ollamux.ui.widgets.chat_view import ChatView


class OllamuxApp(App[None]):
    """ollamux: chat with models on Ollama and OpenAI-compatible servers."""

    TITLE = "ollamux"
    CSS = """
    #main { height: 1fr; }
    #notice { padding: 1 2; color: $error; }
    """
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, config: Config, *, clients: ClientPool | None = None) -> None:
        super().__init__()
        self.config = config
        self.clients = clients or ClientPool(config.hosts)
        self._install_themes()

    def _install_themes(self) -> None:
        themes, warnings = load_themes(config_dir() / "themes")
        for theme in themes:
            self.register_theme(theme)
        self._startup_warnings = list(self.config.warnings) + warnings
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self._startup_warnings.append(f"Unknown theme {self.config.theme!r}; using the default.")

    def compose(self) -> ComposeResult:
        yield Vertical(id="main")
        yield Footer()

    def on_mount(self) -> None:
        for warning in self._startup_warnings:
            self.notify(warning, title="Configuration", severity="warning", timeout=10)
        self.open_first_session()

    @work(group="startup")
    async def open_first_session(self) -> None:
        """Open a session on the configured model, or on the first one the host lists."""
        host = self.config.host
        model = self.config.default_model
        client = self.clients.get(host.name)
        if model is None:
            try:
                models = await client.list_models()
            except ApiError as error:
                self._show_notice(f"{error.message}\n{error.hint}")
                return
            if not models:
                self._show_notice(f"{host.url} lists no models. Pull one first, e.g. `ollama pull qwen3:8b`.")
                return
            model = models[0].name
        session = Session(host=host.name, model=model)
        await self.query_one("#main").mount(ChatView(session, client, host_label=host.name))

    def _show_notice(self, text: str) -> None:
        self.query_one("#main").mount(Static(Text(text), id="notice"))

    async def on_unmount(self) -> None:
        await self.clients.aclose()
