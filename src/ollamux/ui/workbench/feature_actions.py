"""The workbench's keys for what builds on a session: presets, compaction, completion
sessions, the model workshop, embeddings and token probabilities.

A mixin of `WorkbenchScreen`: each action is a line or two of glue to the feature's
own package, imported at first use where start-up should not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ollamux.ui import compact
from ollamux.ui.workbench.embed_actions import pick_and_embed
from ollamux.ui.workbench.logprob_actions import show_token_probabilities

if TYPE_CHECKING:
    from ollamux.ui.models import PickedModel
    from ollamux.ui.workbench.screen import WorkbenchScreen
    from ollamux.ui.workshop import WorkshopFlows


def screen_of(actions: object) -> WorkbenchScreen:
    """The screen a mixin of it is part of (`FeatureActions`, `SessionOpening`: their only user)."""
    return cast("WorkbenchScreen", actions)


class FeatureActions:
    """Actions of `WorkbenchScreen` (its keys and palette entries) for the session's features."""

    def action_apply_preset(self) -> None:
        from ollamux.ui.workbench.preset_actions import pick_and_apply

        pick_and_apply(screen_of(self))

    def action_save_preset(self) -> None:
        from ollamux.ui.workbench.preset_actions import save_current

        save_current(screen_of(self))

    def action_new_completion(self) -> None:
        """Pick a model and open a completion session (/api/generate) on it."""
        from ollamux.ui.models import ModelPicker

        bench = screen_of(self)

        def opened(picked: list[PickedModel] | None) -> None:
            for choice in picked or []:
                bench.run_worker(bench.open_session(choice.host, choice.model, completion=True))

        bench.app.push_screen(ModelPicker(bench.clients, title="Open a completion session (/api/generate) on"), opened)

    def action_compact(self) -> None:
        bench = screen_of(self)
        if (view := bench.view_for_keys()) is not None:
            compact.start_compaction(bench, view, bench.clients, bench.save)

    async def action_undo_compact(self) -> None:
        bench = screen_of(self)
        if (view := bench.view_for_keys()) is not None:
            await compact.undo_compaction(view, bench.save)

    def workshop(self) -> WorkshopFlows:
        from ollamux.ui.workshop import WorkshopFlows  # at first use: start-up time

        bench = screen_of(self)

        def refresh_host(host: str) -> None:
            if host in bench.models_panel.host_states:
                bench.models_panel.refresh_host(host)

        async def open_new(host: str, model: str) -> None:
            if bench.panels.models_wide:  # the new session would open under the panel
                await bench.panels.toggle_models()
            await bench.open_session(host, model)

        return WorkshopFlows(bench.app, bench.clients, open_session=open_new, refresh_host=refresh_host)

    def action_save_as_model(self) -> None:
        bench = screen_of(self)
        if (view := bench.workspace.active_view) is not None:
            bench.workshop().save_session(view.session)

    def action_embeddings(self) -> None:
        bench = screen_of(self)
        bench.run_worker(pick_and_embed(bench))

    def action_token_probabilities(self) -> None:
        show_token_probabilities(screen_of(self))
