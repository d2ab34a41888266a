"""Which messages of a tab just shown are laid out first (ui/chat/set_aside.py)."""

from ollamux.ui.chat.set_aside import first_kept


def test_the_fewest_last_messages_that_fill_the_lines_needed_are_kept():
    assert first_kept([5, 40, 3, 50], needed=48) == 3
    assert first_kept([5, 40, 3, 30], needed=48) == 1
    assert first_kept([5, 40, 3, 30], needed=100) == 0  # not enough known: all of them
    assert first_kept([0, 0, 0], needed=10) == 0  # heights unknown: all of them
    assert first_kept([], needed=10) == 0
