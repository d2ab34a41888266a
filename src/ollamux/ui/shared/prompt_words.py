"""What a chat's prompt says while empty: the chat's own and the start screen's stand-in say the same."""

PROMPT_PLACEHOLDER = "Ask something… (Enter sends, ctrl+j new line)"
