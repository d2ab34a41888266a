"""Benchmark of the session search index (issue 14): a full rebuild and first results.

Generates a library of sessions (5,000 x 50 messages by default) in a temporary
folder, written with the store's own TOML codec, then measures:

- a full rebuild of the index from the files (budget: under 30 s);
- a sync with nothing changed (what every start pays);
- the first results (limit 50) of a prefix query, a phrase, a filter-only query,
  two-character Chinese queries and a mixed one (budget: under 100 ms each),
  each run five times: the first run (cold connection) and the median are shown.

    .venv/bin/python bench/search_library.py [--sessions 5000] [--messages 50] [--workers N]
                                             [--compare 1000] [--keep]

The load average is printed before and after: the figures mean little without it.
Generation reuses a few rendered session texts with varied words: seconds, not minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ollamux.core.search_index import SearchIndex
from ollamux.core.search_text import indexed_text
from ollamux.core.session import ChatMessage, Session
from ollamux.core.session_toml import session_to_toml
from ollamux.core.store import SessionStore, sessions_dir

REBUILD_BUDGET = 30.0
QUERY_BUDGET = 0.100
TEMPLATES = 24
SLOTS = 80

ENGLISH = [
    "The model runs with a context length of 8192 tokens, which is enough for most chats.",
    "To quantize the weights to Q4_K_M, convert the checkpoint to GGUF first and then run the quantizer.",
    "Keep the temperature low when you want deterministic code, and raise it for brainstorming.",
    "The GPU has 24 GB of memory, so a 32b model at four bits fits with room for the KV cache.",
    "If the server answers with a 404, the model is not pulled yet: pull it and try again.",
    "Streaming replies arrive as NDJSON lines, each holding a piece of the message.",
    "A system prompt sets the tone; keep it short and specific to the task at hand.",
    "The embedding endpoint returns one vector per input, normalised to unit length.",
    "Use keep_alive to hold the model in memory between requests and avoid reloading it.",
    "Tool calls come back as JSON with a function name and its arguments.",
    "Here is a Python function that parses the log file and counts the errors per hour.",
    "The benchmark shows about forty tokens per second on the first prompt and more afterwards.",
    "Flash attention reduces memory use for long prompts, but not every backend supports it.",
    "You can set num_ctx in the options to raise the context window for this session.",
    "Café au lait and crème brûlée are fine examples of words with diacritics in them.",
]
CHINESE = [
    "这个模型在本地显卡上运行得很快，上下文长度可以设置到八千。",
    "我们用 ollama 部署了满血版的大模型，但是学校没有提供界面。",
    "请帮我写一个 Python 函数，读取日志文件并统计每小时的错误数量。",
    "量化以后模型变小了，显存占用从四十G降到了二十G左右。",
    "流式输出的时候每一行都是一个 JSON 对象，包含一部分回答。",
    "系统提示词决定了助手的语气，最好写得简短而具体。",
    "接口返回四零四说明模型还没有下载，先拉取再试一次。",
    "温度参数越低，生成的代码越稳定；头脑风暴时可以调高。",
]
MODELS = ["qwen3:32b", "qwen3:8b", "llama3.1:70b", "deepseek-r1:14b", "gemma3:27b", "mistral-small:24b"]
HOSTS = ["gpu-box", "laptop", "deepseek-api", "lab-server"]
SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "zu", "bel", "dri", "fen", "gor", "hix", "jun", "pra", "quo", "sil"]
CREATED = datetime(2001, 1, 1, tzinfo=UTC)
UPDATED = datetime(2001, 1, 2, tzinfo=UTC)
_SLOT = re.compile(r"⟨(\d+)⟩")
QUERIES = [
    ("prefix", "quant"), ("short prefix", "te"), ("2 letters, most match", "co"),
    ("two words, prefix", "context len"), ("phrase", '"keep the temperature low"'),
    ("filter only", "model:qwen3 after:2026-06-01"), ("words + filter", "gpu memory host:lab"),
    ("CJK, 2 chars", "模型"), ("CJK, 2 chars, rarer", "学校"), ("CJK + Latin", "满血版"),
    ("diacritics folded", "creme brulee"),
]


def vocabulary(rng: random.Random) -> list[str]:
    """Made-up words, so that the index holds a realistic number of distinct terms."""
    return sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(6000)})


def slotted(rng: random.Random, sentences: list[str], count: int) -> str:
    return " ".join(f"{rng.choice(sentences)} ⟨{rng.randrange(SLOTS)}⟩" for _ in range(count))


def template(rng: random.Random, messages: int, chinese: bool) -> str:
    """One rendered session whose words ⟨n⟩, model, host and dates are filled in later.

    Each template keeps to a few topics (a third of the sentences), as a real
    session does: a query word is then in some sessions, not in all of them.
    """
    sentences = rng.sample(CHINESE, 4) + rng.sample(ENGLISH, 2) if chinese else rng.sample(ENGLISH, 6)
    session = Session(host="@HOST@", model="@MODEL@", title="⟨0⟩ ⟨1⟩ notes", created_at=CREATED, updated_at=UPDATED)
    for index in range(messages):
        if index % 2 == 0:
            message = ChatMessage(role="user", content=slotted(rng, sentences, rng.randint(1, 2)))
        else:
            content = slotted(rng, sentences, rng.randint(4, 9))
            content += "\n\n```python\ndef ⟨2⟩(path):\n    return open(path).read().count('ERROR')\n```\n"
            thinking = slotted(rng, sentences, 2) if rng.random() < 0.3 else ""
            message = ChatMessage(role="assistant", content=content, thinking=thinking)
        message.created_at = CREATED
        session.messages.append(message)
    return session_to_toml(session)


def generate(root: Path, sessions: int, messages: int, seed: int = 14) -> int:
    """Write the library; its size in bytes."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    templates = [template(rng, messages, chinese=index % 6 == 0) for index in range(TEMPLATES)]
    root.mkdir(parents=True)
    total = 0
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for number in range(sessions):
        chosen = rng.choices(words, k=SLOTS)
        updated = start + timedelta(minutes=rng.randrange(60 * 24 * 330))
        text = _SLOT.sub(lambda match, chosen=chosen: chosen[int(match.group(1))], templates[number % TEMPLATES])
        text = (
            text.replace("@HOST@", rng.choice(HOSTS))
            .replace("@MODEL@", rng.choice(MODELS))
            .replace(str(UPDATED), str(updated))
            .replace(str(CREATED), str(updated - timedelta(hours=2)))
        )
        data = text.encode("utf-8")
        (root / f"s{number:05d}.toml").write_bytes(data)
        total += len(data)
    return total


def cpu_seconds() -> tuple[float, float]:
    """CPU time used so far by this process and by its finished children (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def compare_tokenizers(index: SearchIndex, sample: int) -> None:
    """Our unicode61 + CJK pairs against the trigram tokenizer, on the same texts."""
    bodies: dict[int, list[str]] = {}
    query = "SELECT session, content FROM messages WHERE session <= ? ORDER BY session, idx"
    for session, content in index.connection().execute(query, (sample,)):
        bodies.setdefault(session, []).append(content)
    rows = [(session, "\n".join(texts)) for session, texts in bodies.items()]
    print(f"\ntokenizers on the text of {len(rows)} sessions (body only):")
    folder = Path(tempfile.mkdtemp(prefix="ollamux-tokenizers-"))
    try:
        for name, tokenizer, rewrite, content in (
            ("unicode61 + CJK pairs", "unicode61 remove_diacritics 2", indexed_text, "content='', "),
            # Trigram answers a 2-character query only by LIKE, which needs the text kept.
            ("trigram", "trigram", lambda text: text, ""),
        ):
            conn = sqlite3.connect(folder / f"{name[:7]}.sqlite3")
            conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, {content}tokenize='{tokenizer}')")
            began = time.perf_counter()
            with conn:
                conn.executemany("INSERT INTO t(rowid, body) VALUES (?, ?)", ((r, rewrite(b)) for r, b in rows))
            built = time.perf_counter() - began
            conn.execute("VACUUM")
            size = (folder / f"{name[:7]}.sqlite3").stat().st_size
            figures = []
            for text in ("quant", "模型", "学校没"):
                star = "" if tokenizer == "trigram" else "*"
                if tokenizer == "trigram" and len(text) < 3:
                    sql, arg = "SELECT rowid FROM t WHERE body LIKE ? LIMIT 50", f"%{text}%"  # too short for trigrams
                else:
                    sql, arg = "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 50", f'"{rewrite(text)}"{star}'
                began = time.perf_counter()
                count = len(conn.execute(sql, (arg,)).fetchall())
                figures.append(f"{text} {(time.perf_counter() - began) * 1000:.0f} ms ({count})")
            conn.close()
            print(f"  {name:<22} built {built:5.1f} s, {size / 1e6:5.0f} MB; " + ", ".join(figures))
        print("  (ours keeps no text in FTS: the index keeps it once, in its messages table)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def timed_search(index: SearchIndex, query: str) -> tuple[float, float, int]:
    """(first run, median of five, hits) in seconds; the first on a new connection."""
    index.close()
    times, count = [], 0
    for _ in range(5):
        began = time.perf_counter()
        count = len(index.search(query))
        times.append(time.perf_counter() - began)
    return times[0], statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--workers", type=int, default=None, help="processes reading files (default: one per core)")
    parser.add_argument("--compare", type=int, default=0, metavar="N", help="compare tokenizers on N sessions")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average before: {load()}")
    data_dir = Path(tempfile.mkdtemp(prefix="ollamux-search-bench-"))
    try:
        began = time.perf_counter()
        size = generate(sessions_dir(data_dir), args.sessions, args.messages)
        took = time.perf_counter() - began
        print(f"generated {args.sessions} sessions x {args.messages} messages, {size / 1e6:.0f} MB in {took:.1f} s")
        store = SessionStore(sessions_dir(data_dir))
        index = SearchIndex(data_dir)
        began, cpu_before = time.perf_counter(), cpu_seconds()
        report = index.sync(store, workers=args.workers)
        rebuild = time.perf_counter() - began
        own, children = (after - before for after, before in zip(cpu_seconds(), cpu_before, strict=True))
        db_size = sum(p.stat().st_size for p in data_dir.glob("search-index.sqlite3*"))
        verdict = "met" if rebuild < REBUILD_BUDGET else "MISSED"
        print(f"full rebuild: {rebuild:.1f} s for {report.indexed} files (budget {REBUILD_BUDGET:.0f} s: {verdict}); "
              f"index {db_size / 1e6:.0f} MB")
        print(f"  CPU: {own:.1f} s in this process (index writes), {children:.1f} s in the workers (reading TOML)")
        began = time.perf_counter()
        index.sync(store)
        print(f"sync with nothing changed: {(time.perf_counter() - began) * 1000:.0f} ms")
        print(f"\n{'query':<22}{'text':<32}{'first':>9}{'median':>9}{'hits':>6}  budget {QUERY_BUDGET * 1000:.0f} ms")
        for name, text in QUERIES:
            first, median, count = timed_search(index, text)
            verdict = "met" if max(first, median) < QUERY_BUDGET else "MISSED"
            print(f"{name:<22}{text:<32}{first * 1000:>7.1f}ms{median * 1000:>7.1f}ms{count:>6}  {verdict}")
        if args.compare:
            compare_tokenizers(index, args.compare)
        print(f"\nload average after: {load()}")
    finally:
        if args.keep:
            print(f"kept: {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
