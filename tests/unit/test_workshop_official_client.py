"""The simulator's workshop endpoints read by the official `ollama` client.

If the official client parses generate, create, push and embed as the simulator
serves them, the simulator speaks the real wire format, not a dialect of ours.
"""

from __future__ import annotations

import math

import ollama
import pytest

from ollamux.sim import SimServer
from ollamux.sim.workshop_models import EMBEDDER, FIM_BASE, install_workshop_models

pytest_plugins = ["tests.sim_fixtures"]


@pytest.fixture
def official(sim: SimServer) -> ollama.Client:
    install_workshop_models(sim.state, sim.now())
    return ollama.Client(host=sim.url)


def test_generate_streams_suffix_raw_and_logprobs(official: ollama.Client) -> None:
    chunks = list(official.generate(FIM_BASE.name, "def add(a, b):\n", suffix="\nprint(add(1, 2))",
                                    stream=True, logprobs=True, top_logprobs=2))
    assert chunks[-1].done and chunks[-1].done_reason == "stop" and chunks[-1].eval_count
    middle = "".join(chunk.response or "" for chunk in chunks)
    assert middle.startswith("    # between 'b' and 'print'")
    entries = [entry for chunk in chunks for entry in chunk.logprobs or ()]
    assert "".join(entry.token for entry in entries) == middle
    assert all(entry.logprob <= 0 and len(entry.top_logprobs or ()) == 2 for entry in entries)
    whole = official.generate("demo-coder:7b", "It was a dark and stormy night", raw=True)
    assert "stormy night" in (whole.response or "") and whole.done
    with pytest.raises(ollama.ResponseError) as refused:
        official.generate("demo-coder:7b", "x", raw=True, system="no")
    assert refused.value.status_code == 400


def test_create_then_show_and_list(official: ollama.Client) -> None:
    statuses = [p.status for p in official.create(
        "terse", from_="qwen3:8b", system="One line only.",
        parameters={"temperature": 0.1, "stop": ["###"]}, stream=True)]
    assert statuses[-2:] == ["writing manifest", "success"]
    assert "terse:latest" in [model.model for model in official.list().models]
    shown = official.show("terse")
    assert shown.parameters and "temperature                    0.1" in shown.parameters
    assert '"###"' in shown.parameters and "One line only." in (shown.modelfile or "")
    with pytest.raises(ollama.ResponseError, match="file does not exist"):
        list(official.create("x", from_="nowhere:1b", stream=True))


def test_push_progress_and_refusal(official: ollama.Client) -> None:
    official.copy("qwen3:8b", "demo/qwen3")
    lines = list(official.push("demo/qwen3", stream=True))
    assert lines[0].status == "retrieving manifest" and lines[-1].status == "success"
    assert any(line.digest and line.completed == line.total for line in lines)
    with pytest.raises(ollama.ResponseError, match="unauthorized"):
        list(official.push("qwen3:8b", stream=True))
    with pytest.raises(ollama.ResponseError) as whole:
        official.push("qwen3:8b")  # stream false: the error as a 500
    assert whole.value.status_code == 500


def test_embed_vectors_are_unit_length_and_dimensions_honoured(official: ollama.Client) -> None:
    reply = official.embed(EMBEDDER.name, ["kittens play", "kittens sleep", "rates rise"],
                           dimensions=32)
    assert len(reply.embeddings) == 3 and {len(v) for v in reply.embeddings} == {32}
    for vector in reply.embeddings:
        assert math.isclose(math.fsum(x * x for x in vector), 1.0, rel_tol=1e-5)
    again = official.embed(EMBEDDER.name, "kittens play", dimensions=32)
    assert again.embeddings[0] == reply.embeddings[0]  # deterministic
    assert reply.prompt_eval_count == 6
