"""Pushing a model to a registry: the destination asked, layered progress like a pull.

A registry takes a model under its destination's name, so a different name is
copied to first (as `ollama cp` then `ollama push`). Escape or ctrl+c stops the
upload (the server stops when we hang up); a refusal shows in the server's words
with what usually fixes it, and the name stays to fix and push again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static
from textual.widgets.input import Selection
from textual.worker import Worker

from ollamux.api.capabilities import ModelAdmin
from ollamux.api.errors import ApiError
from ollamux.api.workshop import Workshop
from ollamux.core.model_create import model_name_problem
from ollamux.ui.shared import LineInput
from ollamux.ui.workshop.job_row import JobRow
from ollamux.ui.workshop.texts import push_destination
from ollamux.ui.workshop.widgets import dialog_css, hide, show_error, show_problem

KEYS_EDITING = "Enter: push · Escape: close"
KEYS_RUNNING = "Escape or ctrl+c: stop the push"
PLACEHOLDER_NAMESPACE = "namespace"


class PushScreen(ModalScreen[None]):
    DEFAULT_CSS = dialog_css("PushScreen") + """
    PushScreen .workshop-problem { padding-left: 0; }
    """
    BINDINGS = [
        Binding("ctrl+c", "stop", "Stop", priority=True, show=False),
        Binding("escape", "back", "Close"),
    ]
    # The namespace of the last push, offered for the next one (until the app quits).
    last_namespace: ClassVar[str] = ""

    def __init__(self, model: str, workshop: Workshop, admin: ModelAdmin, *,
                 copied: Callable[[str], None]) -> None:
        super().__init__()
        self._copied = copied  # told the copy's name: the panel lists it
        self.model = model
        self._workshop = workshop
        self._admin = admin
        self._job: Worker[None] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="workshop-box") as box:
            box.border_title = f"Push {self.model}"
            yield Label("To the registry as namespace/name:tag (your ollama.com user name first):")
            namespace = PushScreen.last_namespace or PLACEHOLDER_NAMESPACE
            yield LineInput(push_destination(self.model, namespace), compact=True, id="push-name")
            yield Static(classes="workshop-problem", id="push-problem")
            yield Vertical(classes="workshop-job", id="push-job")
            yield Static(classes="workshop-error", id="push-error")
            yield Static(KEYS_EDITING, classes="workshop-keys", id="push-keys")

    def on_mount(self) -> None:
        field = self.query_one("#push-name", Input)
        field.focus()
        if field.value.startswith(PLACEHOLDER_NAMESPACE + "/"):
            # Selected, so that typing the user name replaces the word.
            field.selection = Selection(0, len(PLACEHOLDER_NAMESPACE))

    @property
    def job_running(self) -> bool:
        return self._job is not None and self._job.is_running

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.job_running if action == "stop" else True

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        show_problem(self.query_one("#push-problem", Static), model_name_problem(text) if text else "")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if self.job_running:
            return
        if problem := model_name_problem(name):
            show_problem(self.query_one("#push-problem", Static), problem)
            return
        hide(self.query_one("#push-error", Static))
        self._job = self.run_worker(self._push(name), group="push", exit_on_error=False)
        self._show_keys()

    async def _push(self, name: str) -> None:
        jobs = self.query_one("#push-job")
        await jobs.remove_children()
        row = JobRow("push", "pushed", name)
        await jobs.mount(row)
        if name != self.model:
            try:
                await self._admin.copy(self.model, name)
            except ApiError as error:
                row.tracker.fail(error.message)
                row.update_progress()
                show_error(self.query_one("#push-error", Static), f"Could not copy {self.model} to {name}", error)
                return
            self._copied(name)
        if "/" in name:
            PushScreen.last_namespace = name.rsplit("/", 1)[0]
        refused = await row.run_job(self._workshop.push(name))
        if refused is not None:
            show_error(self.query_one("#push-error", Static), f"Could not push {name}", refused)

    @on(Worker.StateChanged)
    def _show_keys(self) -> None:
        self.query_one("#push-keys", Static).update(Content(KEYS_RUNNING if self.job_running else KEYS_EDITING))

    def action_stop(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def action_back(self) -> None:
        if self.job_running:
            self.action_stop()
        else:
            self.dismiss(None)
