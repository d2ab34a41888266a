"""The first reply's fences find their lexers made: the warm-up paid for them."""

from __future__ import annotations

from ollamux.ui.markdown import highlight
from ollamux.ui.markdown.warm_up import COMMON_LANGUAGES, warm_up


def test_warming_up_makes_the_common_lexers_in_light_and_dark(monkeypatch) -> None:
    monkeypatch.setattr(highlight, "_lexers", {})
    warm_up(dark=True)
    warm_up(dark=False)
    assert set(COMMON_LANGUAGES) <= set(highlight._lexers)
    assert highlight._lexers["python"].name == "Python"
