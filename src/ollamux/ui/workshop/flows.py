"""The workshop's ways in: from a session (save it as a model) and from the models panel.

The workbench hands over what the flows need (the app, its clients, how to open a
session and to have the panel list a host's models again); the dialogs do the rest.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.app import App

from ollamux.api.capabilities import ModelAdmin
from ollamux.api.clients import ClientPool, workshop_of
from ollamux.api.errors import ApiError
from ollamux.api.workshop import Workshop
from ollamux.core.session import Session
from ollamux.ui.workshop.create_form import CreateScreen
from ollamux.ui.workshop.modelfile_path import AskModelfile
from ollamux.ui.workshop.push_form import PushScreen
from ollamux.ui.workshop.texts import CreateSource, modelfile_from_details

SAVE_TITLE = "Save this session as a model"


class WorkshopFlows:
    """Opens the workshop's dialogs; `open_session(host, model)` and `refresh_host(host)` are the workbench's."""

    def __init__(self, app: App[Any], clients: ClientPool, *, open_session: Callable[[str, str], Awaitable[object]],
                 refresh_host: Callable[[str], None]) -> None:
        self._app = app
        self._clients = clients
        self._open_session = open_session
        self._refresh_host = refresh_host

    def _say(self, text: str, *, error: bool = True) -> None:
        self._app.notify(text, title="Model workshop", severity="error" if error else "information", markup=False)

    def _tools(self, host: str, what: str) -> tuple[Workshop, ModelAdmin] | None:
        """The host's workshop and model administration, or None (said why)."""
        if host not in self._clients.hosts:
            self._say(f"{what}: host {host!r} is not configured now (F10 moves the session to another).")
            return None
        client = self._clients.get(host)
        workshop, admin = workshop_of(client), client.admin
        if workshop is None or admin is None:
            self._say(f"{what} needs Ollama's own API: {host} is an OpenAI-compatible endpoint.")
            return None
        return workshop, admin

    def _create(self, host: str, source: CreateSource, workshop: Workshop, admin: ModelAdmin) -> None:
        def opened(name: str | None) -> None:
            if name:
                self._app.run_worker(self._open_session(host, name))

        screen = CreateScreen(source, workshop, created=lambda _name: self._refresh_host(host), show=admin.show)
        self._app.push_screen(screen, opened)

    # -- from a session -----------------------------------------------------

    def save_session(self, session: Session) -> None:
        """Ask a name, then create a model of the session's model, system prompt and options."""
        if session.busy:
            self._say("Stop the reply first (Escape), then save the session as a model.")
            return
        if (tools := self._tools(session.host, "Saving a session as a model")) is not None:
            self._create(session.host, CreateSource(SAVE_TITLE, session.model, session=session), *tools)

    # -- from the models panel ------------------------------------------------

    async def create_from_model(self, host: str, model: str) -> None:
        """An editor on the model's Modelfile (from `/api/show`): what changes is the new model."""
        if (tools := self._tools(host, "Creating a model")) is None:
            return
        try:
            details = await tools[1].show(model)
        except ApiError as error:
            self._say(f"Could not read {model}'s Modelfile: {error.message}")
            return
        source = CreateSource(f"Create from {model}", model, modelfile=modelfile_from_details(details),
                              quantization=details.quantization)
        self._create(host, source, *tools)

    def create_from_file(self, host: str) -> None:
        """Ask a Modelfile's path, then edit it in the create form."""
        if (tools := self._tools(host, "Creating a model")) is None:
            return

        def chosen(found: tuple[Path, str] | None) -> None:
            if found is not None:
                path, text = found
                source = CreateSource(f"Create from {path.name}", "", modelfile=text, folder=path.parent)
                self._create(host, source, *tools)

        self._app.push_screen(AskModelfile(), chosen)

    def push(self, host: str, model: str) -> None:
        """Ask the destination, then push with progress."""
        if (tools := self._tools(host, "Pushing a model")) is None:
            return
        workshop, admin = tools
        self._app.push_screen(PushScreen(model, workshop, admin, copied=lambda _name: self._refresh_host(host)))
