"""The palette's "Token probabilities of the last reply": the reply's logprobs, per token."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ollamux.ui.workbench.screen import WorkbenchScreen

NO_LOGPROBS = ("The last reply came without token probabilities. Turn logprobs on in the inspector "
               "(F5, Reply extras) and ask again; some models and servers never send them.")


def show_token_probabilities(bench: WorkbenchScreen) -> None:
    from ollamux.ui.tokens import TokensScreen  # at first use: start-up time

    view = bench.workspace.active_view
    if view is None:
        bench.notify("No session open.", markup=False)
        return
    replies = [m for m in view.session.messages if m.role == "assistant"]
    if not replies or not replies[-1].logprobs:
        bench.notify(NO_LOGPROBS, title="Token probabilities", severity="warning", markup=False)
        return
    bench.app.push_screen(TokensScreen(view.session.model, replies[-1].logprobs))
