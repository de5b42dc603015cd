"""The selected task in full: notes as Markdown, dates, tags, links."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import ScrollableContainer, VerticalScroll
from textual.widgets import Static

from credo.display import escape, visible
from credo.store.ids import ShortIds
from credo.text.words import describe_task
from credo.ui.agent_marks import AGENT_MARK
from credo.ui.board_state import Row
from credo.ui.markup import from_rich_markup

ExperimentNames = tuple[ShortIds, Mapping[str, str]]
"""The experiments' short ids and titles (hypotheses), for the detail's `tried in`."""
DetailFacts = tuple[
    date,
    int,
    str,
    str,
    str,
    frozenset[str],
    ExperimentNames | None,
    Mapping[str, str] | None,
    Mapping[str, str],
    str,
]
"""What the detail says of a task beside its file (`TaskDetail.show`): the day, the
urgency horizon, its id as `credo ls` prints it, its commits, the views hiding tasks, the
commits gone from history, the experiments' names (None until they are read: no `tried
in` is said), the people's names for their e-mails (`email_names`: None until they are
read, no one is named), the people the assignees that are handles mean (a copy of
`BoardState.handles`: one coming to mean someone draws the detail again), and with no
task selected, the quadrant's name when another one shows tasks (empty when the board
shows none)."""

FACTS_WIDTH = 56
"""The facts' width before the pane is laid out: the board's detail at its widest."""

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from textual.widgets import Markdown


class TaskDetail(VerticalScroll, inherit_bindings=False):
    """Shows the selected task. It has the board's keys (nothing else there takes them),
    so it leaves the arrows to the board's cursor: with long notes, ↓ scrolled them
    instead of moving to the next task. Page up/down, home and end scroll the notes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding
        for binding in ScrollableContainer.BINDINGS
        if getattr(binding, "key", "") not in ("up", "down", "left", "right")
    ]

    DEFAULT_CSS = """
    TaskDetail {
        & > #detail-facts { padding: 0 1; }
        & > Markdown { margin: 0; padding: 0 1; }
    }
    """

    _notes: str = ""
    _facts_text: str | None = None
    _shown: tuple[Row | None, DetailFacts] | None = None
    """The row and the facts shown, drawn again when the pane's width changes."""

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-facts")

    def show(self, row: Row | None, facts: DetailFacts) -> None:
        """Show `row`'s task and `facts`; the same again costs nothing (a cursor move
        draws the detail once, then the cursor's Selected message asks again)."""
        shown = self._shown
        if shown is not None and shown[0] is row and shown[1] == facts:
            return
        self._shown = (row, facts)
        self.draw(row, facts)

    def on_resize(self) -> None:
        if self._shown is not None:
            self.draw(*self._shown)

    def draw(self, row: Row | None, facts: DetailFacts) -> None:
        """The facts (the experiments' names cut to the pane's width) and the notes; with
        no row, what the filter (`hidden_by`) hides, how to reach the other quadrants'
        tasks, or on an empty board how to add one; an unreadable file's row, its message."""
        today, horizon, short, commits, hidden_by, gone, experiments, names, handles, empty = facts
        if row is None or row.task is None:
            if row is not None:  # an unreadable file's row in its quadrant
                self.show_facts(f"[red]{escape(row.path)}: {escape(row.problem or '')}[/]")
            elif hidden_by:
                self.show_facts(f"[dim]Nothing shown here under {escape(hidden_by)}.[/]")
            elif empty:  # adding is not what is left to do: the tasks are elsewhere
                self.show_facts(
                    f"[dim]No task in {empty}: the arrows (or [b]h j k l[/b]) move to "
                    "the tasks in the other quadrants.[/]"
                )
            else:
                self.show_facts("[dim]No task selected. Press [b]a[/b] to add one.[/]")
            self.show_notes("")
            return
        named, titles = experiments or (None, {})
        room = self.scrollable_content_region.width
        width = room - 2 if room else FACTS_WIDTH  # the facts' padding: 0 1
        text = describe_task(
            row.task,
            today,
            horizon,
            commits,
            gone,
            short=short,
            experiments=named,
            titles=titles,
            width=width,
            names=names,
            handles=handles,
        )
        if row.actor:
            text += f"\n\n[b]{AGENT_MARK} last changed by {escape(row.actor)}[/]"
        self.show_facts(text)
        self.show_notes(visible(row.task.notes))

    def show_facts(self, text: str) -> None:
        """Dates, tags and links; the screen is laid out again only when their height changes.

        A layout pass redraws every scrollbar on the board, so a cursor move over
        tasks with facts of the same height repaints just this pane.
        """
        if text == self._facts_text:
            return
        self._facts_text = text
        facts = self.query_one("#detail-facts", Static)
        facts.update(from_rich_markup(text), layout=False)  # Rich markup (see credo.display)
        facts.clear_cached_dimensions()
        width, height = facts.content_size
        if not width or facts.get_content_height(self.size, self.app.size, width) != height:
            facts.refresh(layout=True)

    def show_notes(self, text: str) -> None:
        """Notes as Markdown; the Markdown widget (a heavy import) comes with the first notes.

        Unchanged notes are not parsed again (the facts above them change when
        git answers, the notes do not).
        """
        if text == self._notes:
            return
        self._notes = text
        found = self.query("#detail-notes")
        if found:
            cast("Markdown", found.first()).update(text)
        elif text:
            from textual.widgets import Markdown

            self.mount(Markdown(text, id="detail-notes", parser_factory=_notes_parser))


def _notes_parser() -> MarkdownIt:
    """GitHub-like Markdown whose links and images stay as typed, address and all: a
    teammate's `[the card](https://...)` cannot hide where a click goes. A bare address
    is still a link, shown as itself."""
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like").disable(["link", "image"])
