"""Crash reports name code, never the text an exception carries."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ollamux.core.crash_report import describe, report_crash, write_crash_report


def _raise(kind: str, message: str) -> BaseException:
    prompt = message  # a local holding conversation text, as in a real frame
    try:
        if kind == "cause":
            try:
                raise KeyError(prompt)
            except KeyError as inner:
                raise ValueError(prompt) from inner
        if kind == "context":
            try:
                raise KeyError(prompt)
            except KeyError:
                raise ValueError(prompt)  # noqa: B904 - the implicit context is the case
        if kind == "group":
            raise ExceptionGroup(prompt, [ValueError(prompt), TypeError(prompt)])
        raise RuntimeError(prompt)
    except BaseException as error:
        return error


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["plain", "cause", "context", "group"]), st.text(max_size=40))
def test_no_message_or_local_reaches_the_report(kind: str, text: str) -> None:
    message = f"SECRET{text}"
    lines = describe(_raise(kind, message))
    report = "\n".join(lines)
    assert "SECRET" not in report
    assert "in _raise" in report and report.count("Traceback (most recent call last):") >= 1
    if kind in ("cause", "context"):
        assert "KeyError" in report and "ValueError" in report
    if kind == "group":
        assert "TypeError" in report


def test_the_report_file_is_private_and_its_notice_names_only_the_path(tmp_path: Path) -> None:
    error = _raise("plain", "my secret prompt")
    path = write_crash_report(error, tmp_path / "state")
    assert path.stat().st_mode & 0o777 == 0o600 and (tmp_path / "state").stat().st_mode & 0o777 == 0o700
    assert "my secret prompt" not in path.read_text()
    notice = report_crash(error, tmp_path / "state")
    assert "RuntimeError" in notice and str(tmp_path / "state") in notice and "secret" not in notice
    # No writable folder: still a notice, and still no text.
    (tmp_path / "file").write_text("")
    notice = report_crash(error, tmp_path / "file" / "state")
    assert "could not be written" in notice and "secret" not in notice


def test_a_failed_worker_is_reported_by_its_own_failure(tmp_path: Path) -> None:
    from textual.worker import WorkerFailed

    notice = report_crash(WorkerFailed(_raise("plain", "my secret prompt")), tmp_path / "state")
    [path] = (tmp_path / "state").glob("crash-*.txt")
    text = path.read_text()
    # The worker's traceback, where the failure happened: not Textual's empty wrapper.
    assert "in _raise" in text and "RuntimeError" in text and "WorkerFailed" not in text
    assert "RuntimeError" in notice and "secret" not in text + notice
