"""A `Session` as a TOML document, and back, exactly.

TOML has no null, so None fields are left out and come back as their defaults.
Long texts are written as multi-line strings so that a session file stays readable
in an editor; everything else about the encoding serves exact round trips.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import fields
from typing import Any, cast, get_args

import tomli_w

from ollamux.api.events import Role, Stats, ToolCall, tool_call_id
from ollamux.api.numbers import wire_count, wire_seconds
from ollamux.core.attachment import Attachment
from ollamux.core.compaction_toml import compaction_from_dict, compaction_to_dict
from ollamux.core.completion_toml import completion_from, completion_to_dict
from ollamux.core.reply_extras_toml import TABLE as EXTRAS_TABLE
from ollamux.core.reply_extras_toml import extras_from_table, extras_table
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.toml_fields import SessionFormatError, get, moment, need, put, short
from ollamux.core.toml_long_strings import dump_with_long_strings
from ollamux.core.tools import Outcome

__all__ = ["SCHEMA_VERSION", "SessionFormatError", "session_from_toml", "session_to_toml"]

SCHEMA_VERSION = 1

_ROLES: tuple[str, ...] = get_args(Role)
_STATS_FIGURES = tuple(f.name for f in fields(Stats) if f.name not in ("done_reason", "tokens_counted"))
# TOML integers are 64-bit; larger ones (possible in JSON tool arguments) are not.
_INT_RANGE = range(-(2**63), 2**63)


# An attachment names its stored bytes by hash; a file is untrusted, and the hash
# becomes a path and the media type part of a data URL, so both are checked strictly.
_SHA256 = re.compile(r"[0-9a-f]{64}")
_MEDIA_TYPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*")

_TERMINAL_UNSAFE = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def session_to_toml(session: Session) -> str:
    """The session as a TOML document (text, newline-terminated lines)."""
    head: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": session.id,
        "title": session.title,
        "host": session.host,
        "model": session.model,
        "created_at": session.created_at,
        "updated_at": session.updated_at,
        "system_prompt": session.system_prompt,
    }
    if session.draft:  # left out when empty: older versions read the file as before
        head["draft"] = session.draft
    put(head, "keep_alive", session.keep_alive)
    put(head, "think", session.think)
    if isinstance(session.format, str):
        head["format"] = session.format
    elif session.format is not None:
        # A JSON schema may hold nulls and mixed types: JSON text keeps it exact.
        head["format_json"] = json.dumps(session.format, ensure_ascii=False)
    # None means "not set" for an option, which is what leaving it out says too.
    head["options"] = {k: v for k, v in session.options.items() if v is not None}
    if extras := extras_table(session.extras):
        head[EXTRAS_TABLE] = extras
    if session.tool_choices:  # `always_allowed` is never written: approvals end with the app
        head["tool_choices"] = dict(session.tool_choices)
    if session.draft_attachments:
        head["draft_attachments"] = [_attachment_to_dict(a) for a in session.draft_attachments]
    if session.compaction is not None:  # absent: older versions read the file as before
        head["compaction"] = compaction_to_dict(session.compaction)
    if session.completion is not None:  # a chat writes neither: older versions read it as before
        head["kind"] = session.kind
        head["completion"] = completion_to_dict(session.completion)
    # Each part is dumped on its own so that one text with CRLF line ends (which
    # tomli-w's multi-line mode would turn into LF) only costs readability there.
    parts = [_dump(head)]
    parts += [_dump({"messages": [_message_to_dict(m)]}) for m in session.messages]
    # tomli-w escapes C0 controls but writes C1 ones and bidi overrides raw: a
    # `cat` of the file must not drive the terminal, so they go in as \u escapes,
    # which read back as the same characters. Every string tomli-w writes is a
    # basic one, where such escapes are valid.
    text = _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", "\n".join(parts))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (from a broken \ud800 escape in a stream) cannot be
        # stored as UTF-8; a replacement character beats losing the whole file.
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def session_from_toml(text: str) -> Session:
    """Parse a session document; raises `tomllib.TOMLDecodeError` or `SessionFormatError`."""
    data = tomllib.loads(text)
    version = data.get("schema_version")
    if version is None:
        raise SessionFormatError("missing required field 'schema_version'")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionFormatError(f"unsupported schema version {version!r}")
    if version > SCHEMA_VERSION:
        raise SessionFormatError(f"written by a newer ollamux (schema {version})")
    session = Session(
        host=need(data, "host", str),
        model=need(data, "model", str),
        title=get(data, "title", str, ""),
        system_prompt=get(data, "system_prompt", str, ""),
        options=dict(get(data, "options", dict, {})),
        keep_alive=get(data, "keep_alive", (str, int, float), None),
        think=get(data, "think", (bool, str), None),
        format=_load_format(data),
        messages=[_message_from_dict(m, i) for i, m in enumerate(get(data, "messages", list, []))],
        draft=get(data, "draft", str, ""),
        draft_attachments=_attachments_from_list(data, "draft_attachments"),
        tool_choices=_tool_choices(data),
        extras=extras_from_table(data.get(EXTRAS_TABLE)),
        completion=completion_from(data),
    )
    session.id = get(data, "id", str, session.id)
    session.created_at = moment(data, "created_at", session.created_at)
    session.updated_at = moment(data, "updated_at", session.updated_at)
    if "compaction" in data:
        # A damaged entry costs the summary only: the messages are all there, sent whole.
        try:
            session.compaction = compaction_from_dict(data["compaction"], len(session.messages))
        except SessionFormatError as error:
            session.compaction_problem = f"The saved compaction was ignored ({error}): the full history is sent."
    return session


def _dump(data: dict[str, Any]) -> str:
    return dump_with_long_strings(data, lambda short: tomli_w.dumps(short, multiline_strings=not _has_crlf(short)))


def _has_crlf(value: object) -> bool:
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, dict):
        return any(_has_crlf(k) or _has_crlf(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_crlf(v) for v in value)
    return False


# A reply saved while it streams (every few seconds, so that a kill loses little)
# is, to any later run, one that was cut off: the next save replaces this.
INTERRUPTED = "Interrupted: ollamux ended before this reply finished."
INTERRUPTED_HINT = "ctrl+r asks again."


def _message_to_dict(message: ChatMessage) -> dict[str, Any]:
    streaming = message.status is Status.STREAMING
    status = Status.ERROR if streaming else message.status
    table: dict[str, Any] = {
        "role": message.role,
        "status": status.value,
        "created_at": message.created_at,
        "content": message.content,
    }
    for key in ("thinking", "error", "hint", "suffix"):
        if value := getattr(message, key):
            table[key] = value
    if streaming:
        table["error"], table["hint"] = INTERRUPTED, INTERRUPTED_HINT
    put(table, "first_token_seconds", message.first_token_seconds)
    if message.tool_calls:
        table["tool_calls"] = [_call_to_dict(call) for call in message.tool_calls]
    if message.stats is not None:
        table["stats"] = _stats_to_dict(message.stats)
    if message.sent and _toml_safe(message.sent):
        table["sent"] = message.sent
    if message.attachments:
        table["attachments"] = [_attachment_to_dict(a) for a in message.attachments]
    put(table, "tool_name", message.tool_name)
    put(table, "tool_call_id", message.tool_call_id)
    if message.tool_source:
        table["tool_source"] = message.tool_source
    if message.tool_outcome is not None:
        table["tool_outcome"] = message.tool_outcome.value
    put(table, "tool_seconds", wire_seconds(message.tool_seconds))
    return table


def _tool_choices(data: dict[str, Any]) -> dict[str, bool]:
    choices = get(data, "tool_choices", dict, {})
    if not all(isinstance(on, bool) for on in choices.values()):
        raise SessionFormatError("tool_choices must map each tool to true or false")
    return dict(choices)


def _tool_result_fields(message: ChatMessage, table: dict[str, Any], where: str) -> None:
    """The call a tool message answers and how it ended."""
    message.tool_name = get(table, "tool_name", str, None, where)
    message.tool_call_id = get(table, "tool_call_id", str, None, where)
    message.tool_source = get(table, "tool_source", str, "", where)
    outcome = get(table, "tool_outcome", str, None, where)
    if outcome is not None and outcome not in {o.value for o in Outcome}:
        raise SessionFormatError(f"{where}: unknown tool outcome {short(outcome)}")
    message.tool_outcome = Outcome(outcome) if outcome is not None else None
    if (seconds := get(table, "tool_seconds", (int, float), None, where)) is not None:
        message.tool_seconds = wire_seconds(seconds)


def _attachment_to_dict(attachment: Attachment) -> dict[str, Any]:
    table: dict[str, Any] = {
        "sha256": attachment.sha256,
        "name": attachment.name,
        "media_type": attachment.media_type,
        "size": attachment.size,
    }
    put(table, "width", attachment.width)
    put(table, "height", attachment.height)
    return table


def _attachments_from_list(table: dict[str, Any], key: str, where: str = "") -> list[Attachment]:
    prefix = f"{where}." if where else ""
    items = get(table, key, list, [], where)
    return [_attachment_from_dict(item, f"{prefix}{key}[{i}]") for i, item in enumerate(items)]


def _attachment_from_dict(table: object, where: str) -> Attachment:
    if not isinstance(table, dict):
        raise SessionFormatError(f"{where} is not a table")
    sha256 = need(table, "sha256", str, where)
    if not _SHA256.fullmatch(sha256):
        raise SessionFormatError(f"{where}: {short(sha256)} is not a sha256 hash")
    media_type = need(table, "media_type", str, where)
    if not _MEDIA_TYPE.fullmatch(media_type):
        raise SessionFormatError(f"{where}: {short(media_type)} is not a media type")
    size = need(table, "size", int, where)
    if size < 0:
        raise SessionFormatError(f"{where}: field 'size' is negative")
    dimensions = {key: get(table, key, int, None, where) for key in ("width", "height")}
    for key, value in dimensions.items():
        if value is not None and value < 1:
            raise SessionFormatError(f"{where}: field {key!r} is not a positive number")
    return Attachment(sha256, need(table, "name", str, where), media_type, size, **dimensions)


def _stats_to_dict(stats: Stats) -> dict[str, Any]:
    # An unknown figure is left out (TOML has no null), and so is one no 64-bit
    # TOML reader could take back: the reader turns a missing figure into None.
    table: dict[str, Any] = {}
    for name in _STATS_FIGURES:
        value = _stats_figure(name, getattr(stats, name))
        if value is not None:
            table[name] = value
    table["done_reason"] = stats.done_reason
    if stats.tokens_counted:
        table["tokens_counted"] = True
    return table


def _stats_from_dict(table: dict[str, Any]) -> Stats:
    """Figures absent (unknown when saved) or absurd (a hand edit) come back unknown."""
    reason = table.get("done_reason")
    return Stats(
        prompt_tokens=wire_count(table.get("prompt_tokens")),
        generated_tokens=wire_count(table.get("generated_tokens")),
        load_seconds=wire_seconds(table.get("load_seconds")),
        prompt_seconds=wire_seconds(table.get("prompt_seconds")),
        generation_seconds=wire_seconds(table.get("generation_seconds")),
        total_seconds=wire_seconds(table.get("total_seconds")),
        done_reason=reason if isinstance(reason, str) else "",
        tokens_counted=table.get("tokens_counted") is True,
    )


def _stats_figure(name: str, value: Any) -> int | float | None:
    if name.endswith("_seconds"):
        return wire_seconds(value)
    return wire_count(value)


def _call_to_dict(call: ToolCall) -> dict[str, Any]:
    table: dict[str, Any] = {"name": call.name}
    if _toml_safe(call.arguments):
        table["arguments"] = call.arguments
    else:
        # Nulls or huge integers have no TOML form: keep the mapping as JSON text.
        table["arguments_json"] = json.dumps(call.arguments, ensure_ascii=False)
    put(table, "id", call.id)
    put(table, "raw_arguments", call.raw_arguments)
    return table


def _toml_safe(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _toml_safe(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_toml_safe(v) for v in value)
    if isinstance(value, bool | float | str):
        return True
    return isinstance(value, int) and value in _INT_RANGE


def _message_from_dict(table: object, index: int) -> ChatMessage:
    where = f"messages[{index}]"
    if not isinstance(table, dict):
        raise SessionFormatError(f"{where} is not a table")
    role = need(table, "role", str, where)
    if role not in _ROLES:
        raise SessionFormatError(f"{where}: unknown role {role!r}")
    status = get(table, "status", str, Status.COMPLETE.value, where)
    if status not in {s.value for s in Status}:
        raise SessionFormatError(f"{where}: unknown status {status!r}")
    if status == Status.STREAMING:
        # No stream survives a restart: an edited file saying otherwise means stopped.
        status = Status.STOPPED
    message = ChatMessage(
        role=cast(Role, role),
        content=get(table, "content", str, "", where),
        thinking=get(table, "thinking", str, "", where),
        tool_calls=[_call_from_dict(c, where) for c in get(table, "tool_calls", list, [], where)],
        status=Status(status),
        error=get(table, "error", str, "", where),
        hint=get(table, "hint", str, "", where),
        first_token_seconds=get(table, "first_token_seconds", (int, float), None, where),
        suffix=get(table, "suffix", str, "", where),
    )
    message.created_at = moment(table, "created_at", message.created_at, where)
    if (stats := get(table, "stats", dict, None, where)) is not None:
        message.stats = _stats_from_dict(stats)
    message.sent = get(table, "sent", dict, {}, where)
    message.attachments = _attachments_from_list(table, "attachments", where)
    _tool_result_fields(message, table, where)
    return message


def _call_from_dict(table: object, where: str) -> ToolCall:
    if not isinstance(table, dict):
        raise SessionFormatError(f"{where}: a tool call is not a table")
    if "arguments_json" in table:
        arguments = _json_object(table, "arguments_json", where)
    else:
        arguments = get(table, "arguments", dict, {}, where)
    return ToolCall(
        name=need(table, "name", str, where),
        arguments=arguments,
        # Older versions saved a server's numeric id as a TOML integer.
        id=tool_call_id(get(table, "id", (str, int), None, where)),
        raw_arguments=get(table, "raw_arguments", str, None, where),
    )


def _load_format(data: dict[str, Any]) -> str | dict[str, Any] | None:
    if "format_json" in data:
        return _json_object(data, "format_json", "")
    text: str | None = get(data, "format", str, None)
    return text


def _json_object(table: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    prefix = f"{where}: " if where else ""
    try:
        value = json.loads(need(table, key, str, where))
    except json.JSONDecodeError as exc:
        raise SessionFormatError(f"{prefix}{key!r} is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise SessionFormatError(f"{prefix}{key!r} is not a JSON object")
    return cast(dict[str, Any], value)
