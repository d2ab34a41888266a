"""Attachments on the wire: what each API is sent, on the first turn and on every later one,
and what the simulated vision model says it received."""

from __future__ import annotations

import base64
import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image as PILImage

from ollamux.api import ollama, openai
from ollamux.api.clients import make_client
from ollamux.api.events import Image, Message
from ollamux.api.hosts import Host
from ollamux.core.attachment import Attachment, AttachmentError
from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.session import Session, Status
from ollamux.core.streaming import stream_reply
from ollamux.core.text_files import fenced_file


def picture(width: int, height: int, kind: str = "PNG", color: str = "red") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, kind)
    return buffer.getvalue()


def stored(store: AttachmentStore, data: bytes, name: str, media_type: str,
           size: tuple[int, int] | None = None) -> Attachment:
    width, height = size or (None, None)
    return Attachment(store.put(data), name, media_type, len(data), width, height)


@pytest.fixture
def store(tmp_path: Path) -> AttachmentStore:
    return AttachmentStore(tmp_path)


def test_native_sends_raw_base64_and_openai_data_urls_with_each_images_own_type() -> None:
    message = Message("user", "what is this?", images=(Image("AAAA", "image/png"), Image("BBBB", "image/jpeg")))

    assert ollama.message_to_wire(message)["images"] == ["AAAA", "BBBB"]
    assert openai.message_to_wire(message)["content"] == [
        {"type": "text", "text": "what is this?"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
        {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,BBBB"}},
    ]


def test_a_prompt_goes_out_with_its_images_and_its_text_files_fenced_after_the_words(store) -> None:
    png, jpeg = picture(64, 48), picture(30, 20, "JPEG")
    code = "def hello():\n    return 'hi'\n"
    session = Session(host="h", model="m")
    session.add_user("Review this.", [
        stored(store, png, "cat.png", "image/png", (64, 48)),
        stored(store, code.encode(), "hello.py", "text/x-python"),
        stored(store, jpeg, "dog.jpg", "image/jpeg", (30, 20)),
    ])

    sent = session.request(store.read).messages[-1]

    assert sent.content == "Review this.\n\n" + fenced_file("hello.py", code)
    assert sent.images == (Image(base64.b64encode(png).decode(), "image/png"),
                           Image(base64.b64encode(jpeg).decode(), "image/jpeg"))


def test_the_history_resends_earlier_attachments_on_every_later_turn(store) -> None:
    png = picture(8, 8)
    session = Session(host="h", model="m")
    session.add_user("first", [stored(store, png, "a.png", "image/png", (8, 8))])
    session.start_reply().status = Status.COMPLETE
    session.messages[-1].content = "an answer"
    session.add_user("second")

    first, answer, second = session.request(store.read).messages
    assert first.images == (Image(base64.b64encode(png).decode(), "image/png"),)
    assert answer.images == () and second.images == ()


def test_without_a_reader_or_with_a_blob_gone_the_request_names_the_file(store) -> None:
    session = Session(host="h", model="m")
    session.add_user("look", [stored(store, picture(4, 4), "holiday.png", "image/png", (4, 4))])
    with pytest.raises(AttachmentError, match=r"holiday\.png"):
        session.request()
    store.path(session.messages[0].attachments[0].sha256).unlink()
    with pytest.raises(AttachmentError, match=r"holiday\.png"):
        session.request(store.read)


async def test_a_missing_blob_fails_the_reply_with_its_name_and_keeps_the_prompt(sim, store) -> None:
    session = Session(host="sim", model="gemma3:4b")
    session.add_user("what is it?", [stored(store, picture(4, 4), "holiday.png", "image/png", (4, 4))])
    store.path(session.messages[0].attachments[0].sha256).unlink()
    client = make_client(Host("sim", sim.url))
    try:
        reply = await stream_reply(session, client, read=store.read)
    finally:
        await client.aclose()

    assert reply.status is Status.ERROR
    assert "holiday.png" in reply.error and "cannot be sent" in reply.error
    assert session.messages[0].content == "what is it?" and session.messages[0].attachments
    assert not [r for r in sim.requests if r.path == "/api/chat"]  # nothing half-sent


@pytest.mark.parametrize("kind", ["ollama", "openai"])
async def test_the_vision_model_says_what_it_received_over_both_apis(sim, store, kind) -> None:
    png, webp = picture(64, 48), picture(20, 10, "WEBP", "blue")
    notes = "line one\nline two\n"
    session = Session(host="sim", model="gemma3:4b")
    session.add_user("Describe these.", [
        stored(store, png, "red.png", "image/png", (64, 48)),
        stored(store, webp, "blue.webp", "image/webp", (20, 10)),
        stored(store, notes.encode(), "notes.txt", "text/plain"),
    ])
    client = make_client(Host("sim", sim.url + ("/v1" if kind == "openai" else ""), kind))
    try:
        reply = await stream_reply(session, client, read=store.read)
        assert reply.status is Status.COMPLETE, reply.error
        assert "I received 2 images and 1 text file." in reply.content
        assert f"64×48 PNG, sha256 {hashlib.sha256(png).hexdigest()[:12]}" in reply.content
        assert f"20×10 WEBP, sha256 {hashlib.sha256(webp).hexdigest()[:12]}" in reply.content
        assert "text file: notes.txt" in reply.content

        # The next turn sends them again (the API keeps nothing), though the reply
        # speaks of the last prompt only.
        session.add_user("And now?")
        again = await stream_reply(session, client, read=store.read)
        assert "I received no images and no text files." in again.content
    finally:
        await client.aclose()
    chats = [r.body for r in sim.requests if r.path.endswith("/chat") or r.path.endswith("/completions")]
    resent = chats[-1]["messages"][0]  # the first prompt, in the second request
    encoded = [base64.b64encode(png).decode(), base64.b64encode(webp).decode()]
    if kind == "ollama":
        assert resent["images"] == encoded
    else:
        urls = [part["image_url"]["url"] for part in resent["content"] if part["type"] == "image_url"]
        assert urls == [f"data:image/png;base64,{encoded[0]}", f"data:image/webp;base64,{encoded[1]}"]


@pytest.mark.parametrize("kind", ["ollama", "openai"])
async def test_a_model_without_vision_refuses_images_in_ollamas_words(sim, store, kind) -> None:
    session = Session(host="sim", model="qwen3:8b")
    session.add_user("what is it?", [stored(store, picture(4, 4), "a.png", "image/png", (4, 4))])
    client = make_client(Host("sim", sim.url + ("/v1" if kind == "openai" else ""), kind))
    try:
        reply = await stream_reply(session, client, read=store.read)
    finally:
        await client.aclose()
    assert reply.status is Status.ERROR
    assert "qwen3:8b does not support vision" in reply.error


async def test_the_openai_route_refuses_a_gif_and_a_web_url_as_ollama_does(sim) -> None:
    import httpx

    gif = base64.b64encode(picture(4, 4, "GIF")).decode()
    async with httpx.AsyncClient(base_url=sim.url) as http:
        def body(url: str) -> dict[str, object]:
            part = {"type": "image_url", "image_url": {"url": url}}
            return {"model": "gemma3:4b", "messages": [{"role": "user", "content": [part]}]}

        refused = await http.post("/v1/chat/completions", json=body(f"data:image/gif;base64,{gif}"))
        web = await http.post("/v1/chat/completions", json=body("https://example.com/cat.png"))
        plain = await http.post("/v1/chat/completions", json=body(f"data:;base64,{gif}"))
    assert refused.status_code == 400 and refused.json()["error"]["message"] == "invalid image input"
    assert web.status_code == 400 and "base64 encoded data" in web.json()["error"]["message"]
    assert plain.status_code == 200 and "4×4 GIF" in plain.text  # a blank type is raw base64


async def test_native_images_that_are_not_base64_are_refused_before_anything_runs(sim) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=sim.url) as http:
        response = await http.post("/api/chat", json={
            "model": "gemma3:4b", "stream": False,
            "messages": [{"role": "user", "content": "hi", "images": ["not base64!"]}],
        })
    assert response.status_code == 400
    assert response.json()["error"].startswith("illegal base64 data at input byte")


def test_the_official_ollama_client_sends_an_image_and_reads_the_vision_reply(sim) -> None:
    import ollama

    png = picture(5, 7)
    reply = ollama.Client(host=sim.url).chat(
        model="gemma3:4b", messages=[{"role": "user", "content": "what?", "images": [png]}]
    )
    assert f"5×7 PNG, sha256 {hashlib.sha256(png).hexdigest()[:12]}" in reply.message.content
    assert reply.prompt_eval_count is not None and reply.prompt_eval_count > 256  # an image costs tokens
