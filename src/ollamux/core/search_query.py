"""What the user types in the search box, read into words, phrases and filters.

    quantize "context length" model:qwen3 host:gpu after:2026-09-01 before:2026-10-01

- free words: each must appear; the last one is a prefix, so results follow typing;
- `"quoted phrases"`: the words in that order (an unclosed quote runs to the end);
- `model:` and `host:` keep sessions whose model or host name contains the value
  (case ignored); the value may be quoted (`model:"qwen3 32b"`);
- `after:DATE` keeps sessions last updated on or after that day, `before:DATE`
  those updated before it; DATE is `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, a day in the
  user's local time. A date that cannot be read becomes an error sentence in
  `Query.errors`, the filter is left out, and the rest of the query still runs.

Parsing never raises, whatever the text. Nothing here reaches SQL or FTS5 as
syntax: the index quotes every term (see `search_text.fts_phrase`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

FILTERS = ("model", "host", "after", "before")
# One token: a filter with a quoted or bare value, a quoted phrase, or a bare word.
_TOKEN = re.compile(
    r"""(?P<key>[A-Za-z]+):(?:"(?P<qvalue>[^"]*)"?|(?P<value>\S*))"""
    r"""|"(?P<phrase>[^"]*)"?"""
    r"""|(?P<word>[^\s"]+)"""
)
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# A query longer than this is cut: no one types it, and a pasted book must stay fast.
MAX_TERMS = 32
MAX_TERM_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search; `parse` builds it, `SearchIndex.search` runs it."""

    words: tuple[str, ...] = ()
    """Free words, in the order typed; each must match (the last as a prefix)."""
    phrases: tuple[str, ...] = ()
    """Quoted phrases, each matched as consecutive words."""
    model: str | None = None
    """Keep sessions whose model name contains this, case ignored."""
    host: str | None = None
    """Keep sessions whose host name contains this, case ignored."""
    after: datetime | None = None
    """Keep sessions updated at or after this moment (aware, local midnight)."""
    before: datetime | None = None
    """Keep sessions updated before this moment (aware, local midnight)."""
    errors: tuple[str, ...] = field(default=(), compare=False)
    """Sentences about what could not be read (a bad date), for the UI to show."""

    @property
    def has_text(self) -> bool:
        """Whether any words or phrases are searched for (else: a list by recency)."""
        return bool(self.words or self.phrases)

    @property
    def has_filters(self) -> bool:
        return any(value is not None for value in (self.model, self.host, self.after, self.before))


def parse(text: str) -> Query:
    """Read the search box's text into a `Query`; never raises."""
    # A lone surrogate (pasted from a broken source) cannot be encoded for SQLite.
    text = text.encode("utf-8", "replace").decode("utf-8")
    words: list[str] = []
    phrases: list[str] = []
    errors: list[str] = []
    query = Query()
    for match in _TOKEN.finditer(text):
        if len(words) + len(phrases) >= MAX_TERMS:
            break
        key = (match.group("key") or "").lower()
        if key in FILTERS:
            value = match.group("qvalue") if match.group("qvalue") is not None else match.group("value")
            query = _with_filter(query, key, value.strip(), errors)
        elif key:  # a word with a colon that names no filter (a URL, "note:"): plain text
            words.append(match.group()[:MAX_TERM_LENGTH])
        elif match.group("phrase") is not None:
            if match.group("phrase").strip():
                phrases.append(match.group("phrase")[:MAX_TERM_LENGTH])
        else:
            words.append(match.group("word")[:MAX_TERM_LENGTH])
    return replace(query, words=tuple(words), phrases=tuple(phrases), errors=tuple(errors))


def _with_filter(query: Query, key: str, value: str, errors: list[str]) -> Query:
    if not value:
        return query  # still being typed ("model:"): no filter yet, no complaint
    if key == "model":
        return replace(query, model=value)
    if key == "host":
        return replace(query, host=value)
    day = parse_day(value)
    try:
        moment = local_midnight(day) if day is not None else None
    except (OverflowError, ValueError, OSError):  # a year the platform's clock cannot place
        moment = None
    if moment is None:
        errors.append(f"{key}:{value} is not a date: write it as YYYY-MM-DD, e.g. {key}:2026-10-01")
        return query
    return replace(query, after=moment) if key == "after" else replace(query, before=moment)


def parse_day(value: str) -> date | None:
    """`YYYY-MM-DD`, `YYYY-MM` (its first day) or `YYYY` (January 1st); None if not a date."""
    match = _DATE.fullmatch(value)
    if match is None:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def local_midnight(day: date) -> datetime:
    """The start of `day` in the user's local time zone, as an aware moment."""
    return datetime.combine(day, time()).astimezone()
