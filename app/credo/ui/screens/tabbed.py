"""A view in tabs whose content is made the first time its tab is shown, and the diff
such a tab shows."""

from __future__ import annotations

from rich.console import RenderableType
from textual import on
from textual.widgets import TabbedContent

from credo.display import escape
from credo.domain.models import Run
from credo.ui.markup import from_rich_markup
from credo.ui.screens.base import CredoScreen


class TabbedScreen(CredoScreen):
    """Tabs whose content costs to make (a diff's `Syntax`, pygments' import with it; the
    charts, plotext's; an output log, Textual's text area and the text loaded into it):
    made when the tab is first shown (`make_tab`: a key, a click),
    drawn with what is read anew while it is in sight (`fill_tab`), and once shown again
    if what it shows was read anew meanwhile; never for a tab out of sight."""

    def __init__(self) -> None:
        super().__init__()
        self.made: set[str] = set()
        """The tabs shown yet, their content made (`make_tab`); the others wait."""
        self.stale: set[str] = set()
        """The tabs whose content was read anew while out of sight: drawn when shown."""

    @on(TabbedContent.TabActivated)
    async def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()  # a key that acts on one tab comes and goes with it
        await self.make_tab(event.pane.id or "")

    async def make_tab(self, pane: str) -> None:
        """`pane`, shown: its content made the first time, drawn if it is not up to date."""
        if pane not in self.made:
            if not await self.build_tab(pane):
                return
            self.made.add(pane)
            self.stale.add(pane)
        if pane in self.stale:
            self.stale.discard(pane)
            self.draw_tab(pane)

    async def build_tab(self, pane: str) -> bool:
        """Mount the widgets `pane` needs; False while another key's call mounts them
        (that one draws the tab)."""
        return True

    def fill_tab(self, pane: str) -> None:
        """What was last read for `pane`: drawn now if it is in sight, else when shown."""
        if pane in self.made and self.query_one(TabbedContent).active == pane:
            self.stale.discard(pane)  # just shown (m): drawn once, not again as it shows
            self.draw_tab(pane)
        else:
            self.stale.add(pane)

    def draw_tab(self, pane: str) -> None:
        """Draw `pane`, made and in sight, with what was last read."""


def diff_view(patch: str, run: Run | None) -> RenderableType:
    """A run's saved diff, coloured, or why none is here."""
    if patch:
        from rich.syntax import Syntax

        return Syntax(patch, "diff", theme="ansi_dark", word_wrap=False)
    from credo.text.runs import diff_words

    git = run.git_start if run else None
    # a patch named but none read: a teammate's run, whose patches stay in their clone
    words = diff_words(git, here=not git.patch) if git else "no git state"
    return from_rich_markup(f"[dim]No diff here: {escape(words)}[/]")
