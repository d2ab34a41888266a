"""The index follows the files: hand edits, deletions, damage, other instances."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from ollamux.core.search_db import DB_NAME
from ollamux.core.search_index import SearchIndex, SearchIndexError
from tests.unit.search_helpers import Library, session


def test_the_first_sync_builds_the_index_and_reports_progress(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.save(*(session(f"s{n}", f"word{n}") for n in range(5)))
    seen: list[tuple[int, int]] = []
    report = library.index.sync(library.store, progress=lambda done, total: seen.append((done, total)))
    assert (report.indexed, report.rebuilt, report.problems) == (5, True, [])
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    assert library.titles("word3") == ["s3"]
    again = library.index.sync(library.store)
    assert (again.indexed, again.unchanged, again.rebuilt) == (0, 5, False)


def test_a_file_edited_by_hand_is_read_again(tmp_path: Path) -> None:
    library = Library(tmp_path)
    [edited] = library.save(session("t", "the old wording"))
    library.index.sync(library.store)
    path = library.store.path_for(edited)
    path.write_text(path.read_text().replace("old wording", "new phrasing, longer"))
    report = library.index.sync(library.store)
    assert report.indexed == 1
    assert library.titles("phrasing") == ["t"]
    assert library.titles("wording") == []


def test_a_deleted_file_drops_out(tmp_path: Path) -> None:
    library = Library(tmp_path)
    _kept, gone = library.save(session("kept", "shared word"), session("gone", "shared word"))
    library.index.sync(library.store)
    library.store.path_for(gone).unlink()
    assert library.index.sync(library.store).removed == 1
    assert library.titles("shared") == ["kept"]


def test_an_unreadable_file_is_skipped_and_reported(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.save(session("fine", "readable words"))
    broken = library.store.root / "broken.toml"
    broken.write_text("title = [unclosed\n")
    report = library.index.sync(library.store)
    assert report.indexed == 1
    [problem] = report.problems
    assert problem.path == broken and "TOML" in problem.reason
    assert broken in library.store.unreadable  # so the app never saves over it
    assert library.titles("readable") == ["fine"]


def test_a_file_that_becomes_unreadable_leaves_the_index(tmp_path: Path) -> None:
    library = Library(tmp_path)
    [item] = library.save(session("t", "findable"))
    library.index.sync(library.store)
    library.store.path_for(item).write_bytes(b"\xff\xfe not text")
    report = library.index.sync(library.store)
    assert report.removed == 1 and len(report.problems) == 1
    assert library.titles("findable") == []


def test_a_damaged_database_is_rebuilt(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.save(session("t", "survives damage"))
    library.index.sync(library.store)
    library.index.close()
    (tmp_path / DB_NAME).write_bytes(b"this is not an SQLite database at all" * 200)
    index = SearchIndex(tmp_path)
    assert index.search("survives") == []  # an empty index, not a crash
    report = index.sync(library.store)
    assert report.rebuilt and report.indexed == 1
    assert [hit.title for hit in index.search("survives")] == ["t"]


def test_an_index_of_another_schema_version_is_rebuilt(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.save(session("t", "versioned"))
    library.index.sync(library.store)
    library.index.close()
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        conn.execute("PRAGMA user_version = 0")
    index = SearchIndex(tmp_path)
    assert index.sync(library.store).rebuilt
    assert [hit.title for hit in index.search("versioned")] == ["t"]


def test_saves_and_deletes_reach_the_index_through_the_store(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.store.saved = library.index.update
    library.store.deleted = lambda session, path: library.index.remove(session.id)
    [item] = library.save(session("t", "first reply"))
    assert library.titles("first") == ["t"]
    item.add_user("a second prompt")
    library.store.save(item)
    assert library.titles("second") == ["t"]
    library.store.delete(item)
    assert library.titles("first") == []
    assert library.index.sync(library.store).indexed == 0  # nothing left to catch up on


def test_a_cancelled_sync_keeps_its_work_and_the_next_one_finishes(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.save(*(session(f"s{n}", "common") for n in range(6)))
    seen: list[int] = []
    report = library.index.sync(
        library.store, progress=lambda done, total: seen.append(done), cancelled=lambda: len(seen) > 2
    )
    assert report.cancelled and report.indexed == 2
    assert library.index.sync(library.store).indexed == 4
    assert len(library.titles("common")) == 6


def test_worker_processes_read_the_same_sessions(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.save(*(session(f"s{n}", f"text number{n}") for n in range(7)))
    (library.store.root / "bad.toml").write_text("[[[")
    report = library.index.sync(library.store, workers=2)
    assert report.indexed == 7 and [p.path.name for p in report.problems] == ["bad.toml"]
    assert library.titles("number6") == ["s6"]


def test_two_instances_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    first, second = Library(tmp_path), Library(tmp_path)
    sessions = {lib: [session(f"{name}{n}", f"from {name} item{n}") for n in range(15)]
                for lib, name in ((first, "a"), (second, "b"))}
    barrier = threading.Barrier(3)

    def write(library: Library) -> None:
        barrier.wait()
        for item in sessions[library]:
            library.store.save(item)
            library.index.update(item, library.store.path_for(item))

    def read() -> None:
        barrier.wait()
        for _ in range(30):
            first.index.search("from")

    threads = [threading.Thread(target=write, args=(lib,)) for lib in (first, second)]
    threads.append(threading.Thread(target=read))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(first.index.search("from", limit=100)) == 30
    assert second.index.sync(second.store).indexed == 0  # every save was indexed


def test_another_process_syncing_at_the_same_time(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.save(*(session(f"s{n}", "shared subject") for n in range(40)))
    script = (
        "import sys; from pathlib import Path; from ollamux.core.search_index import SearchIndex;"
        "from ollamux.core.store import SessionStore, sessions_dir; d = Path(sys.argv[1]);"
        "print(SearchIndex(d).sync(SessionStore(sessions_dir(d)), workers=1).indexed)"
    )
    other = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    mine = library.index.sync(library.store, workers=1)
    out, _ = other.communicate(timeout=60)
    assert other.returncode == 0
    assert mine.indexed + int(out) >= 40  # each file indexed by one, or both
    assert len(library.index.search("shared", limit=100)) == 40
    assert library.index.connection().execute("SELECT count(*) FROM sessions").fetchone()[0] == 40
    assert os.path.exists(tmp_path / DB_NAME)


def test_damage_found_by_a_search_is_repaired_by_the_next_sync(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.save(*(session(f"s{n}", "words to find " * 50) for n in range(20)))
    library.index.sync(library.store)
    library.index.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    library.index.close()
    database = tmp_path / DB_NAME
    data = bytearray(database.read_bytes())
    page = 4096
    data[page:] = b"\x5a" * (len(data) - page)  # every page but the first (the header) ruined
    database.write_bytes(bytes(data))
    index = SearchIndex(tmp_path)
    try:
        index.search("words")
    except SearchIndexError:
        assert index.damaged
    report = index.sync(library.store)
    assert report.rebuilt
    assert len(index.search("words")) == 20


def test_a_fresh_data_folder_syncs_to_an_empty_index(tmp_path: Path) -> None:
    library = Library(tmp_path / "new")
    report = library.index.sync(library.store)
    assert (report.indexed, report.problems, report.rebuilt) == (0, [], False)
    assert library.index.search("") == []


def test_a_session_saved_outside_the_store_is_not_indexed(tmp_path: Path) -> None:
    library = Library(tmp_path)
    outside = session("elsewhere", "private notes")
    outside.file = tmp_path / "elsewhere.toml"
    library.store.save(outside)
    library.index.update(outside, outside.file)
    assert library.titles("private") == []


def test_two_threads_opening_a_new_index_at_once_both_get_it(tmp_path: Path) -> None:
    """The first sync and a search just after start: one of them got "database is locked" about 1 time in 30."""
    failures: list[Exception] = []
    for attempt in range(100):
        index = SearchIndex(tmp_path / str(attempt))
        both = threading.Barrier(2)

        def open_it(index: SearchIndex = index, both: threading.Barrier = both) -> None:
            both.wait()
            try:
                index.connection()
            except sqlite3.Error as error:
                failures.append(error)

        threads = [threading.Thread(target=open_it) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        index.close()
    assert failures == []
