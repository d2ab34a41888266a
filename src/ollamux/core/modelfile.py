"""Reading a Modelfile into an `/api/create` request, with errors that name the line.

    FROM llama3.2                       # a model name, or a file to upload (./x.gguf)
    PARAMETER temperature 0.3           # typed as the server reads it; stop may repeat
    SYSTEM \"\"\"You are terse.\"\"\"         # triple quotes may span lines
    TEMPLATE, LICENSE (may repeat), MESSAGE <role> <text>, ADAPTER <file>

Values are a rest of line, a "quoted string" or a \"\"\"block\"\"\"; `#` starts a comment line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from ollamux.api.create import CreateRequest
from ollamux.api.events import Message, Role
from ollamux.core.options import OPTIONS_BY_NAME, REMOVED_OPTIONS, OptionError, validate_option

COMMANDS = ("from", "parameter", "system", "template", "license", "message", "adapter")
ROLES: tuple[Role, ...] = ("system", "user", "assistant")
_FILE_SUFFIXES = (".gguf", ".bin", ".safetensors")


class ModelfileError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line, self.message = line, message


@dataclass
class Modelfile:
    base: str = ""
    system: str | None = None
    template: str | None = None
    license: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    adapters: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # FROM and each ADAPTER: where they are

    @property
    def files(self) -> list[str]:
        """The local files this Modelfile needs uploaded as blobs before creating."""
        return ([self.base] if is_file_reference(self.base) else []) + self.adapters

    def to_request(self, name: str, blobs: Mapping[str, str] | None = None) -> CreateRequest:
        """The create request; `blobs` maps each of `files` to its uploaded `sha256:` digest."""
        blobs = blobs or {}
        for path in self.files:
            if path not in blobs:
                raise ModelfileError(self.lines.get(path, 0), f"{path} is a file: upload it first")
        file_base = is_file_reference(self.base)
        return CreateRequest(
            model=name.strip(), base="" if file_base else self.base, system=self.system,
            template=self.template, license=tuple(self.license), parameters=dict(self.parameters),
            messages=tuple(self.messages), adapters={PurePath(p).name: blobs[p] for p in self.adapters},
            files={PurePath(self.base).name: blobs[self.base]} if file_base else {},
        )


def is_file_reference(value: str) -> bool:
    return value.startswith(("/", "./", "../", "~")) or value.lower().endswith(_FILE_SUFFIXES)


_WORD = re.compile(r"[^\s]+")


class _Reader:
    """A cursor over the text that knows its line number."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line = text.replace("\r\n", "\n"), 0, 1

    def skip_blank_lines(self) -> bool:
        """Past blank and comment lines; False at the end of the text."""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\n":
                self.line += 1
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
                continue
            elif not char.isspace():
                return True
            self.pos += 1
        return False

    def _skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def word(self, what: str) -> str:
        self._skip_spaces()
        match = _WORD.match(self.text, self.pos)
        if not match:
            raise ModelfileError(self.line, f"{what} is missing")
        self.pos = match.end()
        return match.group(0)

    def value(self, what: str) -> str:
        self._skip_spaces()
        start_line, rest = self.line, self.text[self.pos:]
        if rest.startswith('"""'):
            end = self.text.find('"""', self.pos + 3)
            if end < 0:
                raise ModelfileError(start_line, f'{what}: the """ opened here is never closed')
            value = self.text[self.pos + 3 : end]
            self.line += value.count("\n")
            self.pos = end + 3
        elif rest.startswith('"'):
            match = re.match(r'"((?:[^"\\\n]|\\.)*)"', rest)
            if not match:
                raise ModelfileError(start_line, f"{what}: the quote opened here is never closed")
            value = re.sub(r'\\(["\\])', r"\1", match.group(1))
            self.pos += match.end()
        else:
            end = self.text.find("\n", self.pos)
            end = len(self.text) if end < 0 else end
            value, self.pos = self.text[self.pos : end].strip(), end
        tail = self.text.find("\n", self.pos)
        tail = len(self.text) if tail < 0 else tail
        if self.text[self.pos : tail].strip():
            raise ModelfileError(self.line, f"{what}: unexpected text after the closing quote")
        self.pos = tail
        if not value.strip():
            raise ModelfileError(start_line, f"{what} needs a value")
        return value


def parse_modelfile(text: str) -> Modelfile:
    """The Modelfile's instructions; ModelfileError names the first bad line."""
    reader, result = _Reader(text), Modelfile()
    while reader.skip_blank_lines():
        line, command = reader.line, reader.word("a command").lower()
        if command not in COMMANDS:
            raise ModelfileError(line, f"unknown command {command.upper()!r}: use "
                                       + ", ".join(name.upper() for name in COMMANDS))
        _apply(result, command, reader, line)
    if not result.base:
        raise ModelfileError(0, "no FROM line: say which model (or file) to build on")
    return result


def _apply(result: Modelfile, command: str, reader: _Reader, line: int) -> None:
    if command == "parameter":
        name = reader.word("the parameter's name")
        _parameter(result.parameters, name, reader.value(f"PARAMETER {name}"), line)
    elif command == "message":
        word = reader.word("the message's role").lower()
        role = next((role for role in ROLES if role == word), None)
        if role is None:
            raise ModelfileError(line, f"a message's role is system, user or assistant, not {word!r}")
        result.messages.append(Message(role=role, content=reader.value("MESSAGE")))
    else:
        value = reader.value(command.upper())
        if command == "from":
            result.base, result.lines[value.strip()] = value.strip(), line
        elif command == "adapter":
            result.adapters.append(value.strip())
            result.lines[value.strip()] = line
        elif command == "license":
            result.license.append(value)
        elif command == "system":
            result.system = value
        else:
            result.template = value


def _parameter(parameters: dict[str, Any], name: str, text: str, line: int) -> None:
    spec = OPTIONS_BY_NAME.get(name)
    if spec is None:
        gone = " (Ollama dropped it: delete the line)" if name in REMOVED_OPTIONS else ""
        raise ModelfileError(line, f"unknown parameter {name!r}{gone}")
    if spec.kind == "list[str]":  # each line adds one stop sequence, kept verbatim
        parameters.setdefault(name, []).append(text)
        return
    try:
        parameters[name] = validate_option(spec, text)
    except OptionError as error:
        raise ModelfileError(line, error.message) from None
