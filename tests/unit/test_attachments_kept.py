"""Attachments kept with the session: its file, fork and take-back, export, and what
deleting a session leaves in the attachment store."""

from __future__ import annotations

import base64
import os
import time
from pathlib import Path

import pytest

from ollamux.core.attachment import Attachment
from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.export import to_markdown
from ollamux.core.session import ChatMessage, Session
from ollamux.core.session_toml import SessionFormatError, session_from_toml, session_to_toml
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.core.text_files import fenced_file

CAT = Attachment("c" * 64, "cat.png", "image/png", 182_000, 1024, 768)
NOTES = Attachment("a" * 64, "notes.py", "text/x-python", 2_048)


def with_attachments() -> Session:
    session = Session(host="h", model="m")
    session.add_user("look at these", [CAT, NOTES])
    session.messages.append(ChatMessage(role="assistant", content="A cat and some code."))
    session.draft = "and this one"
    session.draft_attachments = [NOTES]
    return session


def test_attachments_and_draft_attachments_survive_the_session_file() -> None:
    session = with_attachments()
    loaded = session_from_toml(session_to_toml(session))
    assert loaded.messages[0].attachments == [CAT, NOTES]
    assert loaded.messages[1].attachments == []
    assert loaded.draft_attachments == [NOTES]
    assert loaded == session


def test_a_text_attachment_has_no_dimensions_in_the_file_and_old_files_load_without_any() -> None:
    text = session_to_toml(with_attachments())
    assert text.count("width = ") == 1 and text.count("height = ") == 1  # the cat's only
    old = session_to_toml(Session(host="h", model="m", messages=[ChatMessage("user", "hi")]))
    assert "attachments" not in old
    loaded = session_from_toml(old)
    assert loaded.messages[0].attachments == [] and loaded.draft_attachments == []


def good_table() -> str:
    return f'sha256 = "{"c" * 64}"\nname = "cat.png"\nmedia_type = "image/png"\nsize = 10\n'


@pytest.mark.parametrize(("table", "words"), [
    (good_table().replace("c" * 64, "../../etc/passwd"), "is not a sha256 hash"),
    (good_table().replace("c" * 64, "C" * 64), "is not a sha256 hash"),
    (good_table().replace("size = 10", "size = -1"), "'size' is negative"),
    (good_table().replace("size = 10", 'size = "10"'), "'size' has the wrong type"),
    (good_table().replace("size = 10", "size = true"), "'size' has the wrong type"),
    (good_table() + "width = 0\n", "'width' is not a positive number"),
    (good_table() + "height = 1.5\n", "'height' has the wrong type"),
    (good_table().replace('"image/png"', '"image/png)![x](y"'), "is not a media type"),
    (good_table().replace('name = "cat.png"\n', ""), "missing required field 'name'"),
    (good_table().replace('name = "cat.png"', "name = 3"), "'name' has the wrong type"),
])
def test_a_bad_attachment_table_is_refused_naming_where(table: str, words: str) -> None:
    head = 'schema_version = 1\nhost = "h"\nmodel = "m"\n'
    in_message = head + '[[messages]]\nrole = "user"\ncontent = "hi"\n[[messages.attachments]]\n' + table
    with pytest.raises(SessionFormatError, match=r"messages\[0\]\.attachments\[0\]") as error:
        session_from_toml(in_message)
    assert words in str(error.value)
    with pytest.raises(SessionFormatError, match=r"draft_attachments\[0\]"):
        session_from_toml(head + "[[draft_attachments]]\n" + table)


def test_attachments_that_are_not_a_list_of_tables_are_refused() -> None:
    head = 'schema_version = 1\nhost = "h"\nmodel = "m"\n'
    with pytest.raises(SessionFormatError, match="draft_attachments"):
        session_from_toml(head + 'draft_attachments = "cat.png"\n')
    with pytest.raises(SessionFormatError, match=r"draft_attachments\[0\] is not a table"):
        session_from_toml(head + 'draft_attachments = ["cat.png"]\n')


def test_a_fork_keeps_the_attachments_of_the_messages_it_copies_in_lists_of_its_own() -> None:
    session = with_attachments()
    fork = session.fork(0)
    assert fork.messages[0].attachments == [CAT, NOTES]
    fork.messages[0].attachments.clear()
    assert session.messages[0].attachments == [CAT, NOTES]


def test_taking_back_the_last_prompt_gives_back_its_attachments() -> None:
    session = with_attachments()
    prompt = session.take_back_last_prompt()
    assert prompt is not None
    assert (prompt.content, prompt.attachments) == ("look at these", [CAT, NOTES])
    assert session.messages == []
    assert Session(host="h", model="m").take_back_last_prompt() is None


def test_a_prompt_of_attachments_alone_names_the_session_after_them() -> None:
    session = Session(host="h", model="m")
    session.add_user("", [CAT])
    assert session.title == "cat.png"


# Deleting a session


def aged(store: AttachmentStore, sha256: str) -> None:
    """As if attached two hours ago: past the grace that spares a blob just stored."""
    old = time.time() - 7200
    os.utime(store.path(sha256), (old, old))


def attach(store: AttachmentStore, data: bytes, name: str) -> Attachment:
    sha256 = store.put(data)
    aged(store, sha256)
    return Attachment(sha256, name, "text/plain", len(data))


def test_deleting_a_session_deletes_the_attachments_no_other_session_names(tmp_path: Path) -> None:
    blobs = AttachmentStore(tmp_path)
    sessions = SessionStore(sessions_dir(tmp_path))
    mine, shared, drafted = (attach(blobs, text, f"{n}.txt") for n, text in enumerate([b"mine", b"shared", b"draft"]))
    doomed = Session(host="h", model="m")
    doomed.add_user("one", [mine, shared])
    doomed.draft_attachments = [drafted]
    other = Session(host="h", model="m")
    other.add_user("two", [shared])
    sessions.save(doomed)
    sessions.save(other)

    sessions.delete(doomed)

    assert not sessions.path_for(doomed).exists()
    assert not blobs.path(mine.sha256).exists() and not blobs.path(drafted.sha256).exists()
    assert blobs.read(shared.sha256) == b"shared"  # the other session still sends it
    sessions.delete(other)
    assert not blobs.path(shared.sha256).exists()


def test_a_draft_elsewhere_keeps_a_blob_and_a_session_without_attachments_touches_nothing(tmp_path: Path) -> None:
    blobs = AttachmentStore(tmp_path)
    sessions = SessionStore(sessions_dir(tmp_path))
    shared = attach(blobs, b"shared", "s.txt")
    doomed = Session(host="h", model="m")
    doomed.add_user("one", [shared])
    other = Session(host="h", model="m", draft_attachments=[shared])
    plain = Session(host="h", model="m")
    for session in (doomed, other, plain):
        sessions.save(session)

    sessions.delete(plain)
    sessions.delete(doomed)
    assert blobs.read(shared.sha256) == b"shared"


# Export


def exported_session(blobs: AttachmentStore, png: bytes, code: str) -> Session:
    session = Session(host="h", model="m", title="Pictures")
    cat = Attachment(blobs.put(png), "cat.png", "image/png", len(png), 2, 1)
    notes = Attachment(blobs.put(code.encode()), "notes.py", "text/x-python", len(code.encode()))
    session.add_user("What are these?", [cat, notes])
    session.messages.append(ChatMessage(role="assistant", content="A cat and a script."))
    return session


def test_export_with_links_lists_the_attachments_and_shows_the_image_from_the_data_folder(tmp_path: Path) -> None:
    blobs = AttachmentStore(tmp_path)
    session = exported_session(blobs, b"\x89PNG fake", "print('hi')\n")
    cat, notes = session.messages[0].attachments

    text = to_markdown(session, attachments="link", store=blobs)

    assert f"- [cat.png](<{blobs.path(cat.sha256)}>) · 9 B · 2×1" in text
    assert f"- [notes.py](<{blobs.path(notes.sha256)}>) · 12 B" in text
    assert f"![cat.png](<{blobs.path(cat.sha256)}>)" in text
    assert "print('hi')" not in text and "base64" not in text
    assert text.index("What are these?") < text.index("cat.png") < text.index("A cat and a script.")


def test_export_embedded_carries_the_image_as_a_data_url_and_the_file_as_its_block(tmp_path: Path) -> None:
    blobs = AttachmentStore(tmp_path)
    png = b"\x89PNG fake"
    session = exported_session(blobs, png, "print('hi')\n")

    text = to_markdown(session, attachments="embed", store=blobs)

    assert "- cat.png · 9 B · 2×1" in text and "- notes.py · 12 B" in text
    assert f"![cat.png](data:image/png;base64,{base64.b64encode(png).decode()})" in text
    assert fenced_file("notes.py", "print('hi')\n") in text
    assert str(tmp_path) not in text  # nothing points back at this machine


def test_export_says_when_a_stored_copy_is_gone_and_lists_names_without_a_store(tmp_path: Path) -> None:
    blobs = AttachmentStore(tmp_path)
    session = exported_session(blobs, b"\x89PNG fake", "x = 1\n")
    blobs.path(session.messages[0].attachments[0].sha256).unlink()

    for mode in ("link", "embed"):
        text = to_markdown(session, attachments=mode, store=blobs)  # type: ignore[arg-type]
        assert "- cat.png (stored copy missing) · 9 B · 2×1" in text
    plain = to_markdown(session)
    assert "- cat.png · 9 B · 2×1" in plain and "](" not in plain
