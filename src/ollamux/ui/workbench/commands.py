"""The command palette's entries that act on the workbench: sessions, panels, models."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ollamux.ui import compact
from ollamux.ui.chat import CompareScreen, continue_reply
from ollamux.ui.workbench.bindings import MODEL_COMMANDS, WORKSHOP_COMMANDS
from ollamux.ui.workbench.screen import WorkbenchScreen


def completion_commands(bench: WorkbenchScreen) -> Iterable[SystemCommand]:
    """Completion sessions (/api/generate): open one; raw and template for the one on screen."""
    from ollamux.ui.completion import CompletionView  # at first use: start-up time

    yield SystemCommand("New completion session", "Raw completion or fill-in-the-middle on a model you pick "
                        "(alt+g in the ctrl+n picker)", bench.action_new_completion)
    view = bench.workspace.active_view
    if isinstance(view, CompletionView):
        yield SystemCommand("Completion: raw on/off", "Send the prompt as is, without the model's template (alt+r)",
                            view.action_toggle_raw)
        yield SystemCommand("Completion: template", "Show or hide the template override (alt+i)",
                            view.action_toggle_template)


def workbench_commands(
    bench: WorkbenchScreen, shown: Screen[Any], help: Callable[[], object]
) -> Iterable[SystemCommand]:
    """The palette's entries for the sessions; `shown` is the screen it opened over."""
    yield SystemCommand("New session", "Pick a model and open a session on it (ctrl+n)", bench.action_new_session)
    yield from completion_commands(bench)
    yield SystemCommand("Compare models", "Send one prompt to several models (ctrl+o)", bench.action_compare)
    yield SystemCommand(
        "Close session",
        "Close the active session; its draft is kept (F12)",
        bench.action_close_session,
    )
    yield SystemCommand("Rename session", "Give the active session a title (F2)", bench.action_rename_session)
    yield SystemCommand("Help", "Every key, by where it works (F1)", help)
    yield SystemCommand("Go to session…", "A list of every open session (ctrl+g)", bench.action_list_sessions)
    yield SystemCommand(
        "Copy a code block",
        "Label every code block; one key copies it (ctrl+y)",
        bench.action_copy_mode,
    )
    yield SystemCommand(
        "Edit last prompt",
        "Take the last prompt back to edit and resend it; F7 again puts it and its reply back (F7)",
        bench.action_edit_last_prompt,
    )
    yield SystemCommand(
        "Fork session",
        "Copy this session up to a chosen message into a new tab (F8)",
        bench.action_fork_session,
    )
    yield SystemCommand(
        "Change model or host",
        "Move this session to another model or host; kept in its file (F10)",
        bench.action_change_model,
    )
    yield SystemCommand(
        "Export to Markdown",
        "Write this session to a Markdown file, with or without thinking (F6)",
        bench.action_export_markdown,
    )
    yield SystemCommand("Saved sessions", "Open, rename or delete saved sessions (F4)", bench.action_browse_sessions)
    yield SystemCommand(
        "Options inspector",
        "System prompt, think, format, keep_alive and every option of this session (F5)",
        bench.action_toggle_inspector,
    )
    yield SystemCommand(
        "Apply a preset…",
        "Set this session's system prompt and settings from a saved preset (alt+p in the inspector)",
        bench.action_apply_preset,
    )
    yield SystemCommand(
        "Save as preset…",
        "Save this session's system prompt and settings as a preset (alt+s in the inspector)",
        bench.action_save_preset,
    )
    yield SystemCommand(
        "Find an option",
        "Open the inspector on its filter: type a name (F5, ctrl+f)",
        bench.action_find_option,
    )
    yield SystemCommand(
        "Models panel",
        "Installed and running models on every host (F3)",
        bench.action_toggle_models,
    )
    yield SystemCommand(
        "Embeddings", "Embed texts with an embedding model: vectors, cosine similarity, copy as JSON (e in F3)",
        bench.action_embeddings,
    )
    yield SystemCommand(
        "Token probabilities of the last reply",
        "Each token's probability and its likeliest alternatives (logprobs on in the inspector, F5)",
        bench.action_token_probabilities,
    )
    for title, action, help_text in MODEL_COMMANDS:
        yield SystemCommand(title, help_text, lambda a=action: bench.models_action(a))
    for title, action, help_text in WORKSHOP_COMMANDS:  # the model workshop (ui/workshop)
        yield SystemCommand(title, help_text, lambda a=action: bench.models_action(a))
    view = bench.workspace.active_view
    if view is not None:
        yield SystemCommand("Stop reply", "Stop the streaming reply (Escape or ctrl+c)", view.action_stop)
        yield SystemCommand("Regenerate", "Replace the last reply (ctrl+r)", view.action_regenerate)
        yield SystemCommand(
            "Continue reply", "Carry on the last reply where it was stopped or cut (alt+c, /continue)",
            lambda: continue_reply(view),
        )
        yield SystemCommand(
            "Toggle thinking", "Fold or unfold the last reply's thinking (ctrl+t)",
            lambda: view.run_action("transcript('toggle_thinking')"),
        )
        yield SystemCommand(
            "Tool calls", "Unfold or fold the tool calls of the message in view (alt+t)",
            lambda: view.run_action("transcript('toggle_tool_rows')"),
        )
        yield SystemCommand(
            "Open in pager",
            "Read the message in view whole in $PAGER (F9)",
            view.action_open_pager,
        )
        yield SystemCommand(
            "Attach a file", "Browse for a file or image to send with the next prompt (alt+a, or @PATH)",
            view.action_attach_file,
        )
        yield SystemCommand(
            "Save this session as a model",
            "A new model of this session's model, system prompt and options, examples if asked (alt+m)",
            bench.action_save_as_model,
        )
        yield SystemCommand(
            "Preview attachments", "Open a file sent with the message in view (alt+o)",
            view.action_preview_attachments,
        )
    if view is not None:
        yield SystemCommand(
            "Compact the chat", "A model summarises the earlier turns; the summary is sent instead (alt+s)",
            bench.action_compact,
        )
        yield SystemCommand(
            "Undo compaction", "Send the whole history again (alt+z)", bench.action_undo_compact,
        )
        yield SystemCommand(
            "Unfold summarised messages", "Show or fold the messages a compaction summarised",
            lambda: compact.toggle_fold(view),
        )
    if bench.last_compare is not None:
        yield SystemCommand(
            "Show comparison",
            "Back to the last side-by-side comparison (F11)",
            bench.action_show_compare,
        )
    if isinstance(shown, CompareScreen):
        for binding in CompareScreen.BINDINGS:
            if isinstance(binding, Binding) and binding.id and binding.id != "compare_back":
                yield SystemCommand(
                    f"Compare: {binding.description.lower()}", f"{binding.tooltip} ({binding.key})",
                    lambda a=binding.action: shown.run_action(a),
                )
    for number, other in enumerate(bench.workspace.views(), start=1):
        title = other.session.title or "new session"
        yield SystemCommand(
            f"Go to {number}: {title} · {other.session.model}",
            f"Switch to this session (alt+{number})" if number <= 9 else "Switch to this session",
            lambda n=number: bench.workspace.jump(n),
        )
