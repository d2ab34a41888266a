"""The line above a transcript keeps title, model, host and context meter on one row where it can."""

from __future__ import annotations

from rich.cells import cell_len

from ollamux.core.context_meter import ContextUse
from ollamux.core.session import Session
from ollamux.ui.chat.session_line import session_line


def titled(title: str) -> Session:
    session = Session(host="demo", model="demo-coder:7b")
    session.title = title
    return session


SOME_USE = ContextUse(373, 8192)  # 4% of an 8k window


def line(session: Session, width: int, use: ContextUse = SOME_USE) -> str:
    return session_line(session, "demo", read_only=None, problem="", use=use, width=width).plain


def test_at_80_columns_the_title_is_cut_so_the_meter_stays_on_the_row():
    session = titled("Write a python function that retries with backoff")
    shown = line(session, 78)  # 80 columns less the line's padding
    assert cell_len(shown) <= 78 and "\n" not in shown
    assert shown.startswith("Write a python function") and "… — demo-coder:7b @ demo" in shown
    assert shown.endswith("ctx 373 / 8k (4%)")


def test_with_room_or_no_width_known_the_title_is_whole():
    session = titled("Write a python function that retries with backoff")
    for width in (0, 200):
        assert line(session, width).startswith("Write a python function that retries with backoff — ")


def test_wide_characters_are_counted_as_the_cells_they_take():
    shown = line(titled("为什么我的模型在长对话里越来越慢，而且显存一直在涨"), 60)
    assert cell_len(shown) <= 60 and "…" in shown


def test_a_title_is_never_cut_below_a_readable_length():
    shown = line(titled("Write a python function that retries with backoff"), 50)
    assert shown.startswith("Write a python function that retries with backoff")  # too narrow: it wraps


def test_a_context_warning_keeps_the_whole_title():
    full = ContextUse(9000, 8192)
    shown = line(titled("Write a python function that retries with backoff"), 78, use=full)
    assert shown.startswith("Write a python function that retries with backoff — ")
