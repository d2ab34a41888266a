"""Which key names a `[keys]` entry may use: the names Textual gives key presses.

Textual accepts any string as a binding and simply never matches a name no key
produces, so a typo in config.toml would leave an action without its key and
say nothing. We check each name against what Textual can report instead.
"""

from __future__ import annotations

from functools import cache

from textual._keyboard_protocol import FUNCTIONAL_KEYS
from textual.keys import KEY_ALIASES, Keys, _character_to_key

MODIFIERS = frozenset({"ctrl", "shift", "alt", "super", "hyper", "meta"})


@cache
def _named_keys() -> frozenset[str]:
    """Key names without modifiers: special keys and the names of printable characters."""
    names = {key.value.rpartition("+")[2] for key in Keys}
    names |= set(FUNCTIONAL_KEYS.values())
    names |= set(KEY_ALIASES)
    names |= {alias.rpartition("+")[2] for aliases in KEY_ALIASES.values() for alias in aliases}
    names |= {_character_to_key(chr(code)) for code in range(32, 127)}
    return frozenset(name for name in names if not name.startswith("<"))


def is_key_name(key: str) -> bool:
    """True for names such as `ctrl+n`, `f2`, `alt+left`, `ctrl+shift+up`, `q`, `é`.

    Modifiers come first, each once; the last part is a special key's name, a
    printable character's name (`slash`), or a printable character itself.
    Textual turns a lone `/` into `slash` but leaves `ctrl+/` as it is, which no
    key press is ever called, so with a modifier only letters and digits may
    stand for themselves.
    """
    key = key.strip()
    if len(key) == 1:
        # A lone character is its own key, "+" included: Textual matches it as typed.
        return key.isprintable() and not key.isspace()
    *modifiers, base = key.split("+")
    if len(set(modifiers)) != len(modifiers) or not set(modifiers) <= MODIFIERS:
        return False
    if base in _named_keys():
        return True
    if len(base) != 1 or not base.isprintable() or base.isspace():
        return False
    return not modifiers or base.isalnum()


def unknown_keys(keys: str) -> list[str]:
    """The names in a comma-separated binding string that no key press produces."""
    return [key for key in keys.split(",") if not is_key_name(key)]


def checked_keymap(keymap: dict[str, str], label: str) -> tuple[dict[str, str], list[str]]:
    """The entries whose every key has a name Textual uses, and a warning per other entry.

    A bad entry is left out whole, so its action keeps its default keys rather
    than half of what the user wrote.
    """
    kept: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, keys in keymap.items():
        unknown = unknown_keys(keys)
        if unknown:
            warnings.append(
                f"{label}: keys.{binding_id}: no key is called {unknown[0]!r} "
                f"(keys look like ctrl+n, alt+left, f2, slash); ignored"
            )
        else:
            kept[binding_id] = keys
    return kept, warnings
