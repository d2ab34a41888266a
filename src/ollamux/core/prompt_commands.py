"""`/set`, `/show` and friends typed in the prompt, as in `ollama run`: pure, no widgets.

`parse()` says whether a prompt is a command at all (a message starting with `//`
is sent with one slash less); `run()` applies one to a session and returns the note
to show. Option values go through `validate_option`, the inspector's own check, so
both say the same words. Nothing here is sent to the model.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ollamux.api.capabilities import OLLAMA, Capabilities
from ollamux.core.compaction import cut_point
from ollamux.core.options import (
    OptionError,
    OptionSpec,
    specs_for,
    think_label,
    validate_format,
    validate_keep_alive,
    validate_option,
)
from ollamux.core.session import Session

HELP = """\
/set parameter NAME VALUE   set an option (also /set NAME VALUE)
/set system TEXT            set the system prompt (empty clears it)
/set think [low|medium|high|max] · /set nothink
/set format json · /set format {schema} · /set noformat
/set keep_alive 10m         how long the model stays loaded
/reset parameter NAME       drop one override · /reset parameters drops all
/show                       this session's settings · /show parameters · /show system
/compact · /compact undo    summarise the earlier turns (alt+s) · send them all again
/continue                   carry on the last reply where it was stopped or cut (alt+c)
/? or /help                 this list · //text sends "/text" as a message"""

# What `ollama run` has that maps onto something else here.
_ELSEWHERE = {
    "clear": "ctrl+n opens a new session",
    "bye": "ctrl+q quits",
    "load": "ctrl+n or F3 opens another model",
    "save": "sessions are saved as you go",
}
_THINK_LEVELS = ("low", "medium", "high", "max")
# Not a setting: the chat view runs it (it streams), so `run` never sees it.
CONTINUE = "continue"


class CommandError(ValueError):
    """A command that cannot run; the text says why (and what would)."""


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # "set", "show", "reset", "help"
    args: tuple[str, ...]  # words after the name
    rest: str = ""  # the text after the second word, verbatim (system prompts, stop lines)


def literal_message(text: str) -> str | None:
    """`//text` is a message that starts with a slash: the text to send, else None."""
    return text[1:] if text.startswith("//") else None


def parse(text: str) -> Command | None:
    """A command if `text` starts with one slash and a word (or `?`); None for a message."""
    if not text.startswith("/") or text.startswith("//"):
        return None
    head, _, tail = text[1:].partition("\n")
    words = head.split()
    if not words or not (words[0][0].isalpha() or words[0][0] == "?"):
        return None  # "/ 3" or "/." are messages, not commands
    name = words[0].lower()
    rest = ""
    if len(words) > 1:  # everything after the second word, the newlines too
        after = head.split(None, 2)
        rest = (after[2] if len(after) > 2 else "") + (f"\n{tail}" if tail else "")
    elif tail:
        rest = tail
    return Command(name, tuple(words[1:]), rest)


def run(command: Command, session: Session, capabilities: Capabilities = OLLAMA) -> tuple[str, bool]:
    """Apply `command` to `session`: (the note to show, whether the session changed).

    Raises CommandError with the reason when it cannot run; the session is then as before.
    """
    if command.name in ("?", "help"):
        return HELP, False
    if command.name == "show":
        return _show(command, session), False
    if command.name == "set":
        return _set(command, session, capabilities), True
    if command.name == "reset":
        return _reset(command, session, capabilities)
    if command.name == "compact":
        return _compact(command, session), False
    if command.name == CONTINUE:
        raise CommandError("/continue carries on a reply in a chat session; it changes no setting")
    if (where := _ELSEWHERE.get(command.name)) is not None:
        raise CommandError(f"/{command.name} is not a command here: {where}")
    raise CommandError(f"unknown command /{command.name} (/? lists them; //{command.name} sends it as text)")


def _compact(command: Command, session: Session) -> str:
    """Only checks: the workbench asks which model summarises and streams it (or undoes)."""
    if command.args == ("undo",):
        if session.compaction is None:
            raise CommandError("nothing is compacted: the whole history is sent")
        return "the whole history is sent again"
    if command.args:
        raise CommandError("/compact summarises the earlier turns; /compact undo sends them all again")
    if session.busy:
        raise CommandError("a reply is streaming: stop it first (Escape)")
    if cut_point(session.messages, session.compaction) is None:
        raise CommandError("nothing to compact yet: the last exchange is always sent whole")
    return "compacting: Enter summarises with this session's model, m picks another"


def _unquote(text: str) -> str:
    """ollama run's `\"\"\"…\"\"\"` and `"…"` around a system prompt."""
    for quote in ('"""', '"'):
        if len(text) >= 2 * len(quote) and text.startswith(quote) and text.endswith(quote):
            return text[len(quote):-len(quote)]
    return text


def _spec(name: str, capabilities: Capabilities) -> OptionSpec:
    specs = {spec.name: spec for spec in specs_for(capabilities.options)}
    if name in specs:
        return specs[name]
    near = difflib.get_close_matches(name, list(specs), n=3, cutoff=0.6)
    also = f"; did you mean {', '.join(near)}?" if near else "; /show parameters lists the set ones, F5 all"
    where = "Ollama" if capabilities.options == "ollama" else "this host's API"
    raise CommandError(f"{where} has no option {name!r}{also}")


def _set(command: Command, session: Session, capabilities: Capabilities) -> str:
    if not command.args:
        raise CommandError("/set what? /? lists the settings")
    what = command.args[0].lower()
    if what == "system":
        session.system_prompt = _unquote(command.rest.strip())
        return "system prompt cleared" if not session.system_prompt else "system prompt set"
    if what in ("think", "nothink"):
        return _set_think(what, command.args[1:], session, capabilities)
    if what in ("format", "noformat"):
        text = "" if what == "noformat" else command.rest
        if what == "format" and not text.strip():
            raise CommandError('/set format takes json or a JSON schema; /set noformat drops it')
        session.format = _checked(validate_format, text)
        return f"format {_format_text(session.format)}"
    if what in ("keep_alive", "keepalive"):
        if not capabilities.keep_alive:
            raise CommandError("this host's API takes no keep_alive")
        session.keep_alive = _checked(validate_keep_alive, command.rest)
        return f"keep_alive {session.keep_alive or 'server default (5m)'}"
    if what == "parameter":
        if len(command.args) < 2:
            raise CommandError("/set parameter NAME VALUE")
        name, value = command.args[1], command.rest.split(None, 1)
        text = value[1] if len(value) > 1 else ""
    else:  # /set temperature 0.2
        name, text = command.args[0], command.rest
    spec = _spec(name, capabilities)
    if not text.strip():
        raise CommandError(f"/set parameter {spec.name} takes a value; /reset parameter {spec.name} drops it")
    if spec.kind == "list[str]" and not text.lstrip().startswith("["):
        text = "\n".join(text.split())  # `/set parameter stop a b`: each word a stop, as in ollama run
    session.options[spec.name] = _checked(lambda t: validate_option(spec, t), text)
    return f"{spec.name} = {_shown(session.options[spec.name])}"


def _set_think(what: str, args: Sequence[str], session: Session, capabilities: Capabilities) -> str:
    # Ollama's think field; an OpenAI-compatible API thinks by its reasoning_effort option.
    if capabilities.options != "ollama":
        raise CommandError("this host's API takes no think setting: /set reasoning_effort low|medium|high|none")
    if what == "nothink":
        session.think = False
    elif not args:
        session.think = True
    elif args[0].lower() in _THINK_LEVELS:
        session.think = args[0].lower()  # type: ignore[assignment]
    else:
        raise CommandError(f"think must be one of {', '.join(_THINK_LEVELS)}, got {args[0]!r}")
    return f"think {think_label(session.think)}"


def _reset(command: Command, session: Session, capabilities: Capabilities) -> tuple[str, bool]:
    what = command.args[0].lower() if command.args else ""
    if what == "parameters" and len(command.args) == 1:
        had = bool(session.options)
        session.options.clear()
        return "every option back to the model's", had
    if what == "parameter" and len(command.args) == 2:
        name = command.args[1]
        if name not in session.options:
            _spec(name, capabilities)  # a typo says so; a real name with no override is fine
        had = session.options.pop(name, None) is not None
        return f"{name} back to the model's", had
    raise CommandError("/reset parameter NAME or /reset parameters")


def _show(command: Command, session: Session) -> str:
    what = command.args[0].lower() if command.args else ""
    parameters = "\n".join(f"{name} {_shown(value)}" for name, value in session.options.items())
    system = session.system_prompt or "none (the model's own)"
    if what == "parameters":
        return parameters or "no options set: the model's own apply"
    if what == "system":
        return system
    if what:
        raise CommandError(f"/show {what}: not here; /show parameters or /show system (F5 shows the model)")
    settings = [f"system {system.splitlines()[0] if system else ''}" + (" …" if "\n" in system else ""),
                f"think {think_label(session.think)}", f"format {_format_text(session.format)}",
                f"keep_alive {session.keep_alive or 'server default'}"]
    return "\n".join([*settings, parameters or "no options set"])


def _checked(validate: Any, text: str) -> Any:
    try:
        return validate(text)
    except OptionError as error:  # the inspector's words, as they are
        raise CommandError(str(error)) from None


def _format_text(value: str | dict[str, Any] | None) -> str:
    if value is None:
        return "none"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(json.dumps(str(item), ensure_ascii=False) for item in value)
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
