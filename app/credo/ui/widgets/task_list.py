"""One quadrant's tasks: a virtualised list (Line API) that draws only what is visible.

Ten thousand tasks cost nothing until they scroll into view.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from credo.display import visible
from credo.domain.assignees import NO_ASSIGNEE, NO_HANDLES, who_forms
from credo.domain.dates import relative_day
from credo.domain.models import TaskStatus
from credo.text.marks import (
    CLOSED_MARKS,
    IN_PROGRESS_MARK,
    LINKED_MARK,
    PINNED_MARK,
    REPEATS_MARK,
    task_marks,
)
from credo.ui.agent_marks import AGENT_LEGEND, AGENT_MARK
from credo.ui.board_state import Row
from credo.ui.widgets.textual_internals import (
    QuietScrollBar,
    quiet_vertical_scrollbar,
    set_virtual_size,
)

MARKS_LEGEND: tuple[tuple[str, str], ...] = (
    (IN_PROGRESS_MARK, "in progress (p; the detail pane, or i, says by whom)"),
    (PINNED_MARK, "pinned to today (t)"),
    (REPEATS_MARK, "repeats (every:)"),
    (LINKED_MARK, "has commits or experiments (the detail pane, or i, lists them)"),
    AGENT_LEGEND,
    ("@name", "who has the task"),
    (NO_ASSIGNEE, "in Delegate: no one has it yet (3 asks who)"),
    (CLOSED_MARKS[TaskStatus.DONE], "done (shown by a status: filter)"),
    (CLOSED_MARKS[TaskStatus.DROPPED], "dropped (shown by a status: filter)"),
)
"""What each mark of a row means, for the help screen: from the constants the rows use."""


class TaskList(ScrollView, can_focus=False):
    """The tasks of one quadrant, with a cursor.

    The board owns the keys and sets `active` on one list: moving between quadrants
    changes no focus and no CSS class, so nothing is restyled on every move.
    """

    COMPONENT_CLASSES = {
        "task-list--cursor",
        "task-list--cursor-active",
        "task-list--due",
        "task-list--overdue",
        "task-list--tag",
        "task-list--assignee",
        "task-list--marker",
        "task-list--problem",
        "task-list--empty",
    }

    DEFAULT_CSS = """
    TaskList {
        height: 1fr;
        background: transparent;
        overflow-x: hidden;  /* rows are cut to the width: never a horizontal bar */
        & > .task-list--cursor { background: $block-cursor-blurred-background; }
        & > .task-list--cursor-active {
            background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
        }
        & > .task-list--due { color: $warning; }
        & > .task-list--overdue { color: $error; text-style: bold; }
        & > .task-list--tag { color: $accent; }
        & > .task-list--assignee { color: $secondary; text-style: italic; }
        & > .task-list--marker { color: $secondary; }
        & > .task-list--problem { color: $error; text-style: italic; }
        & > .task-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Selected(Message):
        """The row under the cursor changed (or was clicked)."""

        task_list: TaskList
        row: Row | None

    @dataclass
    class Clicked(Message):
        """The list was clicked (a row or below them): the board makes it the active one."""

        task_list: TaskList

    @dataclass
    class Activated(Message):
        """A row was double-clicked."""

        task_list: TaskList
        row: Row

    def __init__(self, *, show_cursor: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.show_cursor = show_cursor
        """False for a list nothing is picked from (the unreadable files)."""
        self.rows: list[Row] = []
        self.today = date.today()
        self._empty_text = "nothing here"
        self.ask_assignee = False
        """Open rows without an assignee say so (the Delegate quadrant)."""
        self.handles: Mapping[str, str] = NO_HANDLES
        """Who the assignees that are handles mean (`BoardState.handles`): `@bruno` shows
        as the teammate it means."""
        self._active = False
        # Drawn rows by (id(row), width, cursor look), each with its row: a row object
        # is never changed, so a hit whose row is the same object is still right.
        self._strips: dict[tuple[int, int, int], tuple[Row, Strip]] = {}
        self._base_style: Style | None = None

    @property
    def empty_text(self) -> str:
        """What an empty list says."""
        return self._empty_text

    @empty_text.setter
    def empty_text(self, text: str) -> None:
        if text != self._empty_text:
            self._empty_text = text
            if not self.rows:
                self.refresh()

    @property
    def active(self) -> bool:
        """The list the board's keys act on: its cursor is drawn bright."""
        return self._active

    @active.setter
    def active(self, value: bool) -> None:
        if value != self._active:
            self._active = value
            self.refresh_line(self.cursor)

    # -- content -----------------------------------------------------------------

    def set_rows(self, rows: list[Row], today: date, cursor: int | None = None) -> None:
        """Replace the rows, with the cursor at `cursor` (or kept where it was).

        Unchanged rows cost nothing: no repaint when nothing in this list moved.
        """
        changed = rows != self.rows or today != self.today
        if today != self.today:
            self.clear_drawn()  # due words and the pinned star depend on the day
        self.rows = rows
        self.today = today
        bar = self._vertical_scrollbar
        with bar.held() if isinstance(bar, QuietScrollBar) else nullcontext():
            if changed:
                self.resize_content()
            if cursor is not None:
                self.cursor = cursor
            clamped = max(0, min(self.cursor, len(rows) - 1))
            if clamped != self.cursor:
                self.cursor = clamped
        if changed:
            self.refresh()

    @property
    def current(self) -> Row | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    # -- cursor ------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True, immediate=True)
        self.post_message(self.Selected(self, self.current))

    def move(self, offset: int) -> bool:
        """Move the cursor; False when it would leave the list."""
        target = self.cursor + offset
        if not 0 <= target < len(self.rows):
            return False
        self.cursor = target
        return True

    def refresh_line(self, index: int) -> None:
        y = index - self.scroll_offset.y
        width, height = self.size  # found on the screen at each look: once
        if 0 <= y < height:
            self.refresh(Region(0, y, width, 1))

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Clicked(self))  # below the rows too: the keys act here now
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self.rows):
            self.cursor = index
            if event.chain == 2:
                self.post_message(self.Activated(self, self.rows[index]))

    def on_resize(self) -> None:
        self.resize_content()

    def resize_content(self) -> None:
        """Fit the scrollable height to the rows without laying out the whole screen.

        `virtual_size` is a layout reactive: every set relaid the screen, and the next
        frame repainted every widget (about half the cost of moving a task). Only
        showing or hiding the scrollbar changes the layout, and updating the
        scrollbars (as Textual does after a layout) asks for one exactly then.
        """
        set_virtual_size(self, Size(self.size.width, len(self.rows)))

    # -- drawing -----------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.clear_drawn()  # a theme or class change restyles every row
        if isinstance(self._vertical_scrollbar, QuietScrollBar):
            self._vertical_scrollbar._drawn = None  # its colours come from the list

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Textual's own scrollbar, but one that skips repainting an unchanged bar."""
        return quiet_vertical_scrollbar(self)

    def clear_drawn(self) -> None:
        """Forget the drawn rows (their colours or words are out of date)."""
        self._strips.clear()
        self._base_style = None

    _frame: tuple[int, int, int] | None = None
    """Width, scroll offset and cursor while a frame draws this list."""

    @property
    def row_width(self) -> int:
        """The cells a row has: the scrollbar, when shown, covers the last ones (a due
        date drawn under it lost its end: "2527d overdu")."""
        return self.scrollable_content_region.width

    def render_lines(self, crop: Region) -> list[Strip]:
        # Looked up once per frame: `size` finds the widget on its screen each time.
        self._frame = (self.row_width, self.scroll_offset.y, self.cursor)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        width, top, cursor = self._frame or (self.row_width, self.scroll_offset.y, self.cursor)
        index = y + top
        if self._base_style is None:
            self._base_style = self.rich_style  # walks every ancestor's styles
        base = self._base_style
        if not self.rows:
            if y == 0:
                text = Text(
                    f" {self.empty_text}", style=self.get_component_rich_style("task-list--empty")
                )
                return self.line(text, width, base)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        look = (2 if self._active else 1) if index == cursor and self.show_cursor else 0
        key = (id(row), width, look)
        cached = self._strips.get(key)
        if cached is not None and cached[0] is row:
            return cached[1]
        strip = self.draw_row(row, width, look, base)
        if len(self._strips) >= max(64, 4 * self.size.height):
            self._strips.clear()  # rows scrolled past or gone: start again
        self._strips[key] = (row, strip)
        return strip

    def draw_row(self, row: Row, width: int, look: int, base: Style) -> Strip:
        """One row as a strip; `look` is 0 off the cursor, 1 under it, 2 under the active one."""
        text = self.row_text(row, width)
        if look:
            name = "task-list--cursor-active" if look == 2 else "task-list--cursor"
            text.stylize(self.get_component_rich_style(name))
        return self.line(text, width, base)

    def line(self, text: Text, width: int, base: Style) -> Strip:
        """One line of text as a strip of `width` cells, every segment styled.

        Rich renders a text without spans as one bare segment, without the text's
        own style (a problem row lost its colour); and under NO_COLOR, Textual's
        monochrome filter reads the colours of every segment (a bare one crashed it).
        """
        own = base + self.app.console.get_style(text.style)
        segments = [
            Segment(part, own + style if style else own, control)
            for part, style, control in text.render(self.app.console)
        ]
        return Strip(segments, text.cell_len).adjust_cell_length(width, base)

    def row_text(self, row: Row, width: int) -> Text:
        """One line: marker, title, tags, due date on the right."""
        if row.task is None:
            style = self.get_component_rich_style("task-list--problem")
            named = row.title or row.path  # a conflicted task's title, its path on a key
            text = Text(
                visible(f" ⚠ {named}: {row.problem}", lines=False), style=style, no_wrap=True
            )
            text.truncate(width, overflow="ellipsis")
            return text
        task = row.task
        right = Text()
        closed = CLOSED_MARKS.get(task.status, "")  # shown by a `status:` filter
        if task.due is not None:
            words = relative_day(task.due, self.today, bool(closed))
            if closed:
                style_name = ""  # a closed task is late for nothing
            elif task.due < self.today:
                style_name = "task-list--overdue"
            elif (task.due - self.today).days <= 1:
                style_name = "task-list--due"
            else:
                style_name = ""
            style = self.get_component_rich_style(style_name) if style_name else Style()
            right = Text(f" {words} ", style=style)
        marks = task_marks(task, self.today)
        if row.linked or task.done_commit or task.experiments:
            marks += LINKED_MARK
        if row.actor:
            marks += AGENT_MARK
        left = Text(" ")
        if marks:
            left.append(marks + " ", style=self.get_component_rich_style("task-list--marker"))
        title = Text(visible(task.title, lines=False))
        # a blank cell before the border, as a due date's own ends in: a row with none
        # put its last word (`@?`, a cut title's `…`) against the list's edge
        room = max(1, width - max(right.cell_len, 1))
        # who has the task must show (Delegate is about it), by the longest name that
        # leaves the title half the row (or all of it, if shorter): `@Bruno Carvalho`
        # cut `Find pt-BR legal and social-media text` to `F…` at 100 columns
        keep = min(title.cell_len, (room - left.cell_len) // 2)
        who = Text()
        for has in who_forms(task, self.ask_assignee, self.handles):
            who = Text(
                visible(f" {has}", lines=False),
                style=self.get_component_rich_style("task-list--assignee"),
            )
            if room - left.cell_len - who.cell_len >= keep:
                break
        # the title gives way to what is left, and the tags, which come after, with it
        title_room = room - left.cell_len - who.cell_len
        if who and title.cell_len > title_room:
            title.truncate(max(1, title_room), overflow="ellipsis")
        left.append_text(title)
        left.append_text(who)
        tag_style = self.get_component_rich_style("task-list--tag")
        for tag in task.tags:  # whole tags, then " #…": a tag cut to "…" read as a cut title
            word = visible(f" #{tag}", lines=False)
            if left.cell_len + cell_len(word) > room:
                if left.cell_len + 3 <= room:
                    left.append(" #…", style=tag_style)
                break
            left.append(word, style=tag_style)
        left.truncate(room, overflow="ellipsis", pad=True)
        left.no_wrap = True
        return Text.assemble(left, right, no_wrap=True)
