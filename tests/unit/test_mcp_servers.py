"""MCP servers through the official SDK: started in the background, tools listed, calls
run (concurrently, cancellable), failures explained with the server's stderr, secrets
masked, nothing left running after close.

One real stdio server (tests/mcp_server.py) is shared by the tests that need it:
each start costs about a second.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from ollamux.config.tools import McpServer
from ollamux.core.mcp_results import tool_result
from ollamux.core.mcp_servers import ToolServers
from ollamux.core.secrets_mask import MASK, SecretMask, secret_values
from ollamux.core.tools import ServerStatus, Tool, ToolResult

# The tests sharing one server share its event loop, and one xdist worker.
pytestmark = pytest.mark.xdist_group("mcp_servers")
in_module_loop = pytest.mark.asyncio(loop_scope="module")

TEST_SERVER = str(Path(__file__).resolve().parent.parent / "mcp_server.py")
TOKEN = "tok-3f9a7c1e-secret"
KIT = McpServer(
    name="kit", command=sys.executable, args=(TEST_SERVER,), approve="never",
    # LC_ALL keeps Python from adding LC_CTYPE to the server's environment (PEP 538).
    env={"OLLAMUX_TEST_TOKEN": "${OLLAMUX_SECRET}", "LC_ALL": "C.UTF-8"},
)


class Kit:
    def __init__(self, servers: ToolServers) -> None:
        self.servers = servers
        self.changes = 0

    def tool(self, name: str) -> Tool:
        (state,) = self.servers.states()
        return next(tool for tool in state.tools if tool.name == name)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def kit(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Kit]:
    with pytest.MonkeyPatch.context() as patch:
        # What the SDK would pass on by default, and a secret nobody named.
        for name in ("LOGNAME", "SHELL", "TERM", "USER", "OLLAMUX_UNNAMED_SECRET"):
            patch.setenv(name, "set-in-the-user-environment")
        environ = {"PATH": os.environ["PATH"], "HOME": str(tmp_path_factory.mktemp("home")), "OLLAMUX_SECRET": TOKEN}
        kit = Kit(ToolServers([KIT], environ))
        kit.servers.add_listener(lambda: setattr(kit, "changes", kit.changes + 1))
        kit.servers.ensure_started()
        await kit.servers.wait_ready()
        yield kit
        await kit.servers.close()


@in_module_loop
async def test_a_server_starts_in_the_background_and_lists_its_tools(kit: Kit) -> None:
    (state,) = kit.servers.states()
    assert state.status is ServerStatus.READY, state.error
    assert [tool.name for tool in state.tools] == ["add", "fail", "hang", "meet", "environment", "crash", "header"]
    add = kit.tool("add")
    assert (add.source, add.key, add.approve) == ("kit", "kit/add", "never")
    assert add.description == "Add two whole numbers."
    assert add.parameters["properties"]["a"]["type"] == "integer"
    assert add.parameters["required"] == ["a", "b"]
    assert kit.changes >= 2  # starting, then ready: the inspector repainted


@in_module_loop
async def test_a_call_returns_the_tools_text(kit: Kit) -> None:
    result = await kit.servers.call(kit.tool("add"), {"a": 2, "b": 3})
    assert (result.text, result.failed) == ("5", False)


@in_module_loop
async def test_a_tool_error_comes_back_failed_with_its_text(kit: Kit) -> None:
    result = await kit.servers.call(kit.tool("fail"), {"reason": "the disk is full"})
    assert result.failed
    assert "failed on purpose: the disk is full" in result.text


@in_module_loop
async def test_calls_on_one_server_run_at_the_same_time(kit: Kit) -> None:
    # Each meet returns only once the other is in flight: run one after the other, they would hang.
    first, second = await asyncio.wait_for(
        asyncio.gather(
            kit.servers.call(kit.tool("meet"), {"name": "ada"}),
            kit.servers.call(kit.tool("meet"), {"name": "bob"}),
        ),
        timeout=20,
    )
    assert (first.text, second.text) == ("met ada", "met bob")


@in_module_loop
async def test_a_hanging_call_is_cancelled_and_the_server_stays_usable(kit: Kit) -> None:
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(kit.servers.call(kit.tool("hang"), {}), timeout=0.3)
    result = await kit.servers.call(kit.tool("add"), {"a": 40, "b": 2})
    assert result.text == "42"
    assert kit.servers.states()[0].status is ServerStatus.READY


@in_module_loop
async def test_the_server_sees_only_path_home_and_its_env_and_secrets_come_back_masked(kit: Kit) -> None:
    result = await kit.servers.call(kit.tool("environment"), {})
    names, token, _pid = result.text.splitlines()
    assert names.split() == ["HOME", "LC_ALL", "OLLAMUX_TEST_TOKEN", "PATH"]
    assert token == f"token={MASK}"
    assert TOKEN not in result.text
    assert kit.servers.mask(f"Bearer {TOKEN}.") == f"Bearer {MASK}."


@in_module_loop
async def test_a_server_that_dies_shows_failed_with_its_stderr_and_starts_again(kit: Kit) -> None:
    result = await kit.servers.call(kit.tool("crash"), {"words": f"out of memory near {TOKEN}"})
    assert result.failed
    assert result.text == f"the MCP server kit stopped during the call: out of memory near {MASK}"
    (state,) = kit.servers.states()
    assert state.status is ServerStatus.FAILED
    assert "stopped" in state.error
    assert f"out of memory near {MASK}" in state.stderr_tail
    assert TOKEN not in state.stderr_tail
    assert not state.tools

    kit.servers.ensure_started()
    await kit.servers.wait_ready()
    assert kit.servers.states()[0].status is ServerStatus.READY
    # Dying while nobody calls it: the inspector learns of it without waiting for a call.
    failed = asyncio.Event()
    kit.servers.add_listener(lambda: kit.servers.states()[0].status is ServerStatus.FAILED and failed.set())
    os.kill(await _pid(kit), signal.SIGTERM)
    await asyncio.wait_for(failed.wait(), timeout=20)
    assert kit.servers.states()[0].stderr_tail.endswith("stopped by SIGTERM")

    kit.servers.ensure_started()
    await kit.servers.wait_ready()
    assert kit.servers.states()[0].status is ServerStatus.READY


@in_module_loop
async def test_close_leaves_no_process_behind(kit: Kit) -> None:
    pid = await _pid(kit)
    add = kit.tool("add")
    await kit.servers.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert kit.servers.states()[0].status is ServerStatus.OFF
    after = await kit.servers.call(add, {"a": 1, "b": 1})
    assert after.failed and "not running" in after.text


@in_module_loop
async def test_servers_that_cannot_start_fail_with_a_reason_and_their_stderr(tmp_path: Path) -> None:
    servers = ToolServers(
        [
            McpServer(name="ghost", command="ollamux-no-such-program"),
            McpServer(
                name="quits", command=sys.executable, cwd=tmp_path,
                args=("-c", "import os, sys; sys.exit('no config file in ' + os.getcwd())"),
            ),
            McpServer(name="remote", url="http://127.0.0.1:9/mcp", headers={"Authorization": "Bearer ${OLLAMUX_NOPE}"}),
            McpServer(name="mute", command=sys.executable, args=("-c", "import sys; sys.stdin.read()")),
            McpServer(name="later", command="ollamux-no-such-program", enabled=False),
        ],
        {"PATH": os.environ["PATH"]},
        start_timeout=0.5,
    )
    servers.ensure_started()
    await servers.wait_ready()
    ghost, quits, remote, mute, later = servers.states()
    assert ghost.status is ServerStatus.FAILED
    assert ghost.error == "command not found: ollamux-no-such-program (looked in PATH)"
    assert quits.status is ServerStatus.FAILED
    assert "closed its connection" in quits.error
    assert quits.stderr_tail.endswith(f"no config file in {tmp_path}")  # and cwd was honoured
    assert remote.status is ServerStatus.FAILED
    assert "${OLLAMUX_NOPE}" in remote.error
    assert (mute.status, mute.error) == (ServerStatus.FAILED, "no answer within 0.5 s")
    assert later.status is ServerStatus.OFF  # enabled = false: started only when asked for
    await servers.close()


@in_module_loop
async def test_a_streamable_http_server_gets_its_headers_expanded() -> None:
    import uvicorn

    from tests.mcp_server import build

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # connections wait in the backlog until uvicorn accepts them
    port = listener.getsockname()[1]
    web = uvicorn.Server(uvicorn.Config(build().streamable_http_app(), log_level="error"))
    serving = asyncio.create_task(web.serve(sockets=[listener]))
    try:
        server = McpServer(
            name="web", url=f"http://127.0.0.1:{port}/mcp", headers={"Authorization": "Bearer ${OLLAMUX_WEB_TOKEN}"}
        )
        servers = ToolServers([server], {"OLLAMUX_WEB_TOKEN": "web-token-42"})
        servers.ensure_started()
        await servers.wait_ready()
        (state,) = servers.states()
        assert state.status is ServerStatus.READY, state.error
        header = next(tool for tool in state.tools if tool.name == "header")
        result = await servers.call(header, {"name": "Authorization"})
        assert result.text == "Bearer web-token-42"[::-1]
        await servers.close()
    finally:
        web.should_exit = True
        await serving
        listener.close()



async def _pid(kit: Kit) -> int:
    result = await kit.servers.call(kit.tool("environment"), {})
    return int(result.text.rsplit("pid=", 1)[1])


def test_results_without_text_are_described_for_the_model() -> None:
    from mcp_types import (
        BlobResourceContents,
        CallToolResult,
        EmbeddedResource,
        ImageContent,
        ResourceLink,
        TextContent,
        TextResourceContents,
    )

    picture = ImageContent(data="A" * 16384, mime_type="image/png")  # 12 KB once decoded
    mixed = CallToolResult(
        content=[
            TextContent(text="Here is the chart."),
            picture,
            ResourceLink(name="report", uri="file:///tmp/report.pdf"),
            EmbeddedResource(resource=TextResourceContents(uri="file:///a.txt", text="inline text")),
            EmbeddedResource(resource=BlobResourceContents(uri="file:///b.bin", blob="AAAA")),
        ]
    )
    assert tool_result(mixed) == ToolResult(
        "Here is the chart.\n[image: image/png, 12 KB]\n[resource link: file:///tmp/report.pdf]\n"
        "inline text\n[resource: file:///b.bin, binary, 3 B]"
    )
    structured = CallToolResult(content=[], structured_content={"temperature": 21.5, "city": "Zürich"})
    assert tool_result(structured).text == '{\n  "temperature": 21.5,\n  "city": "Zürich"\n}'
    silent_error = CallToolResult(content=[], is_error=True)
    assert tool_result(silent_error) == ToolResult("the tool reported an error and gave no message", failed=True)


def test_secrets_are_every_env_and_header_value_and_each_variable_they_expand() -> None:
    servers = [
        McpServer(name="a", command="a", env={"TOKEN": "${A_TOKEN}", "DEBUG": "1", "MODE": "fast"}),
        McpServer(name="b", url="https://x/mcp", headers={"Authorization": "Bearer ${B_KEY}"}),
    ]
    environ = {"A_TOKEN": "alpha-secret", "B_KEY": "beta-key-9", "OTHER": "not-a-secret"}
    mask = SecretMask(secret_values(servers, environ))
    assert mask("alpha-secret; Bearer beta-key-9; beta-key-9; not-a-secret; 1 fast") == (
        f"{MASK}; {MASK}; {MASK}; not-a-secret; 1 {MASK}"
    )
