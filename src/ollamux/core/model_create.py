"""`Save this session as a model`: the `/api/create` request a session amounts to.

The model keeps what made the session what it is: its model as the base, its
system prompt, its option overrides as parameters (typed as the server reads them,
`stop` as a list) and, if asked, its exchanges as example turns.
"""

from __future__ import annotations

import re

from ollamux.api.create import CreateRequest
from ollamux.api.events import Message
from ollamux.core.options import wire_options
from ollamux.core.session import Session

# Ollama's names: [host/][namespace/]model[:tag], parts of letters, digits, `_`, `-`, `.`.
_PART = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_NAME = re.compile(rf"(?:{_PART}/){{0,2}}{_PART}(?::[A-Za-z0-9_][A-Za-z0-9_.-]{{0,127}})?")


def model_name_problem(name: str) -> str:
    """Why the server would refuse `name` for a new model, or "" when it is fine."""
    text = name.strip()
    if not text:
        return "a model needs a name"
    if not _NAME.fullmatch(text):
        return (f"{text!r} is not a model name: use letters, digits, _ - . "
                "as [namespace/]name[:tag]")
    return ""


def example_turns(session: Session) -> tuple[Message, ...]:
    """The session's finished user and assistant turns, plain text only.

    Tool calls and their results need the tools at hand, and thinking is the
    model's own: neither belongs in a model's examples.
    """
    turns = []
    for message in session.messages:
        if message.role not in ("user", "assistant") or not message.sendable:
            continue
        if message.tool_calls or not message.content.strip():
            continue
        turns.append(Message(role=message.role, content=message.content))
    return tuple(turns)


def create_request_from_session(session: Session, name: str, *,
                                with_messages: bool = False) -> CreateRequest:
    """The request that saves `session` as the model `name` (check `model_name_problem` first).

    Raises OptionError when an override cannot be sent (the options form stops that earlier).
    """
    return CreateRequest(
        model=name.strip(),
        base=session.model,
        system=session.system_prompt or None,
        parameters=wire_options(session.options),
        messages=example_turns(session) if with_messages else (),
    )
