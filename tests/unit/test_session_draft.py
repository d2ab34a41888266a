"""An unsent prompt (the draft) is part of the session: saved, reloaded, and never lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ollamux.core.session import Session
from ollamux.core.store import session_from_toml, session_to_toml

TRICKY = st.sampled_from(["'''", '"""', "\\", "\r\n", "\r", "\n", "\t", "\x00", "\x7f", "\x9b", "\u202e"])
DRAFTS = st.lists(st.one_of(st.text(max_size=20), TRICKY), max_size=12).map("".join)


@settings(max_examples=150, deadline=None)
@given(draft=DRAFTS)
def test_any_draft_survives_the_session_file(draft: str) -> None:
    session = Session(host="h", model="m", draft=draft)
    assert session_from_toml(session_to_toml(session)).draft == draft


def test_a_file_written_before_drafts_existed_loads_with_no_draft() -> None:
    text = session_to_toml(Session(host="h", model="m"))
    assert "draft" not in text  # an empty draft adds nothing to the file
    assert session_from_toml(text).draft == ""
