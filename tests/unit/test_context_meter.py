"""The context meter (ollamux.core.context_meter)."""

from __future__ import annotations

import pytest

from ollamux.api.events import Stats
from ollamux.core.context_meter import ContextUse, effective_context, format_tokens


@pytest.mark.parametrize(("ps", "session", "model", "expected"), [
    (8192, 4096, 131072, 8192),  # the loaded runner is the truth
    (None, 4096, 131072, 4096),  # not loaded: the session's override will apply
    (None, None, 131072, 131072),  # only the trained length is known
    (None, None, None, None),
    (0, None, 2048, 2048),  # zero or negative means "not reported"
    (-1, -1, None, None),
])
def test_effective_context_priority(ps: int | None, session: int | None, model: int | None,
                                    expected: int | None) -> None:
    assert effective_context(ps, session, model) == expected


@pytest.mark.parametrize(("count", "text"), [
    (0, "0"), (812, "812"), (1023, "1023"), (1024, "1k"), (3174, "3.1k"), (4096, "4k"),
    (1536, "1.5k"), (10_240, "10k"), (32_768, "32k"), (262_144, "256k"), (10_500, "10k"),
])
def test_format_tokens(count: int, text: str) -> None:
    assert format_tokens(count) == text


def test_from_stats_adds_prompt_and_reply() -> None:
    use = ContextUse.from_stats(Stats(prompt_tokens=3000, generated_tokens=174), 4096)
    assert use == ContextUse(3174, 4096)
    assert use.fraction == pytest.approx(0.7749, abs=1e-4)
    assert use.text() == "ctx 3.1k / 4k (77%)"
    assert not use.warning and not use.overflowing
    assert use.warning_text() == ""


def test_warning_from_ninety_percent() -> None:
    assert not ContextUse(3686, 4096).warning  # 89.99%
    use = ContextUse(3687, 4096)
    assert use.warning and not use.overflowing
    assert use.text() == "ctx 3.6k / 4k (90%)"
    assert use.warning_text() == (
        "⚠ nearly full: the oldest messages will soon be dropped. alt+s compacts the chat, F5 raises num_ctx.")


def test_overflowing_at_the_limit() -> None:
    use = ContextUse(4096, 4096)
    assert use.overflowing and use.warning
    assert use.text() == "ctx 4k / 4k (100%)"
    over = ContextUse(5000, 4096)
    assert over.overflowing and over.text() == "ctx 4.9k / 4k (122%)"
    assert over.warning_text() == (
        "⚠ full: the server silently drops the oldest messages. alt+s compacts the chat, F5 raises num_ctx.")


def test_percent_is_floored_so_full_means_full() -> None:
    assert ContextUse(4095, 4096).text() == "ctx 4k / 4k (99%)"


@pytest.mark.parametrize("limit", [None, 0])
def test_unknown_limit(limit: int | None) -> None:
    use = ContextUse(1500, limit)
    assert use.fraction is None
    assert not use.warning and not use.overflowing
    assert use.text() == "ctx 1.5k"
    assert use.warning_text() == ""
