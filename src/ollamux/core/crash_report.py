"""A crash written down where it helps and harms no one.

Textual's own crash screen prints a traceback with every frame's local
variables: prompts, replies and titles end up in the terminal's scrollback, in
screen shares and in pasted bug reports. The report here names the code that
failed (files, lines, functions, exception types) and nothing else: no locals
and no exception messages, since a message can quote any text (a markup error
quotes the title it choked on). It goes to a private file whose path is the
only thing printed.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from ollamux import __version__

LEFT_OUT = "(message left out: it may quote conversation text)"


def write_crash_report(error: BaseException, folder: Path) -> Path:
    """Write `error`'s traceback to a new 0600 file in `folder`; its path."""
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    moment = datetime.now(UTC)
    path = folder / f"crash-{moment:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
    head = [
        f"ollamux {__version__} crashed at {moment.isoformat(timespec='seconds')}",
        f"Python {platform.python_version()} on {sys.platform}",
        "",
    ]
    text = "\n".join(head + describe(error)) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    with open(fd, "w", encoding="utf-8") as file:
        file.write(text)
    return path


def describe(error: BaseException, _seen: set[int] | None = None) -> list[str]:
    """The traceback as lines, with each exception's type but never its message."""
    seen = _seen if _seen is not None else set()
    seen.add(id(error))
    lines: list[str] = []
    if error.__cause__ is not None and id(error.__cause__) not in seen:
        lines += describe(error.__cause__, seen)
        lines += ["", "The above exception was the direct cause of the following exception:", ""]
    elif (
        error.__context__ is not None and not error.__suppress_context__ and id(error.__context__) not in seen
    ):
        lines += describe(error.__context__, seen)
        lines += ["", "During handling of the above exception, another exception occurred:", ""]
    lines.append("Traceback (most recent call last):")
    for frame in traceback.extract_tb(error.__traceback__):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    lines.append(f"{exception_name(error)}: {LEFT_OUT}")
    for number, inner in enumerate(getattr(error, "exceptions", ()) or (), start=1):
        if isinstance(inner, BaseException) and id(inner) not in seen:
            lines += ["", f"--- sub-exception {number} ---", *describe(inner, seen)]
    return lines


def unwrapped(error: BaseException) -> BaseException:
    """The failure itself, out of a wrapper that holds it in `error` without chaining it.

    Textual reports a failed worker as a WorkerFailed of its own, raised nowhere:
    its traceback is empty, and the worker's lies in `.error`.
    """
    while isinstance(inner := getattr(error, "error", None), BaseException) and inner is not error:
        error = inner
    return error


def exception_name(error: BaseException) -> str:
    kind = type(error)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def crash_notice(error: BaseException, path: Path | None, problem: str = "") -> str:
    """What the terminal shows: the exception's type and where the report is."""
    if path is None:
        return f"ollamux crashed ({exception_name(error)}); the report could not be written: {problem}"
    return (
        f"ollamux crashed ({exception_name(error)}). The traceback is in\n  {path}\n"
        "It names only code, never your conversation: attach it to a bug report."
    )


def report_crash(error: BaseException, folder: Path) -> str:
    """Write the report and return the notice to print, whatever happens."""
    error = unwrapped(error)
    try:
        return crash_notice(error, write_crash_report(error, folder))
    except OSError as problem:
        return crash_notice(error, None, problem.strerror or type(problem).__name__)
