"""A prompt command's answer: a two-column list wraps within its second column."""

from __future__ import annotations

from rich.console import Console

from ollamux.core.prompt_commands import HELP
from ollamux.ui.chat.command_note import answer_lines


def rendered(text: str, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(answer_lines(text))
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_the_command_list_wraps_each_description_in_its_column():
    lines = rendered(HELP, 60)
    column = HELP.splitlines()[0].index("set an option")
    wrapped = [line for line in lines if line.startswith(" ")]
    assert wrapped  # 60 columns are too few for some descriptions
    assert all(line[:column].strip() == "" and line[column] != " " for line in wrapped)
    # Every command still starts its own line, and nothing is lost.
    assert [line.split("  ")[0] for line in lines if not line.startswith(" ")] == [
        line.split("  ")[0] for line in HELP.splitlines()
    ]
    assert " ".join(" ".join(lines).split()) == " ".join(HELP.split())


def test_lines_of_one_column_are_left_as_they_are():
    assert rendered("temperature = 0.3\nno options set", 40) == ["temperature = 0.3", "no options set"]
