"""PullTracker: per-layer progress, overall percent and a windowed transfer rate."""

from __future__ import annotations

from ollamux.api.models import PullProgress
from ollamux.core.pull_progress import PullTracker

A = "sha256:" + "a" * 64
B = "sha256:" + "b" * 64


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def line(
    status: str, digest: str | None = None, total: int | None = None, completed: int | None = None
) -> PullProgress:
    return PullProgress(status=status, digest=digest, total=total, completed=completed)


def test_layers_are_kept_by_digest_in_announced_order() -> None:
    tracker = PullTracker(clock=Clock())
    tracker.feed(line("pulling manifest"))
    assert tracker.layers == {} and tracker.percent is None and tracker.status == "pulling manifest"
    tracker.feed(line("pulling aaaaaaaaaaaa", A, 1000))  # no `completed` until bytes arrive
    tracker.feed(line("pulling bbbbbbbbbbbb", B, 100))
    tracker.feed(line("pulling aaaaaaaaaaaa", A, 1000, 500))
    tracker.feed(line("pulling bbbbbbbbbbbb", B, 100, 100))
    assert list(tracker.layers) == [A, B]
    assert tracker.layers[A].short_digest == "aaaaaaaaaaaa"
    assert tracker.layers[A].fraction == 0.5 and tracker.layers[B].fraction == 1.0
    assert (tracker.completed, tracker.total) == (600, 1100)
    assert tracker.percent == 54  # floored: 54.5 %


def test_completed_never_goes_back_and_success_fills_every_layer() -> None:
    tracker = PullTracker(clock=Clock())
    tracker.feed(line("pulling a", A, 1000, 700))
    tracker.feed(line("pulling a", A, 1000, 300))
    assert tracker.layers[A].completed == 700
    tracker.feed(line("verifying sha256 digest"))
    assert tracker.percent == 70 and not tracker.finished
    tracker.feed(line("success"))
    assert tracker.succeeded and tracker.finished and tracker.percent == 100
    assert tracker.layers[A].completed == 1000


def test_layer_without_size_does_not_count_towards_percent() -> None:
    tracker = PullTracker(clock=Clock())
    tracker.feed(line("pulling a", A, None, 50))
    assert tracker.percent is None and tracker.layers[A].fraction is None
    tracker.feed(line("pulling b", B, 200, 50))
    assert tracker.percent == 25


def test_rate_is_measured_over_a_sliding_window() -> None:
    clock = Clock()
    tracker = PullTracker(clock=clock, window=3.0)
    tracker.feed(line("pulling a", A, 10_000_000))
    assert tracker.rate == 0.0  # one sample: no rate yet
    for _ in range(4):
        clock.now += 1.0
        tracker.feed(line("pulling a", A, 10_000_000, tracker.completed + 1_000_000))
    assert tracker.rate == 1_000_000.0
    # Faster now: the old slow samples leave the window.
    for _ in range(4):
        clock.now += 1.0
        tracker.feed(line("pulling a", A, 10_000_000, tracker.completed + 500_000 * 2 * 2))
    assert tracker.rate == 2_000_000.0
    # Nothing for longer than the window: stalled.
    clock.now += 3.5
    assert tracker.rate == 0.0


def test_error_and_cancel_end_the_pull() -> None:
    tracker = PullTracker(clock=Clock())
    tracker.feed(line("pulling manifest"))
    tracker.fail("pull model manifest: file does not exist")
    assert tracker.finished and tracker.error == "pull model manifest: file does not exist"
    assert tracker.status == "failed" and tracker.rate == 0.0
    other = PullTracker(clock=Clock())
    other.cancel()
    assert other.finished and other.cancelled and other.status == "cancelled"
