"""Benchmark 4: one huge reply, streamed and reopened.

A server sends a reply of SIZE characters (default 50 MB) on one line, either as
one NDJSON event or as many small tokens; then the same text is reopened as a
saved session. Prints how long until the reply is complete and shown, the
longest the event loop was blocked meanwhile, and how long ctrl+q takes to
quit. Budget: the loop is never blocked for more than a second, and quitting
takes under five seconds.

    ../.venv/bin/python huge_reply.py [SIZE] [line|tokens]
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from ollamux.core.session import ChatMessage, Session, Status

from _harness import MODEL, make_app, wait_until

SIZE = int(float(sys.argv[1])) if len(sys.argv) > 1 else 50_000_000
MODE = sys.argv[2] if len(sys.argv) > 2 else "line"
TOKEN = "word "


def reply_lines(size: int, mode: str) -> list[bytes]:
    def line(content: str, done: bool = False) -> bytes:
        body = {"model": MODEL, "message": {"role": "assistant", "content": content}, "done": done}
        if done:
            body.update(done_reason="stop", eval_count=size // len(TOKEN), eval_duration=10**9)
        return json.dumps(body).encode() + b"\n"

    text = TOKEN * (size // len(TOKEN))
    if mode == "line":
        return [line(text), line("", True)]
    step = 4096 * len(TOKEN)  # a read of many token lines at once, as from a fast server
    reads = [
        b"".join(line(TOKEN) for _ in range(len(text[i : i + step]) // len(TOKEN)))
        for i in range(0, len(text), step)
    ]
    return [*reads, line("", True)]


async def serve(lines: list[bytes]) -> asyncio.Server:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        lengths = (int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length"))
        length = next(lengths, 0)
        await reader.readexactly(length)
        if not head.startswith(b"POST /api/chat"):
            writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        else:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n")
            for chunk in lines:
                writer.write(chunk)
                await writer.drain()
        await writer.drain()
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


class LoopLag:
    """The longest gap between two ticks of a 20 ms timer: how long keys would wait."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._last = time.perf_counter()

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last - 0.02)
        self._last = now


async def streamed(url: str) -> dict[str, float]:
    app = make_app(url)
    figures = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        lag = LoopLag()
        app.set_interval(0.02, lag.tick)
        view.query_one("#prompt").insert("go")
        started = time.perf_counter()
        await pilot.press("enter")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE, timeout=600)
        figures["stream: complete (s)"] = time.perf_counter() - started
        await pilot.pause(1.0)
        figures["stream: worst loop block (s)"] = lag.worst
        figures["stream: ctrl+q to exit (s)"] = await seconds_to_quit(pilot)
    return figures


async def seconds_to_quit(pilot) -> float:
    started = time.perf_counter()
    await pilot.press("ctrl+q")
    await wait_until(pilot, lambda: not pilot.app.is_running, timeout=600)
    return time.perf_counter() - started


async def reopened() -> dict[str, float]:
    app = make_app("http://127.0.0.1:9")
    figures = {}
    async with app.run_test(size=(120, 40)) as pilot:
        lag = LoopLag()
        app.set_interval(0.02, lag.tick)
        text = TOKEN * (SIZE // len(TOKEN))
        session = Session(host="sim", model=MODEL, messages=[ChatMessage("user", "go"), ChatMessage("assistant", text)])
        started = time.perf_counter()
        view = await app.workbench.add_session(session)

        def answer_shown() -> bool:
            answers = view.query(".answer")  # a fresh query each time: a DOMQuery keeps its first result
            return bool(answers) and answers.last().region.height > 0

        await wait_until(pilot, answer_shown, timeout=600)
        figures["reopen: shown (s)"] = time.perf_counter() - started
        await pilot.pause(0.5)
        figures["reopen: worst loop block (s)"] = lag.worst
        figures["reopen: ctrl+q to exit (s)"] = await seconds_to_quit(pilot)
    return figures


async def main() -> None:
    server = await serve(reply_lines(SIZE, MODE))
    port = server.sockets[0].getsockname()[1]
    figures = await streamed(f"http://127.0.0.1:{port}")
    server.close()
    figures.update(await reopened())
    print(f"reply: {SIZE:,} characters on one line, sent as {'one event' if MODE == 'line' else 'tokens'}")
    for name, value in figures.items():
        print(f"{name:32} {value:8.2f}")
    blocked = max(v for k, v in figures.items() if "block" in k)
    quits = max(v for k, v in figures.items() if "exit" in k)
    print(f"budget: loop blocked < 1 s, quit < 5 s: {'met' if blocked < 1 and quits < 5 else 'MISSED'}")


if __name__ == "__main__":
    asyncio.run(main())
