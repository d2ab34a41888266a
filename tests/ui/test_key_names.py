"""Key names in `[keys]`: typos are reported by binding id and that entry ignored."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.keys import Keys

from ollamux.ui.key_names import MODIFIERS, checked_keymap, is_key_name
from ollamux.ui.workbench.help import HelpScreen
from tests.ui_helpers import make_app, wait_until


@pytest.mark.parametrize(
    "key",
    ["ctrl+n", "f2", "alt+left", "ctrl+pagedown", "ctrl+shift+up", "shift+tab", "escape",
     "enter", "ctrl+j", "q", "Q", "é", "?", "slash", "question_mark", "alt+1", "ctrl+space",
     "super+x", "delete", "pageup", "+"],
)
def test_names_textual_gives_key_presses_are_accepted(key: str) -> None:
    assert is_key_name(key)


@pytest.mark.parametrize(
    "key",
    ["ctrl+shift+alt+nope", "nope", "ctl+n", "ctrl+ctrl+n", "control+n", "", "ctrl+",
     "ctrl++", "f1000", "pgdn", "ctrl+/", "alt+?", " "],
)
def test_names_no_key_press_has_are_refused(key: str) -> None:
    assert not is_key_name(key)


_ALL_MODIFIER_SETS = st.lists(st.sampled_from(sorted(MODIFIERS)), unique=True)


@given(_ALL_MODIFIER_SETS, st.sampled_from([key.value for key in Keys if "+" not in key.value
                                             and not key.value.startswith("<")]))
def test_any_modifiers_on_any_textual_key(modifiers: list[str], key: str) -> None:
    assert is_key_name("+".join([*modifiers, key]))


@given(st.characters().filter(lambda c: c.isprintable() and not c.isspace()))
def test_any_printable_character_alone_is_a_key(character: str) -> None:
    # Textual turns a lone character into its key name ("?" -> "question_mark").
    assert is_key_name(character)


@given(_ALL_MODIFIER_SETS.filter(bool), st.sampled_from("/?.,;:-=[]'`!@#"))
def test_punctuation_after_a_modifier_must_be_spelt_out(modifiers: list[str], character: str) -> None:
    # Textual leaves "ctrl+/" as it is, and no key press is called that.
    assert not is_key_name("+".join([*modifiers, character])) or character == "@"


def test_checked_keymap_keeps_good_entries_and_names_bad_ones() -> None:
    keymap, warnings = checked_keymap(
        {"new_session": "ctrl+n,f2", "help": "f1,ctrl+shift+alt+nope", "quit": "ctrl+q"},
        "~/.config/ollamux/config.toml",
    )
    assert keymap == {"new_session": "ctrl+n,f2", "quit": "ctrl+q"}
    assert len(warnings) == 1
    assert warnings[0].startswith("~/.config/ollamux/config.toml: keys.help:")
    assert "'ctrl+shift+alt+nope'" in warnings[0] and warnings[0].endswith("ignored")


async def test_a_misspelt_key_is_reported_and_the_action_keeps_its_default(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path,
                   keymap={"help": "ctrl+shift+alt+nope", "toggle_models": "f9"})
    async with app.run_test() as pilot:
        await pilot.pause()
        notices = [notification.message for notification in app._notifications]
        assert any("keys.help" in notice and "ctrl+shift+alt+nope" in notice for notice in notices)
        await pilot.press("f9")
        await wait_until(pilot, lambda: app.query_one("#body").has_class("-models"))
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
