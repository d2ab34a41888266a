"""The simulator's own behaviour: model state, keep_alive, cancellation, restarts, errors."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ollamux.sim import SimServer, frozen_clock
from ollamux.sim.generation import WARM_LOAD_NS
from ollamux.sim.scripts import tokenize
from ollamux.sim.validate import RequestError, parse_duration

# The `sim` and `make_sim` fixtures (tests/conftest.py is shared with the whole suite).
pytest_plugins = ["tests.sim_fixtures"]

MakeSim = Callable[..., SimServer]
# A fixed "now" with a non-UTC offset, so timestamp formatting is visible.
# (Same moment as tests.sim_fixtures.FROZEN_NOW; not imported, see that module.)
FROZEN_NOW = datetime(2026, 5, 4, 12, 30, 15, 123400, tzinfo=timezone(timedelta(hours=2)))
USER = [{"role": "user", "content": "Tell me something"}]
# One pooled client for the whole module: a new httpx.Client costs ~20 ms (TLS setup).
HTTP = httpx.Client(timeout=10)


@pytest.fixture(scope="module", autouse=True)
def _close_http() -> Iterator[None]:
    yield
    HTTP.close()


def post(server: SimServer, path: str, body: Any = None, **kwargs: Any) -> httpx.Response:
    return HTTP.post(f"{server.url}{path}", json=body, **kwargs)


def chat(server: SimServer, **body: Any) -> httpx.Response:
    return post(server, "/api/chat", {"messages": USER, "stream": False} | body)


def ps(server: SimServer) -> dict[str, dict[str, Any]]:
    return {model["name"]: model for model in HTTP.get(f"{server.url}/api/ps").json()["models"]}


def lines(response: httpx.Response) -> list[dict[str, Any]]:
    return [json.loads(line) for line in response.text.splitlines() if line.strip()]


def wait_for(condition: Callable[[], bool], seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


# Loaded models and time


def test_ps_at_start_has_forever_split_and_cpu_models(make_sim: MakeSim) -> None:
    server = make_sim(clock=frozen_clock(FROZEN_NOW))
    models = HTTP.get(f"{server.url}/api/ps").json()["models"]
    assert [model["name"] for model in models] == ["demo-coder:7b", "qwen3:8b", "slow-model:latest"]
    forever, split, cpu = models
    assert forever["expires_at"] == "2318-05-04T12:30:15.1234+02:00"
    assert forever["size_vram"] == forever["size"]
    assert split["expires_at"] == "2026-05-04T12:35:15.1234+02:00"
    assert 0 < split["size_vram"] < split["size"]
    assert round(100 * split["size_vram"] / split["size"]) == 52
    assert cpu["size_vram"] == 0 and cpu["expires_at"] == "2026-05-04T12:32:45.1234+02:00"
    assert all(len(model["digest"]) == 64 for model in models)
    assert set(forever["details"]) == {
        "parent_model", "format", "family", "families", "parameter_size", "quantization_level"
    }


def test_frozen_clock_in_every_timestamp(make_sim: MakeSim) -> None:
    server = make_sim(clock=frozen_clock(FROZEN_NOW))
    tags = HTTP.get(f"{server.url}/api/tags").json()["models"]
    coder = next(model for model in tags if model["name"] == "demo-coder:7b")
    assert coder["modified_at"] == "2026-05-04T00:30:15.1234+02:00"
    reply = chat(server, model="demo-coder:7b").json()
    assert reply["created_at"] == "2026-05-04T10:30:15.1234Z"  # chunks are UTC
    shown = post(server, "/api/show", {"model": "demo-coder:7b"}).json()
    assert shown["modified_at"] == coder["modified_at"]
    assert HTTP.get(f"{server.url}/v1/models").json()["data"][0]["created"] == int(
        FROZEN_NOW.timestamp() - 43200
    )


@pytest.mark.parametrize(
    ("keep_alive", "expires_at"),
    [
        (None, "2026-05-04T12:35:15.1234+02:00"),
        (600, "2026-05-04T12:40:15.1234+02:00"),
        (1.5, "2026-05-04T12:30:16.6234+02:00"),
        ("10m", "2026-05-04T12:40:15.1234+02:00"),
        ("1h30m", "2026-05-04T14:00:15.1234+02:00"),
        ("-1m", "2318-05-04T12:30:15.1234+02:00"),
        (-1, "2318-05-04T12:30:15.1234+02:00"),
        (0, None),
        ("0", None),
    ],
)
def test_keep_alive_sets_expiry(make_sim: MakeSim, keep_alive: Any, expires_at: str | None) -> None:
    server = make_sim(clock=frozen_clock(FROZEN_NOW))
    body: dict[str, Any] = {"model": "tool-model"}
    if keep_alive is not None:
        body["keep_alive"] = keep_alive
    assert chat(server, **body).status_code == 200
    loaded = ps(server).get("tool-model:latest")
    assert (loaded["expires_at"] if loaded else None) == expires_at


@pytest.mark.parametrize(
    ("keep_alive", "message"),
    [
        ("3600", 'time: missing unit in duration "3600"'),
        ("ten", 'time: invalid duration "ten"'),
        ("5x", 'time: unknown unit "x" in duration "5x"'),
        (True, "Unsupported type: 'bool'"),
    ],
)
def test_bad_keep_alive_is_400(sim: SimServer, keep_alive: Any, message: str) -> None:
    response = chat(sim, model="qwen3:8b", keep_alive=keep_alive)
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_parse_duration_like_go() -> None:
    assert parse_duration("300ms") == pytest.approx(0.3)
    assert parse_duration("1h30m") == 5400
    assert parse_duration("1.5s") == 1.5
    assert parse_duration("-1m") == -60
    assert parse_duration("0") == 0
    with pytest.raises(RequestError):
        parse_duration("")


def test_cold_start_then_warm_and_deterministic_metrics(make_sim: MakeSim) -> None:
    first, second = make_sim(), make_sim()
    cold = chat(first, model="tool-model").json()
    assert cold["load_duration"] == 800_000_000
    warm = chat(first, model="tool-model").json()
    assert warm["load_duration"] == WARM_LOAD_NS
    metrics = ("total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration",
               "eval_count", "eval_duration")
    again = chat(second, model="tool-model").json()
    assert {key: cold[key] for key in metrics} == {key: again[key] for key in metrics}


def test_changing_num_ctx_reloads(sim: SimServer) -> None:
    reply = chat(sim, model="qwen3:8b", options={"num_ctx": 8192}).json()
    assert reply["load_duration"] > WARM_LOAD_NS
    assert ps(sim)["qwen3:8b"]["context_length"] == 8192
    assert chat(sim, model="qwen3:8b").json()["load_duration"] == WARM_LOAD_NS


def test_load_forever_and_unload(sim: SimServer) -> None:
    loaded = post(sim, "/api/chat", {"model": "fast-model", "keep_alive": -1})
    assert loaded.json()["done_reason"] == "load"
    assert ps(sim)["fast-model:latest"]["expires_at"].startswith("23")
    unloaded = post(sim, "/api/generate", {"model": "fast-model", "keep_alive": 0})
    assert unloaded.json()["done_reason"] == "unload"
    assert "fast-model:latest" not in ps(sim)


# Streams: limits, scripts, faults


def test_num_predict_ends_with_length(sim: SimServer) -> None:
    parts = lines(post(sim, "/api/chat", {"model": "demo-coder:7b", "messages": USER,
                                          "options": {"num_predict": 5}}))
    assert len(parts) == 6
    assert parts[-1]["done_reason"] == "length" and parts[-1]["eval_count"] == 5


def test_fast_model_counts_and_ignores_delay_scale(make_sim: MakeSim) -> None:
    server = make_sim(delay_scale=100)
    started = time.monotonic()
    default = chat(server, model="fast-model").json()
    assert default["eval_count"] == 200 and default["done_reason"] == "stop"
    asked = chat(server, model="fast-model", options={"num_predict": 3000}).json()
    assert asked["eval_count"] == 3000 and asked["done_reason"] == "length"
    assert "```python" in asked["message"]["content"]
    assert time.monotonic() - started < 5


def test_pace_option_streams_at_the_asked_rate(make_sim: MakeSim) -> None:
    server = make_sim(delay_scale=0)  # the pace holds whatever the scale, for every model
    started = time.monotonic()
    paced = chat(server, model="fast-model", options={"num_predict": 41, "sim_tokens_per_second": 100}).json()
    elapsed = time.monotonic() - started
    assert paced["eval_count"] == 41
    assert 0.4 <= elapsed < 3  # 40 gaps of 10 ms; a busy machine is only ever late
    assert paced["eval_duration"] == 410_000_000  # the stats say the pace too
    started = time.monotonic()
    chat(server, model="fast-model", options={"num_predict": 41, "sim_tokens_per_second": 0})
    assert time.monotonic() - started < 0.4  # zero or less: no pace


def test_inline_think_tags_split_across_chunks(sim: SimServer) -> None:
    response = post(sim, "/api/chat", {"model": "deepseek-r1:7b", "messages": USER})
    assert "\\u003cth" in response.text  # Go escapes < and > in JSON strings
    contents = [part["message"]["content"] for part in lines(response)]
    assert contents[:3] == ["<th", "ink>", "\n"]
    assert "</th" in contents and "ink>" in contents[3:]


def test_fault_cut_ends_without_done_and_unloads(sim: SimServer) -> None:
    parts = lines(post(sim, "/api/chat", {"model": "fault-cut", "messages": USER}))
    assert parts and not any(part.get("done") or "error" in part for part in parts)
    assert "fault-cut:latest" not in ps(sim)
    with pytest.raises(httpx.RemoteProtocolError):
        chat(sim, model="fault-cut")


def test_fault_midstream_whole_is_500(sim: SimServer) -> None:
    response = chat(sim, model="fault-midstream")
    assert response.status_code == 500
    assert response.json()["error"].startswith("model runner has unexpectedly stopped")


def test_tool_model_uses_offered_tool_then_answers(sim: SimServer) -> None:
    properties = {"term": {"type": "string"}, "limit": {"type": "integer"}}
    tool = {"type": "function", "function": {
        "name": "lookup", "parameters": {"type": "object", "properties": properties}}}
    call = chat(sim, model="tool-model", tools=[tool]).json()["message"]["tool_calls"][0]
    assert call["function"] == {"index": 0, "name": "lookup",
                                "arguments": {"term": "Tokyo", "limit": 3}}
    assert call["id"].startswith("call_") and len(call["id"]) == 13
    messages = [*USER, {"role": "assistant", "content": "", "tool_calls": [call]},
                {"role": "tool", "content": "42 results", "tool_name": "lookup"}]
    answer = chat(sim, model="tool-model", messages=messages).json()["message"]["content"]
    assert "42 results" in answer


def test_concurrent_streams(make_sim: MakeSim) -> None:
    server = make_sim(delay_scale=0.002)
    results: list[int] = []

    def run() -> None:
        reply = post(server, "/api/chat", {"model": "slow-model", "messages": USER})
        results.append(len(lines(reply)))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(results) == 3 and len(set(results)) == 1


# Cancellation, stop and restart


def test_closing_a_slow_stream_is_recorded(make_sim: MakeSim) -> None:
    server = make_sim(delay_scale=0.02)
    with httpx.Client(base_url=server.url) as client:
        body = {"model": "slow-model", "messages": USER}
        with client.stream("POST", "/api/chat", json=body) as response:
            for index, _ in enumerate(response.iter_lines()):
                if index == 2:
                    break
    assert wait_for(lambda: server.cancelled == ["slow-model"])
    assert wait_for(lambda: ps(server)["slow-model:latest"]["expires_at"] is not None)


def test_closing_a_pull_cancels_it(make_sim: MakeSim) -> None:
    server = make_sim(delay_scale=0.05)
    with (
        httpx.Client(base_url=server.url) as client,
        client.stream("POST", "/api/pull", json={"model": "phi3:mini"}) as response,
    ):
        for index, _ in enumerate(response.iter_lines()):
            if index == 1:
                break
    assert wait_for(lambda: server.cancelled == ["phi3:mini"])
    tags = HTTP.get(f"{server.url}/api/tags").json()["models"]
    assert "phi3:mini" not in [model["name"] for model in tags]


def test_finished_streams_are_not_cancellations(sim: SimServer) -> None:
    post(sim, "/api/chat", {"model": "slow-model", "messages": USER})
    post(sim, "/v1/chat/completions", {"model": "qwen3:8b", "messages": USER, "stream": True})
    assert sim.cancelled == []


def test_stop_and_restart_on_the_same_port(sim: SimServer) -> None:
    url, port = sim.url, sim.port
    with httpx.Client(base_url=url) as client:  # its pooled connection must not survive
        assert client.get("/api/version").status_code == 200
        sim.stop()
        assert not sim.running
        with pytest.raises(httpx.ConnectError):
            client.get("/api/version")
        assert sim.restart() == url and sim.port == port
        assert client.get("/api/version").status_code == 200


def test_stop_cuts_a_running_stream(make_sim: MakeSim) -> None:
    server = make_sim(delay_scale=0.05)
    received: list[dict[str, Any]] = []
    with httpx.Client(base_url=server.url) as client:
        body = {"model": "slow-model", "messages": USER}
        with client.stream("POST", "/api/chat", json=body) as response:
            for line in response.iter_lines():
                received.append(json.loads(line))
                if len(received) == 2:
                    started = time.monotonic()
                    server.stop()
                    assert time.monotonic() - started < 1
    assert 2 <= len(received) < 10 and not received[-1]["done"]
    assert server.cancelled == []


def test_context_manager_and_url() -> None:
    with SimServer(delay_scale=0) as server:
        assert server.running and server.url == f"http://127.0.0.1:{server.port}"
        assert httpx.head(server.url).status_code == 200
    assert not server.running


# Recording and error shapes


def test_requests_are_recorded_with_body_and_authorization(sim: SimServer) -> None:
    body = {"model": "qwen3:8b", "messages": USER, "options": {"temperature": 0.2}}
    post(sim, "/api/chat", body, headers={"Authorization": "Bearer secret"})
    HTTP.get(f"{sim.url}/api/tags?x=1")
    first, second = sim.requests
    assert (first.method, first.path, first.body) == ("POST", "/api/chat", body)
    assert first.authorization == "Bearer secret"
    assert (second.method, second.path, second.body, second.authorization) == (
        "GET", "/api/tags", None, None)
    sim.clear_records()
    assert sim.requests == []


def test_router_errors_are_plain_text(sim: SimServer) -> None:
    missing = HTTP.get(f"{sim.url}/api/nothing")
    assert (missing.status_code, missing.text) == (404, "404 page not found")
    assert missing.headers["content-type"].startswith("text/plain")
    wrong = HTTP.get(f"{sim.url}/api/chat")
    assert (wrong.status_code, wrong.text) == (405, "405 method not allowed")
    head = httpx.head(sim.url)
    assert head.status_code == 200 and head.content == b""


def test_copy_and_delete_have_empty_bodies(sim: SimServer) -> None:
    copied = post(sim, "/api/copy", {"source": "qwen3:8b", "destination": "backup"})
    assert (copied.status_code, copied.content) == (200, b"")
    deleted = HTTP.request("DELETE", f"{sim.url}/api/delete", json={"model": "backup"})
    assert (deleted.status_code, deleted.content) == (200, b"")


def test_nothing_installed(sim: SimServer) -> None:
    for model in HTTP.get(f"{sim.url}/api/tags").json()["models"]:
        HTTP.request("DELETE", f"{sim.url}/api/delete", json={"model": model["name"]})
    assert HTTP.get(f"{sim.url}/api/tags").json() == {"models": []}
    assert HTTP.get(f"{sim.url}/api/ps").json() == {"models": []}
    assert HTTP.get(f"{sim.url}/v1/models").json() == {"object": "list", "data": None}


RAW_ERRORS: list[tuple[str, bytes, int, str]] = [
    ("/api/chat", b"", 400, "missing request body"),
    ("/api/chat", b"{", 400, "unexpected EOF"),
    ("/api/chat", b"[]", 400, "json: cannot unmarshal array into Go value of type api.ChatRequest"),
    ("/api/show", b"nope", 400, "invalid character 'n' looking for beginning of value"),
]


@pytest.mark.parametrize(("path", "raw", "status", "message"), RAW_ERRORS)
def test_malformed_bodies(sim: SimServer, path: str, raw: bytes, status: int, message: str) -> None:
    response = HTTP.post(f"{sim.url}{path}", content=raw)
    assert (response.status_code, response.json()) == (status, {"error": message})


JSON_ERRORS: list[tuple[str, dict[str, Any], int, str]] = [
    ("/api/chat", {"messages": USER}, 400, "model is required"),
    ("/api/chat", {"model": "ghost", "messages": USER}, 404, "model 'ghost' not found"),
    ("/api/chat", {"model": "deepseek-r1:7b", "think": True}, 400,
     '"deepseek-r1:7b" does not support thinking'),
    ("/api/chat", {"model": "qwen3:8b", "think": "lots"}, 400,
     'invalid think value: "lots" (must be "high", "medium", "low", "max", true, or false)'),
    ("/api/chat", {"model": "qwen3:8b", "messages": USER, "options": {"stop": "x"}}, 500,
     'option "stop" must be of type array'),
    ("/api/chat", {"model": "qwen3:8b", "messages": USER, "options": {"stop": [1]}}, 500,
     'option "stop" must be of an array of strings'),
    ("/api/chat", {"model": "qwen3:8b", "messages": USER, "options": {"top_k": "many"}}, 500,
     'option "top_k" must be of type integer'),
    ("/api/chat", {"model": "qwen3:8b", "messages": USER, "options": {"temperature": "hot"}}, 500,
     'option "temperature" must be of type float32'),
    ("/api/chat", {"model": "deepseek-r1:7b", "messages": USER, "tools": [{"type": "function"}]},
     400, "registry.ollama.ai/library/deepseek-r1:7b does not support tools"),
    ("/api/show", {}, 400, "model is required"),
    ("/api/pull", {}, 400, "model is required"),
    ("/api/copy", {"source": "qwen3:8b"}, 400, 'destination "" is invalid'),
]


@pytest.mark.parametrize(("path", "body", "status", "message"), JSON_ERRORS)
def test_request_errors(sim: SimServer, path: str, body: dict[str, Any], status: int,
                        message: str) -> None:
    response = post(sim, path, body)
    assert (response.status_code, response.json()) == (status, {"error": message})
    assert response.headers["content-type"] == "application/json; charset=utf-8"


def test_lenient_options_are_accepted(sim: SimServer) -> None:
    options = {"num_ctx": 4096.7, "mirostat": 2, "seed": None, "use_mmap": True}
    assert chat(sim, model="qwen3:8b", options=options).status_code == 200
    assert ps(sim)["qwen3:8b"]["context_length"] == 4096


def test_v1_reasoning_controls(sim: SimServer) -> None:
    def v1(**body: Any) -> httpx.Response:
        return post(sim, "/v1/chat/completions", {"model": "qwen3:8b", "messages": USER} | body)

    assert "reasoning" not in v1(reasoning_effort="none").json()["choices"][0]["message"]
    assert v1(reasoning_effort="bogus").status_code == 400
    assert v1(model="deepseek-r1:7b", reasoning_effort="high").status_code == 400
    assert v1(temperature="hot").json()["error"]["type"] == "invalid_request_error"
    remote = v1(messages=[{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]}])
    assert remote.status_code == 400


@given(st.text())
def test_tokens_join_back_to_the_text(text: str) -> None:
    assert "".join(tokenize(text)) == text


# Runs the module with every print slowed down, so that a Ctrl-C sent as soon as
# the URL is shown lands while the rest of the banner is printed: the window a
# loaded machine opens by chance, held open on purpose.
_SLOW_BANNER = """
import builtins, runpy, sys, time
real_print = builtins.print
def slow_print(*args, **kwargs):
    real_print(*args, **kwargs)
    time.sleep(0.3)
builtins.print = slow_print
sys.argv = ["ollamux.sim", "--port", "0", "--delay-scale", "0"]
runpy.run_module("ollamux.sim", run_name="__main__")
"""


def assert_stops_cleanly_on_ctrl_c(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    assert process.stderr is not None and process.stderr.read() == ""


def test_ctrl_c_while_the_banner_is_printed_stops_cleanly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BANNER],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        assert "listening on http://127.0.0.1:" in process.stdout.readline()
        assert_stops_cleanly_on_ctrl_c(process)
    finally:
        if process.poll() is None:
            process.kill()


def test_module_runs_in_the_foreground() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "ollamux.sim", "--port", "0", "--delay-scale", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = first.split()[-1]
        assert url.startswith("http://127.0.0.1:")
        assert HTTP.get(f"{url}/api/version").json()["version"].endswith("-sim")
        assert_stops_cleanly_on_ctrl_c(process)
    finally:
        if process.poll() is None:
            process.kill()
