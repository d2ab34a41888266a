"""Every key of the workbench, in one table: the screen binds them, the help lists them.

Footer words are short (the footer must fit 80 columns); the tooltip is what the help says.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

# Stop, regenerate, thinking and pager act on the session on screen from every
# panel of the workbench (the models panel, the inspector), not only from inside
# the chat view. The footer shows Stop only while a reply streams and Retry only
# when there is a reply to ask again for: at 80 columns there is room for one.
SESSION_KEYS = [
    # Not priority: a dialog's Escape, the models filter's Escape come first.
    Binding("escape", "stop", "Stop", id="stop", show=False, tooltip="Stop reply (ctrl+c does too)"),
    # Priority, as it must beat the prompt's copy; it lets the key through
    # (to copy a selection) whenever nothing streams: see `check_action`. The
    # footer shows this one: text fields bind ctrl+c too, which puts it first.
    Binding("ctrl+c", "stop", "Stop", id="interrupt", priority=True,
            tooltip="Stop reply, as in `ollama run`; with nothing streaming, copy the selection"),
    Binding("ctrl+r", "regenerate", "Retry", id="regenerate", tooltip="Regenerate the last reply"),
    # When the last reply can be continued, Continue takes Retry's place in the
    # footer (room for one at 80 columns) and this unlisted twin keeps ctrl+r
    # retrying; its id is Retry's, so remapping `regenerate` moves both.
    Binding("ctrl+r", "retry", "", id="regenerate", show=False),
    # alt+letter, as below; ctrl+e is readline's end of line.
    Binding("alt+c", "continue_reply", "Go on", id="continue_reply", priority=True,
            tooltip="Continue the last reply where it was stopped, cut by the length limit or broken off (/continue)"),
    Binding("ctrl+t", "toggle_thinking", "Toggle thinking", id="toggle_thinking", priority=True, show=False),
    Binding("f9", "open_pager", "Open the message in view whole in $PAGER", id="open_pager", show=False),
    # alt+letter arrives over SSH and through tmux (ESC, then the letter); ctrl+a and
    # ctrl+o are readline's and Compare's. Priority: the prompt would type the letter.
    Binding("alt+a", "attach_file", "Attach", id="attach_file", show=False, priority=True,
            tooltip="Attach a file or image to the next prompt: browse, filter, preview (or type @PATH)"),
    Binding("alt+o", "preview_attachments", "Open attachment", id="preview_attachments", show=False, priority=True,
            tooltip="Preview a file sent with the message in view (or a chip's: shift+tab, Enter)"),
    Binding("alt+t", "toggle_tool_rows", "Tool calls", id="toggle_tool_rows", show=False, priority=True,
            tooltip="Expand or fold the tool calls of the message in view"),
]
SESSION_ACTIONS = {
    "continue_reply", "retry",
    "stop", "regenerate", "toggle_thinking", "open_pager", "attach_file", "preview_attachments", "toggle_tool_rows",
}

WORKBENCH_KEYS = [
    Binding("ctrl+n", "new_session", "New", id="new_session", priority=True, tooltip="New session"),
    Binding("ctrl+o", "compare", "Compare", id="compare", priority=True, tooltip="Compare models"),
    # F12: a key no text field uses (ctrl+w deletes a word, as in readline), that
    # arrives over plain SSH and inside tmux, unlike ctrl+f4 or ctrl+shift+w.
    Binding("f12", "close_session", "Close session", id="close_session", priority=True, show=False,
            tooltip="Close session (asks if a reply or a draft is at stake; the draft is kept with it)"),
    # F11, not F12 (closing) or F10 (change model): terminals that keep F11 for
    # full screen leave the palette's "Show comparison" and `show_compare` to remap.
    Binding("f11", "show_compare", "Last comparison", id="show_compare", priority=True, show=False),
    Binding("f2", "rename_session", "Rename session", id="rename_session", show=False),
    Binding("alt+right,ctrl+pagedown", "step_session(1)", "Next session", id="next_session", priority=True, show=False),
    Binding("alt+left,ctrl+pageup", "step_session(-1)", "Previous session", id="previous_session",
            priority=True, show=False),
    Binding("ctrl+y", "copy_mode", "Copy", id="copy_mode", priority=True),
    *SESSION_KEYS,
    Binding("f3", "toggle_models", "Models", id="toggle_models", priority=True),
    Binding("f5", "toggle_inspector", "Options", id="toggle_inspector", priority=True),
    Binding("f6", "export_markdown", "Export to Markdown", id="export_markdown", priority=True, show=False),
    Binding(
        "f7", "edit_last_prompt", "Edit last prompt", id="edit_last_prompt", priority=True, show=False,
        tooltip="Edit last prompt (its reply is removed; F7 again, before sending, puts both back)",
    ),
    Binding("f8", "fork_session", "Fork session", id="fork_session", priority=True, show=False),
    # An F-key: it reaches the app over SSH and through tmux, and no editor types with it
    # (F12 closes; gnome-terminal users who keep F10 for its menu can remap `change_model`).
    Binding("f10", "change_model", "Change model or host", id="change_model", priority=True, show=False),
    Binding("f4", "browse_sessions", "Saved sessions", id="browse_sessions", priority=True, show=False),
    Binding("ctrl+g", "list_sessions", "Go to session…", id="list_sessions", priority=True, show=False),
    # Compacting (alt+letter: through SSH and tmux; priority, or the prompt types the letter).
    Binding("alt+s", "compact", "Compact", id="compact", priority=True, show=False,
            tooltip="Compact: a model summarises the earlier turns, sent instead of them (/compact)"),
    Binding("alt+z", "undo_compact", "Undo compaction", id="undo_compact", priority=True, show=False,
            tooltip="Undo the compaction: the whole history is sent again (/compact undo)"),
    # alt+m, for "model": a free alt key (the inspector keeps alt+w for presets).
    Binding("alt+m", "save_as_model", "Save as model", id="save_as_model", priority=True, show=False,
            tooltip="Save this session as a model: its model, system prompt and options"),
]
JUMP_BINDINGS = [
    # Undescribed: the help screen shows them as one line, JUMP_KEYS.
    Binding(f"alt+{n}", f"jump_session({n})", "", id=f"session_{n}", priority=True, show=False)
    for n in range(1, 10)
]
# The app's own keys, which work over every screen: help and quit.
APP_KEYS: list[BindingType] = [
    Binding("f1", "help", "Help", id="help"),
    Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False,
            tooltip="Quit (asks while a reply streams; ctrl+q again says yes)"),
]
JUMP_KEYS = Binding("alt+1…9", "", "Go to session 1…9 (or ctrl+g, then its number)")

# The prompt handles these in its key handler; listed here for the help screen.
PROMPT_KEYS = [
    Binding("enter", "", "Send the prompt"),
    Binding("ctrl+j,shift+enter", "", "New line (a pasted block never sends by itself)"),
    Binding("up,down", "", "Earlier / later prompts, at the first / last line"),
    Binding("@PATH tab", "", "Attach a file (~, quotes, file:// too); Tab completes the path"),
    Binding("shift+tab", "", "To the chips above the prompt: Delete removes one, Enter previews it"),
    Binding("/?", "", "Prompt commands: /set parameter NAME VALUE, /set system, /show … (//text sends /text)"),
]

# What the mouse does in the transcript; listed for the help screen.
MOUSE_ACTIONS = [
    Binding("click", "", "Pick a message: m in copy mode copies it"),
    Binding("double-click", "", "Copy that message"),
]

# The model picker's key for a completion session (`ModelPicker`); listed for the help screen.
COMPLETION_PICK = Binding("alt+g", "", "In the ctrl+n picker: open the model in a completion session (/api/generate)")

# Typing in the F4 browser searches; listed for the help screen.
BROWSER_FILTER = Binding("typing", "", "Search titles and messages (model: host: before: after: \"phrases\")")

# The models panel's actions, in the command palette too.
MODEL_COMMANDS = [
    ("Model: details", "details",
     "Capabilities, parameters, template and license of the selected model (d in the panel)"),
    ("Model: pull", "pull", "Download a model by name, with progress (p in the panel)"),
    ("Model: copy", "copy", "Copy the selected model under a new name (c in the panel)"),
    ("Model: delete", "delete", "Delete the selected model, after asking (D in the panel)"),
    ("Model: load", "load", "Load / warm the selected model into memory (l in the panel)"),
    ("Model: unload", "unload", "Unload the selected model from memory (u in the panel)"),
    ("Model: refresh", "refresh", "Ask every host again now (r in the panel)"),
]

# The model workshop's entries in the command palette (the panel's keys in brackets).
WORKSHOP_COMMANDS = [
    ("Model: create from this model", "workshop('create')",
     "Edit the selected model's Modelfile and create a new model; quantize an F16 base (n in the panel)"),
    ("Model: create from a Modelfile", "workshop('create_from_file')",
     "Create a model from a Modelfile on disk (m in the panel)"),
    ("Model: push", "workshop('push')", "Push the selected model to a registry namespace (P in the panel)"),
]
