"""Names a package exports but imports only when first asked for (start-up time).

A package's `__init__` keeps listing what it offers, so callers import as
before, while screens no start shows (dialogs, pickers, the help) are imported
when first opened.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module


def at_first_use(package: str, modules: dict[str, str]) -> Callable[[str], object]:
    """A module-level `__getattr__` for `package`: each name comes from its module in `modules`."""

    def __getattr__(name: str) -> object:
        if (module := modules.get(name)) is not None:
            return getattr(import_module(module), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
