"""The embeddings view and the token probabilities, driven like a user against the simulator."""

from __future__ import annotations

import base64
import json

from textual.widgets import TextArea

from ollamux.api.hosts import Host
from ollamux.api.reply_extras import ReplyExtras
from ollamux.config import Config
from ollamux.core.clipboard import Clipboard
from ollamux.sim.workshop_models import EMBEDDER, install_workshop_models
from ollamux.ui.app import OllamuxApp
from ollamux.ui.embed.screen import EmbedScreen
from ollamux.ui.shared import Choose, Confirm
from ollamux.ui.tokens.screen import TokensScreen
from tests.ui_helpers import ask, screen_text, wait_until


def app_with_sink(url: str, tmp_path, sink: list[str]) -> OllamuxApp:
    config = Config(hosts=(Host("sim", url),), default_model="fast-model:latest", config_path=tmp_path / "config.toml",
                    data_dir=tmp_path / "data", restore_sessions=False)
    return OllamuxApp(config, clipboard=Clipboard(sink.append, environ={}, local=None))


def embed_bodies(sim) -> list[dict]:
    return [r.body for r in sim.requests if r.path == "/api/embed"]


async def test_an_embedder_offered_for_chat_opens_its_view_which_embeds_and_copies_a_vector(sim, tmp_path):
    install_workshop_models(sim.state, sim.now())
    sink: list[str] = []
    app = app_with_sink(sim.url, tmp_path, sink)
    async with app.run_test(size=(80, 24)) as pilot:
        bench = app.workbench
        sessions = len(bench.sessions)
        bench.run_worker(bench.open_for_chat("sim", EMBEDDER.name))  # as the picker's Enter does
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "embedding model" in app.screen.question and "cannot chat" in app.screen.question
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, EmbedScreen))
        assert len(bench.sessions) == sessions  # no chat session on it
        app.screen.query_one(TextArea).text = "the cat sat on the mat\n\nthe cat sat\nbond yields rose"
        await pilot.press("tab", "3", "2", "ctrl+r")
        await wait_until(pilot, lambda: "Cosine similarity" in screen_text(app))
        assert embed_bodies(sim)[-1] == {"model": EMBEDDER.name, "dimensions": 32,
                                         "input": ["the cat sat on the mat", "the cat sat", "bond yields rose"]}
        text = screen_text(app)
        assert "32 dims" in text and "1 the cat sat o…" in text and "1.000" in text
        await pilot.press("alt+y")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose))
        await pilot.press("2")
        await wait_until(pilot, lambda: bool(sink))
        copied = json.loads(base64.b64decode(sink[-1].removeprefix("\x1b]52;c;").removesuffix("\x07")))
        assert copied == list(app.screen.embedded[1].vectors[1]) and len(copied) == 32

        long = " ".join(["word"] * EMBEDDER.context_length) + " tail"
        app.screen.query_one(TextArea).text = long
        await pilot.press("ctrl+t", "ctrl+r")  # truncate off: the server refuses, in its words
        await wait_until(pilot, lambda: "input length exceeds the context length" in screen_text(app))
        assert embed_bodies(sim)[-1]["truncate"] is False and "ctrl+t turns truncate on" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, EmbedScreen))


async def test_logprobs_asked_for_show_per_token_for_the_last_reply(sim, tmp_path):
    app = app_with_sink(sim.url, tmp_path, [])
    async with app.run_test(size=(80, 24)) as pilot:
        view = await ask(pilot, "hi")
        app.workbench.action_token_probabilities()  # none asked for: it says how to get them
        await wait_until(pilot, lambda: any("Turn logprobs on" in n.message for n in app._notifications))
        # What the inspector's reply extras set (opening it here would double this test's time).
        view.session.extras = ReplyExtras(logprobs=True, top_logprobs=3)
        await ask(pilot, "hello again")
        body = [r.body for r in sim.requests if r.path == "/api/chat"][-1]
        assert (body["logprobs"], body["top_logprobs"]) == (True, 3)
        app.workbench.action_token_probabilities()
        await wait_until(pilot, lambda: isinstance(app.screen, TokensScreen))
        reply = view.session.messages[-1]
        assert app.screen.tokens == tuple(reply.logprobs) and reply.logprobs
        assert "tokens ·" in screen_text(app) and "%" in screen_text(app)
