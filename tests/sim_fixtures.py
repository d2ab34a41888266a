"""Fixtures for tests that talk to the simulated Ollama server.

tests/conftest.py belongs to the whole suite, so these live here. Load them in a
test module with

    pytest_plugins = ["tests.sim_fixtures"]

(best: once for every module, from conftest.py). Importing from it also works
(`from tests.sim_fixtures import frozen_clock, make_sim`), but if that import runs
before pytest loads it as a plugin, pytest warns that it cannot rewrite its asserts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from ollamux import sim as simulator
from ollamux.sim import SimServer

# A fixed "now" with a non-UTC offset, so timestamp formatting is visible in tests.
FROZEN_NOW = datetime(2026, 5, 4, 12, 30, 15, 123400, tzinfo=timezone(timedelta(hours=2)))


def frozen_clock(moment: datetime = FROZEN_NOW) -> Callable[[], datetime]:
    """A clock that always says `moment` (FROZEN_NOW unless given)."""
    return simulator.frozen_clock(moment)

@pytest.fixture
def make_sim() -> Iterator[Callable[..., SimServer]]:
    """A factory of started simulators (delay_scale 0 unless given); all stopped at teardown.

    Teardown also fails the test if a simulator recorded an internal error.
    """
    servers: list[SimServer] = []

    def factory(**kwargs: Any) -> SimServer:
        kwargs.setdefault("delay_scale", 0)
        server = SimServer(**kwargs)
        server.start()
        servers.append(server)
        return server

    yield factory
    for server in servers:
        server.stop()
    errors = [error for server in servers for error in server.errors]
    assert not errors, "simulator errors:\n" + "\n".join(errors)


@pytest.fixture
def sim(make_sim: Callable[..., SimServer]) -> SimServer:
    """A started simulator that never sleeps (delay_scale=0)."""
    return make_sim()
