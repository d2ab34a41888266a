"""A completion session on screen: the chat view's transcript and reply loop, completion editors.

A `ChatView` in all the workbench sees (tabs, saving, stop, regenerate, inspector,
export, pager), so everything that works on a chat works here; what differs is the
editor below the transcript and where a run goes: `/api/generate`, through
`core/completion.py`'s backend, by the chat's own reply loop.
"""

from __future__ import annotations

import contextlib
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static, TextArea

from ollamux.api.clients import ChatClient, workshop_of
from ollamux.api.errors import ApiError
from ollamux.core.completion import INSERT_CAPABILITY, NO_GENERATE, completion_backend, completion_problem, last_prompt
from ollamux.core.session import ChatMessage, Session
from ollamux.core.streaming import stream_reply
from ollamux.ui.chat import ChatView, Transcript
from ollamux.ui.completion.editor import CompletionEditor

# Keys of this view only: no global key is taken.
COMPLETION_KEYS = [
    Binding("alt+r", "toggle_raw", "Raw", id="completion_raw", show=False, priority=True,
            tooltip="Completion: raw on/off (the prompt goes to the model as is, without its template)"),
    Binding("alt+i", "toggle_template", "Template", id="completion_template", show=False, priority=True,
            tooltip="Completion: show or hide the template override (empty: the model's)"),
]


class CompletionView(ChatView):
    """Runs raw completions (and fill-in-the-middle) on one model; each run is a prompt and its completion."""

    BINDINGS: ClassVar[list[BindingType]] = [*COMPLETION_KEYS]
    continues_replies = False  # a cut completion is run again (ctrl+r), not carried on

    def compose(self) -> ComposeResult:
        yield Static(classes="session-line")
        yield Transcript()
        earlier = [m.content for m in self.session.messages if m.role == "user"]
        yield CompletionEditor(self.session, history=earlier)

    async def on_mount(self) -> None:
        await super().on_mount()
        self.check_fill_in_middle()

    @property
    def editor(self) -> CompletionEditor:
        return self.query_one(CompletionEditor)

    @work(group="insert", exclusive=True)
    async def check_fill_in_middle(self) -> None:
        """Offer the suffix if the model fills in the middle (`insert` in `/api/show`)."""
        admin = self.client.admin if self.client is not None else None
        fills = False
        if admin is not None:
            # Unknown (an error): a suffix already written stays shown, none is offered.
            with contextlib.suppress(ApiError):
                fills = INSERT_CAPABILITY in (await admin.show(self.session.model)).capabilities
        if self.is_attached:
            self.editor.set_fills_in_middle(fills)

    def move_to(self, host_name: str, model: str, client: ChatClient) -> None:
        super().move_to(host_name, model, client)
        self.check_fill_in_middle()

    async def take_over(self, latest: Session | None) -> None:
        """As a chat's, with the raw and template its last owner saved (the unsent suffix stays, like a draft)."""
        if latest is not None and latest.completion is not None and self.session.completion is not None:
            latest.completion.suffix = self.session.completion.suffix
            self.session.completion = latest.completion
        await super().take_over(latest)
        self.editor.show_template()
        self.editor.show_settings()

    def refuse_if_no_generate(self) -> bool:
        """True (and says why) when the host cannot run completions or the settings clash."""
        if self.client is not None and workshop_of(self.client) is None:
            self.notify(NO_GENERATE + " F10 moves this session to an Ollama host.", severity="warning", markup=False)
            return True
        if problem := completion_problem(self.session):
            self.notify(problem, severity="warning", markup=False)
            return True
        return False

    @on(CompletionEditor.RunWanted)
    async def _run_wanted(self, event: CompletionEditor.RunWanted) -> None:
        event.stop()
        await self.run_completion()

    async def run_completion(self) -> bool:
        """Run the prompt (and suffix) in the editors; sent, they leave them (F7 brings both back)."""
        editor = self.editor
        prompt, suffix = editor.prompt.text, editor.suffix
        if not prompt.strip() and not suffix.strip():
            return False
        if not self.can_send() or self.refuse_if_no_generate():
            return False
        message = self.session.add_user(prompt)
        message.suffix = suffix
        editor.prompt.remember(prompt)
        # As in chat: what was sent is no draft any more (closing would ask about it).
        editor.prompt.clear_sent(prompt)
        if suffix:
            editor.suffix_area.clear_sent(suffix)
        self._taken_back = None
        if not self.is_attached:
            return True  # quitting: the prompt is kept in the session and saved
        await self.query_one(Transcript).add(message)
        self.paint_session_line()
        self._worker = self._stream()
        return True

    @work(group="reply", exclusive=True)
    async def _stream(self) -> ChatMessage:
        assert self.client is not None  # refused before: see refuse_if_host_gone
        backend = completion_backend(self.client, self.session)
        assert backend is not None  # refused before: see refuse_if_no_generate
        try:
            return await stream_reply(self.session, backend, on_event=self._on_event, on_start=self._on_start)
        finally:
            await self._reply_ended()
            self._note_state()

    async def action_regenerate(self) -> None:
        if self.host_gone or not self.refuse_if_no_generate():
            await super().action_regenerate()

    async def edit_last_prompt(self) -> None:
        """F7: the last run's prompt and suffix back into the editors (ctrl+z there undoes it)."""
        if (prompt := last_prompt(self.session)) is None:
            self.notify("There is no prompt to edit yet.", markup=False)
            return
        self.editor.fill(prompt.content, prompt.suffix)

    def action_toggle_raw(self) -> None:
        if self.refuse_if_read_only() or self.session.completion is None:
            return
        self.session.completion.raw = not self.session.completion.raw
        self.editor.show_settings()
        self.post_message(self.SettingsChanged(self))

    def action_toggle_template(self) -> None:
        if not self.refuse_if_read_only():
            self.editor.toggle_template()

    def action_attach_file(self) -> None:
        self.notify("A completion takes no files: paste the text into the prompt.", markup=False)

    def on_paste(self, event: events.Paste) -> None:
        """A paste with no editor focused goes into the prompt, as typed text (nothing is attached)."""
        if event.text and not any(area.has_focus for area in self.query(TextArea)):
            event.stop()
            self.editor.prompt.focus()
            self.editor.prompt.insert(event.text)
