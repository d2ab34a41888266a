"""`[mcp_servers.NAME]` and `[tools.NAME]` in config.toml: read as other terminal tools
write them, every mistake a warning naming the table, secrets only from the environment."""

from __future__ import annotations

from pathlib import Path

from ollamux.config.tools import (
    HandTool,
    McpServer,
    expand,
    header_values,
    missing_variables,
    stdio_environment,
    table_lines,
)
from tests.unit.test_config import load

SERVERS = """
tool_rounds = 4
tool_timeout = 12.5

[mcp_servers.files]
command = "npx"
args = ["-y", "@modelcontextprotocol/server-filesystem", "~/notes"]
env = { NOTES_TOKEN = "${NOTES_TOKEN}" }
cwd = "~/notes"
approve = "never"

[mcp_servers.search]
url = "https://mcp.example.com/mcp"
headers = { Authorization = "Bearer ${SEARCH_KEY}" }
enabled = false

[tools.get_weather]
description = "Current weather for a city"
parameters = { type = "object", properties = { city = { type = "string" } }, required = ["city"] }
"""


def test_servers_and_hand_tools_are_read_with_their_settings(environ: dict[str, str]) -> None:
    config = load(environ, SERVERS)
    assert config.warnings == ()
    files, search = config.mcp_servers
    home = Path(environ["HOME"])
    assert files == McpServer(
        name="files", command="npx", args=("-y", "@modelcontextprotocol/server-filesystem", "~/notes"),
        env={"NOTES_TOKEN": "${NOTES_TOKEN}"}, cwd=home / "notes", approve="never",
    )
    assert files.transport == "stdio" and files.enabled
    assert search.transport == "http" and not search.enabled and search.approve == "ask"
    assert config.hand_tools == (HandTool(
        name="get_weather", description="Current weather for a city",
        parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    ),)
    assert (config.tool_rounds, config.tool_timeout) == (4, 12.5)


def test_without_any_table_there_are_no_tools_and_the_defaults_hold(environ: dict[str, str]) -> None:
    config = load(environ, 'theme = "ollamux-dark"\n')
    assert (config.mcp_servers, config.hand_tools, config.tool_rounds, config.tool_timeout) == ((), (), 10, 60.0)


def test_a_stdio_server_sees_path_home_and_its_own_env_but_no_other_secret() -> None:
    server = McpServer(name="files", command="npx", env={"TOKEN": "${NOTES_TOKEN}", "MODE": "ro"})
    environ = {"PATH": "/usr/bin", "HOME": "/home/u", "NOTES_TOKEN": "s3cret", "OPENAI_API_KEY": "sk-x"}
    assert stdio_environment(server, environ) == {
        "PATH": "/usr/bin", "HOME": "/home/u", "TOKEN": "s3cret", "MODE": "ro",
    }


def test_header_secrets_come_from_the_environment_and_missing_ones_are_named() -> None:
    server = McpServer(name="search", url="https://x", headers={"Authorization": "Bearer ${SEARCH_KEY}"})
    assert header_values(server, {"SEARCH_KEY": "k1"}) == {"Authorization": "Bearer k1"}
    assert missing_variables(server, {}) == ["SEARCH_KEY"]
    assert expand("a ${UNSET} b $NOT_A_REFERENCE", {}) == "a  b $NOT_A_REFERENCE"


def test_each_mistake_is_a_warning_naming_its_table_and_the_rest_is_kept(environ: dict[str, str]) -> None:
    config = load(environ, """
tool_rounds = 0
tool_timeout = inf

[mcp_servers.both]
command = "a"
url = "http://b"

[mcp_servers.neither]
args = ["x"]

[mcp_servers.badenv]
command = "a"
env = { TOKEN = 5 }

[mcp_servers.trusting]
command = "a"
approve = "always"

[mcp_servers.good]
command = "ok"
colour = "blue"

[tools.runner]
description = "runs"
command = "rm"

[tools."bad name"]
description = "x"

[tools.silent]
parameters = { type = "object" }

[tools.listy]
description = "x"
parameters = { type = "array" }
""")
    warnings = "\n".join(config.warnings)
    assert [server.name for server in config.mcp_servers] == ["good"]
    assert config.hand_tools == ()
    for expected in (
        "tool_rounds must be a whole number above 0, not 0",
        "tool_timeout must be a number of seconds above 0, not inf",
        "[mcp_servers.both] needs either command",
        "[mcp_servers.neither] needs either command",
        "[mcp_servers.badenv] env must be a table of strings",
        "[mcp_servers.trusting] approve must be \"ask\" or \"never\", not 'always'",
        "[mcp_servers.good] has an unknown key 'colour'; ignored",
        "[tools.runner] is answered by hand and runs nothing: a program goes in [mcp_servers.NAME]",
        "[tools.bad name] is not a tool name models accept",
        "[tools.silent] needs a description",
        "[tools.listy] parameters must be a JSON-schema table of type \"object\"",
    ):
        assert expected in warnings
    assert (config.tool_rounds, config.tool_timeout) == (10, 60.0)


def test_warnings_name_the_line_where_the_bad_table_starts(environ: dict[str, str]) -> None:
    config = load(environ, """theme = "ollamux-dark"

[mcp_servers.good]
command = "ok"

[ mcp_servers . "my.server" ]
command = "a"
colour = "blue"

[mcp_servers.hand]
command = "b"

[tools]
'by hand' = { description = "x" }
""")
    assert [server.name for server in config.mcp_servers] == ["good", "my.server"]
    warnings = "\n".join(config.warnings)
    assert "[mcp_servers.my.server] has an unknown key 'colour'; ignored (line 6)" in warnings
    assert "[mcp_servers.hand] is named 'hand', which names the tools answered by hand; left out (line 10)" in warnings
    assert "[tools.by hand] is not a tool name models accept" in warnings and warnings.endswith("(line 14)")


def test_table_lines_finds_headers_dotted_keys_and_inline_tables() -> None:
    text = """mcp_servers.inline.command = "x"
[mcp_servers]
plain = { url = "http://x" }
"quoted \\"one\\"".command = "y"

[mcp_servers.sub.env]
A = "1"
[mcp_servers.sub]
command = "z"
[[other]]
mcp_servers = 1
"""
    assert table_lines(text, "mcp_servers") == {"inline": 1, "plain": 3, 'quoted "one"': 4, "sub": 6}
