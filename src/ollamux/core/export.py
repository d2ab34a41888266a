"""A session as a Markdown document: for export to a file and for copying the transcript.

Message text is already Markdown (models answer in it), so it goes in as shown:
cleaned of terminal control sequences like the screen (a `cat` of the file must
not retitle the terminal or write its clipboard), otherwise as it is. Only what
we add around it is escaped or fenced so that it cannot break out.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Literal, TypeAlias

from ollamux.api.events import ToolCall
from ollamux.core.attachment import Attachment, AttachmentError
from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.codeblocks import fence_after
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.stats_words import EXPORTED, format_stats
from ollamux.core.text import format_sent, format_size, strip_control
from ollamux.core.text_files import fenced_file, read_text
from ollamux.core.tool_text import duration

UNTITLED = "Untitled session"
_ROLE_HEADINGS = {"user": "You", "system": "System", "tool": "Tool"}

# How attachments appear: links to their stored copies in the data folder (a small
# file that needs this machine), or their contents inside the document (one file to send).
AttachmentMode: TypeAlias = Literal["link", "embed"]


def to_markdown(
    session: Session, *, thinking: bool = False, attachments: AttachmentMode = "link",
    store: AttachmentStore | None = None,
) -> str:
    """The whole session; `thinking` adds each reply's reasoning in a folded block.

    Attachments are always listed (name, size, dimensions); with a `store` they are
    also linked to or, with `attachments="embed"`, embedded (images as data URLs,
    text files as fenced blocks).
    """
    title = _one_line(session.title) or UNTITLED
    lines = [f"# {title}", "", f"{_code(session.model)} @ {_code(session.host)}", ""]
    if session.completion is not None:
        lines += [_completion_line(session), ""]
    if session.system_prompt:
        lines += ["## System prompt", "", close_fences(strip_control(session.system_prompt)), ""]
    for message in session.messages:
        lines += _message(message, session.model, thinking)
        if message.attachments:
            lines += _attachments(message.attachments, attachments, store)
    return "\n".join(lines).rstrip("\n") + "\n"


def _attachments(attachments: list[Attachment], mode: AttachmentMode, store: AttachmentStore | None) -> list[str]:
    """A list of what was attached, then the images (and, embedded, the text files)."""
    lines = ["*Attachments:*", ""]
    shown: list[str] = []
    for attachment in attachments:
        name = _escaped(_one_line(attachment.name)) or "attachment"
        entry = name
        if store is not None and mode == "link":
            link = _link_target(attachment, store)
            entry = f"[{name}]({link})" if link else f"{name} (stored copy missing)"
            if link and attachment.is_image:
                shown.append(f"![{name}]({link})")
        elif store is not None:
            body = _embedded(attachment, name, store)
            if body is None:
                entry = f"{name} (stored copy missing)"
            else:
                shown.append(body)
        facts = [format_size(attachment.size), attachment.dimensions()]
        lines.append(" · ".join([f"- {entry}", *filter(None, facts)]))
    lines.append("")
    for body in shown:
        lines += [body, ""]
    return lines


def _link_target(attachment: Attachment, store: AttachmentStore) -> str | None:
    """The stored copy's path as a link destination; None when it is gone."""
    try:
        path = store.path(attachment.sha256)
    except AttachmentError:
        return None
    if not path.is_file():
        return None
    text = str(path)
    # Angle brackets let a path hold spaces; one they cannot hold goes as a file URL.
    return f"<{text}>" if not re.search(r"[<>\n\\]", text) else path.as_uri()


def _embedded(attachment: Attachment, name: str, store: AttachmentStore) -> str | None:
    try:
        data = store.read(attachment.sha256)
    except (AttachmentError, OSError):
        return None
    if attachment.is_image:
        return f"![{name}](data:{attachment.media_type};base64,{base64.b64encode(data).decode('ascii')})"
    return fenced_file(_one_line(attachment.name), strip_control(read_text(data, attachment.name)))


def _message(message: ChatMessage, model: str, thinking: bool) -> list[str]:
    if message.role == "tool" and message.tool_name is not None:
        return _tool_result(message)
    heading = model if message.role == "assistant" else _ROLE_HEADINGS[message.role]
    lines = [f"## {_one_line(heading) or 'Assistant'}", ""]
    if thinking and message.thinking:
        # <details> keeps a long chain of thought folded in renderers that support it.
        lines += ["<details><summary>Thinking</summary>", ""]
        lines += [close_fences(strip_control(message.thinking)), "", "</details>", ""]
    if message.content:
        # A stopped reply may end inside a code block, which would swallow the rest.
        lines += [close_fences(strip_control(message.content)), ""]
    if message.suffix:  # a completion's prompt: the model filled in before this
        lines += ["*Suffix (the completion fills the gap before it):*", ""]
        lines += [close_fences(strip_control(message.suffix)), ""]
    for call in message.tool_calls:
        lines += [_tool_call(call), ""]
    if message.status is Status.STOPPED:
        lines += ["> **[stopped]** The reply was stopped; the text above is partial.", ""]
    elif message.status is Status.STREAMING:
        lines += ["> **[streaming]** The reply was still being written.", ""]
    elif message.status is Status.ERROR:
        lines += [f"> **[error]** {_one_line(message.error) or 'The reply failed.'}"]
        if message.hint:
            lines += [">", f"> {_one_line(message.hint)}"]
        lines += [""]
    if message.stats is not None or message.first_token_seconds is not None:
        lines += [f"*{format_stats(message.stats, message.first_token_seconds, EXPORTED)}*", ""]
    if message.sent:
        lines += [f"*{_escaped(_one_line(format_sent(message.sent)))}*", ""]
    return lines


def _completion_line(session: Session) -> str:
    """What kind of session this is, for a reader who only sees prompts and replies."""
    settings = session.completion
    raw = ", raw (no template)" if settings is not None and settings.raw else ""
    template = ", own template" if settings is not None and settings.template is not None else ""
    return f"*Completion session (`/api/generate`){raw}{template}*"


def _tool_call(call: ToolCall) -> str:
    body: dict[str, object] = {"name": call.name, "arguments": call.arguments}
    if call.id:
        body["id"] = call.id
    if call.raw_arguments is not None:
        body["raw_arguments"] = call.raw_arguments
    # json.dumps escapes C0 controls but not C1 ones or bidi overrides.
    return fenced(strip_control(json.dumps(body, ensure_ascii=False, indent=2)), "json")


def _tool_result(message: ChatMessage) -> list[str]:
    """A call's result, right under the reply that made the call: the whole text, fenced
    (a result is data, not Markdown), with the tool, where it ran and how it ended."""
    facts = [f"Result of {_code(message.tool_name or '')}"]
    if message.tool_source:
        facts.append(_escaped(_one_line(message.tool_source)))
    if message.tool_outcome is not None:
        facts.append(message.tool_outcome.value)
    if message.tool_seconds is not None:
        facts.append(duration(message.tool_seconds))
    return [f"*{' · '.join(facts)}*", "", fenced(strip_control(message.content)), ""]


def fenced(text: str, language: str = "") -> str:
    """A code block whose fence is longer than any backtick run inside the text."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def close_fences(text: str) -> str:
    """The text with a closing fence added if it ends inside a fenced code block."""
    opened = ""
    for line in text.splitlines():
        opened = fence_after(line, opened)
    text = text.rstrip("\n")
    return f"{text}\n{opened}" if opened else text


def _code(text: str) -> str:
    """Inline code that survives backticks in a model or host name."""
    text = _one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _one_line(text: str) -> str:
    return " ".join(strip_control(text).split())


def write_private(path: Path, text: str) -> None:
    """Write an export readable by its owner only (0600), in a folder only they can
    enter (0700), as session files are: an export holds the whole conversation.

    The folder is ollamux's own (`exports` under the data folder), so one found
    with looser permissions is tightened too; a file already there is replaced.
    """
    _private_folder(path.parent)
    # O_NOFOLLOW: a symlink planted at the name must not redirect the write.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
        os.fchmod(fd, 0o600)  # an existing file keeps its old mode through O_TRUNC
        file.write(text)


def _private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)


# Path separators become a dash; what other systems forbid in a name goes (a
# title is often a question); a control, format or separator character (NUL,
# newlines, bidirectional overrides) becomes a space.
_SEPARATORS = re.compile(r"[/\\]")
_FORBIDDEN_ELSEWHERE = re.compile(r'[:*?"<>|]')
_NAME_BYTES = 200  # well under the usual 255-byte limit, with room for " (N).md"


def export_file_name(title: str) -> str:
    """The session title as a file name (without `.md`): readable, one line,
    no path separators or control characters, not hidden, not taken for an
    option (no leading `.` or `-`); "Untitled session" when nothing is left."""
    cleaned = "".join(
        " " if unicodedata.category(c)[0] in "CZ" else c
        for c in _FORBIDDEN_ELSEWHERE.sub("", _SEPARATORS.sub("-", strip_control(title)))
    )
    name = " ".join(cleaned.split()).lstrip(".- ").rstrip(". ")
    name = name.encode("utf-8")[:_NAME_BYTES].decode("utf-8", errors="ignore")  # a cut character goes
    return name.rstrip(". ") or UNTITLED


def write_new_private(folder: Path, title: str, text: str) -> Path:
    """Write an export under the session's title, never over an existing file:
    `Title.md`, else `Title (2).md`, … Private like `write_private` (0600 in a 0700
    folder); created exclusively, so neither a file nor a symlink already at the
    name, nor another export at the same moment, is written through."""
    _private_folder(folder)
    stem = export_file_name(title)
    for number in itertools.count(1):
        path = folder / (f"{stem}.md" if number == 1 else f"{stem} ({number}).md")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            os.fchmod(fd, 0o600)  # the umask cannot loosen it, nor tighten it oddly
            file.write(text)
        return path
    raise AssertionError("unreachable")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _escaped(text: str) -> str:
    """Text that Markdown shows as written (stop sequences are often `*` or `#`)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
