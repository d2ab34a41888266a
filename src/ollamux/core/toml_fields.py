"""Reading and writing the fields of a session's TOML tables, with clear errors.

Shared by the session codec (`session_toml`) and the codecs of its parts
(`compaction_toml`, `completion_toml`): a value of the wrong type, a missing
field or a date out of range is a `SessionFormatError` naming the table and key.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any


class SessionFormatError(ValueError):
    """The document is TOML but not a session this version can read."""


def need(table: dict[str, Any], key: str, kind: type, where: str = "") -> Any:
    if key not in table:
        prefix = f"{where}: " if where else ""
        raise SessionFormatError(f"{prefix}missing required field {key!r}")
    return get(table, key, kind, None, where)


def get(
    table: dict[str, Any], key: str, kind: type | tuple[type, ...], default: Any, where: str = ""
) -> Any:
    """The value at `key` if it has the right type, the default if absent."""
    if key not in table:
        return default
    value = table[key]
    # bool is an int in Python, but a `true` where a number belongs is a broken file.
    wrong_bool = isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,))
    if wrong_bool or not isinstance(value, kind):
        prefix = f"{where}: " if where else ""
        raise SessionFormatError(f"{prefix}field {key!r} has the wrong type")
    return value


# Within a day of datetime's own limits, a time shown in any time zone (offsets
# reach 14 hours) would fall outside them and raise OverflowError where it is shown.
_EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
_LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=1)


def moment(table: dict[str, Any], key: str, default: datetime, where: str = "") -> datetime:
    """A date and time that can be shown in any time zone, else a bad file."""
    moment: datetime = get(table, key, datetime, default, where)
    try:
        in_range = _EARLIEST <= aware(moment).astimezone(UTC) <= _LATEST
    except OverflowError:
        in_range = False
    if not in_range:
        prefix = f"{where}: " if where else ""
        raise SessionFormatError(f"{prefix}field {key!r} is out of range: {moment.isoformat()}")
    return moment


def aware(moment: datetime) -> datetime:
    """A datetime comparable with any other: naive ones (hand-edited files) count as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def put(table: dict[str, Any], key: str, value: object) -> None:
    if value is not None:
        table[key] = value


def short(value: str) -> str:
    """A bad value for an error message: a hand edit may have pasted anything there."""
    return repr(value if len(value) <= 80 else value[:80] + "…")
