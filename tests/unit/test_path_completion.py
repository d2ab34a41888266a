"""Tab after `@`: what the prompt completes, in which order, and what it reads back as."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollamux.core.attachment_paths import escape, find_mentions
from ollamux.core.path_completion import MAX_CANDIDATES, Completion, complete_at


def complete(text: str, cwd: Path, home: Path | None = None) -> Completion | None:
    return complete_at(text, len(text), cwd, home)


def apply(text: str, completion: Completion) -> str:
    return text[: completion.start] + completion.replacement + text[completion.end :]


def files(folder: Path, *names: str) -> Path:
    for name in names:
        path = folder / name
        if name.endswith("/"):
            path.mkdir(parents=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("")
    return folder


def test_one_file_completes_and_ends_the_word(tmp_path):
    files(tmp_path, "notes.txt", "other.md")
    text = "read @no"
    completion = complete(text, tmp_path)
    assert completion == Completion(6, 8, "notes.txt ", (), 1)
    assert apply(text, completion) == "read @notes.txt "


def test_one_folder_completes_with_a_slash_and_the_next_tab_goes_inside(tmp_path):
    files(tmp_path, "src/app.py")
    completion = complete("@sr", tmp_path)
    assert completion is not None and completion.replacement == "src/"
    inside = complete("@src/", tmp_path)
    assert inside is not None and inside.replacement == "src/app.py "


def test_several_matches_extend_to_their_common_start_and_are_listed(tmp_path):
    files(tmp_path, "alpha.py", "alpine.py", "alps/", "beta.py")
    completion = complete("@a", tmp_path)
    assert completion is not None
    assert completion.replacement == "alp"
    assert completion.candidates == ("alps/", "alpha.py", "alpine.py")


def test_several_matches_with_nothing_more_in_common_keep_what_was_typed(tmp_path):
    files(tmp_path, "ab", "ac")
    completion = complete("@a", tmp_path)
    assert completion is not None and completion.replacement == "a" and completion.candidates == ("ab", "ac")


def test_folders_come_first_then_files_each_sorted_whatever_the_case(tmp_path):
    files(tmp_path, "b.txt", "A.txt", "c/", "B/", "a/")
    completion = complete("@", tmp_path)
    assert completion is not None and completion.candidates == ("a/", "B/", "c/", "A.txt", "b.txt")


def test_hidden_entries_only_when_the_name_starts_with_a_dot(tmp_path):
    files(tmp_path, ".env", ".git/", "env.txt")
    shown = complete("@", tmp_path)
    assert shown is not None and shown.replacement == "env.txt "
    hidden = complete("@.", tmp_path)
    assert hidden is not None and hidden.candidates == (".git/", ".env")


def test_home_is_expanded_but_kept_as_typed(tmp_path):
    home = files(tmp_path / "home", "docs/a.md")
    completion = complete("@~/do", tmp_path, home)
    assert completion is not None and completion.replacement == "~/docs/"
    assert complete("@~", tmp_path, home) == Completion(1, 2, "~/", (), 1)


def test_absolute_and_nested_folders_as_typed(tmp_path):
    files(tmp_path, "a b/c d/e.txt")
    completion = complete(f"@{tmp_path}/a\\ b/c", Path("/"))
    assert completion is not None and completion.replacement == f"{tmp_path}/a\\ b/c\\ d/"


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("My Notes.txt", "My\\ Notes.txt"),
        ("it's (1).txt", "it\\'s\\ \\(1\\).txt"),
        ("~tilde", "\\~tilde"),
        ('a"b&c', 'a\\"b\\&c'),
    ],
)
def test_names_with_spaces_and_specials_are_escaped(tmp_path, name, written):
    files(tmp_path, name)
    completion = complete("@" + name[:2], tmp_path)
    assert completion is not None and completion.replacement == written + " "


def test_completion_only_after_an_at_that_starts_a_word(tmp_path):
    files(tmp_path, "src/")
    assert complete("src", tmp_path) is None
    assert complete("user@sr", tmp_path) is None
    completion = complete("(@sr", tmp_path)
    assert completion is not None and completion.replacement == "src/"


def test_the_cursor_must_end_the_word(tmp_path):
    files(tmp_path, "notes.txt")
    assert complete_at("@no more", 2, tmp_path) is None  # inside "@no"
    completion = complete_at("@no more", 3, tmp_path)
    # The file ends the word; a space is already there, so none is added.
    assert completion is not None and apply("@no more", completion) == "@notes.txt more"


def test_no_match_missing_folder_or_a_file_as_a_folder_complete_nothing(tmp_path):
    files(tmp_path, "notes.txt")
    assert complete("@zz", tmp_path) is None
    assert complete("@missing/", tmp_path) is None
    assert complete("@notes.txt/", tmp_path) is None


def test_an_unreadable_folder_completes_nothing(tmp_path, monkeypatch):
    files(tmp_path, "locked/secret.txt")
    if os.geteuid() != 0:  # root reads everything: refuse the listing as the kernel would
        (tmp_path / "locked").chmod(0)
    else:

        def refused(path: object) -> None:
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr("ollamux.core.path_completion.os.scandir", refused)
    try:
        assert complete("@locked/", tmp_path) is None
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_a_long_listing_is_capped_and_says_how_many_were_left_out(tmp_path):
    files(tmp_path, *(f"f{n:03}.txt" for n in range(MAX_CANDIDATES + 50)))
    completion = complete("@f", tmp_path)
    assert completion is not None
    assert len(completion.candidates) == MAX_CANDIDATES
    assert completion.total == MAX_CANDIDATES + 50 and completion.left_out == 50
    assert completion.candidates[0] == "f000.txt"


file_names = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"), min_size=1, max_size=30
).filter(lambda name: name not in (".", ".."))


@settings(max_examples=60, deadline=None)
@given(file_names, st.booleans())
def test_a_completed_name_is_read_back_as_the_same_file(name: str, in_folder: bool) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        cwd = Path(temporary)
        folder = cwd / "sub" if in_folder else cwd
        folder.mkdir(exist_ok=True)
        (folder / name).write_text("")
        typed = ("@sub/" if in_folder else "@") + escape(name[:1], first=not in_folder)
        text = f"look at {typed}"
        completion = complete(text, cwd)
        assert completion is not None and completion.candidates == ()
        mentions = find_mentions(apply(text, completion), cwd)
        assert [m.path for m in mentions] == [folder / name]
