"""The create form: a new model from a session, from a model's Modelfile, or from a file.

One dialog for all three. It asks the name (checked as typed), offers quantizing when
the base is F16/BF16/F32, shows what will be sent (a session's body in short, or the
Modelfile's text to edit), then the server's status as it streams. Local files the
Modelfile names (`FROM ./x.gguf`, `ADAPTER`) are hashed and uploaded first. An error (a bad
line, a refusal) shows inline in the server's words and the form stays filled, to fix
and send again. Once created, Enter opens a session on the new model.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea
from textual.worker import Worker

from ollamux.api.create import CreateRequest
from ollamux.api.errors import ApiError
from ollamux.api.models import ModelDetails
from ollamux.api.workshop import Workshop
from ollamux.core.blob_files import LocalFile, local_files
from ollamux.core.model_create import create_request_from_session, example_turns, model_name_problem
from ollamux.core.modelfile import ModelfileError, parse_modelfile
from ollamux.core.options import OptionError
from ollamux.ui.shared import Confirm, LineInput
from ollamux.ui.workshop.blob_jobs import FileSender, placeholders
from ollamux.ui.workshop.job_row import JobRow
from ollamux.ui.workshop.quantize_row import QuantizeRow
from ollamux.ui.workshop.texts import CreateSource, body_summary, listed_name
from ollamux.ui.workshop.widgets import ModelfileArea, dialog_css, hide, label_rows, point_at, show_error, show_problem

KEYS_EDITING = "Enter (in the name) or ctrl+s: create · Escape: cancel"
KEYS_RUNNING = "Escape or ctrl+c: stop creating"


class CreateScreen(ModalScreen[str | None]):
    """Dismissed with the new model's name to open a session on it, else None."""

    DEFAULT_CSS = dialog_css("CreateScreen") + """
    CreateScreen #create-modelfile { height: 1fr; min-height: 5; margin-top: 1; }
    CreateScreen.-editor > #workshop-box { height: 96%; }
    CreateScreen #create-summary { margin-top: 1; }
    CreateScreen Checkbox { border: none; padding: 0; margin-top: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "create", "Create", priority=True),
        Binding("enter", "open_created", "Open a session", priority=True, show=False),
        Binding("ctrl+c", "stop", "Stop", priority=True, show=False),
        Binding("escape", "back", "Cancel"),
    ]

    def __init__(self, source: CreateSource, workshop: Workshop, *, created: Callable[[str], None],
                 show: Callable[[str], Awaitable[ModelDetails]] | None = None) -> None:
        super().__init__()
        self.source = source
        self._workshop = workshop
        self._created = created  # told the new model's name: the panel lists it
        self._show = show  # to learn the base's quantization level
        self._job: Worker[None] | None = None
        self._files = FileSender(workshop)  # keeps the digests of files hashed once
        self.done: str | None = None  # the model created, until the form changes
        self.set_class(source.modelfile is not None, "-editor")

    def compose(self) -> ComposeResult:
        source = self.source
        with Vertical(id="workshop-box") as box:
            box.border_title = source.title
            with Horizontal(classes="workshop-row"):
                yield Label("Name", classes="workshop-label")
                yield LineInput(placeholder="new model, e.g. terse-coder or you/terse:1", compact=True,
                                id="create-name")
            yield Static(classes="workshop-problem", id="create-name-problem")
            yield QuantizeRow()
            if source.session is not None:
                turns = len(example_turns(source.session))
                label = (f"Include the session's {turns} message{'s' if turns != 1 else ''} as example turns"
                         if turns else "No finished exchanges yet to include as example turns")
                yield Checkbox(label, compact=True,
                               disabled=not turns, id="create-examples")
                yield Static(id="create-summary")
            if source.modelfile is not None:
                yield ModelfileArea(source.modelfile, show_line_numbers=True, id="create-modelfile")
            yield Vertical(classes="workshop-job", id="create-job")
            yield Static(classes="workshop-error", id="create-error")
            yield Static(KEYS_EDITING, classes="workshop-keys", id="create-keys")

    def on_mount(self) -> None:
        self.query_one("#create-name").focus()
        self._show_summary()
        if self.source.quantization is not None:
            self.query_one(QuantizeRow).offer(self.source.quantization)
        else:
            self.query_one(QuantizeRow).learn(self._base(), self._show)

    # -- the form ---------------------------------------------------------

    def _base(self) -> str:
        if self.source.modelfile is None:
            return self.source.base
        try:
            return parse_modelfile(self.source.modelfile).base
        except ModelfileError:
            return ""

    def request(self) -> tuple[CreateRequest, list[LocalFile]]:
        """The body and the local files it names (see `blob_jobs`); raises ModelfileError or OptionError."""
        name, source, files = self.query_one("#create-name", Input).value.strip(), self.source, []
        if source.session is not None:
            with_messages = self.query_one("#create-examples", Checkbox).value
            request = create_request_from_session(source.session, name, with_messages=with_messages)
        else:
            modelfile = parse_modelfile(self.query_one("#create-modelfile", TextArea).text)
            files = local_files(modelfile, source.folder or Path.cwd())
            request = modelfile.to_request(name, placeholders(files))
        return replace(request, quantize=self.query_one(QuantizeRow).level), files

    def _show_summary(self) -> None:
        if self.source.session is None:
            return
        summary = self.query_one("#create-summary", Static)
        try:
            rows = body_summary(self.request()[0])
        except OptionError as error:
            summary.update(Content.styled(str(error), "$text-error"))
            return
        summary.update(label_rows(rows))

    @on(Input.Changed, "#create-name")
    def _name_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        show_problem(self.query_one("#create-name-problem", Static), model_name_problem(text) if text else "")
        self._changed()

    @on(Checkbox.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _changed(self) -> None:
        """A changed form is a new model to create: Enter types or sends again."""
        self.done = None
        self._show_keys()
        self._show_summary()

    @on(Input.Submitted, "#create-name")
    def _name_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_create()

    def _show_keys(self) -> None:
        if self.job_running:
            keys = KEYS_RUNNING
        elif self.done is not None:
            keys = f"Enter: open a session on {self.done} · ctrl+s: again · Escape: close"
        else:
            keys = KEYS_EDITING
        self.query_one("#create-keys", Static).update(Content(keys))

    # -- creating ---------------------------------------------------------

    @property
    def job_running(self) -> bool:
        return self._job is not None and self._job.is_running

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_created":  # in the editor, Enter still breaks the line
            return self.done is not None and not self.job_running and not isinstance(self.focused, TextArea)
        if action == "stop":
            return self.job_running  # else ctrl+c copies, as in any field
        return True

    def action_create(self) -> None:
        if self.job_running:
            return
        error_block = self.query_one("#create-error", Static)
        name = self.query_one("#create-name", Input).value.strip()
        if problem := model_name_problem(name):
            show_problem(self.query_one("#create-name-problem", Static), problem)
            self.query_one("#create-name").focus()
            return
        try:
            request, files = self.request()  # all checked before any file is read
        except ModelfileError as error:
            show_error(error_block, str(error))
            if self.source.modelfile is not None:
                point_at(self.query_one(ModelfileArea), error.line)
            return
        except OptionError as error:
            show_error(error_block, str(error))
            return
        hide(error_block)
        self._job = self.run_worker(self._create(request, files), group="create", exit_on_error=False)
        self._show_keys()

    async def _create(self, request: CreateRequest, files: list[LocalFile]) -> None:
        jobs = self.query_one("#create-job")
        await jobs.remove_children()
        sent = await self._files.with_digests(request, files, jobs)  # the files hashed and uploaded
        failed, error = "send the files for", sent if isinstance(sent, ApiError) else None
        if not isinstance(sent, ApiError):
            row = JobRow("create", "created", request.model)
            await jobs.mount(row)
            failed, error = "create", await row.run_job(self._workshop.create(sent))
        if error is not None:
            show_error(self.query_one("#create-error", Static), f"Could not {failed} {request.model}", error)
        else:
            self.done = listed_name(request.model)
            self._created(self.done)
            self.query_one("#create-name").focus()  # where Enter opens a session on it
        self._show_keys()

    @on(Worker.StateChanged)
    def _job_moved(self) -> None:
        self._show_keys()  # a stopped job's keys are the form's again

    def action_stop(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def action_back(self) -> None:
        if self.job_running:
            self.action_stop()
        elif self._edited() and self.done is None:
            def leave(yes: bool | None) -> None:
                if yes:
                    self.dismiss(None)

            self.app.push_screen(Confirm("Close the form? Your edits to the Modelfile are not kept."), leave)
        else:
            self.dismiss(None)

    def _edited(self) -> bool:
        """Whether the Modelfile's text is not what the form opened with."""
        return (self.source.modelfile is not None
                and self.query_one("#create-modelfile", TextArea).text != self.source.modelfile)

    def action_open_created(self) -> None:
        self.dismiss(self.done)
