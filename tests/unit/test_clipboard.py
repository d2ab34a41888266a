"""Copying to the terminal (OSC 52) and local clipboards (ollamux.core.clipboard).

No test touches a real clipboard: the local clipboard is always a fake or None,
and pyperclip is monkeypatched where the default is exercised.
"""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ollamux.core import clipboard as clipboard_module
from ollamux.core.clipboard import OSC52_LIMIT, Clipboard, CopyResult, osc52_sequence

SAMPLE = "héllo\n"
# Computed by hand, independently of the module: UTF-8 68 c3 a9 6c 6c 6f 0a.
SAMPLE_B64 = "aMOpbGxvCg=="


class Sink:
    def __init__(self) -> None:
        self.written: list[str] = []

    def __call__(self, data: str) -> None:
        self.written.append(data)


class Local(Sink):
    pass


def failing(_text: str) -> None:
    raise RuntimeError("Pyperclip could not find a copy/paste mechanism for your system.")


def test_sample_base64_is_right() -> None:
    assert base64.b64decode(SAMPLE_B64).decode() == SAMPLE


def test_plain_sequence_bytes() -> None:
    assert osc52_sequence(SAMPLE, tmux=False) == "\x1b]52;c;" + SAMPLE_B64 + "\x07"
    assert osc52_sequence("", tmux=False) == "\x1b]52;c;\x07"


def test_tmux_wrapped_sequence_bytes() -> None:
    expected = "\x1bPtmux;\x1b\x1b]52;c;" + SAMPLE_B64 + "\x07\x1b\\"
    assert osc52_sequence(SAMPLE, tmux=True) == expected


def test_escapes_in_the_text_never_reach_the_terminal_raw() -> None:
    sequence = osc52_sequence("\x1b]0;evil\x07", tmux=True)
    # Only the passthrough's own ESCs remain: the text is inside the base64.
    assert sequence.count("\x1b") == 4


def test_copy_through_both_routes() -> None:
    sink, local = Sink(), Local()
    result = Clipboard(sink, environ={}, local=local).copy(SAMPLE)
    assert sink.written == ["\x1b]52;c;" + SAMPLE_B64 + "\x07"]
    assert local.written == [SAMPLE]
    assert result == CopyResult(7, True, True, False,
                                "Copied 7 bytes to the local clipboard and sent them to the terminal (OSC 52)")
    assert result.copied


PLAIN = "\x1b]52;c;" + SAMPLE_B64 + "\x07"
WRAPPED = "\x1bPtmux;\x1b\x1b]52;c;" + SAMPLE_B64 + "\x07\x1b\\"


@pytest.mark.parametrize(("environ", "written"), [
    # tmux with `set-clipboard on` takes only the plain form, with `allow-passthrough on`
    # only the wrapped one: both are sent, in one write.
    ({"TMUX": "/tmp/tmux-1000/default,1234,0"}, PLAIN + WRAPPED),
    ({"TMUX": "/tmp/tmux-1000/default,1234,0", "TERM": "tmux-256color"}, PLAIN + WRAPPED),
    ({"TMUX": ""}, PLAIN),  # unset by hand: not inside tmux
    ({}, PLAIN),
    ({"STY": "1234.pts-0.host", "TERM": "screen"}, PLAIN),  # GNU screen: not wrapped
])
def test_bytes_written_for_each_environment(environ: dict[str, str], written: str) -> None:
    sink = Sink()
    result = Clipboard(sink, environ=environ, local=None).copy(SAMPLE)
    assert sink.written == [written]
    assert result.message == "Sent 7 bytes to the terminal (OSC 52)"


@given(text=st.text(min_size=1, max_size=300), tmux=st.booleans())
def test_inside_tmux_both_forms_carry_the_same_text(text: str, tmux: bool) -> None:
    sink = Sink()
    Clipboard(sink, environ={"TMUX": "/tmp/t,1,0"} if tmux else {}, local=None).copy(text)
    [written] = sink.written
    payload = base64.b64encode(text.encode()).decode()
    plain = f"\x1b]52;c;{payload}\x07"
    assert written == (plain + "\x1bPtmux;" + plain.replace("\x1b", "\x1b\x1b") + "\x1b\\" if tmux else plain)


def test_thousands_separator_and_terminal_only() -> None:
    sink = Sink()
    result = Clipboard(sink, environ={}, local=None).copy("x" * 1234)
    assert result.message == "Sent 1,234 bytes to the terminal (OSC 52)"
    assert (result.via_osc52, result.via_local, result.bytes) == (True, False, 1234)


def test_local_failure_is_ignored() -> None:
    sink = Sink()
    result = Clipboard(sink, environ={}, local=failing).copy("abc")
    assert len(sink.written) == 1
    assert (result.via_osc52, result.via_local) == (True, False)
    assert result.message == "Sent 3 bytes to the terminal (OSC 52)"


def test_terminal_write_failure_is_reported_not_raised() -> None:
    local = Local()
    result = Clipboard(failing, environ={}, local=local).copy("abc")
    assert result.message == "Copied 3 bytes to the local clipboard"
    result = Clipboard(failing, environ={}, local=failing).copy("abc")
    assert not result.copied
    assert result.message == "Could not copy 3 bytes: no clipboard available"


def test_limit_is_on_the_base64_payload() -> None:
    largest = OSC52_LIMIT // 4 * 3  # encodes to exactly OSC52_LIMIT bytes
    assert len(base64.b64encode(b"x" * largest)) == OSC52_LIMIT
    sink = Sink()
    assert not Clipboard(sink, environ={}, local=None).copy("x" * largest).too_large
    assert len(sink.written) == 1
    assert Clipboard(sink, environ={}, local=None).copy("x" * (largest + 1)).too_large
    assert len(sink.written) == 1


def test_too_large_goes_to_the_local_clipboard_only() -> None:
    sink, local = Sink(), Local()
    text = "é" * 60_000  # 120,000 bytes of UTF-8: counted in bytes, not characters
    result = Clipboard(sink, environ={}, local=local).copy(text)
    assert sink.written == []
    assert local.written == [text]
    assert result == CopyResult(
        120_000, False, True, True,
        "Too large for the terminal clipboard (OSC 52): 120,000 bytes; "
        "copied to the local clipboard only")


@pytest.mark.parametrize("local", [None, failing])
def test_too_large_without_a_local_clipboard(local: object) -> None:
    result = Clipboard(Sink(), environ={}, local=local).copy("x" * 200_000)  # type: ignore[arg-type]
    assert not result.copied and result.too_large
    assert result.message == "Too large for the terminal clipboard (OSC 52): 200,000 bytes; not copied"


def test_nothing_to_copy() -> None:
    sink = Sink()
    result = Clipboard(sink, environ={}, local=Local()).copy("")
    assert sink.written == [] and not result.copied
    assert result.message == "Nothing to copy"


def test_default_local_is_pyperclip_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyperclip

    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    result = Clipboard(Sink(), environ={}).copy("abc")
    assert copied == ["abc"] and result.via_local


def test_default_local_failure_from_pyperclip(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyperclip

    def no_clipboard(_text: str) -> None:
        raise pyperclip.PyperclipException("no copy/paste mechanism")

    monkeypatch.setattr(pyperclip, "copy", no_clipboard)
    result = Clipboard(Sink(), environ={}).copy("abc")
    assert (result.via_osc52, result.via_local) == (True, False)


def test_no_pyperclip_means_no_local_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def fake_import(name: str, *args: object, **kwargs: object) -> object:
        if name == "pyperclip":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert clipboard_module._default_local() is None
    result = Clipboard(Sink(), environ={}).copy("abc")
    assert result.message == "Sent 3 bytes to the terminal (OSC 52)"


def test_module_imports_no_textual() -> None:
    import ast
    from pathlib import Path

    tree = ast.parse(Path(clipboard_module.__file__).read_text())
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names}
    names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("textual") for name in names)
