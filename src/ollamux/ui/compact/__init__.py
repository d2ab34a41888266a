"""Compacting a long chat: which model summarises, the summary streaming in, undo."""

from ollamux.ui.compact.flow import (
    before_regenerate,
    compacting,
    start_compaction,
    stop_compaction,
    tell_problem,
    toggle_fold,
    undo_compaction,
)

__all__ = ["before_regenerate", "compacting", "start_compaction", "stop_compaction", "tell_problem",
           "toggle_fold", "undo_compaction"]
