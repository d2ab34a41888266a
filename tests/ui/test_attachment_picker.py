"""The attachment picker, driven with the pilot over real folders made in tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, Static

from ollamux.ui.attachments import AttachmentPicker, listing
from ollamux.ui.attachments.entry_list import EntryList
from tests.ui_helpers import screen_text, wait_until

UNSET = object()


class Host(App[None]):
    """Nothing but one modal screen, pushed at start; its answer lands in `result`."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.modal = screen
        self.result: object = UNSET

    def on_mount(self) -> None:
        self.push_screen(self.modal, self._answered)

    def _answered(self, result: object) -> None:
        self.result = result


def rows(app: App) -> list[str]:
    """The list's rows as plain text, as drawn."""
    entries = app.screen.query_one(EntryList)
    lines = [entries.render_line(y).text.rstrip() for y in range(entries.virtual_size.height)]
    notice = " ".join(lines[len(entries.entries) :])  # a notice is wrapped to the list's width
    return lines[: len(entries.entries)] + ([notice] if notice else [])


def highlighted(app: App) -> str:
    entry = app.screen.query_one(EntryList).highlighted_entry
    return entry.name if entry else ""


def preview(app: App) -> str:
    """The preview pane's words: name, facts and any text shown."""
    parts = [str(app.screen.query_one(f"#preview-{part}", Static).render()) for part in ("name", "facts")]
    text = app.screen.query_one("#preview-text", Static)
    return "\n".join(parts + ([str(text.render())] if text.display else []))


def image_shown(app: App) -> bool:
    image = app.screen.query_one("#preview-image")
    return bool(image.display and image.image is not None)  # type: ignore[attr-defined]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """src/ and docs/, a picture, a text file with a control sequence, a binary file, hidden things."""
    root = tmp_path / "project"
    (root / "src").mkdir(parents=True)
    (root / "src" / "main.py").write_text("print('hi')\n")
    (root / "docs").mkdir()
    (root / ".git").mkdir()
    (root / ".env").write_text("SECRET=1\n")
    Image.new("RGB", (64, 48), (200, 40, 40)).save(root / "Cat.png")
    (root / "notes.txt").write_text("first line\n\x1b[31mred\x1b[0m second\n")
    (root / "blob.bin").write_bytes(bytes(range(256)) * 8)
    return root


async def opened(pilot, app: App) -> None:
    def read() -> bool:
        return isinstance(app.screen, AttachmentPicker) and app.screen.query_one(EntryList).notice != "reading…"

    await wait_until(pilot, read)


async def test_lists_folders_first_then_files_with_sizes(folder: Path) -> None:
    app = Host(AttachmentPicker(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        names = [row.split()[0] for row in rows(app)]
        assert names == ["../", "docs/", "src/", "blob.bin", "Cat.png", "notes.txt"]
        assert rows(app)[3].endswith("2.0 KB")  # 2,048 bytes
        # The folder, its start cut when the path is long (as under xdist's longer tmp paths).
        line = next(line for line in screen_text(app).splitlines() if "project" in line)
        assert line.strip(" │").endswith(f"{os.sep}project")
        assert str(folder).endswith(line.strip(" │").lstrip("…"))
        assert app.focused is app.screen.query_one(Input)
        assert highlighted(app) == "docs"  # the first entry, not the way up


async def test_a_long_path_loses_its_start_not_the_folder(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*[f"level-{n}-of-a-deep-tree" for n in range(5)], "here")
    deep.mkdir(parents=True)
    app = Host(AttachmentPicker(deep))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        line = next(line for line in screen_text(app).splitlines() if "deep-tree" in line)
        assert line.strip(" │").startswith("…") and line.strip(" │").endswith("level-4-of-a-deep-tree/here")


async def test_the_folder_under_home_is_shown_with_a_tilde(isolated_home: Path) -> None:
    (isolated_home / "pics").mkdir()
    app = Host(AttachmentPicker(isolated_home / "pics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        assert "~/pics" in screen_text(app)
        assert "This folder is empty" in rows(app)


async def test_typing_filters_ignoring_case_then_letters_in_order(folder: Path) -> None:
    app = Host(AttachmentPicker(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await pilot.press("c", "a", "t")
        await wait_until(pilot, lambda: [r.split()[0] for r in rows(app)] == ["Cat.png"])
        await pilot.press("backspace", "backspace", "backspace", "n", "t", "x")  # n..t..x: notes.txt
        await wait_until(pilot, lambda: [r.split()[0] for r in rows(app)] == ["notes.txt"])
        await pilot.press("z", "z")
        await wait_until(pilot, lambda: rows(app) == ["Nothing here matches 'ntxzz'"])


async def test_arrows_move_while_the_filter_keeps_focus_and_enter_picks_a_file(folder: Path) -> None:
    app = Host(AttachmentPicker(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await pilot.press("down", "down", "down", "up")
        assert highlighted(app) == "blob.bin"
        assert app.focused is app.screen.query_one(Input)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.result is not UNSET)
        assert app.result == folder / "Cat.png"


async def test_escape_answers_none(folder: Path) -> None:
    app = Host(AttachmentPicker(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.result is not UNSET)
        assert app.result is None


async def test_hidden_files_show_for_a_leading_dot_or_the_toggle(folder: Path) -> None:
    app = Host(AttachmentPicker(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        assert not any(row.startswith(".") and not row.startswith("../") for row in rows(app))
        await pilot.press(".", "e")
        await wait_until(pilot, lambda: [r.split()[0] for r in rows(app)] == [".env"])
        await pilot.press("backspace", "backspace")
        await wait_until(pilot, lambda: not any(row.startswith(".") and not row.startswith("../") for row in rows(app)))
        assert "hidden: off" in screen_text(app)
        await pilot.press("alt+h")
        await wait_until(pilot, lambda: {".git/", ".env"} <= {r.split()[0] for r in rows(app)})
        assert "hidden: on" in screen_text(app)


async def test_enter_opens_a_folder_and_backspace_goes_back_up(folder: Path) -> None:
    app = Host(AttachmentPicker(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await pilot.press("s", "r", "c", "enter")
        await wait_until(pilot, lambda: app.screen.folder == folder / "src" and "main.py" in highlighted(app))
        assert app.screen.query_one(Input).value == ""  # the filter is cleared in the new folder
        await pilot.press("backspace")  # on an empty filter: up a folder
        await wait_until(pilot, lambda: app.screen.folder == folder and highlighted(app) == "src")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.folder == folder / "src")
        await pilot.press("alt+up")
        await wait_until(pilot, lambda: app.screen.folder == folder and highlighted(app) == "src")
        await pilot.press("up", "up", "enter")  # the ../ row
        await wait_until(pilot, lambda: app.screen.folder == folder.parent and highlighted(app) == "project")


async def test_a_folder_that_cannot_be_read_says_so(folder: Path) -> None:
    gone = folder / "gone"
    gone.mkdir()
    app = Host(AttachmentPicker(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        gone.rmdir()  # removed after it was listed
        await pilot.press("g", "o", "n", "e", "enter")
        await wait_until(pilot, lambda: "Cannot read this folder: no such file or directory" in rows(app))
        await pilot.press("backspace")
        await wait_until(pilot, lambda: app.screen.folder == folder)


async def test_a_folder_without_permission_says_so(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = folder / "locked"
    locked.mkdir(mode=0)
    if os.geteuid() == 0:
        # Root reads every folder: the kernel's refusal is played by scandir instead.
        real_scandir = os.scandir

        def refusing(path: Path) -> object:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(listing.os, "scandir", refusing)
    app = Host(AttachmentPicker(locked))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "Cannot read this folder: permission denied" in rows(app))
    locked.chmod(0o700)


async def test_preview_of_an_image_gives_its_size_and_dimensions(folder: Path) -> None:
    app = Host(AttachmentPicker(folder))
    size = (folder / "Cat.png").stat().st_size
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await pilot.press("c", "a", "t")
        await wait_until(pilot, lambda: "64×48" in preview(app))
        assert f"64×48 · {size} B" in preview(app)
        assert image_shown(app)


async def test_preview_of_a_text_file_shows_its_first_lines_cleaned(folder: Path) -> None:
    app = Host(AttachmentPicker(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await pilot.press("n", "o", "t", "e", "s")
        await wait_until(pilot, lambda: "first line" in preview(app))
        assert "red second" in preview(app)
        assert "\x1b" not in preview(app)
        assert not image_shown(app)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("fake.png", b"just some text, renamed\n", "not an image"),
        ("broken.png", None, "damaged"),
        ("blob.bin", bytes(range(256)), "binary"),
    ],
)
async def test_preview_names_what_is_wrong_or_binary(folder: Path, name: str, data: bytes | None, words: str) -> None:
    if data is None:  # a real PNG cut short
        data = (folder / "Cat.png").read_bytes()[:60]
    (folder / name).write_bytes(data)
    app = Host(AttachmentPicker(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await pilot.press(*name.split(".")[0])
        await wait_until(pilot, lambda: words in preview(app))
        assert not image_shown(app)


async def test_preview_of_a_folder_counts_its_entries(folder: Path) -> None:
    (folder / "docs" / "a.md").write_text("a")
    (folder / "docs" / ".b").write_text("b")
    app = Host(AttachmentPicker(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await wait_until(pilot, lambda: "2 entries (1 hidden)" in preview(app))


async def test_a_folder_of_ten_thousand_files_sizes_only_the_rows_on_screen(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.mkdir()
    for n in range(10_000):
        (big / f"file{n:05}.log").touch()
    app = Host(AttachmentPicker(big))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        entries = app.screen.query_one(EntryList)
        assert len(entries.entries) == 10_001  # and ../
        await pilot.press("9", "9", "9", "9")
        await wait_until(pilot, lambda: [e.name for e in entries.entries] == ["file09999.log"])
        await pilot.press("backspace", "backspace", "backspace", "backspace", "pagedown", "pagedown")
        await wait_until(pilot, lambda: len(entries.entries) == 10_001)
        # Only what was drawn was asked for its size: a few screens, not 10,000 files.
        assert len(entries._size_texts) < 100
