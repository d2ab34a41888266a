"""The session lock: one owner per session file, between instances and processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ollamux.core.session import ChatMessage, Session
from ollamux.core.session_lock import Owner, SessionLocks, lock_path
from ollamux.core.store import SessionStore, StoreError

HOLD = """
import sys
from pathlib import Path
from ollamux.core.session_lock import SessionLocks
locks = SessionLocks()
assert locks.acquire(Path(sys.argv[1])) is None
print("held", flush=True)
sys.stdin.read()  # hold until killed
"""


def test_two_instances_in_one_process_exclude_each_other(tmp_path: Path) -> None:
    session_file = tmp_path / "abc.toml"
    first, second = SessionLocks(), SessionLocks()
    assert first.acquire(session_file) is None
    owner = second.acquire(session_file)
    assert owner is not None and owner.pid == os.getpid() and owner.host == socket.gethostname()
    assert owner.describe().startswith(f"ollamux pid {os.getpid()} here, since ")
    assert second.holder(session_file) == owner and first.holder(session_file) is None
    first.release(session_file)
    assert not lock_path(session_file).exists()  # no lock files pile up
    assert second.holder(session_file) is None
    assert second.acquire(session_file) is None
    second.release_all()


def test_a_lock_of_a_killed_process_is_taken_over_and_names_its_owner_until_then(tmp_path: Path) -> None:
    session_file = tmp_path / "abc.toml"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(session_file)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "held\n"
        mine = SessionLocks()
        owner = mine.acquire(session_file)
        assert owner is not None and owner.pid == holder.pid and owner.host == socket.gethostname()
        holder.send_signal(signal.SIGKILL)  # no chance to clean up
        holder.wait(10)
        assert lock_path(session_file).exists()  # left behind, and harmless
        assert mine.holder(session_file) is None
        assert mine.acquire(session_file) is None
        assert f"pid={os.getpid()}" in lock_path(session_file).read_text()
        mine.release_all()
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.stdin.close()
        holder.stdout.close()


def test_an_owner_on_another_host_is_named_as_such() -> None:
    owner = Owner.parse("pid=4242\nhost=gpu-box\nsince=2026-05-04 12:30\n")
    assert owner.describe() == "ollamux pid 4242 on gpu-box, since 2026-05-04 12:30"
    assert Owner.parse("").describe() == "another ollamux"  # written a moment later than locked


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1), st.booleans()), max_size=30))
def test_at_most_one_instance_owns_a_session_whatever_the_order(tmp_path_factory, steps) -> None:
    folder = tmp_path_factory.mktemp("locks")
    files = [folder / "a.toml", folder / "b.toml"]
    instances = [SessionLocks() for _ in range(3)]
    owners: dict[int, int] = {}  # file index -> instance index
    for who, which, take in steps:
        locks, session_file = instances[who], files[which]
        if take:
            got = locks.acquire(session_file) is None
            assert got == (owners.get(which, who) == who)
            owners.setdefault(which, who)
        else:
            locks.release(session_file)
            if owners.get(which) == who:
                del owners[which]
        for index, path in enumerate(files):
            holders = [i for i, instance in enumerate(instances) if instance.holds(path)]
            assert holders == ([owners[index]] if index in owners else [])
    for locks in instances:
        locks.release_all()


def test_a_store_never_writes_or_deletes_a_session_another_instance_holds(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    session = Session(host="h", model="m", messages=[ChatMessage(role="user", content="hi")])
    path = store.save(session)
    before = path.read_bytes()
    elsewhere = SessionLocks()
    elsewhere.acquire(path)
    store.held_elsewhere = lambda p: "ollamux pid 1 on box" if p == path else None
    for change in (store.save, store.delete, lambda s: store.rename(s, "new title")):
        try:
            change(session)
        except StoreError as error:
            assert "open in ollamux pid 1 on box" in str(error)
        else:
            raise AssertionError("changed a session another instance holds")
    assert path.read_bytes() == before and session.title == ""
    elsewhere.release_all()


def test_where_no_lock_can_be_made_the_session_is_still_ours_to_save(tmp_path: Path) -> None:
    # A folder the lock cannot be created in (here: a path through a file, which
    # fails for root too): taken unguarded, as before locks, never left unsaved.
    (tmp_path / "not-a-folder").write_text("")
    session_file = tmp_path / "not-a-folder" / "abc.toml"
    locks = SessionLocks()
    assert locks.acquire(session_file) is None and locks.holds(session_file)
    assert locks.holder(session_file) is None
    locks.release(session_file)
    assert not locks.holds(session_file)
