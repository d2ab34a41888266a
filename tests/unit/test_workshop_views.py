"""The pure pieces of the embeddings view, the model marks, reply extras and token probabilities."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from ollamux.api.events import Content, Done, Stats
from ollamux.api.logprobs import Alternative, Logprobs, TokenLogprob
from ollamux.api.models import ModelInfo
from ollamux.api.reply_extras import ReplyExtras
from ollamux.core.embedding_text import (
    dimensions_value,
    embedding_only,
    matrix_lines,
    texts_to_embed,
    vector_json,
    vector_preview,
)
from ollamux.core.logprob_text import percent, summary, token_rows
from ollamux.core.session import Session
from ollamux.core.session_toml import session_from_toml, session_to_toml
from ollamux.core.similarity import cosine_matrix
from ollamux.ui.inspector.reply_extras import top_logprobs_value
from ollamux.ui.models import rows
from ollamux.ui.models.marks import mark_words


def test_texts_dimensions_and_a_vector_as_json() -> None:
    assert texts_to_embed("  the cat \n\n a dog\n   \n") == ("the cat", "a dog")
    assert dimensions_value(" ") is None and dimensions_value("64") == 64
    for bad in ("0", "-3", "6.5", "lots"):
        with pytest.raises(ValueError, match="whole number above 0"):
            dimensions_value(bad)
    vector = (0.1, -0.25, 1e-07, 0.3333333333333333, 0.0)
    assert json.loads(vector_json(vector)) == list(vector)  # every digit, back as it was
    assert vector_preview(vector) == "[0.1000, -0.2500, 0.0000, 0.3333, …]"
    assert vector_preview((0.5, 0.5)) == "[0.5000, 0.5000]"


def test_the_similarity_matrix_reads_as_a_table() -> None:
    texts = ["the cat sat on the mat", "a dog", "zero"]
    lines = matrix_lines(texts, cosine_matrix([(1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]))
    assert lines == [
        "                      1      2      3",
        "1 the cat sat o…  1.000  0.707      ·",
        "2 a dog           0.707  1.000      ·",
        "3 zero                ·      ·      ·",
    ]


def test_embedders_are_marked_and_not_for_chat_and_cloud_models_badged() -> None:
    assert embedding_only(("embedding",)) and not embedding_only(("completion", "embedding"))
    embedder = ModelInfo("all-minilm:22m", size=45_960_996, parameter_size="23M", quantization="F16")
    cloud = ModelInfo("gpt-oss:20b-cloud", size=384, parameter_size="20.9B", quantization="MXFP4",
                      remote_model="gpt-oss:20b", remote_host="https://ollama.com:443")
    picker_row = str(rows.model_row(embedder, width=100, name_cells=20, capabilities=("embedding",), marked=None))
    assert picker_row.rstrip().endswith("embed no chat")
    cloud_row = str(rows.model_row(cloud, width=100, name_cells=20, capabilities=("completion",), marked=None))
    assert cloud_row.rstrip().endswith("cloud")
    now = datetime.now(UTC)
    wide = str(rows.installed_row(embedder, now, 76, mark_words(embedder, ("embedding",))))
    assert wide.startswith("  all-minilm:22m embed ") and "45 MB" in wide
    narrow = str(rows.installed_row(cloud, now, 46, mark_words(cloud, ("completion",)))).split("\n")
    assert narrow[0].strip() == "gpt-oss:20b-cloud" and narrow[1].rstrip().endswith("MXFP4   cloud")
    plain = ModelInfo("qwen3:8b", size=5_000_000_000, parameter_size="8.2B", quantization="Q4_K_M")
    assert mark_words(plain, ("completion", "tools")) == []


def test_reply_extras_go_with_the_request_and_the_file_and_logprobs_stay_on_the_reply() -> None:
    session = Session(host="sim", model="qwen3:8b")
    session.extras = ReplyExtras(logprobs=True, top_logprobs=3, truncate=False)
    session.add_user("hi")
    assert session.request().extras.wire() == {"logprobs": True, "top_logprobs": 3, "truncate": False}
    reply = session.start_reply()
    token = TokenLogprob("Hi", -0.1, (Alternative("Hi", -0.1), Alternative("Hello", -2.5)))
    for event in (Content("Hi"), Logprobs((token,)), Done(Stats())):
        session.apply(event)
    assert reply.logprobs == [token]
    text = session_to_toml(session)
    assert "[reply_extras]" in text and "logprob = " not in text  # the probabilities are not saved
    again = session_from_toml(text)
    assert again.extras == session.extras and again.messages[-1].logprobs == []
    assert session.fork(1).extras == session.extras
    assert "reply_extras" not in session_to_toml(Session(host="sim", model="m"))  # nothing when unset
    broken = text.replace("top_logprobs = 3", "top_logprobs = 99")
    assert session_from_toml(broken).extras == ReplyExtras(logprobs=True, truncate=False)


def test_top_logprobs_in_the_inspector_and_the_token_rows() -> None:
    assert top_logprobs_value("") is None and top_logprobs_value("20") == 20
    for bad in ("21", "-1", "x"):
        with pytest.raises(ValueError, match="between 0 and 20"):
            top_logprobs_value(bad)
    tokens = [
        TokenLogprob(" Paris", -0.01, (Alternative(" Paris", -0.01), Alternative(" Lyon", -5.0))),
        TokenLogprob("\n", -1.2),
    ]
    shown = token_rows(tokens)
    assert (shown[0].token, shown[0].probability, shown[0].alternatives) == ("·Paris", "99.0%", "·Lyon 0.67%")
    assert (shown[1].token, shown[1].probability, shown[1].alternatives) == ("⏎", "30.1%", "")
    assert summary(tokens) == "2 tokens · 1 below 50% · least sure: ⏎ 30.1%"
    assert percent(1e-6) == "<0.01%"
