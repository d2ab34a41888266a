"""How full one session's context is after its last reply, asked of the server as little as possible.

The server drops the start of the conversation silently when it no longer fits,
so this is the only place a person can see it coming.
"""

from __future__ import annotations

from ollamux.api.capabilities import ModelAdmin
from ollamux.api.errors import ApiError
from ollamux.core.context_meter import ContextUse, effective_context
from ollamux.core.session import Session

# A reply that spent this long loading the model may have loaded it with another
# context length: ask `/api/ps` again.
RELOAD_SECONDS = 0.1


class ContextProbe:
    """One session's context use, with what the server said kept until it may have changed."""

    def __init__(self) -> None:
        self.use: ContextUse | None = None
        self._model_context: int | None = None
        # The num_ctx override and the context length `/api/ps` gave with it.
        self._loaded: tuple[object, int | None] | None = None

    def forget(self) -> None:
        """What was measured belongs to the model before: the session moved."""
        self.use = self._model_context = self._loaded = None

    async def measure(self, session: Session, admin: ModelAdmin | None) -> ContextUse | None:
        """The use after the last reply with stats (None before any), kept in `use`."""
        stats = next((m.stats for m in reversed(session.messages) if m.stats), None)
        if stats is None:
            return None
        num_ctx = session.options.get("num_ctx")
        loaded = model_context = None
        if admin is not None:  # a server that says what it loaded, with which context
            try:
                # The loaded context only changes when the model is (re)loaded: a
                # reply that took no load time, with num_ctx as before, keeps it.
                asked = self._loaded
                if asked is None or asked[0] != num_ctx or (stats.load_seconds or 0) >= RELOAD_SECONDS:
                    running = await admin.running_models()
                    found = next((m.context_length for m in running if m.name == session.model), None)
                    asked = self._loaded = (num_ctx, found)
                loaded = asked[1]
                # The model's own context is only the last resort: ask for it only then.
                known = loaded or (num_ctx if isinstance(num_ctx, int) and num_ctx > 0 else None)
                if self._model_context is None and known is None:
                    self._model_context = (await admin.show(session.model)).context_length
                model_context = self._model_context
            except ApiError:
                pass  # the meter is a help, not a requirement
        limit = effective_context(loaded, num_ctx if isinstance(num_ctx, int) else None, model_context)
        self.use = ContextUse.from_stats(stats, limit)
        return self.use

    def left(self) -> int | None:
        """Tokens left in the window after the last reply; None while unknown."""
        if self.use is None or self.use.limit is None:
            return None
        return max(0, self.use.limit - self.use.used)
