"""A Modelfile on disk whose FROM is a local GGUF file: hashed, uploaded, created, listed."""

from __future__ import annotations

import hashlib

from textual.widgets import Input

from ollamux.ui.workshop.create_form import CreateScreen
from ollamux.ui.workshop.modelfile_path import AskModelfile
from tests.ui_helpers import has_line, make_app, models_shown, panel_lines, screen_text, wait_until


async def test_a_modelfile_from_a_local_gguf_uploads_it_then_creates_the_model(sim, tmp_path):
    weights = b"GGUF" + bytes(range(256)) * 64
    digest = "sha256:" + hashlib.sha256(weights).hexdigest()
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "tiny.gguf").write_bytes(weights)
    (folder / "Modelfile").write_text("FROM ./tiny.gguf\nSYSTEM Be brief.\n")
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await models_shown(pilot)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, AskModelfile))
        app.screen.query_one(Input).value = str(folder / "Modelfile")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateScreen))
        form = app.screen
        await pilot.press(*"tiny", "enter")
        await wait_until(pilot, lambda: form.done == "tiny:latest")
        shown = screen_text(app)
        assert "hash tiny.gguf  ✓ hashed" in shown and "upload tiny.gguf  ✓ uploaded" in shown
        await pilot.press("escape")
        await wait_until(pilot, lambda: has_line(panel_lines(app), "tiny:latest"))
    assert [(r.method, r.path) for r in sim.requests if r.path.startswith("/api/blobs/")] == [
        ("HEAD", f"/api/blobs/{digest}"), ("POST", f"/api/blobs/{digest}")]
    body = [r for r in sim.requests if r.path == "/api/create"][-1].body
    assert body == {"model": "tiny", "stream": True, "files": {"tiny.gguf": digest}, "system": "Be brief."}
