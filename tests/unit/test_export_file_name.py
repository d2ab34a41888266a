"""An export is named after the session's title: a safe, readable file name,
never written over an existing file, private (0600 in a 0700 folder)."""

from __future__ import annotations

import os
import stat
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollamux.core.export import export_file_name, write_new_private
from tests.unit.test_strip_control import PIECES

TITLES = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=8).map("".join))


@pytest.mark.parametrize(("title", "name"), [
    ("Fetching a URL with retries", "Fetching a URL with retries"),
    ("a/b\\c: d?", "a-b-c d"),  # a title is often a question
    ("../../etc/passwd", "etc-passwd"),  # no leading dot or dash: not hidden, not an option
    ("  line one\nline two\t ", "line one line two"),
    ("\x1b]0;pwned\x07Title", "Title"),
    ("", "Untitled session"),
    ("...", "Untitled session"),
    ("-rf *", "rf"),
    ("日本語のタイトル 🎉", "日本語のタイトル 🎉"),
])
def test_titles_become_readable_safe_names(title: str, name: str) -> None:
    assert export_file_name(title) == name


@given(TITLES)
def test_every_title_gives_a_safe_name(title: str) -> None:
    name = export_file_name(title)
    assert name and name == name.strip() and name[0] not in ".-"
    assert not any(c in name for c in '/\\:*?"<>|')
    assert not any(unicodedata.category(c)[0] == "C" or (c.isspace() and c != " ") for c in name)
    assert len(f"{name} (99).md".encode()) <= 255


@settings(max_examples=50, deadline=None)
@given(st.lists(TITLES, min_size=1, max_size=4))
def test_exports_land_in_the_folder_private_and_never_over_each_other(titles: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "exports"
        paths = [write_new_private(folder, title, f"export {i}\n") for i, title in enumerate(titles)]
        assert len(set(paths)) == len(paths)
        for i, path in enumerate(paths):
            assert path.parent == folder and path.suffix == ".md"
            assert path.read_text() == f"export {i}\n"
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_second_export_of_the_same_title_is_numbered(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    first = write_new_private(folder, "Plan", "one\n")
    second = write_new_private(folder, "Plan", "two\n")
    assert (first.name, second.name) == ("Plan.md", "Plan (2).md")
    assert first.read_text() == "one\n" and second.read_text() == "two\n"


def test_a_symlink_or_loose_file_at_the_name_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    target = tmp_path / "elsewhere"
    target.write_text("keep")
    (folder / "Plan.md").symlink_to(target)
    (folder / "Plan (2).md").write_text("mine")
    path = write_new_private(folder, "Plan", "# export\n")
    assert path.name == "Plan (3).md" and path.read_text() == "# export\n"
    assert target.read_text() == "keep" and (folder / "Plan (2).md").read_text() == "mine"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_umask_does_not_loosen_an_export(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = write_new_private(tmp_path / "exports", "Plan", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
