"""Which tools a session offers its model: by capability, by the config's defaults and
the session's choices; what each model can do is asked once."""

from __future__ import annotations

from typing import Any

from ollamux.api.errors import ApiError
from ollamux.api.hosts import Host
from ollamux.api.models import ModelDetails
from ollamux.config.tools import HandTool, McpServer
from ollamux.core.session import Session
from ollamux.core.toolbox import Toolbox

WEATHER = HandTool(name="get_weather", description="The weather in a city.")
LATER = McpServer(name="later", command="ollamux-no-such-program", enabled=False)
FILES = McpServer(name="files", command="ollamux-no-such-program")


class Admin:
    def __init__(self, capabilities: tuple[str, ...] | Exception) -> None:
        self.capabilities = capabilities
        self.asked = 0

    async def show(self, model: str) -> ModelDetails:
        self.asked += 1
        if isinstance(self.capabilities, Exception):
            raise self.capabilities
        return ModelDetails(name=model, capabilities=self.capabilities)


class Client:
    def __init__(self, admin: Admin | None, host: str = "gpu") -> None:
        self.admin = admin
        self.host = Host(host, f"http://{host}:11434")


def toolbox(*servers: McpServer) -> Toolbox:
    return Toolbox(servers, [WEATHER], {}, rounds=10, timeout=60.0)


async def offered(box: Toolbox, session: Session, client: Any) -> list[str]:
    return [tool.name for tool in await box.offered(session, client)]


async def test_a_model_without_the_tools_capability_is_offered_none_and_is_asked_once() -> None:
    box, session = toolbox(), Session(host="h", model="gemma:2b")
    admin = Admin(("completion",))
    for _ in range(3):
        assert await offered(box, session, Client(admin)) == []
    assert admin.asked == 1  # once per host and model, not once per prompt
    await offered(box, session, Client(admin, host="other"))
    assert admin.asked == 2


async def test_a_tools_model_or_a_server_that_does_not_say_is_offered_the_hand_tools() -> None:
    box, session = toolbox(), Session(host="h", model="qwen3:8b")
    assert await offered(box, session, Client(Admin(("completion", "tools")))) == ["get_weather"]
    assert await offered(box, session, Client(None)) == ["get_weather"]  # OpenAI-compatible: not told
    assert await offered(box, session, Client(Admin(ApiError("host down")))) == ["get_weather"]


async def test_a_session_can_switch_a_hand_tool_off() -> None:
    box, session = toolbox(), Session(host="h", model="qwen3:8b")
    session.tool_choices["hand/get_weather"] = False
    assert await offered(box, session, Client(None)) == []


def test_sessions_use_enabled_servers_and_disabled_ones_they_switched_a_tool_on_for() -> None:
    box, session = toolbox(FILES, LATER), Session(host="h", model="m")
    assert box.servers_for(session) == ["files"]
    assert box.enabled_sources() == {"files", "hand"}
    session.tool_choices["later/search"] = True
    assert box.servers_for(session) == ["files", "later"]
    assert toolbox().configured and not Toolbox((), (), {}, rounds=1, timeout=1.0).configured
