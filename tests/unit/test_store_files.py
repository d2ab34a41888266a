"""SessionStore on disk: atomic writes, unreadable files kept, modes, no secrets."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ollamux.api.hosts import Host
from ollamux.config import data_dir
from ollamux.core import store as store_module
from ollamux.core.session import ChatMessage, Session
from ollamux.core.store import OPEN_FILE, SessionStore, StoreError, session_to_toml, sessions_dir

SECRET = "sk-very-secret-0123456789"


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


def make(title: str = "t", minutes: int = 0) -> Session:
    session = Session(host="h", model="m", title=title)
    session.add_user(f"hello {title}")
    session.updated_at = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    return session


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if not p.name.endswith(".toml"))


def test_default_location_follows_xdg(tmp_path: Path) -> None:
    root = sessions_dir(data_dir({"XDG_DATA_HOME": str(tmp_path)}))
    assert root == tmp_path / "ollamux" / "sessions"


def test_save_and_load_all_newest_first(store: SessionStore) -> None:
    older, newer = make("old", 1), make("new", 2)
    for session in (older, newer):
        path = store.save(session)
        assert path == store.root / f"{session.id}.toml"
    sessions, problems = store.load_all()
    assert problems == []
    assert sessions == [newer, older]
    assert leftovers(store.root) == []


def test_file_mode_0600(store: SessionStore) -> None:
    path = store.save(make())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    store.save_open([make()])
    assert stat.S_IMODE((store.root / OPEN_FILE).stat().st_mode) == 0o600


def test_title_is_not_in_file_name_and_rename_saves(store: SessionStore) -> None:
    session = make("first")
    path = store.save(session)
    before = session.updated_at
    assert store.rename(session, "../../etc/passwd") == path
    assert store.load(path).title == "../../etc/passwd"
    assert session.updated_at > before
    assert [p.name for p in store.root.iterdir()] == [path.name]


@pytest.mark.parametrize("bad", ["", "open", ".hidden", "a/b", "..", "a\\b"])
def test_ids_that_cannot_name_a_file(store: SessionStore, bad: str) -> None:
    session = make()
    session.id = bad
    with pytest.raises(StoreError):
        store.save(session)


def test_interrupted_replace_keeps_old_file_and_no_temp(
    store: SessionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make("v1")
    path = store.save(session)
    old_bytes = path.read_bytes()
    session.title = "v2"

    def crash(*args: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(store_module.os, "replace", crash)
    with pytest.raises(OSError, match="power cut"):
        store.save(session)
    assert path.read_bytes() == old_bytes
    assert leftovers(store.root) == []
    monkeypatch.undo()
    assert store.load(path).title == "v1"


def test_interrupted_write_midway_keeps_old_file(
    store: SessionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make("v1")
    path = store.save(session)
    old_bytes = path.read_bytes()
    session.messages.append(ChatMessage(role="assistant", content="x" * 100_000))
    real_fsync = os.fsync

    def crash(fd: int) -> None:
        # The temp file holds the new text by now: fail after it is written.
        raise KeyboardInterrupt

    monkeypatch.setattr(store_module.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        store.save(session)
    monkeypatch.setattr(store_module.os, "fsync", real_fsync)
    assert path.read_bytes() == old_bytes
    assert leftovers(store.root) == []
    assert store.load(path).title == "v1"


def test_stale_temp_files_are_ignored(store: SessionStore) -> None:
    store.save(make())
    (store.root / ".tmp-abc.part").write_text("half a fi")
    sessions, problems = store.load_all()
    assert len(sessions) == 1 and problems == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"schema_version = 1\nhost = 'h\nmodel = 'm'\n", "not valid TOML: "),
        (b"schema_version = 99\nhost = 'h'\nmodel = 'm'\n", "written by a newer ollamux (schema 99)"),
        (b"schema_version = 1\nhost = 'h'\n", "missing required field 'model'"),
        (b"\xff\xfe garbage", "not valid UTF-8"),
    ],
)
def test_unreadable_files_reported_untouched_and_never_overwritten(
    store: SessionStore, content: bytes, reason: str
) -> None:
    good = make("good")
    store.save(good)
    bad_path = store.root / "broken1.toml"
    bad_path.write_bytes(content)
    sessions, problems = store.load_all()
    assert sessions == [good]
    assert [p.path for p in problems] == [bad_path]
    assert problems[0].reason.startswith(reason)
    if reason.startswith("not valid TOML"):
        assert "(at line 2, column 10)" in problems[0].reason  # the user can find it
    assert str(problems[0]).startswith("broken1.toml: ")
    intruder = make("intruder")
    intruder.id = "broken1"
    with pytest.raises(StoreError, match=r"broken1\.toml"):
        store.save(intruder)
    assert bad_path.read_bytes() == content
    store.save(good)  # the others still save


def test_load_uses_file_name_as_id(store: SessionStore) -> None:
    session = make()
    path = store.save(session)
    copy = store.root / "copy1.toml"
    copy.write_bytes(path.read_bytes())
    loaded = store.load(copy)
    assert loaded.id == "copy1" and store.path_for(loaded) == copy


def test_delete(store: SessionStore) -> None:
    session = make()
    path = store.save(session)
    store.delete(session)
    assert not path.exists()
    store.delete(session)  # already gone: no error


def test_open_sessions_are_remembered_in_tab_order(store: SessionStore) -> None:
    assert store.load_open() == []
    first, second = make(), make()
    store.save(first)
    elsewhere = store.root.parent / "notes" / "mine.toml"
    second.file = elsewhere
    store.save_open([second, first])
    # Store sessions by id, others by path: both come back as the files to read.
    assert store.load_open() == [elsewhere, store.root / f"{first.id}.toml"]
    sessions, problems = store.load_all()
    assert len(sessions) == 1 and problems == []  # open.toml is not a session
    (store.root / OPEN_FILE).write_text("open = [")
    assert store.load_open() == []


def test_load_all_without_directory(tmp_path: Path) -> None:
    assert SessionStore(tmp_path / "none").load_all() == ([], [])


def test_no_api_key_in_session_file(store: SessionStore) -> None:
    host = Host(name="deepseek", url="https://api.deepseek.com", kind="openai", api_key=SECRET)
    session = Session(host=host.name, model="deepseek-chat", options={"temperature": 0.2})
    session.add_user("hi")
    session.start_reply()
    session.fail(f"401 from {host!r}", hint="check DEEPSEEK_API_KEY")
    path = store.save(session)
    text = path.read_text()
    assert SECRET not in text
    assert "deepseek" in text


def test_a_session_from_elsewhere_saves_back_to_its_own_file(store: SessionStore, tmp_path: Path) -> None:
    outside = tmp_path / "shared" / "review.toml"
    outside.parent.mkdir()
    session = make()
    outside.write_text(session_to_toml(session))
    loaded = store.load(outside)
    assert loaded.file == outside.resolve() and loaded.id == "review"
    loaded.title = "reviewed"
    assert store.save(loaded) == outside.resolve()
    assert store.load(outside).title == "reviewed"
    assert store.load_all() == ([], [])  # nothing was copied into the store
    # A file given by its path inside the store is simply a store session.
    inside = store.save(make())
    assert store.load(inside).file is None
