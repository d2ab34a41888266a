"""One session on screen: its transcript, its prompt, and the worker streaming replies."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.widget import AwaitMount
from textual.widgets import Static
from textual.worker import Worker

from ollamux.api.clients import ChatClient
from ollamux.api.events import ChatEvent, Content, Thinking
from ollamux.core.attachment import Attachment
from ollamux.core.attachment_paths import dropped_images
from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.context_meter import shown_use
from ollamux.core.context_probe import ContextProbe
from ollamux.core.history import PromptHistory
from ollamux.core.session import ChatMessage, Session, SessionState, Status
from ollamux.core.session_lock import Owner
from ollamux.core.streaming import stream_reply
from ollamux.core.toolbox import Toolbox
from ollamux.ui.attachments import PreviewWanted
from ollamux.ui.chat.command_note import CommandNote
from ollamux.ui.chat.continuing import mount_reply
from ollamux.ui.chat.display_budget import CutNotice
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.pager import open_in_pager, pager_text
from ollamux.ui.chat.prompt import PromptArea
from ollamux.ui.chat.prompt_dock import PromptDock
from ollamux.ui.chat.session_line import session_line
from ollamux.ui.chat.take_back import TakenBack, put_back, take_back
from ollamux.ui.chat.transcript import Transcript
from ollamux.ui.chat.typed_flow import send_typed

if TYPE_CHECKING:
    from ollamux.ui.chat.tool_turn import ToolTurn

# The key that moves a session to another model or host (see the app's bindings).
CHANGE_MODEL_KEY = "F10"
# While a reply streams, what it holds so far is saved this often at most: a
# kill -9 or a power cut loses no more than these seconds of it.
PARTIAL_SAVE_SECONDS = 2.0
# What another instance may have changed in a session file it owned: taken over whole.
OWNED_FIELDS = ("title", "system_prompt", "options", "keep_alive", "think", "format", "messages", "updated_at",
                "compaction")


class ChatView(Vertical):
    """Binds a Session to its widgets. The prompt stays usable while a reply streams."""

    continues_replies = True  # alt+c carries a stopped or cut reply on (ui/chat/continuing.py)

    DEFAULT_CSS = """
    ChatView { height: 1fr; }
    ChatView > .session-line { height: auto; max-height: 3; padding: 0 1; background: $panel; color: $text-muted; }
    ChatView > .session-line.-context-warning { color: $warning; }
    ChatView > .session-line.-context-full { color: $error; text-style: bold; }
    ChatView > .session-line.-read-only { color: $warning; }
    ChatView > .session-line.-model-problem { color: $warning; }
    """

    # Stop, regenerate, thinking and pager are the workbench's (`bindings`): they
    # act on the session on screen from every panel, not only from inside here.
    BINDINGS = [
        # The prompt has the focus while chatting: these reach the transcript from it.
        Binding("pageup", "transcript('page_up')", "Scroll up a page", show=False, priority=True),
        Binding("pagedown", "transcript('page_down')", "Scroll down a page", show=False, priority=True),
        Binding("ctrl+home", "transcript('home')", "Top of the transcript", show=False, priority=True),
        Binding("ctrl+end", "transcript('end')", "Bottom of the transcript", show=False, priority=True),
    ]

    @dataclass
    class StateChanged(Message):
        """The session started or finished a reply, or its first byte arrived."""

        view: ChatView

    @dataclass
    class Retitled(Message):
        """The session has a new title: its tab label follows."""

        view: ChatView

    @dataclass
    class SaveDue(Message):
        """A reply is streaming and has not been saved for PARTIAL_SAVE_SECONDS."""

        view: ChatView

    @dataclass
    class SettingsChanged(Message):
        """A prompt command changed the session's settings: save it, show them."""

        view: ChatView

    @dataclass
    class TakeOverWanted(Message):
        """Read-only here: take the session if its owner has gone, else say who has it."""

        view: ChatView

    # The session's title, set from above (a rename): the session line repaints
    # and the tab label follows. Every set counts: the title may have changed
    # in the session itself (its first prompt names it) since the last one.
    session_title = var("", init=False, always_update=True)

    def __init__(
        self,
        session: Session,
        client: ChatClient | None,
        *,
        host_label: str = "",
        read_only: Owner | None = None,
        attachments: AttachmentStore | None = None,
        toolbox: Toolbox | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self._submitting = asyncio.Lock()
        # The app's tools; None: the config names none, and replies stream as they always did.
        self.toolbox = toolbox
        self._tool_turn: ToolTurn | None = None
        # Where attached files are kept, content-addressed; None: attaching is off (tests).
        self.attachments = attachments
        # Another instance owns this session: shown, never sent to or saved from here.
        self.read_only = read_only
        self._saved_at = 0.0
        # None: the session's host is not configured now. The session keeps its
        # host (and its file says so) until it is moved on purpose.
        self.client = client
        self.host_label = host_label
        # Why the model may not answer here (not on the host's list), with the
        # nearest names: shown on the session line until the model changes.
        self.model_note = ""
        self._reply_view: ReplyView | None = None
        self._reply_mounted: AwaitMount | None = None
        self._continued: ReplyView | None = None  # the widget of a reply being continued
        self._worker: Worker[ChatMessage] | None = None
        self._state = session.state
        # How full the context is, and what the server said of it.
        self._context_probe = ContextProbe()
        self._taken_back: TakenBack | None = None
        self.set_reactive(ChatView.session_title, session.title)

    def compose(self) -> ComposeResult:
        yield Static(classes="session-line")
        yield Transcript(compaction=lambda: self.session.compaction)
        earlier = [m.content for m in self.session.messages if m.role == "user"]
        yield PromptDock(self.session, self.attachments, history=earlier, context_left=self.context_left)

    async def on_mount(self) -> None:
        # Windowed: a session of a thousand messages mounts only its last few.
        await self.query_one(Transcript).load(self.session.messages)
        self.paint_session_line()
        self.query_one(PromptArea).focus()

    def show_system_prompt(self) -> None:
        """Bring the transcript's folded system prompt in line with the session's."""
        self.query_one(Transcript).show_system_prompt(self.session.system_prompt)

    def paint_session_line(self) -> None:
        if self._paint_line():
            # Painted with the line above: at mount, take-over, each send and each settings change.
            self.show_system_prompt()

    def on_resize(self) -> None:
        self._paint_line()  # its title is cut to the width

    def _paint_line(self) -> bool:
        """The line above the transcript; False if there is none to paint."""
        # A context measure can finish after the app began closing, with the
        # view's children already gone: then there is nothing left to paint.
        found = self.query(".session-line").results(Static)
        status = next(found, None)
        if status is None:
            return False
        use = shown_use(self._context_probe.use, self.session.compaction)
        problem = self.model_problem()
        line = session_line(
            self.session, self.host_label, read_only=self.read_only, problem=problem, use=use,
            width=status.content_region.width,
        )
        status.update(line)
        status.set_class(use is not None and use.warning and not use.overflowing, "-context-warning")
        status.set_class(use is not None and use.overflowing, "-context-full")
        status.set_class(self.read_only is not None, "-read-only")
        status.set_class(self.read_only is None and bool(problem), "-model-problem")
        return True

    def watch_session_title(self, title: str) -> None:
        self.session.title = title
        self.paint_session_line()
        self.post_message(self.Retitled(self))

    @property
    def host_gone(self) -> bool:
        return self.client is None

    def model_problem(self) -> str:
        """What stands between this session and a reply, with the key that fixes it."""
        if self.host_gone:
            return f"Host '{self.session.host}' is not configured now · {CHANGE_MODEL_KEY} moves this session"
        if self.model_note:
            return f"{self.model_note} · {CHANGE_MODEL_KEY} picks another"
        return ""

    def move_to(self, host_name: str, model: str, client: ChatClient) -> None:
        """Talk to another model (and maybe host) from the next reply on."""
        self.session.host, self.session.model = host_name, model
        self.client, self.host_label, self.model_note = client, host_name, ""
        # What was measured belongs to the old model.
        self._context_probe.forget()
        self.paint_session_line()

    def refuse_if_host_gone(self) -> bool:
        """True (and says what to do) when there is no host to send to."""
        if self.host_gone:
            self.notify(
                f"This session's host '{self.session.host}' is not configured now: "
                f"{CHANGE_MODEL_KEY} moves it to another host or model (your text stays).",
                severity="warning", markup=False,
            )
        return self.host_gone

    @work(group="context", exclusive=True)
    async def measure_context(self) -> None:
        """How full the context is after the last reply, against what the server really uses."""
        admin = self.client.admin if self.client is not None else None
        if await self._context_probe.measure(self.session, admin) is not None:
            self.paint_session_line()

    @on(PromptArea.Submitted)
    def _submitted(self, event: PromptArea.Submitted) -> None:
        # In a worker: sending may first ask (a file too long for the context), and
        # a dialog's answer can be awaited only there. One Enter at a time, in order.
        self._submit(event.text, event.prompt)

    @work(group="submit")
    async def _submit(self, typed_text: str, prompt: PromptArea) -> None:
        async with self._submitting:
            await send_typed(self, typed_text, prompt)

    async def show_note(self, note: CommandNote) -> None:
        transcript = self.query_one(Transcript)
        await transcript.mount(note)
        transcript.action_end()

    @on(PromptArea.Changed, "#prompt")
    def _keep_draft(self, event: PromptArea.Changed) -> None:
        # Kept in the session as it is typed: closing or quitting saves it with it.
        self.session.draft = event.text_area.text

    def on_key(self, event: events.Key) -> None:
        """Text typed while the transcript has the focus (after a click) goes to the prompt."""
        prompt = self.query_one(PromptArea)
        if event.is_printable and event.character and not prompt.has_focus and not prompt.read_only:
            event.stop()
            event.prevent_default()
            prompt.focus()
            prompt.insert(event.character)

    def on_paste(self, event: events.Paste) -> None:
        prompt = self.query_one(PromptArea)
        if not prompt.has_focus and event.text:
            event.stop()
            prompt.focus()
            if paths := dropped_images(event.text, Path.cwd()):
                self.query_one(PromptDock).attach_files(paths)
            else:
                prompt.insert(event.text)

    def refuse_if_read_only(self) -> bool:
        """True if read-only; the app then says who holds it, or takes it if they are gone."""
        if self.read_only is not None:
            self.post_message(self.TakeOverWanted(self))
        return self.read_only is not None

    async def take_over(self, latest: Session | None) -> None:
        """This instance owns the session now: show the turns its last owner saved."""
        if latest is not None:
            for name in OWNED_FIELDS:
                setattr(self.session, name, getattr(latest, name))
            await self.query_one(Transcript).load(self.session.messages)
            earlier = (m.content for m in self.session.messages if m.role == "user")
            self.query_one(PromptArea).prompt_history = PromptHistory(earlier)
        self.read_only = None
        self.paint_session_line()

    def can_send(self) -> bool:
        """False (and says why) when nothing can be sent now; what was typed stays."""
        if self.refuse_if_read_only() or self.refuse_if_host_gone():
            return False  # for the fork or the move
        if self.session.busy:
            self.notify("A reply is still streaming: press Escape to stop it, or wait.",
                        severity="warning", markup=False)
            return False
        return True

    async def send_prompt(self, text: str, attachments: tuple[Attachment, ...] = ()) -> bool:
        """Send a prompt; refused (and False) while a reply is still streaming."""
        if not self.can_send():
            return False
        message = self.session.add_user(text, attachments)
        self.session.draft_attachments = []  # sent with the prompt: the chips go
        self._taken_back = None  # a new prompt went out: what F7 took back is gone for good
        if not self.is_attached:
            # Enter and quit in one read: the app is closing, so no reply can come
            # and nothing may be mounted; the prompt is kept in the session and saved.
            return True
        await self.query_one(Transcript).add(message)
        self.paint_session_line()
        self.query_one(PromptDock).show_chips()
        self._worker = self._stream()
        return True

    @work(group="reply", exclusive=True)
    async def _stream(self) -> ChatMessage:
        assert self.client is not None  # refused before: see refuse_if_host_gone
        read = self.attachments.read if self.attachments is not None else None
        try:
            if self.toolbox is None:
                return await stream_reply(
                    self.session, self.client, on_event=self._on_event, on_start=self._on_start, read=read,
                )
            if self._tool_turn is None:
                from ollamux.ui.chat.tool_turn import ToolTurn  # at the first reply with tools: start-up time

                self._tool_turn = ToolTurn(self.toolbox, self.app, self._note_state)
            return await self._tool_turn.run(
                self.session, self.client, on_event=self._on_event, on_start=self._on_start,
                on_reply_end=self._reply_ended, read=read,
            )
        finally:
            await self._reply_ended()
            if self.model_note and self.session.state is SessionState.IDLE:
                self.model_note = ""  # it answered after all (pulled since the start)
                self.paint_session_line()
            self._note_state()
            self.measure_context()

    def _on_start(self, reply: ChatMessage) -> None:
        self._saved_at = time.monotonic()  # the app saves the prompt as the state changes
        transcript = self.query_one(Transcript)
        # Quit right after Enter: the app stopped before this worker ran, and a
        # closing DOM refuses mounts. The reply still lands in the session.
        if transcript.is_attached:
            self._reply_view = ReplyView(reply)
            self._reply_mounted = mount_reply(transcript, self._reply_view, self._continued)
        self._continued = None
        self._note_state()

    async def _reply_ended(self, reply: ChatMessage | None = None) -> ReplyView | None:
        """Paint the reply that just ended whole (its tool calls too); the view that shows it."""
        view, self._reply_view = self._reply_view, None
        if view is not None and self._reply_mounted is not None:
            # A fast failure can end the reply before its view is mounted.
            await self._reply_mounted
            await view.finish()
        return view

    def _on_event(self, event: ChatEvent) -> None:
        if time.monotonic() - self._saved_at >= PARTIAL_SAVE_SECONDS:
            self._saved_at = time.monotonic()
            self.post_message(self.SaveDue(self))
        view = self._reply_view
        if view is None:
            return
        if isinstance(event, Content):
            view.add_content(event.text)
        elif isinstance(event, Thinking):
            view.add_thinking(event.text)
        if self._state is SessionState.LOADING:
            self._note_state()

    def _note_state(self) -> None:
        state = self.session.state
        if state is not self._state:
            self._state = state
            self.post_message(self.StateChanged(self))

    async def action_transcript(self, action: str) -> None:
        await self.query_one(Transcript).run_action(action)

    def action_open_pager(self) -> None:
        """Open the message in view (the one clicked, else the one mid-screen) in $PAGER."""
        message = self.query_one(Transcript).message_in_view()
        if message is None:
            self.notify("There is no message to show yet.", markup=False)
            return
        self.show_in_pager(message)

    @on(CutNotice.Pressed)
    def _cut_notice_pressed(self, event: CutNotice.Pressed) -> None:
        event.stop()
        self.show_in_pager(event.message)

    def show_in_pager(self, message: ChatMessage) -> None:
        results = self.query_one(Transcript).tool_results(message)
        if problem := open_in_pager(self.app, pager_text(message, results)):
            self.notify(problem, title="Pager", severity="warning", markup=False)

    def focus_prompt(self) -> None:
        self.query_one(PromptArea).focus()

    @on(PromptDock.AttachFailed)
    async def _attach_failed(self, event: PromptDock.AttachFailed) -> None:
        event.stop()
        await self.show_note(CommandNote(event.what, event.why, error=True))

    @on(PreviewWanted)
    def _preview_wanted(self, event: PreviewWanted) -> None:
        """A click on a sent file or Enter on a chip: show the file."""
        event.stop()
        self.query_one(PromptDock).preview(event.attachment)

    def action_attach_file(self) -> None:
        """Pick a file to attach to the next prompt (alt+a)."""
        if self.attachments is not None and not self.refuse_if_read_only():
            self.query_one(PromptDock).pick_file()

    def action_preview_attachments(self) -> None:
        """Preview a file sent with the message in view, else a chip's (alt+o)."""
        message = self.query_one(Transcript).message_in_view()
        files = (message.attachments if message is not None else []) or list(self.session.draft_attachments)
        if not files:
            self.notify("The message in view has no attachments.", markup=False)
            return
        self.query_one(PromptDock).preview_one_of(files)

    def context_left(self) -> int | None:
        """Tokens left in the context window after the last reply; None while unknown."""
        return self._context_probe.left()

    def set_hidden(self, hidden: bool) -> None:
        """A hidden session keeps receiving into its model but paints nothing."""
        transcript = self.query_one(Transcript)
        if hasattr(transcript, "set_paused"):
            transcript.set_paused(hidden)

    @property
    def state(self) -> SessionState:
        return self._state

    def action_stop(self) -> None:
        """Stop the reply: the connection closes and the partial text stays."""
        if self._worker is not None and self.session.busy:
            self._worker.cancel()

    async def edit_last_prompt(self) -> None:
        """F7: the last prompt back into the editor, its reply removed; F7 again undoes that."""
        if self.refuse_if_read_only():
            return
        if self.session.busy:
            self.notify("Stop the current reply first (Escape).", severity="warning", markup=False)
            return
        if (taken := self._taken_back) is not None and taken.still_undoable(self.session):
            self._taken_back = None
            await put_back(self, taken)
            return
        self._taken_back = await take_back(self)

    def stream_continuation(self, shown: ReplyView | None) -> None:
        """Stream the resumed reply into the widget that shows it (`shown`), swapped in place."""
        self._continued = shown
        self._worker = self._stream()

    async def action_regenerate(self) -> None:
        """Replace the last reply with a new one to the same prompt."""
        if self.refuse_if_read_only() or self.refuse_if_host_gone():
            return
        if self.session.busy:
            self.notify("Stop the current reply first (Escape).", severity="warning", markup=False)
            return
        if self.session.drop_last_reply() is None:
            self.notify("There is no reply to regenerate yet.", markup=False)
            return
        replies = self.query_one(Transcript).query(ReplyView)
        if replies:
            await replies.last().remove()
        self._worker = self._stream()

    @property
    def last_status(self) -> Status | None:
        """How the last message ended, once its view has painted all of it."""
        if self._worker is not None and not self._worker.is_finished:
            return Status.STREAMING
        return self.session.messages[-1].status if self.session.messages else None

