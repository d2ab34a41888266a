"""The content-addressed store of attached files' bytes (ollamux.core.attachment_store)."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

import pytest

from ollamux.core.attachment import AttachmentError
from ollamux.core.attachment_store import AttachmentStore


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def age(path: Path, seconds: float) -> None:
    """Make a blob look as if it was put `seconds` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_put_names_the_bytes_by_their_sha256_and_reads_them_back(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    sha = store.put(b"hello")
    assert sha == hashlib.sha256(b"hello").hexdigest()
    assert store.path(sha) == tmp_path / "attachments" / sha[:2] / sha
    assert store.has(sha)
    assert store.read(sha) == b"hello"


def test_a_session_reopened_later_still_reads_a_blob_whose_original_is_gone(tmp_path: Path) -> None:
    original = tmp_path / "cat.png"
    original.write_bytes(b"pixels")
    sha = AttachmentStore(tmp_path / "data").put(original.read_bytes())
    original.unlink()
    assert AttachmentStore(tmp_path / "data").read(sha) == b"pixels"


def test_the_same_bytes_are_stored_once(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    assert store.put(b"same") == store.put(b"same")
    blobs = [p for p in (tmp_path / "attachments").rglob("*") if p.is_file()]
    assert len(blobs) == 1


def test_blobs_and_their_folders_are_private(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    sha = store.put(b"secret")
    assert mode(store.path(sha)) == 0o600
    assert mode(store.path(sha).parent) == 0o700
    assert mode(tmp_path / "attachments") == 0o700


def test_no_temp_file_is_left_behind(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    sha = store.put(b"x" * 100_000)
    assert [p.name for p in store.path(sha).parent.iterdir()] == [sha]


def test_putting_existing_bytes_again_refreshes_the_blob(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    sha = store.put(b"again")
    age(store.path(sha), 7200)
    store.put(b"again")
    assert time.time() - store.path(sha).stat().st_mtime < 60
    # ...so collection's grace period spares it: a new prompt is about to use it.
    assert store.collect([sha], in_use=[]) == []
    assert store.has(sha)


def test_reading_a_missing_blob_says_it_is_missing_from_the_data_folder(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    sha = hashlib.sha256(b"never put").hexdigest()
    assert not store.has(sha)
    with pytest.raises(AttachmentError, match="missing from the data folder"):
        store.read(sha)


@pytest.mark.parametrize("bad", [
    "../../../etc/passwd",
    "ab/../../secret",
    "A" * 64,  # upper case: not how the store names blobs
    "a" * 63,
    "a" * 65,
    "g" * 64,
    "",
    "/" + "a" * 63,
    "a" * 64 + "\n",
])
def test_a_string_that_is_not_a_sha256_never_becomes_a_path(tmp_path: Path, bad: str) -> None:
    (tmp_path / "secret").write_text("do not read")
    store = AttachmentStore(tmp_path / "data")
    assert not store.has(bad)
    with pytest.raises(AttachmentError):
        store.read(bad)
    with pytest.raises(AttachmentError):
        store.path(bad)


def test_collect_deletes_old_unused_blobs_and_their_emptied_folders(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    unused, used = store.put(b"unused"), store.put(b"used")
    for sha in (unused, used):
        age(store.path(sha), 7200)
    assert store.collect([unused, used], in_use=[used]) == [unused]
    assert not store.has(unused)
    assert store.read(used) == b"used"
    assert not store.path(unused).parent.exists()  # their hashes start differently


def test_collect_removes_the_shard_folder_only_when_empty(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    sha = store.put(b"alone")
    age(store.path(sha), 7200)
    # A neighbour in the same shard folder: a hash of the same first two digits.
    neighbour = sha[:2] + "0" * 62
    store.path(neighbour).write_bytes(b"neighbour")
    store.collect([sha], in_use=[])
    assert store.path(neighbour).exists()
    age(store.path(neighbour), 7200)
    assert store.collect([neighbour], in_use=[]) == [neighbour]
    assert not store.path(sha).parent.exists()
    assert (tmp_path / "attachments").is_dir()


def test_collect_spares_a_blob_put_within_the_grace_period(tmp_path: Path) -> None:
    # Another instance may have just attached it to a prompt not saved yet.
    store = AttachmentStore(tmp_path)
    sha = store.put(b"fresh")
    assert store.collect([sha], in_use=[]) == []
    assert store.has(sha)
    age(store.path(sha), 120)
    assert store.collect([sha], in_use=[], grace_seconds=60) == [sha]
    assert not store.has(sha)


def test_collect_ignores_invalid_and_missing_hashes(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    store = AttachmentStore(tmp_path / "data")
    absent = hashlib.sha256(b"absent").hexdigest()
    assert store.collect(["../../victim", "nonsense", absent, absent], in_use=[], grace_seconds=0) == []
    assert victim.read_text() == "keep me"


def test_collect_deletes_a_hash_named_twice_only_once(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    sha = store.put(b"twice")
    age(store.path(sha), 7200)
    assert store.collect([sha, sha], in_use=[]) == [sha]
