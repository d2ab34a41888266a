"""Local files a Modelfile names: finding them, hashing them, and the blob calls on the simulator."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncGenerator
from contextlib import aclosing
from pathlib import Path

import pytest

from ollamux.api.create import create_body
from ollamux.api.errors import HTTPStatusError
from ollamux.api.hosts import Host
from ollamux.api.job_errors import CreateFailed
from ollamux.api.ollama import OllamaClient
from ollamux.core.blob_files import FileHasher, file_digest, local_files
from ollamux.core.modelfile import ModelfileError, parse_modelfile
from ollamux.sim import SimServer

pytest_plugins = ["tests.sim_fixtures"]

WEIGHTS = b"GGUF" + bytes(range(256)) * 40  # 10 KiB and a bit: several chunks of 4 KiB


def sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def test_a_file_is_hashed_in_chunks_with_progress(tmp_path: Path) -> None:
    path = tmp_path / "tiny.gguf"
    path.write_bytes(WEIGHTS)
    seen: list[int] = []
    assert file_digest(path, seen.append, chunk_bytes=4096) == sha(WEIGHTS)
    assert seen == [4096, 8192, len(WEIGHTS)]
    stopped = FileHasher(path, chunk_bytes=4096)
    assert stopped.step() and stopped.done == 4096
    stopped.close()  # stopping half way leaves nothing open, and no more steps
    assert not stopped.step()


def test_paths_are_read_from_the_modelfiles_folder_and_home(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "tiny.gguf").write_bytes(WEIGHTS)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "lora.gguf").write_bytes(b"lora")
    parsed = parse_modelfile("# mine\nFROM ./tiny.gguf\nADAPTER ~/lora.gguf\n")
    found = local_files(parsed, tmp_path / "models", home=tmp_path / "home")
    assert [(f.written, f.path, f.size, f.line) for f in found] == [
        ("./tiny.gguf", tmp_path / "models" / "tiny.gguf", len(WEIGHTS), 2),
        ("~/lora.gguf", tmp_path / "home" / "lora.gguf", 4, 3),
    ]
    body = create_body(parsed.to_request("mine", {"./tiny.gguf": sha(WEIGHTS), "~/lora.gguf": sha(b"lora")}))
    assert body["files"] == {"tiny.gguf": sha(WEIGHTS)} and body["adapters"] == {"lora.gguf": sha(b"lora")}
    assert "from" not in body


def test_a_missing_file_or_a_folder_is_named_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ModelfileError, match=rf"line 3: no such file: {tmp_path}/gone\.gguf"):
        local_files(parse_modelfile("FROM llama3.2\n\nADAPTER ./gone.gguf\n"), tmp_path)
    (tmp_path / "weights").mkdir()
    with pytest.raises(ModelfileError, match=r"line 1: .*weights is a folder"):
        local_files(parse_modelfile("FROM ./weights\n"), tmp_path)
    assert local_files(parse_modelfile("FROM llama3.2\n"), tmp_path) == []


@pytest.fixture
async def client(sim: SimServer) -> AsyncGenerator[OllamaClient, None]:
    ollama = OllamaClient(Host("sim", sim.url))
    yield ollama
    await ollama.aclose()


async def test_a_blob_is_checked_uploaded_then_known_and_a_model_made_of_it(
        sim: SimServer, client: OllamaClient, tmp_path: Path) -> None:
    path = tmp_path / "tiny.gguf"
    path.write_bytes(WEIGHTS)
    digest, workshop, sent = sha(WEIGHTS), client.workshop, []
    assert await workshop.blob_exists(digest) is False
    await workshop.upload_blob(path, digest, sent.append)
    assert sent[-1] == len(WEIGHTS)
    assert await workshop.blob_exists(digest) is True
    assert [(r.method, r.path) for r in sim.requests] == [("HEAD", f"/api/blobs/{digest}"),
                                                         ("POST", f"/api/blobs/{digest}"),
                                                         ("HEAD", f"/api/blobs/{digest}")]
    request = parse_modelfile("FROM ./tiny.gguf\nSYSTEM terse\n").to_request("tiny", {"./tiny.gguf": digest})
    async with aclosing(workshop.create(request)) as lines:
        assert [line.status async for line in lines][-1] == "success"
    assert "tiny:latest" in [model.name for model in await client.list_models()]


async def test_a_wrong_digest_and_a_blob_never_sent_are_refused(
        client: OllamaClient, tmp_path: Path) -> None:
    path = tmp_path / "tiny.gguf"
    path.write_bytes(WEIGHTS)
    wrong = sha(b"other bytes")
    with pytest.raises(HTTPStatusError, match="digest mismatch") as refused:
        await client.workshop.upload_blob(path, wrong)
    assert refused.value.status == 400
    assert await client.workshop.blob_exists(wrong) is False
    request = parse_modelfile("FROM ./tiny.gguf\n").to_request("tiny", {"./tiny.gguf": wrong})
    with pytest.raises(CreateFailed, match="no such file"):
        async with aclosing(client.workshop.create(request)) as lines:
            async for _line in lines:
                pass
