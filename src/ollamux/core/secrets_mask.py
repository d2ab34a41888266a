"""Keeping MCP servers' secrets out of everything the user or a session file sees.

A server's `env` and `headers` values are tokens more often than not, and a tool
result, an error or a stderr line may echo one: each is masked before it leaves
the MCP layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ollamux.config.tools import McpServer, expand, missing_variables

MASK = "•••"
# Shorter values ("1", "on", "dev") are settings, not secrets, and masking them
# would scramble ordinary words in every result.
SHORTEST_SECRET = 4


def secret_values(servers: Iterable[McpServer], environ: Mapping[str, str]) -> list[str]:
    """Every value a server's env or headers hold once expanded, and each `${VAR}` it expanded.

    The variables count on their own: `Bearer ${TOKEN}` may come back as the bare token.
    """
    values: set[str] = set()
    for server in servers:
        values.update(expand(value, environ) for value in (*server.env.values(), *server.headers.values()))
        # Against an empty environment every variable a server uses is "missing": its full list.
        values.update(environ.get(name, "") for name in missing_variables(server, {}))
    return sorted(value for value in values if len(value) >= SHORTEST_SECRET)


class SecretMask:
    """Replaces each secret in a text by MASK."""

    def __init__(self, secrets: Sequence[str]) -> None:
        # Longest first: a secret containing another is masked whole, not in pieces.
        self._secrets = sorted({secret for secret in secrets if secret}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text
