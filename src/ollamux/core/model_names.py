"""Is a model name on a host's list, and which listed names is a typo nearest to?"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

NEAREST_COUNT = 3
# difflib's ratio; below this a name is no longer "what you probably meant".
NEAREST_CUTOFF = 0.6


def is_listed(model: str, names: Sequence[str]) -> bool:
    """True when the host has it; Ollama reads a name without a tag as `:latest`."""
    return model in names or (":" not in model and f"{model}:latest" in names)


def nearest_names(model: str, names: Sequence[str]) -> list[str]:
    """The listed names closest to `model`, best first (none when nothing is close)."""
    found = difflib.get_close_matches(model, list(names), n=NEAREST_COUNT, cutoff=NEAREST_CUTOFF)
    if not found:
        # `qwen3` for `qwen3:8b`: the part before the tag may match where the whole does not.
        base = model.split(":", 1)[0]
        found = [name for name in names if name.split(":", 1)[0] == base][:NEAREST_COUNT]
    return found


def did_you_mean(model: str, names: Sequence[str]) -> str:
    """`did you mean qwen3:8b or qwen3:4b?`, or "" when no listed name is near."""
    found = nearest_names(model, names)
    if not found:
        return ""
    if len(found) == 1:
        return f"did you mean {found[0]}?"
    return f"did you mean {', '.join(found[:-1])} or {found[-1]}?"
