"""The Eisenhower board: four quadrants, a detail panel, every task action on a key.

The task actions are in `board_actions.py`, the background reads in `board_feeds.py`,
and the rows, cursor and filters (no Textual) in `ui/board_state.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Static

from credo.display import escape, rich_text
from credo.domain.models import Task
from credo.domain.quadrants import QUADRANTS, Quadrant, quadrant_of
from credo.domain.task_filter import read_filter
from credo.store.paths import CREDO_DIR
from credo.store.store import Change, LoadProblem
from credo.ui.board_state import BoardState, Row
from credo.ui.freezing import Freezer
from credo.ui.markup import from_rich_markup
from credo.ui.screens.base import (
    clear_filter_binding,
    problems_binding,
    switch_bindings,
    undo_bindings,
)
from credo.ui.screens.board_actions import BoardActions
from credo.ui.screens.board_feeds import BoardFeeds
from credo.ui.widgets.footer import KeysFooter
from credo.ui.widgets.header import HeaderLine
from credo.ui.widgets.line_input import BoxInput
from credo.ui.widgets.moves import MOVES
from credo.ui.widgets.task_detail import DetailFacts, TaskDetail
from credo.ui.widgets.task_list import MARKS_LEGEND, TaskList
from credo.wording import counted

LEFT_RIGHT = Binding.Group("Left/right")
"""The board's moves across, one row of `?` (as `MOVES`)."""
REORDER = Binding.Group("Move up/down")
"""K and J, which move the task in its quadrant: one row of `?` (as `MOVES`)."""
MUTED = "$text-muted"
"""A title's hint: the theme's muted colour, not dim (a dimmed title colour fell under 3:1)."""


class QuadrantTitle(Static):
    """A quadrant's name and count, then its hint where the whole hint fits, else its
    short form (`Quadrant.brief`) where that fits: cut to "urgent, not" (beside the
    detail at 100 columns) it said nothing, or the opposite."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.forms: tuple[Content, ...] = (Content(""),)

    def show(self, *forms: Content) -> None:
        """The first of `forms`, longest first, that fits, else the last; one line,
        repainted only."""
        self.forms = forms
        self.refresh()

    def render(self) -> Content:
        width = self.content_size.width
        return next((form for form in self.forms if form.cell_length <= width), self.forms[-1])


class BoardBody(Horizontal):
    """The quadrants and the detail pane, which cover it whole."""

    BLANK = True  # see BoardScreen.BLANK


class Quadrants(Grid):
    """The four quadrants, which cover it whole (one, in a small terminal)."""

    BLANK = True  # see BoardScreen.BLANK


class BoardScreen(BoardFeeds, BoardActions):
    """Daily planning: what to do, schedule, delegate and drop."""

    BLANK = True
    """The screen, like BoardBody and Quadrants, is covered whole by what it holds: drawn
    as blank lines, not styled line by line (117 of the 305 lines of the first frame at
    120x40, each then hidden under the widgets in front)."""

    HELP_TITLE = "Board"
    HELP_LEGEND = MARKS_LEGEND
    filter_box = "#filter"
    freeze_seconds = 0.5
    """How long after a load the tasks are frozen out of the GC's walks."""

    BINDINGS = [
        Binding("a", "add", "Add", id="board.add", tooltip="Add a task (quick-add syntax)"),
        Binding("e,enter", "edit", "Edit", id="board.edit", tooltip="Edit the selected task"),
        # Done before Detail: a narrow footer keeps the keys in this order, and T with a
        # filter at 80 columns left room for three: x, the most used, went, i stayed
        Binding("x", "toggle_done", "Done", id="board.done", tooltip="Mark done / not done"),
        Binding(
            "i",
            "detail",
            "Detail",
            id="board.detail",
            tooltip="The task in full: notes, commits, experiments",
        ),
        Binding(
            "1", "move('do')", "To Do", id="board.move_do", show=False, tooltip="Urgent & important"
        ),
        Binding(
            "2",
            "move('schedule')",
            "To Schedule",
            id="board.move_schedule",
            show=False,
            tooltip="Important",
        ),
        Binding(
            "3",
            "move('delegate')",
            "To Delegate",
            id="board.move_delegate",
            show=False,
            tooltip="Urgent",
        ),
        Binding(
            "4",
            "move('eliminate')",
            "To Eliminate",
            id="board.move_eliminate",
            show=False,
            tooltip="Neither",
        ),
        Binding(
            "K,shift+up",
            "reorder(-1)",
            "Move up",
            id="board.reorder_up",
            show=False,
            group=REORDER,
        ),
        Binding(
            "J,shift+down",
            "reorder(1)",
            "Move down",
            id="board.reorder_down",
            show=False,
            group=REORDER,
        ),
        Binding(
            "s",
            "start_experiment",
            "Experiment",
            id="board.experiment",
            tooltip="Just do it: start a timeboxed experiment for this task",
        ),
        *undo_bindings("board", show=True),
        # after undo: at 80 columns the footer has room for undo, not for both (and i)
        Binding("d", "drop", "Drop", id="board.drop", tooltip="Archive without doing"),
        Binding(
            "slash",
            "filter",
            "Filter",
            id="board.filter",
            tooltip="Filter by text, #tag, @name or status:done",
        ),
        Binding("t", "pin", "Pin today", id="board.pin", tooltip="Pin to / unpin from today"),
        Binding(
            "p",
            "start_task",
            "In progress",
            id="board.in_progress",
            tooltip="As credo start does; again: back to open (credo stop)",
        ),
        *switch_bindings(
            "T",
            "today_only",
            "board.today_only",
            ("Today", "Show only today's tasks"),
            ("Every task", "Every task again, not only today's"),
        ),
        Binding(
            "D",
            "app.switch_mode('data')",
            "Data",
            id="board.data",
            show=False,  # as every key to another view: in the help and the palette
            tooltip="Look at the project's data: records, balance, leaks, cues",
        ),
        Binding(
            "r",
            "app.runs",
            "Runs",
            id="board.runs",
            show=False,
            tooltip="Every run: sort, filter, compare, curves",
        ),
        problems_binding("board", "unreadable file"),
        clear_filter_binding("board"),
        Binding(
            "down,j",
            "cursor(1)",
            "Down",
            id="board.down",
            show=False,
            tooltip="The next task, on into the quadrant below",
            group=MOVES,
        ),
        Binding("up,k", "cursor(-1)", "Up", id="board.up", show=False, group=MOVES),
        Binding(
            "left,h",
            "column('left')",
            "Left",
            id="board.left",
            show=False,
            tooltip="The quadrant beside",
            group=LEFT_RIGHT,
        ),
        Binding(
            "right,l",
            "column('right')",
            "Right",
            id="board.right",
            show=False,
            group=LEFT_RIGHT,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state = BoardState()
        self._status_text: str | None = None
        self._hidden_overdue = 0
        self._titles: dict[Quadrant, tuple[int, str]] = {}
        """Each title's count and place (`update_titles`), as last shown."""
        # The widgets drawn on every key, kept from compose (a query per key shows).
        self._lists: dict[Quadrant, TaskList] = {}
        self._title_widgets: dict[Quadrant, QuadrantTitle] = {}
        self._freezer = Freezer(self, self.freeze_seconds)

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.header_line = HeaderLine(self.credo.store.name)
        yield self.header_line
        problems = TaskList(id="problems", show_cursor=False)
        yield problems
        with BoardBody(id="board-body"):
            with Quadrants(id="quadrants"):
                for quadrant in QUADRANTS:
                    with Vertical(classes="quadrant", id=f"q-{quadrant.value}"):
                        title = QuadrantTitle(
                            classes="quadrant-title", id=f"title-{quadrant.value}"
                        )
                        self._title_widgets[quadrant] = title
                        yield title
                        self._lists[quadrant] = TaskList(id=f"list-{quadrant.value}")
                        yield self._lists[quadrant]
            yield TaskDetail(id="detail")
        yield Static("", id="board-status")
        yield BoxInput(
            placeholder="filter: words, #tag, @name or status:done (enter keeps, esc clears)",
            id="filter",
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.list_of(Quadrant.DELEGATE).ask_assignee = True
        self.state.know_authors(self.credo.authors)
        for quadrant in QUADRANTS:
            self.list_of(quadrant).handles = self.state.handles
        self.open_feeds()
        # The first quadrant holding a task: one task in Delegate opens selected.
        first = next((q for q in QUADRANTS if self.state.columns[q]), Quadrant.DO)
        self.focus_on(first)
        self.on_resize()

    def on_resize(self, event: object = None) -> None:
        width, height = self.size
        if self.has_class("-no-detail") != (width < 100):
            self.set_class(width < 100, "-no-detail")
            self.refresh_bindings()  # `i` shows the detail where its pane is not
        self.set_class(width < 60 or height < 18, "-single")
        self.update_titles()
        self.update_status()

    def list_of(self, quadrant: Quadrant) -> TaskList:
        return self._lists[quadrant]

    # -- drawing -----------------------------------------------------------------

    def apply_loaded(self, tasks: dict[str, Task], problems: dict[str, LoadProblem]) -> None:
        self.state.load(tasks, problems)
        self.redraw()
        self._freezer.after_load()

    def on_screen_resume(self) -> None:
        self._freezer.resumed()

    def redraw(self) -> None:
        """Rebuild every quadrant from the tasks (after a load or a filter change)."""
        horizon = self.credo.store.config.urgency_horizon_days
        hidden_overdue = self.state.arrange(self.credo.today, horizon, self.credo.commits)
        problem_rows = self.state.problem_rows()
        problems = self.query_one("#problems", TaskList)
        problems.set_rows(problem_rows, self.credo.today)
        if problems.display != bool(problem_rows):
            problems.display = bool(problem_rows)
        self.draw_columns(QUADRANTS, hidden_overdue)

    def redraw_names(self) -> None:
        """Redraw the rows and the filter after a handle came to mean another person
        (`BoardState.know_authors`): the rows name them, `@name` finds them."""
        for quadrant in QUADRANTS:
            self.list_of(quadrant).clear_drawn()
            self.list_of(quadrant).refresh()
        self.redraw()

    def draw_columns(self, quadrants: Iterable[Quadrant], hidden_overdue: int = 0) -> None:
        """Show the columns of these quadrants; the cursor stays on its task."""
        today = self.credo.today
        selected = self.selected_task()
        keep = selected.id if selected else None
        for quadrant in quadrants:
            if self.state.filter_words:
                empty = "none match the filter"
            elif self.state.today_only:  # T: no filter was typed
                empty = "nothing for today"
            else:
                empty = f"nothing to {'drop' if quadrant == Quadrant.ELIMINATE else quadrant.value}"
            self.list_of(quadrant).empty_text = empty
            # A copy: the list compares old and new rows to skip unchanged quadrants.
            rows = list(self.state.columns[quadrant])
            at = self.state.position(quadrant, keep) if keep else None
            # its Selected is for the detail, drawn below: one message less up five levels
            with self.prevent(TaskList.Selected):
                self.list_of(quadrant).set_rows(rows, today, cursor=at)
        if keep is not None:
            target = self.state.quadrant(keep, today, self.credo.store.config.urgency_horizon_days)
            if target is not None and target != self.state.focus:
                self.focus_on(target, draw=False)  # titles and detail are drawn just below
        self.update_titles()
        self.update_status(hidden_overdue)
        self.show_detail()

    def update_titles(self) -> None:
        single = self.has_class("-single")
        for quadrant in QUADRANTS:
            count = len(self.list_of(quadrant).rows)
            where = f" {QUADRANTS.index(quadrant) + 1}/4 · h/l" if single else ""
            if self._titles.get(quadrant) != (count, where):
                self._titles[quadrant] = (count, where)
                # built, not parsed from markup: a move changes two counts, and the
                # parses were half of what showing a title cost
                name = (quadrant.label, "b")
                hinted = [
                    Content.assemble(name, f" {count} ", (hint + where, MUTED))
                    for hint in (quadrant.hint, quadrant.brief)
                ]
                place = (" ", (where, MUTED)) if where else ()
                short = Content.assemble(name, f" {count}", *place)
                self._title_widgets[quadrant].show(*hinted, short)
            focused = quadrant == self.state.focus
            self._title_widgets[quadrant].set_class(focused, "-focused")
            if single:  # small terminals show only the focused quadrant
                self.query_one(f"#q-{quadrant.value}").set_class(focused, "-focused")

    def update_status(self, hidden_overdue: int | None = None) -> None:
        """One row: the view's words, then what is wrong. When that does not fit (80
        columns), what is wrong comes first, each part in its short form."""
        if hidden_overdue is None:  # a resize: the count of the last redraw
            hidden_overdue = self._hidden_overdue
        self._hidden_overdue = hidden_overdue
        parts: list[tuple[bool, str, str]] = []  # (wrong, whole form, short form)
        if self.state.today_only:
            parts.append((False, "[b]today[/] (pinned, due today, overdue)", "[b]today[/]"))
        if self.state.filter_words:
            words = f"filter: {escape(' '.join(self.state.filter_words))}"
            parts.append((False, words, words))
            if complaint := read_filter(self.state.filter_words).complaint:
                parts.append((True, f"[red]{escape(complaint)}[/]", f"[red]{escape(complaint)}[/]"))
        if hidden_overdue:
            whole = f"[red]{hidden_overdue} overdue hidden by the filter[/]"
            parts.append((True, whole, f"[red]{hidden_overdue} overdue hidden[/]"))
        if self.store_gone is not None:
            command = escape(self.store_gone.command or "")
            whole = f"[red]{escape(self.store_gone.message)}[/]"
            parts.append(
                (True, whole, f"[red]{CREDO_DIR}/ removed: nothing is written[/] · {command}")
            )
        if self.state.problems:
            unreadable = counted(len(self.state.problems), "unreadable file")
            why = "[b]![/] why"
            parts.append(
                (True, f"[red]{unreadable} read-only[/] · {why}", f"[red]{unreadable}[/] · {why}")
            )
        text = " · ".join(whole for _, whole, _ in parts)
        if rich_text(text).cell_len > self.size.width - 2:  # the line's padding
            text = " · ".join(short for _, _, short in sorted(parts, key=lambda p: not p[0]))
        status = self.query_one("#board-status", Static)
        if text != self._status_text:
            self._status_text = text
            # one line; showing it lays out again
            status.update(from_rich_markup(text), layout=False)
            status.display = bool(parts)

    def selected_row(self) -> Row | None:
        return self.list_of(self.state.focus).current

    def selected_task(self) -> Task | None:
        row = self.selected_row()
        return row.task if row else None

    _detail: TaskDetail | None = None

    def detail_facts(self, row: Row | None) -> DetailFacts:
        """What the detail says of the selected `row`'s task beside its file."""
        task = row.task if row else None
        others = row is None and any(self.state.columns.values())
        return (
            self.credo.today,
            self.credo.store.config.urgency_horizon_days,
            self.state.short_id(task.id) if task else "",
            self.credo.commits_text(task.id) if task else "",
            self.hiding_views(),
            self.credo.gone_commits,
            self.credo.experiment_names,
            self.credo.names,
            dict(self.state.handles),
            self.state.focus.label if others else "",
        )

    def show_detail(self) -> None:
        """Describe the selected row (the same again costs nothing: `TaskDetail.show`)."""
        if self._detail is None:
            self._detail = self.query_one(TaskDetail)
        row = self.selected_row()
        self._detail.show(row, self.detail_facts(row))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "detail":  # at 100 columns and more, the pane beside shows it
            return self.has_class("-no-detail")
        if action == "today_only":  # T says what it does now
            return parameters != (self.state.today_only,)
        return super().check_action(action, parameters)

    def action_detail(self) -> None:
        from credo.ui.screens.detail import DetailScreen

        row = self.selected_row()
        if row is None or row.task is None:
            self.notify("No task selected", severity="warning")
            return
        self.app.push_screen(DetailScreen(row, self.detail_facts(row)))

    @on(TaskList.Selected)
    def _selected(self, event: TaskList.Selected) -> None:
        if event.task_list.id == "problems":
            return
        quadrant = (
            Quadrant(event.task_list.id.removeprefix("list-")) if event.task_list.id else None
        )
        if quadrant == self.state.focus:
            self.show_detail()

    @on(TaskList.Clicked)
    def _clicked(self, event: TaskList.Clicked) -> None:
        if event.task_list.id == "problems":
            self.action_problems()
        elif event.task_list.id and event.task_list.id.startswith("list-"):
            self.focus_on(Quadrant(event.task_list.id.removeprefix("list-")))

    @on(TaskList.Activated)
    def _activated(self, event: TaskList.Activated) -> None:
        if event.task_list.id == "problems":  # its click already told why
            return
        if event.row.task is None:
            self.action_problems()  # an unreadable file's row in its quadrant
        else:
            self.action_edit()

    def focus_on(self, quadrant: Quadrant, draw: bool = True) -> None:
        """Make `quadrant` the one the keys act on; `draw=False` leaves the titles and
        the detail to the caller, which draws them once after its other changes."""
        self.state.focus = quadrant
        for each in QUADRANTS:
            self.list_of(each).active = each == quadrant
        if draw:
            self.update_titles()
            self.show_detail()

    # -- changes, moves, filters -------------------------------------------------

    def apply_changes(self, changes: list[Change]) -> None:
        """Bring the in-memory board up to date from the files just written, from the
        bytes each change holds (read back from the disk, a slow or hung mount froze the
        board), as the experiment log does.

        Without filters only the quadrants a change touched are redrawn: moving one
        task among ten thousand costs two list updates, not a re-sort of the board.
        """
        store = self.credo.store
        touched = self.state.apply(
            changes,
            partial(store.parse, Task),
            self.credo.today,
            store.config.urgency_horizon_days,
            self.credo.commits,
        )
        if self.state.filtered:
            self.redraw()
        else:
            self.draw_columns([q for q in QUADRANTS if q in touched])

    def action_problems(self) -> None:
        problems = self.state.problems.values()
        self.show_unreadable(problems, "task", "the board", "shows these read-only")

    def action_cursor(self, offset: int) -> None:
        current = self.list_of(self.state.focus)
        if current.move(offset):
            return
        neighbour = self.state.neighbour("down" if offset > 0 else "up")
        if neighbour is not None and not self.has_class("-single"):
            target = self.list_of(neighbour)
            self.focus_on(neighbour)
            target.cursor = 0 if offset > 0 else max(0, len(target.rows) - 1)

    def action_column(self, direction: str) -> None:
        neighbour = self.state.neighbour(direction, single=self.has_class("-single"))
        if neighbour is not None:
            self.focus_on(neighbour)

    def select(self, task_id: str) -> None:
        task = self.state.tasks.get(task_id)
        if task is None:
            return
        quadrant = quadrant_of(task, self.credo.today, self.credo.store.config.urgency_horizon_days)
        index = self.state.position(quadrant, task_id)
        if index is None:
            return
        shown = self.list_of(quadrant)
        if quadrant == self.state.focus and shown.cursor == index:
            return  # already there: a redraw followed the task
        self.focus_on(quadrant, draw=False)
        shown.cursor = index
        self.update_titles()
        self.show_detail()

    def reveal(self, task_id: str) -> None:
        """Select a task from another view (the commits view's `o`), its detail shown: the
        filters that hide it give way, to `status:done` (or `status:dropped`) for a closed one."""
        task = self.state.tasks.get(task_id)
        horizon = self.credo.store.config.urgency_horizon_days
        if task is None:
            return  # its file cannot be read: the board's `!` says why
        if self.state.quadrant(task_id, self.credo.today, horizon) is None:
            self.state.today_only = False
            self.state.filter_words = [] if task.is_open else [f"status:{task.status.value}"]
            with self.prevent(Input.Changed):  # the box says the filter, which is in force now
                self.query_one("#filter", Input).value = " ".join(self.state.filter_words)
            self.refilter()
            self.refresh_bindings()  # esc clears the filter
        self.select(task_id)
        if self.has_class("-no-detail"):
            self.action_detail()

    def action_today_only(self, only: bool) -> None:
        self.state.today_only = only
        self.refilter()
        self.refresh_bindings()  # T says what it does now

    def refilter(self) -> None:
        """Redraw under filters just changed: a focused quadrant they emptied gives the
        cursor to the first quadrant they show tasks in."""
        self.redraw()
        columns = self.state.columns
        if not columns[self.state.focus]:
            shown = next((q for q in QUADRANTS if columns[q]), None)
            if shown is not None:
                self.focus_on(shown)

    def filter_item(self) -> str | None:
        selected = self.selected_task()
        return selected.id if selected else None

    def action_filter(self) -> None:
        self.query_one("#filter", Input).value = " ".join(self.state.filter_words)
        super().action_filter()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.state.filter_words = event.value.split()
        self.refilter()
        self.refiltered()

    def action_back(self) -> None:
        """esc in the filter box (its BoxInput's): the board has no other way back."""
        self.filter_escaped()
