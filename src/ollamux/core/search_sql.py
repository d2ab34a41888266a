"""The SQL of a search: matching, ranking, filters.

Every value the user typed travels as a bound parameter; the only text built
here is the FTS5 expression, made of phrases `search_text.fts_phrase` quoted.
"""

from __future__ import annotations

from collections.abc import Sequence

from ollamux.core.search_query import Query

# bm25 weights of the columns title, body, thinking: a word in the title says
# more about what a session is than the same word in one of its replies.
_WEIGHTS = "10.0, 1.0, 0.5"
# Recency: a session changed today counts up to half as relevant again as an old
# one; the boost halves over about this many days.
RECENCY_BOOST = 0.5
RECENCY_DAYS = 30.0

# The columns of a hit, in the order `search_hits.make_hits` reads them; then the
# session's rowid, to fetch its messages (None: no words searched, no messages).
# A session without messages is indexed with one placeholder row of index -1.
_COLUMNS = (
    "s.id, s.path, s.title, s.model, s.host, s.updated, s.preview,"
    " (SELECT count(*) FROM messages m WHERE m.session = s.rowid AND m.idx >= 0)"
)


def recency_sql(updated: str) -> str:
    """A factor above 1 that is larger the more recent `updated` (unix seconds) is;
    `?` is the current time."""
    return f"(1.0 + {RECENCY_BOOST} / (1.0 + max(0.0, ? - {updated}) / {RECENCY_DAYS * 86400.0}))"


def _filters(query: Query) -> tuple[str, list[object]]:
    clauses: list[str] = []
    args: list[object] = []
    if query.model is not None:
        clauses.append("instr(lower(s.model), ?) > 0")
        args.append(query.model.lower())
    if query.host is not None:
        clauses.append("instr(lower(s.host), ?) > 0")
        args.append(query.host.lower())
    if query.after is not None:
        clauses.append("s.updated >= ?")
        args.append(query.after.timestamp())
    if query.before is not None:
        clauses.append("s.updated < ?")
        args.append(query.before.timestamp())
    return " AND ".join(clauses) or "1", args


def hits_sql(
    query: Query, phrases: Sequence[str], *, thinking: bool, now: float, limit: int
) -> tuple[str, list[object]]:
    """The statement and its arguments: `phrases` (FTS5 phrases) all match, or,
    without any, the sessions the filters keep, newest first."""
    where, args = _filters(query)
    if not phrases:
        sql = f"SELECT {_COLUMNS}, NULL FROM sessions s WHERE {where} ORDER BY s.updated DESC LIMIT ?"
        return sql, [*args, limit]
    columns = "{title body thinking}" if thinking else "{title body}"
    expression = f"{columns} : ({' AND '.join(phrases)})"
    sql = f"""
        SELECT {_COLUMNS}, s.rowid
        FROM session_words JOIN sessions s ON s.rowid = session_words.rowid
        WHERE session_words MATCH ? AND {where}
        ORDER BY bm25(session_words, {_WEIGHTS}) * {recency_sql("s.updated")}
        LIMIT ?"""
    return sql, [expression, *args, now, limit]
