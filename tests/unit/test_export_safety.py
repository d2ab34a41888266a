"""A Markdown export holds no terminal controls, whatever the session holds,
and is written private (0600 in a 0700 folder), like session files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ollamux.api.events import Stats, ToolCall
from ollamux.core.export import to_markdown, write_private
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.text import strip_control
from tests.unit.test_strip_control import PIECES, UNSAFE

HOSTILE = st.lists(PIECES, max_size=6).map("".join)


@given(title=HOSTILE, model=HOSTILE, host=HOSTILE, system=HOSTILE, content=HOSTILE, thinking=HOSTILE,
       error=HOSTILE, name=HOSTILE, argument=HOSTILE, reason=HOSTILE, stop=HOSTILE)
def test_no_control_from_any_field_reaches_the_export(title, model, host, system, content, thinking, error, name,
                                                       argument, reason, stop) -> None:
    session = Session(host=host, model=model, title=title, system_prompt=system)
    reply = ChatMessage(role="assistant", content=content, thinking=thinking, status=Status.COMPLETE,
                        tool_calls=[ToolCall(name, {argument: argument}, id=argument, raw_arguments=argument)],
                        stats=Stats(done_reason=reason), sent={"stop": [stop]})
    failed = ChatMessage(role="assistant", status=Status.ERROR, error=error, hint=error)
    session.messages = [ChatMessage(role="user", content=content), reply, failed]
    document = to_markdown(session, thinking=True)
    assert not UNSAFE.search(document)
    # Message text is there as the screen shows it, not merely mangled.
    assert strip_control(content).strip("\n") in document


def test_an_export_is_private_and_a_looser_folder_or_file_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    path = folder / "s.md"
    write_private(path, "# new\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o755)
    path.chmod(0o644)
    write_private(path, "# again\n")
    assert path.read_text() == "# again\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="no O_NOFOLLOW here")
def test_a_symlink_at_the_export_name_is_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir(mode=0o700)
    target = tmp_path / "elsewhere"
    target.write_text("keep")
    (folder / "s.md").symlink_to(target)
    with pytest.raises(OSError):
        write_private(folder / "s.md", "# export\n")
    assert target.read_text() == "keep"
