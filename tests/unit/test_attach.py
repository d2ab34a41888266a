"""Attaching a file from a path: every refusal names the file (ollamux.core.attach)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from ollamux.core.attach import (
    MAX_IMAGE_BYTES,
    MAX_TEXT_BYTES,
    TooLongForContext,
    attach_bytes,
    attach_path,
)
from ollamux.core.attachment import Attachment, AttachmentError
from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.text_files import estimate_tokens, fenced_file

NOBODY = 65534


@pytest.fixture
def store(tmp_path: Path) -> AttachmentStore:
    return AttachmentStore(tmp_path / "data")


def image_file(path: Path, size: tuple[int, int], fmt: str = "PNG") -> Path:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, fmt)
    path.write_bytes(out.getvalue())
    return path


def test_an_image_is_stored_and_described(tmp_path: Path, store: AttachmentStore) -> None:
    path = image_file(tmp_path / "cat.png", (64, 32))
    attachment = attach_path(path, store)
    assert attachment == Attachment(
        attachment.sha256, "cat.png", "image/png", path.stat().st_size, 64, 32
    )
    assert store.read(attachment.sha256) == path.read_bytes()
    path.unlink()  # the store keeps its own copy
    assert store.read(attachment.sha256)


def test_a_large_image_is_stored_downscaled(tmp_path: Path, store: AttachmentStore) -> None:
    attachment = attach_path(image_file(tmp_path / "wide.jpg", (3000, 1000), "JPEG"), store)
    assert (attachment.width, attachment.height, attachment.media_type) == (2048, 683, "image/jpeg")
    stored = store.read(attachment.sha256)
    assert attachment.size == len(stored)
    assert Image.open(io.BytesIO(stored)).size == (2048, 683)


def test_an_image_without_an_image_suffix_is_known_by_its_content(
    tmp_path: Path, store: AttachmentStore
) -> None:
    attachment = attach_path(image_file(tmp_path / "screenshot", (10, 20)), store)
    assert (attachment.media_type, attachment.width, attachment.height) == ("image/png", 10, 20)


def test_a_bmp_is_refused_naming_its_format(tmp_path: Path, store: AttachmentStore) -> None:
    with pytest.raises(AttachmentError, match=r"^old\.bmp is a BMP image; only PNG, JPEG, WEBP and GIF"):
        attach_path(image_file(tmp_path / "old.bmp", (10, 10), "BMP"), store)


def test_a_renamed_text_file_is_not_an_image(tmp_path: Path, store: AttachmentStore) -> None:
    path = tmp_path / "notes.png"
    path.write_text("shopping list\n")
    with pytest.raises(AttachmentError, match=r"^notes\.png is not an image$"):
        attach_path(path, store)


def test_a_text_file_stores_its_text(tmp_path: Path, store: AttachmentStore) -> None:
    path = tmp_path / "main.py"
    path.write_text("print('hi')\n")
    attachment = attach_path(path, store)
    assert attachment == Attachment(attachment.sha256, "main.py", "text/x-python", 12)
    assert store.read(attachment.sha256) == b"print('hi')\n"
    assert not attachment.is_image


def test_a_utf16_file_is_stored_as_utf8(tmp_path: Path, store: AttachmentStore) -> None:
    path = tmp_path / "win.log"
    path.write_bytes("Grüße\r\n".encode("utf-16"))
    attachment = attach_path(path, store)
    assert store.read(attachment.sha256) == "Grüße\r\n".encode()
    assert attachment.media_type == "text/plain"


@pytest.mark.parametrize(("name", "media_type"), [
    ("clip.ts", "text/plain"),  # not an MPEG stream: it decoded as text
    ("icon.svg", "text/plain"),  # text, so never taken for an image
    ("data.json", "application/json"),
    ("notes.txt", "text/plain"),
    ("Dockerfile", "text/plain"),
])
def test_a_text_file_media_type_is_text(
    tmp_path: Path, store: AttachmentStore, name: str, media_type: str
) -> None:
    path = tmp_path / name
    path.write_text("{}\n")
    assert attach_path(path, store).media_type == media_type


def test_a_binary_file_is_refused(tmp_path: Path, store: AttachmentStore) -> None:
    path = tmp_path / "a.out"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    with pytest.raises(AttachmentError, match=r"^a\.out is a binary file, not text$"):
        attach_path(path, store)


def test_a_missing_file_is_named(tmp_path: Path, store: AttachmentStore) -> None:
    with pytest.raises(AttachmentError, match=r"^gone\.txt was not found"):
        attach_path(tmp_path / "gone.txt", store)
    file = tmp_path / "file.txt"
    file.write_text("x")
    with pytest.raises(AttachmentError, match=r"^inner\.txt was not found"):
        attach_path(file / "inner.txt", store)  # a file where a folder should be


def test_a_directory_is_refused(tmp_path: Path, store: AttachmentStore) -> None:
    (tmp_path / "src").mkdir()
    with pytest.raises(AttachmentError, match=r"^src is a folder, not a file$"):
        attach_path(tmp_path / "src", store)


def test_a_fifo_is_refused_rather_than_read_forever(tmp_path: Path, store: AttachmentStore) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(AttachmentError, match=r"^pipe is not a regular file$"):
        attach_path(tmp_path / "pipe", store)


def attach_unreadable(tmp_path: Path) -> str:
    """The error attaching a file its reader has no permission to read.

    Root reads any file whatever its mode, so when the tests run as root the attach
    runs in a child process that has given up root for `nobody`: a real refusal by
    the kernel either way, not a simulated one.
    """
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o711)  # others may reach the file, not list the folder
    secret = folder / "secret.txt"
    secret.write_text("for root's eyes only\n")
    secret.chmod(0o000 if os.geteuid() != 0 else 0o600)
    store = AttachmentStore(tmp_path / "data")
    if os.geteuid() != 0:
        try:
            attach_path(secret, store)
        except AttachmentError as exc:
            return str(exc)
        return "attached"
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_end)
            # Entered as root; after that only this folder's search permission matters.
            os.chdir(folder)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                attach_path(Path("secret.txt"), store)
                result = "attached"
            except AttachmentError as exc:
                result = str(exc)
            os.write(write_end, result.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        result = reader.read().decode()
    os.waitpid(pid, 0)
    return result


def test_a_file_without_read_permission_is_refused(tmp_path: Path) -> None:
    assert attach_unreadable(tmp_path) == "secret.txt cannot be read: permission denied"


def test_a_text_file_over_its_cap_is_refused_with_size_and_cap(
    tmp_path: Path, store: AttachmentStore
) -> None:
    path = tmp_path / "huge.log"
    with path.open("wb") as file:
        file.truncate(6_000_000)
    with pytest.raises(AttachmentError) as caught:
        attach_path(path, store)
    assert str(caught.value) == "huge.log is too large to attach: 6 MB, the limit for a text file is 5 MB"
    assert MAX_TEXT_BYTES == 5_000_000


def test_an_image_over_its_cap_is_refused_with_size_and_cap(
    tmp_path: Path, store: AttachmentStore
) -> None:
    path = tmp_path / "huge.png"
    with path.open("wb") as file:
        file.truncate(MAX_IMAGE_BYTES + 1)
    with pytest.raises(AttachmentError) as caught:
        attach_path(path, store)
    # Rounded, both would read "20 MB": the exact size says why.
    assert str(caught.value) == (
        "huge.png is too large to attach: 20,000,001 bytes, the limit for an image is 20 MB"
    )


def test_an_image_is_not_held_to_the_text_cap(tmp_path: Path, store: AttachmentStore) -> None:
    out = io.BytesIO()
    noise = Image.frombytes("RGB", (1500, 1500), os.urandom(1500 * 1500 * 3))
    noise.save(out, "PNG")
    assert len(out.getvalue()) > MAX_TEXT_BYTES
    (tmp_path / "noise.png").write_bytes(out.getvalue())
    assert attach_path(tmp_path / "noise.png", store).width == 1500


def long_file(tmp_path: Path, lines: int = 1000) -> Path:
    path = tmp_path / "server.log"
    path.write_text("".join(f"request {i} served\n" for i in range(lines)))
    return path


def test_a_text_file_over_the_context_left_is_refused(tmp_path: Path, store: AttachmentStore) -> None:
    path = long_file(tmp_path)
    with pytest.raises(TooLongForContext) as caught:
        attach_path(path, store, context_left=500)
    error = caught.value
    assert error.tokens == estimate_tokens(fenced_file("server.log", path.read_text()))
    assert error.budget == 500
    assert str(error) == f"server.log is about {error.tokens:,} tokens, more than the 500 left in the context"
    assert isinstance(error, AttachmentError)
    assert not list((tmp_path / "data").rglob("*"))  # nothing stored


def test_a_text_file_within_the_context_left_is_attached_whole(
    tmp_path: Path, store: AttachmentStore
) -> None:
    path = long_file(tmp_path, 10)
    attachment = attach_path(path, store, context_left=500)
    assert store.read(attachment.sha256) == path.read_bytes()


def test_cut_attaches_the_start_with_a_marked_ellipsis(tmp_path: Path, store: AttachmentStore) -> None:
    attachment = attach_path(long_file(tmp_path), store, context_left=500, cut=True)
    text = store.read(attachment.sha256).decode()
    assert text.startswith("request 0 served\nrequest 1 served\n")
    assert text.splitlines()[-1].endswith(" of 1,000 lines not attached]")
    assert attachment.size == len(text.encode())
    # What is sent, fence and heading included, fits what was left.
    assert estimate_tokens(fenced_file("server.log", text)) <= 500


def test_no_context_figure_means_no_limit(tmp_path: Path, store: AttachmentStore) -> None:
    path = long_file(tmp_path)
    assert store.read(attach_path(path, store).sha256) == path.read_bytes()


def test_pasted_bytes_are_attached_like_a_file(store: AttachmentStore) -> None:
    attachment = attach_bytes(b"SELECT 1;\n", "query.sql", store)
    assert (attachment.name, attachment.size) == ("query.sql", 10)
    with pytest.raises(AttachmentError, match=r"^paste\.bin is a binary file"):
        attach_bytes(b"\x00\x01", "paste.bin", store)


def test_a_cut_file_full_of_backticks_still_fits(tmp_path: Path, store: AttachmentStore) -> None:
    # Its long fence costs tokens too.
    path = tmp_path / "notes.md"
    path.write_text("".join(f"`````` block {i}\n" for i in range(500)))
    attachment = attach_path(path, store, context_left=300, cut=True)
    text = store.read(attachment.sha256).decode()
    assert estimate_tokens(fenced_file("notes.md", text)) <= 300


def test_a_store_that_cannot_be_written_is_a_clear_word(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the data folder should be")
    path = tmp_path / "main.py"
    path.write_text("pass\n")
    with pytest.raises(AttachmentError, match=r"^main\.py could not be copied into the data folder: "):
        attach_path(path, AttachmentStore(tmp_path / "data"))
