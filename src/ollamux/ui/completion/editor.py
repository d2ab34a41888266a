"""A completion session's editors: the prompt, the suffix (fill in the middle), the template.

The prompt and the suffix are the chat's prompt editor (Enter runs, ctrl+j breaks
the line, readline keys, history on Up); they are kept in the session as they are
typed; a run takes them out, and F7 puts the last run's back to tweak and run again. The suffix is
offered when the model fills in the middle (its `insert` capability) or when one is
already written: a suffix is never hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static, TextArea

from ollamux.core.completion import CompletionSettings
from ollamux.core.session import Session
from ollamux.ui.chat.prompt import PromptArea

PROMPT_PLACEHOLDER = "Prompt to complete… (Enter runs, ctrl+j new line)"
SUFFIX_PLACEHOLDER = "Suffix: the text after the gap, the model fills in between (optional)"
TEMPLATE_PLACEHOLDER = "Template override (Go template, e.g. {{ .System }} {{ .Prompt }}); empty: the model's"


class CompletionEditor(Vertical):
    DEFAULT_CSS = """
    CompletionEditor { height: auto; }
    CompletionEditor > PromptArea { max-height: 8; border-title-color: $text-muted; }
    CompletionEditor > #suffix { display: none; max-height: 6; }
    CompletionEditor.-suffix #suffix { display: block; }
    CompletionEditor #completion-template {
        display: none; height: auto; min-height: 3; max-height: 8;
        border: tall $border-blurred;
        &:focus { border: tall $border; }
    }
    CompletionEditor.-template #completion-template { display: block; }
    CompletionEditor #completion-line { height: 1; padding: 0 1; color: $text-muted; }
    """

    @dataclass
    class RunWanted(Message):
        """Enter in the prompt or the suffix: run the completion."""

    def __init__(self, session: Session, *, history: Iterable[str]) -> None:
        super().__init__()
        self.session = session
        if session.completion is None:
            session.completion = CompletionSettings()
        self._history = history
        self.fills_in_middle = False  # the model's `insert` capability, once known

    @property
    def settings(self) -> CompletionSettings:
        """The session's, read each time: taking a session over replaces them."""
        assert self.session.completion is not None  # made in __init__ if missing
        return self.session.completion

    def compose(self) -> ComposeResult:
        template = TextArea(self.settings.template or "", soft_wrap=True, tab_behavior="focus",
                            id="completion-template", placeholder=TEMPLATE_PLACEHOLDER)
        template.border_title = "template"
        yield template
        prompt = PromptArea(id="prompt", history=self._history, text=self.session.draft)
        prompt.placeholder = PROMPT_PLACEHOLDER
        prompt.border_title = "prompt"
        yield prompt
        suffix = PromptArea(id="suffix", text=self.settings.suffix)
        suffix.placeholder = SUFFIX_PLACEHOLDER
        suffix.border_title = "suffix: the model fills in before it"
        yield suffix
        yield Static(id="completion-line")

    def on_mount(self) -> None:
        self.set_class(self.settings.template is not None, "-template")
        self.show_settings()

    # -- what is shown ------------------------------------------------------

    def set_fills_in_middle(self, fills: bool) -> None:
        self.fills_in_middle = fills
        self.show_settings()

    def show_template(self) -> None:
        """The template editor in line with the session's template (after a take-over)."""
        area = self.query_one("#completion-template", TextArea)
        if area.text != (self.settings.template or ""):
            area.text = self.settings.template or ""
        self.set_class(self.settings.template is not None, "-template")

    def show_settings(self) -> None:
        """The line under the editors: raw, template, suffix, and their keys."""
        self.set_class(self.fills_in_middle or bool(self.settings.suffix), "-suffix")
        raw = "on" if self.settings.raw else "off"
        template = "own" if self.settings.template is not None else "model's"
        parts: list[str | tuple[str, str]] = [("alt+r", "bold"), f" raw {raw} · ", ("alt+i", "bold"),
                                               f" template: {template}"]
        if not self.fills_in_middle and not self.settings.suffix:
            parts.append(" · suffix: not for this model")
        self.query_one("#completion-line", Static).update(Content.assemble(*parts))

    # -- editing ------------------------------------------------------------

    @property
    def prompt(self) -> PromptArea:
        return self.query_one("#prompt", PromptArea)

    @property
    def suffix_area(self) -> PromptArea:
        return self.query_one("#suffix", PromptArea)

    @property
    def suffix(self) -> str:
        """The suffix to send: only where it is shown (it is, whenever it holds text)."""
        return self.suffix_area.text if self.has_class("-suffix") else ""

    def toggle_template(self) -> None:
        """Show the template editor (and go there), or leave it; an empty one is the model's."""
        shown = not self.has_class("-template")
        self.set_class(shown, "-template")
        (self.query_one("#completion-template", TextArea) if shown else self.prompt).focus()

    def fill(self, prompt: str, suffix: str) -> None:
        """Put a prompt and suffix back into the editors; ctrl+z undoes it there."""
        self.prompt.replace(prompt, self.prompt.document.start, self.prompt.document.end)
        if suffix or self.has_class("-suffix"):
            self.set_class(True, "-suffix")
            self.suffix_area.replace(suffix, self.suffix_area.document.start, self.suffix_area.document.end)
        self.prompt.focus()

    @on(PromptArea.Submitted)
    def _submitted(self, event: PromptArea.Submitted) -> None:
        # Stopped here: the chat view above would send it as a chat message.
        event.stop()
        self.post_message(self.RunWanted())

    @on(PromptArea.FilesDropped)
    def _files_dropped(self, event: PromptArea.FilesDropped) -> None:
        # Nothing is attached to a completion: a dropped path is typed as text.
        event.stop()
        event.prompt.insert(" ".join(str(path) for path in event.paths))

    @on(PromptArea.Completions)
    def _completions(self, event: PromptArea.Completions) -> None:
        event.stop()

    @on(TextArea.Changed, "#suffix")
    def _keep_suffix(self, event: TextArea.Changed) -> None:
        self.settings.suffix = event.text_area.text

    @on(TextArea.Changed, "#completion-template")
    def _keep_template(self, event: TextArea.Changed) -> None:
        self.settings.template = event.text_area.text or None
        self.show_settings()
