"""Which files a prompt names: `@PATH` mentions, pasted image paths, and what the model reads."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ollamux.core.attachment_paths import find_mentions, without_mentions


def found(text: str, cwd: Path, home: Path | None = None) -> list[tuple[str, Path, bool]]:
    return [(m.raw, m.path, m.explicit) for m in find_mentions(text, cwd, home)]


@pytest.fixture
def cwd(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def test_an_at_mention_names_a_file_relative_to_the_working_folder(cwd):
    assert found("explain @src/app.py please", cwd) == [("@src/app.py", cwd / "src/app.py", True)]


def test_a_mention_is_found_whether_or_not_the_file_exists(cwd):
    (cwd / "here.txt").write_text("")
    assert [m.path for m in find_mentions("@here.txt @gone.txt", cwd)] == [cwd / "here.txt", cwd / "gone.txt"]


def test_absolute_and_home_paths(cwd, tmp_path):
    home = tmp_path / "home"
    assert found("@/etc/hosts @~/notes.md @~", cwd, home) == [
        ("@/etc/hosts", Path("/etc/hosts"), True),
        ("@~/notes.md", home / "notes.md", True),
        ("@~", home, True),
    ]


def test_quoted_paths_may_hold_spaces(cwd):
    assert found("""compare @"My Notes.txt" with @'old notes.txt'""", cwd) == [
        ('@"My Notes.txt"', cwd / "My Notes.txt", True),
        ("@'old notes.txt'", cwd / "old notes.txt", True),
    ]


def test_escaped_spaces_and_specials_are_part_of_the_name(cwd):
    assert found(r"read @my\ file\ (1).txt now", cwd) == [(r"@my\ file\ (1).txt", cwd / "my file (1).txt", True)]


def test_file_urls_are_percent_decoded_and_localhost_is_local(cwd):
    assert found("@file:///tmp/a%20b.png @file://localhost/srv/x%23y.txt", cwd) == [
        ("@file:///tmp/a%20b.png", Path("/tmp/a b.png"), True),
        ("@file://localhost/srv/x%23y.txt", Path("/srv/x#y.txt"), True),
    ]


def test_a_file_url_on_another_host_is_not_a_file_here(cwd):
    assert found("@file://server/share/a.txt", cwd) == []


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("see @notes.txt.", "@notes.txt"),
        ("see @notes.txt, then", "@notes.txt"),
        ("(see @notes.txt)", "@notes.txt"),
        ("is it @notes.txt?!", "@notes.txt"),
        ('"@notes.txt"', "@notes.txt"),
        ("['@notes.txt']", "@notes.txt"),
    ],
)
def test_trailing_sentence_punctuation_is_not_part_of_the_path(cwd, text, raw):
    assert found(text, cwd) == [(raw, cwd / "notes.txt", True)]


def test_trailing_punctuation_stays_when_a_file_has_it_or_it_is_escaped(cwd):
    (cwd / "v1.").write_text("")
    assert found("@v1. and @v2\\.", cwd) == [("@v1.", cwd / "v1.", True), ("@v2\\.", cwd / "v2.", True)]


@pytest.mark.parametrize(
    "text", ["mail user@example.com", "a@b", "(@)", "@", "just @ here", "see @.", "what @...", "@'' and @\"\""]
)
def test_emails_and_lone_ats_are_not_mentions(cwd, text):
    assert found(text, cwd) == []


def test_at_after_brackets_and_quotes_starts_a_mention(cwd):
    assert [m.raw for m in find_mentions("(@a.py) [@b.py] {@c.py} '@d.py' <@e.py>", cwd)] == [
        "@a.py",
        "@b.py",
        "@c.py",
        "@d.py",
        "@e.py",
    ]


def test_code_fences_are_code_not_mentions(cwd):
    text = "why does this fail?\n```python\n@property\ndef x(self): ...\n```\nsee @app.py"
    assert [m.raw for m in find_mentions(text, cwd)] == ["@app.py"]


def test_a_mention_knows_where_it_stands_in_the_text(cwd):
    text = "one @two three"
    (mention,) = find_mentions(text, cwd)
    assert (mention.start, mention.end) == (4, 8) and text[mention.start : mention.end] == mention.raw


def image(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n")  # only the name and existence matter here
    return path


def test_a_pasted_image_path_is_attached_when_it_exists(cwd):
    shot = image(cwd / "shots" / "cat.png")
    assert found(f"what is in {shot}?", cwd) == [(str(shot), shot, False)]


def test_a_bare_image_path_must_exist(cwd):
    assert found(f"what is in {cwd}/shots/none.png", cwd) == []


def test_a_bare_file_that_is_not_an_image_is_not_attached(cwd):
    (cwd / "notes.txt").write_text("")
    assert found(f"{cwd}/notes.txt", cwd) == []


def test_a_plain_image_name_is_a_word_not_a_path(cwd):
    image(cwd / "logo.png")
    assert found("make logo.png bigger", cwd) == []
    assert found("make ./logo.png bigger", cwd) == [("./logo.png", cwd / "logo.png", False)]
    assert found("make @logo.png bigger", cwd) == [("@logo.png", cwd / "logo.png", True)]


def test_bare_image_suffixes_are_matched_whatever_their_case(cwd):
    shot = image(cwd / "a" / "PHOTO.JPEG")
    assert found(f"{shot}", cwd) == [(str(shot), shot, False)]


def test_home_relative_and_parent_relative_image_paths(cwd, tmp_path):
    home = tmp_path / "home"
    in_home = image(home / "pics" / "a.webp")
    beside = image(tmp_path / "b.gif")
    assert [m.path for m in find_mentions("~/pics/a.webp ../b.gif", cwd, home)] == [in_home, beside]


def test_a_file_manager_drop_quoted_escaped_or_as_url(cwd):
    spaced = image(cwd / "My Shots" / "a b.png")
    assert found(f"'{spaced}'", cwd) == [(f"'{spaced}'", spaced, False)]
    escaped = str(spaced).replace(" ", "\\ ")
    assert found(f"{escaped} ", cwd) == [(escaped, spaced, False)]
    url = spaced.as_uri()
    assert found(url, cwd) == [(url, spaced, False)]


def test_a_multi_file_drop_on_one_line_or_one_per_line(cwd):
    shots = [image(cwd / "d" / f"{n} shot.png") for n in range(3)]
    quoted = [f"'{shot}'" for shot in shots]
    assert [m.path for m in find_mentions(" ".join(quoted) + " ", cwd)] == shots
    assert [m.path for m in find_mentions("\n".join(quoted) + "\n", cwd)] == shots


def test_a_bare_image_path_in_brackets_or_at_the_end_of_a_sentence(cwd):
    shot = image(cwd / "d" / "x.png")
    assert [m.raw for m in find_mentions("(see d/x.png). And d/x.png.", cwd)] == ["d/x.png", "d/x.png"]
    assert all(m.path == shot for m in find_mentions("(d/x.png)", cwd))


def test_a_folder_that_cannot_be_read_does_not_break_a_bare_path(cwd, monkeypatch):
    monkeypatch.setattr("os.path.isfile", lambda path: False)
    assert found("/locked/a.png", cwd) == []


def test_the_model_reads_each_file_by_its_name(cwd):
    text = "compare @a.py and @src/b.py"
    assert without_mentions(text, find_mentions(text, cwd)) == "compare a.py and b.py"


def test_a_prompt_that_was_only_a_dropped_path_becomes_the_name(cwd):
    shot = image(cwd / "My Shots" / "a b.png")
    text = f"'{shot}' "
    assert without_mentions(text, find_mentions(text, cwd)) == "a b.png"


def test_spaces_around_a_name_are_tidied_and_indentation_kept(cwd):
    text = "look at   @a.py   now  \n    code  stays\n@b.py \nend"
    assert without_mentions(text, find_mentions(text, cwd)) == "look at a.py now  \n    code  stays\nb.py\nend"


def test_a_multi_file_drop_reads_as_the_names(cwd):
    shots = [image(cwd / "d" / f"{n}.png") for n in range(2)]
    text = "\n".join(str(shot) for shot in shots) + "\n"
    assert without_mentions(text, find_mentions(text, cwd)) == "0.png\n1.png\n"


def test_a_text_without_mentions_is_unchanged(cwd):
    text = "  keep   my  spacing  \n"
    assert without_mentions(text, find_mentions(text, cwd)) == text


NOWHERE = Path("/nonexistent-ollamux-cwd")
prompt_text = st.text(alphabet=st.sampled_from("ab.@/\\ \n\"'~()`,:file"), max_size=40)


@given(prompt_text)
def test_mentions_are_ordered_spans_of_the_text(text: str) -> None:
    mentions = find_mentions(text, NOWHERE, NOWHERE)
    for m in mentions:
        assert text[m.start : m.end] == m.raw and m.raw.startswith("@") and m.path.is_absolute()
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))
    read = without_mentions(text, mentions)
    assert all((m.path.name or str(m.path)) in read for m in mentions)
    if not mentions:
        assert read == text
