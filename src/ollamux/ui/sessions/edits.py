"""Renaming and deleting a saved session from the F4 browser: file work off the
event loop, and a failure told in a notice (plain text: titles are outside text)."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.screen import Screen

from ollamux.core.session import Session
from ollamux.core.store import SessionStore, StoreError


async def rename_saved(screen: Screen[Any], store: SessionStore, session: Session, title: str) -> None:
    try:
        await asyncio.to_thread(store.rename, session, " ".join(title.split()))
    except (StoreError, OSError) as error:
        screen.notify(str(error), severity="error", markup=False)


async def delete_saved(screen: Screen[Any], store: SessionStore, session: Session) -> bool:
    """Whether the session's file is gone now."""
    try:
        await asyncio.to_thread(store.delete, session)
    except StoreError as error:  # open in another ollamux
        screen.notify(str(error), severity="error", markup=False)
        return False
    except OSError as error:
        screen.notify(f"Could not delete {session.title or 'untitled'}: {error.strerror}",
                      severity="error", markup=False)
        return False
    return True
