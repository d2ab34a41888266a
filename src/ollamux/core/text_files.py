"""A text file made into part of a prompt: decoded, fenced with its name, cut to fit.

The model sees the file as a Markdown code block headed by the file's name, the way
a person would paste it, so the transcript shows it the same way it was sent.
"""

from __future__ import annotations

import codecs
import math
import re
from pathlib import PurePath

from ollamux.core.attachment import AttachmentError

# Rough, and on the safe side for code: BPE tokenizers average about 4 characters of
# English per token, fewer for code and other scripts. The context meter counts what
# the server reports and has no rule of its own to agree with.
CHARS_PER_TOKEN = 4

# Fence info strings by suffix (lower case) or by whole name; anything else gets none.
_BY_SUFFIX = {
    ".py": "python", ".pyi": "python", ".rs": "rust", ".js": "javascript", ".mjs": "javascript",
    ".cjs": "javascript", ".jsx": "jsx", ".ts": "typescript", ".tsx": "tsx", ".go": "go",
    ".c": "c", ".h": "c", ".cc": "cpp", ".cpp": "cpp", ".cxx": "cpp", ".hpp": "cpp", ".hh": "cpp",
    ".java": "java", ".kt": "kotlin", ".kts": "kotlin", ".swift": "swift", ".cs": "csharp",
    ".rb": "ruby", ".php": "php", ".pl": "perl", ".lua": "lua", ".r": "r", ".scala": "scala",
    ".hs": "haskell", ".ex": "elixir", ".exs": "elixir", ".erl": "erlang", ".clj": "clojure",
    ".zig": "zig", ".nim": "nim", ".dart": "dart", ".jl": "julia", ".ml": "ocaml",
    ".sh": "bash", ".bash": "bash", ".zsh": "zsh", ".fish": "fish", ".ps1": "powershell",
    ".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".json": "json", ".jsonl": "json",
    ".ini": "ini", ".cfg": "ini", ".xml": "xml", ".svg": "xml", ".md": "markdown",
    ".rst": "rst", ".tex": "latex", ".html": "html", ".htm": "html", ".css": "css",
    ".scss": "scss", ".sql": "sql", ".diff": "diff", ".patch": "diff", ".proto": "protobuf",
    ".tf": "hcl", ".nix": "nix", ".vim": "vim", ".cmake": "cmake", ".gradle": "groovy",
}
_BY_NAME = {
    "dockerfile": "dockerfile", "containerfile": "dockerfile", "makefile": "makefile",
    "gnumakefile": "makefile", "cmakelists.txt": "cmake", "justfile": "just",
    ".bashrc": "bash", ".bash_profile": "bash", ".profile": "bash", ".zshrc": "zsh",
    "gemfile": "ruby", "rakefile": "ruby", "vagrantfile": "ruby", "modelfile": "dockerfile",
}
_BACKTICKS = re.compile(r"`+")


def read_text(data: bytes, name: str) -> str:
    """The file's text; AttachmentError "<name> is a binary file, not text" otherwise.

    UTF-8 with or without a byte-order mark, and UTF-16 with one (Windows tools write
    it). Anything else with a NUL byte or invalid UTF-8 is taken for binary: guessing
    a legacy code page would put mojibake into the prompt without a word.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decode(data[len(bom):], encoding, name)
    if b"\0" in data:
        raise _binary(name)
    return _decode(data, "utf-8", name)


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise _binary(name) from None
    if "\0" in text:
        raise _binary(name)
    return text


def _binary(name: str) -> AttachmentError:
    return AttachmentError(f"{name} is a binary file, not text")


def language_for(name: str) -> str:
    """The fence's info string for a file name: "main.py" -> "python"; "" when unknown."""
    path = PurePath(name)
    lower = path.name.lower()
    if lower in _BY_NAME:
        return _BY_NAME[lower]
    if lower.startswith("dockerfile.") or lower.endswith(".dockerfile"):
        return "dockerfile"
    return _BY_SUFFIX.get(path.suffix.lower(), "")


def fenced_file(name: str, text: str) -> str:
    """`text` as a code block headed by the file's name, e.g. "`main.py`:" then a fence.

    The fence is longer than any run of backticks in the text, so a Markdown file
    with its own fences stays one block. The name is shown literally: one backtick
    run longer than any in the name quotes it (CommonMark code span rules).
    """
    fence = "`" * max(3, _longest_run(text) + 1)
    body = text if text.endswith("\n") or not text else text + "\n"
    return f"{_code_span(name)}:\n\n{fence}{language_for(name)}\n{body}{fence}\n"


def _longest_run(text: str) -> int:
    return max((len(run) for run in _BACKTICKS.findall(text)), default=0)


def _code_span(text: str) -> str:
    ticks = "`" * (_longest_run(text) + 1)
    # A name starting or ending with a backtick needs a space inside the span.
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def estimate_tokens(text: str) -> int:
    """About how many tokens `text` costs: characters / CHARS_PER_TOKEN, rounded up."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def cut_text(text: str, max_tokens: int) -> str:
    """The start of `text` within about `max_tokens`, cut after a whole line where one
    fits, then a marker line saying how much was left out."""
    if estimate_tokens(text) <= max_tokens:
        return text
    lines = _lines(text)
    total = len(lines)
    budget = max(0, max_tokens * CHARS_PER_TOKEN)
    kept: list[str] = []
    used = 0
    for line in lines:
        # Room is kept for the marker, so the whole stays within the budget.
        if used + len(line) + len(_marker(total - len(kept), total)) > budget:
            break
        kept.append(line)
        used += len(line)
    head = "".join(kept)
    if not kept:
        # Not one whole line fits (a minified file): cut inside the first line.
        room = budget - len(_marker(total, total)) - 1
        head = lines[0][: max(0, room)] + "\n" if lines and room > 0 else ""
        # The line cut into counts as left out: it is not attached whole.
        return head + _marker(total, total)
    if not head.endswith("\n"):
        head += "\n"
    return head + _marker(total - len(kept), total)


def _marker(left_out: int, total: int) -> str:
    unit = "line" if total == 1 else "lines"
    return f"… [cut: {left_out:,} of {total:,} {unit} not attached]\n"


def _lines(text: str) -> list[str]:
    # Split at "\n" only: str.splitlines also breaks at form feeds and other
    # separators that sit inside lines of source code.
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines
