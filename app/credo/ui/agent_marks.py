"""The ✦ of agents' changes: the tasks and experiments still as an agent left them."""

from __future__ import annotations

from collections.abc import Mapping

from credo.domain.models import Item

AGENT_MARK = "✦"
AGENT_LEGEND = (AGENT_MARK, "last changed by an agent, still as it left it")
"""The mark and its meaning, for the help of each view that shows it (board, log)."""


class AgentMarks(dict[str, dict[object, str]]):
    """Item id -> {each `updated` an agent wrote: that agent}, for the tasks and
    experiments agents changed (the board reads them from the journal): an item shows the
    marker while it is as an agent left it (an undo of its later change too). One for the
    app, which every view reads; `version` moves with each change, for a view to redraw."""

    version = 0

    def add(self, marks: Mapping[str, Mapping[object, str]]) -> None:
        for item_id, written in marks.items():
            self.setdefault(item_id, {}).update(written)
        self.version += 1

    def actor_of(self, item: Item) -> str | None:
        """The agent this item still shows the change of, if any."""
        return self.get(item.id, {}).get(item.updated)
