"""What a completion session sends besides a chat's settings (see core/completion.py).

Apart from the requests and the backend so that `core/session.py`, which every
session reader imports (the search workers too), stays free of the HTTP stack.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CompletionSettings:
    suffix: str = ""  # the suffix being edited: it goes with the next run
    raw: bool = False  # the prompt goes to the model as is, without its template
    template: str | None = None  # None: the model's own template
