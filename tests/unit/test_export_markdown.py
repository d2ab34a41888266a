"""Markdown export: the transcript a user copies or saves."""

from __future__ import annotations

from ollamux.api.events import Stats, ToolCall
from ollamux.core.export import close_fences, fenced, to_markdown
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.stats_words import EXPORTED, format_stats


def sample() -> Session:
    session = Session(host="gpu-box", model="qwen3:8b", title="Sorting", system_prompt="Be terse.")
    session.messages = [
        ChatMessage(role="user", content="Sort this:\n\n```python\nx = [3, 1]\n```"),
        ChatMessage(role="assistant", content="Use `sorted`:\n\n```python\nsorted(x)\n```",
                    thinking="They want a sort.",
                    stats=Stats(prompt_tokens=10, generated_tokens=50, generation_seconds=2.0,
                                total_seconds=2.5, done_reason="stop"),
                    first_token_seconds=0.3),
        ChatMessage(role="assistant", content="Partial ```py\ndef f(", status=Status.STOPPED),
        ChatMessage(role="assistant", content="", status=Status.ERROR,
                    error="model 'x' not found", hint="Pull it with `ollama pull x`."),
        ChatMessage(role="assistant", tool_calls=[ToolCall("weather", {"city": "Zürich"}, id="c1")]),
    ]
    return session


def test_structure() -> None:
    md = to_markdown(sample())
    assert md.startswith("# Sorting\n\n`qwen3:8b` @ `gpu-box`\n")
    assert "## System prompt\n\nBe terse.\n" in md
    assert "## You\n\nSort this:\n\n```python\nx = [3, 1]\n```\n" in md
    assert md.count("## qwen3:8b") == 4
    assert "Use `sorted`:\n\n```python\nsorted(x)\n```\n" in md
    assert "*50 tokens · 25.0 tok/s · prompt 10 · TTFT 0.30 s · 2.50 s total*" in md
    assert "> **[stopped]**" in md
    assert "> **[error]** model 'x' not found\n>\n> Pull it with `ollama pull x`." in md
    assert '```json\n{\n  "name": "weather",\n  "arguments": {\n    "city": "Zürich"\n  },\n  "id": "c1"\n}\n```' in md
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_thinking_only_when_asked() -> None:
    assert "They want a sort." not in to_markdown(sample())
    md = to_markdown(sample(), thinking=True)
    assert "<details><summary>Thinking</summary>\n\nThey want a sort.\n\n</details>" in md


def test_unclosed_fence_in_a_stopped_reply_is_closed() -> None:
    md = to_markdown(sample())
    # The stopped reply's open ```py block is closed, so the marker after it renders.
    assert "Partial ```py\ndef f(" in md  # inline ``` is not a fence
    assert close_fences("a\n```py\ndef f(") == "a\n```py\ndef f(\n```"
    assert close_fences("````\n```\nstill code") == "````\n```\nstill code\n````"
    assert close_fences("```\nx\n```\n") == "```\nx\n```"
    assert close_fences("~~~\nx\n```") == "~~~\nx\n```\n~~~"


def test_fenced_outgrows_backticks_inside() -> None:
    assert fenced("a ``` b", "json") == "````json\na ``` b\n````"


def test_untitled_and_roles() -> None:
    session = Session(host="h", model="m")
    session.messages = [ChatMessage(role="tool", content="42")]
    md = to_markdown(session)
    assert md.startswith("# Untitled session\n")
    assert "## Tool\n\n42\n" in md


def test_an_export_words_the_figures_as_the_screen_does() -> None:
    stats = Stats(prompt_tokens=1, generated_tokens=2, done_reason="length")
    assert format_stats(stats, None, EXPORTED) == "2 tokens · prompt 1 · truncated (length limit)"
    assert format_stats(stats).endswith("prompt 1 · truncated (length limit)")  # the line under the reply
    odd = Stats(generated_tokens=2, done_reason="cut\x1b[31m\nshort")
    assert format_stats(odd, None, EXPORTED) == "2 tokens · ended: cut short"


def test_settings_sent_are_listed_under_the_reply_and_shown_as_written() -> None:
    session = sample()
    session.messages[1].sent = {"temperature": 0.2, "stop": ["**", "# end"], "think": "high"}
    md = to_markdown(session)
    assert r'*sent temperature=0.2 stop=\["\*\*", "\# end"\] think=high*' in md
    assert md.count("*sent ") == 1  # replies asked with the model's own settings say nothing
