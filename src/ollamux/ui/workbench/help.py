"""F1: every key, by where it works, built from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# The widest the key column grows, in cells.
KEY_COLUMN = 22


def _key_names(keys: str, app_keymap: dict[str, str], binding_id: str | None) -> str:
    if binding_id and binding_id in app_keymap:
        keys = app_keymap[binding_id]
    return ", ".join(key.strip() for key in keys.split(","))


def key_table(sections: Iterable[tuple[str, list[BindingType]]], keymap: dict[str, str]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2), expand=True)
    # A few keys are long lists ("alt+left, ctrl+pageup"): they wrap at their commas
    # rather than push every description into a narrow column at 80 columns.
    table.add_column(style="bold", max_width=KEY_COLUMN)
    table.add_column(ratio=1)
    for title, bindings in sections:
        table.add_row(Text(title, style="bold underline"), Text(""))
        for binding in bindings:
            # The footer shows a binding's short description; the help, its tooltip when it has one.
            if isinstance(binding, Binding) and binding.description:
                what = binding.tooltip or binding.description
                table.add_row(Text(_key_names(binding.key, keymap, binding.id)), Text(what))
        table.add_row(Text(""), Text(""))
    return table


class HelpScreen(ModalScreen[None]):
    """The keys, grouped by where they work; Escape, F1 or q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 80; max-width: 100%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close help")]

    def __init__(self, sections: list[tuple[str, list[BindingType]]], keymap: dict[str, str]) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "ollamux keys"
            yield Static(key_table(self.sections, self.keymap))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
