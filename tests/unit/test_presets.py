"""Presets: files in and out, bad files named, and what applying does on each backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from ollamux.api.capabilities import OLLAMA, OPENAI_COMPATIBLE
from ollamux.core.preset_apply import Known, apply_preset, misfits
from ollamux.core.preset_files import file_name, preset_from_session, save_preset
from ollamux.core.presets import Preset, bundled_presets_dir, load_preset_file, load_presets
from ollamux.core.session import Session


def test_a_session_saved_as_a_preset_reads_back_the_same(tmp_path: Path) -> None:
    session = Session(
        host="gpu", model="qwen3:8b", system_prompt='Review "this"\nline two\\ and """quotes"""',
        options={"temperature": 0.2, "num_ctx": 8192, "stop": ["<|end|>", "END "], "use_mmap": False,
                 "brand_new_option": 1, "mirostat": 2},
        think="high", keep_alive="10m", tool_choices={"files/read": True, "hand/ask": False},
        format={"type": "object", "properties": {"n": {"type": ["integer", "null"], "default": None}}},
    )
    captured = preset_from_session(session, "  Code   review 代码 ", "mine")
    assert captured.left_out == ["brand_new_option", "mirostat"]  # a preset file could not hold them
    path = save_preset(captured.preset, tmp_path)
    assert path.name == "code-review-代码.toml"
    loaded = load_preset_file(path)
    assert loaded == captured.preset and loaded.name == "Code review 代码" and loaded.model == "qwen3:8b"
    with pytest.raises(FileExistsError):
        save_preset(captured.preset, tmp_path)  # never overwritten unasked
    plain = Preset("x", options={"temperature": 1.0}, format={"type": "object"})
    assert load_preset_file(save_preset(plain, tmp_path)) == plain  # the schema as a TOML table


@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd", "etc-passwd.toml"), ("  ", "preset.toml"), ("CON:*?", "con.toml"),
    ("翻译 zh→en", "翻译-zh-en.toml"), ("a" * 100, "a" * 60 + ".toml"),
])
def test_file_names_are_safe(name: str, expected: str) -> None:
    assert file_name(name) == expected


def test_the_shipped_presets_all_load_cleanly() -> None:
    presets, problems = load_presets(None)
    assert problems == []
    assert len(presets) == len(list(bundled_presets_dir().glob("*.toml"))) >= 3
    assert all(p.shipped and p.system and p.description for p in presets)
    assert any(p.format == "json" for p in presets)


def test_bad_files_are_named_with_the_reason_and_the_rest_still_load(tmp_path: Path) -> None:
    files = {
        "syntax.toml": 'name = "a"\nsystem = """unclosed',
        "types.toml": 'name = "b"\noptions = { temperature = "hot" }',
        "unknown.toml": 'name = "c"\n[options]\ntemprature = 0.5',
        "value.toml": 'name = "d"\n[options]\nnum_ctx = 4096.5',
        "top.toml": 'name = "e"\ntemperature = 0.5',
        "think.toml": 'name = "f"\nthink = "very"',
        "alive.toml": 'name = "g"\nkeep_alive = "3600"',
        "good.toml": 'name = "Code reviewer"\nsystem = "mine"',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    presets, problems = load_presets(tmp_path)
    said = dict(line.split(" skipped: ") for line in problems)
    assert said["preset file syntax.toml"].startswith("invalid TOML")
    assert said["preset file types.toml"] == "option temperature must be a number, got a string"
    assert said["preset file unknown.toml"] == "unknown option 'temprature'; did you mean temperature?"
    assert said["preset file value.toml"] == "option num_ctx must be a whole number, got '4096.5'"
    assert said["preset file top.toml"] == "temperature is an option: put it under [options]"
    assert "think must be" in said["preset file think.toml"]
    assert "missing unit" in said["preset file alive.toml"]
    reviewer = next(p for p in presets if p.name == "Code reviewer")
    assert reviewer.system == "mine" and not reviewer.shipped  # the user's replaces the shipped one
    assert len(presets) == len(load_presets(None)[0])


def test_what_does_not_fit_is_named_for_each_backend() -> None:
    preset = Preset("p", options={"num_ctx": 8192, "temperature": 0.3, "max_tokens": 100,
                                  "reasoning_effort": "low", "num_predict": 50},
                    think=True, keep_alive="1h", model="qwen3:8b")
    assert misfits(preset, OLLAMA, "gpu", Known(["qwen3:8b"])) == [
        "max_tokens: Ollama does not take it (Ollama calls it num_predict)",
        "reasoning_effort: Ollama does not take it (think does that on Ollama)",
    ]
    assert misfits(preset, OLLAMA, "gpu", Known(["qwen3:8b"], thinks=False), "llama3")[-1] == (
        "think on: llama3 does not think")  # true would be a 400 there
    assert misfits(preset, OPENAI_COMPATIBLE, "deepseek", Known(["deepseek-chat"])) == [
        "num_ctx: this API does not take it (the server sets the context)",
        "think on: this API thinks by reasoning_effort",
        "keep_alive 1h: this API does not take it",
        "model qwen3:8b: not on host deepseek",
    ]


def test_applying_sets_what_fits_and_says_what_changed() -> None:
    session = Session(host="gpu", model="llama3", system_prompt="old", format="json", think=False,
                      options={"num_ctx": 16384, "temperature": 0.9, "top_k": 10}, tool_choices={"a/b": True})
    preset = Preset("p", system="new", options={"temperature": 0.2, "max_tokens": 5}, think="low",
                    model="qwen3:8b")
    applied = apply_preset(preset, session, OLLAMA, Known(["llama3:latest"], thinks=True))
    # The machine's num_ctx stays; the task's options, format and think follow the preset.
    assert session.options == {"num_ctx": 16384, "temperature": 0.2}
    assert (session.system_prompt, session.format, session.think) == ("new", None, "low")
    assert session.tool_choices == {"a/b": True} and session.model == "llama3"
    assert [str(c) for c in applied.changes] == [
        "system prompt: old → new", "think: false → low", "format: json → none",
        "temperature: 0.9 → 0.2", "top_k: 10 → default",
    ]
    assert applied.misfits == ["max_tokens: Ollama does not take it (Ollama calls it num_predict)",
                               "model qwen3:8b: not on host gpu"]
    openai = Session(host="ds", model="deepseek-chat")
    apply_preset(Preset("q", think="high", keep_alive="5m", options={"num_predict": 9}), openai, OPENAI_COMPATIBLE)
    assert (openai.think, openai.keep_alive, openai.options) == (None, None, {"num_predict": 9})
    plain = Session(host="gpu", model="llama3", think=False)
    apply_preset(Preset("r", think="high"), plain, OLLAMA, Known(thinks=False))
    assert plain.think is False  # left as it was: "high" would be refused
