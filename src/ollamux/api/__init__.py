"""The wire layer: hosts, httpx clients, stream decoders and typed events.

Nothing here imports Textual or any other ollamux layer.
"""

import sys

# httpx imports its command-line tool whenever click is installed (the MCP SDK
# brings it): click, Rich's progress bars and tables, Pygments' lexer registry,
# 25-45 ms of every start, for a tool ollamux never runs. A module marked absent
# is one httpx does without (it defines a stub `httpx.main` instead).
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: absent, by design
