"""The commits view: the current branch's history, newest first, with what credo links
to each commit (tasks, experiments, runs, reviews) and the selected commit in full.

git is read by a thread worker; the handlers here own all state.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from credo.actions.commit_log import (
    HISTORY_PAGE,
    SHALLOW,
    BranchLog,
    CommitLinks,
    head_place,
    read_branch,
)
from credo.display import cut_at_a_word, escape, one_line
from credo.domain.assignees import NAME_FORMS, whole
from credo.domain.dates import relative_day
from credo.domain.models import Experiment, Mark, Review, Run, Task, code_mark, short_sha
from credo.gitlink.index import Commit
from credo.store.ids import ShortIds
from credo.store.store import LoadProblem
from credo.text.words import unsure_line
from credo.ui.markup import from_rich_markup
from credo.ui.polling import Look, StoreFeed
from credo.ui.screens.base import (
    CredoScreen,
    Dialog,
    left_out_words,
    problems_binding,
    switch_bindings,
)
from credo.ui.widgets.facts import FactLines
from credo.ui.widgets.footer import KeysFooter
from credo.ui.widgets.header import HeaderLine
from credo.ui.widgets.lists import RowTable, ScrollPane, SizedCell
from credo.ui.workers import credo_work, under_way
from credo.wording import counted

WIDE = 140
"""From this width the selected commit shows beside the list (as the board's detail);
narrower, beside a pane the subjects were cut to a dozen letters at 100 columns."""
COLUMNS = ("commit", "when", "author", "links", "subject")
SUBJECT_AT_LEAST = 40
"""The subject's cells before the authors' names are shortened and the links cut: the
subject says what a commit is (`git log --oneline` shows it alone)."""
AUTHOR_AT_MOST = 16
LINKS_AT_MOST = 24
LINKS_AT_LEAST = 12
"""Cut no shorter while the subject has its SUBJECT_AT_LEAST: the first id and a bit."""
TITLED_AT_MOST = 48
"""The links' cells at most with the titles of the items they name."""
TITLE_AT_LEAST = 8
"""The cells a title needs in a links cell to show (a space, a few letters and `…`)."""


def column_widths(
    room: int, authors: Collection[str], links: int, titled: int
) -> tuple[list[int], Callable[[str], str]]:
    """The columns' widths in `room` cells, and the form of the `authors`' names they
    have room for: sha and day (`999d ago`) whole; the subject SUBJECT_AT_LEAST cells
    first, then the authors' whole names (AUTHOR_AT_MOST), else their first names, else
    their initials; the links (`links` wide, LINKS_AT_MOST) cut to what is left but not
    under LINKS_AT_LEAST, then wider for the items' titles (`titled` wide with them)
    while the subject keeps its SUBJECT_AT_LEAST and more than the author and the links
    together; the subject has the rest (the detail shows each value whole)."""
    free = max(room - 2 * len(COLUMNS) - 2 - 7 - 9, 12)  # cell padding, scrollbar, sha, day
    links = min(max(links, len("links")), LINKS_AT_MOST)  # the labels whole: `links`, `by`
    for form in NAME_FORMS:
        author = min(max([cell_len(form(a)) for a in authors] + [2]), AUTHOR_AT_MOST)
        if free - author - links >= SUBJECT_AT_LEAST:
            break
    cut = min(links, LINKS_AT_LEAST, (free - author) // 2)  # a narrow terminal's half
    links = max(min(links, free - author - SUBJECT_AT_LEAST), cut)
    subject = free - author - links
    links += max(
        0, min(titled - links, subject - SUBJECT_AT_LEAST, (subject - author - links - 1) // 2)
    )
    return [7, 9, author, links, free - author - links], form


@dataclass(frozen=True)
class Shown:
    """What a look found: the history and links, the runs' states, what it read."""

    log: BranchLog
    states: dict[str, str]
    """Runs whose status says more in words (`lost?`, SLURM's)."""
    experiments: dict[str, Experiment]
    short_ids: ShortIds
    """Each run's and experiment's short id, as the CLI prints it."""
    problems: dict[str, LoadProblem]
    look: Look
    place: tuple[str | None, str | None, bool]
    limit: int


class CommitRows(RowTable):
    """The commits, where `i` and enter show the selected one in full. Bound here: the
    table's own enter (select) took the key from the screen's `i,enter`, and `?` and the
    palette named `i` alone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "i,enter",
            "screen.detail",
            "Detail",
            id="commits.detail",
            tooltip="The commit in full: message, tasks, runs, reviews",
        ),
    ]


class CommitsScreen(CredoScreen):
    """The current branch's commits and what each one is about."""

    HELP_TITLE = "Commits"
    HELP_LEGEND = (
        ("closes", "its message closes the task (done at that commit)"),
        ("an id", "a task or experiment its message names (the detail says which, and how)"),
        ("3kf?", "the start of several ids: credo cannot tell which it meant, and links none"),
        ("by", "the authors' first names or initials, where the list has no room for more"),
        ("dim row", "a commit nothing in credo links to"),
    )
    BINDINGS = [
        *switch_bindings(
            "L",
            "linked_only",
            "commits.linked",
            ("Linked only", "Only the commits credo links to"),
            ("Every commit", "Every commit again, not only the linked ones"),
        ),
        Binding(
            "m", "more", "More", id="commits.more", tooltip=f"The {HISTORY_PAGE} commits before"
        ),
        Binding(
            "o",
            "open_linked",
            "Open",  # the same on every commit: a task or, with none, an experiment
            id="commits.open",
            tooltip="The commit's task on the board (with none, its experiment in the log)",
        ),
        problems_binding("commits", "run or review file left out"),
        Binding("escape", "back", "Board", id="commits.back", tooltip="Back to the board"),
    ]

    @dataclass
    class Loaded(Message):
        shown: Shown

    def __init__(self) -> None:
        super().__init__()
        self.shown: Shown | None = None
        self.linked_only = False
        self.limit = HISTORY_PAGE
        self.selected: str | None = None
        self.detail_text = ""
        self.drawn_width = 0
        """The list's width its columns were fitted to."""
        self.author_form: Callable[[str], str] = whole
        """How the list names the authors (the form its author column was fitted to)."""
        self.links_width = 0
        """The links column's cells, which the items' titles show in where the ids leave room."""

    def compose(self) -> ComposeResult:
        self.header_line = HeaderLine(self.credo.store.name)
        yield self.header_line
        with Horizontal(id="commits-body"):
            yield CommitRows(id="commits-table", cursor_type="row")
            with ScrollPane(id="commit-pane"):
                yield FactLines(id="commit-detail")
        yield Static("reading the history…", id="commits-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(RowTable).focus()
        self.feed = StoreFeed(self.credo.store, self.credo.history, (Run, Review, Task, Experiment))
        self.on_resize()
        self.day_turned()  # the day the rows' `1d ago` is counted from
        self.load()
        # as often as the board reads git
        self.set_interval(5 * self.credo.refresh_seconds, self.poll)

    def on_resize(self, event: object = None) -> None:
        if self.has_class("-no-detail") != (self.size.width < WIDE):
            self.set_class(self.size.width < WIDE, "-no-detail")
            self.refresh_bindings()  # `i` shows the detail where its pane is not
        self.call_after_refresh(self.refit)

    def refit(self) -> None:
        """The columns fit the list's width (laid out anew)."""
        if self.query_one(RowTable).size.width != self.drawn_width:
            self.redraw()

    # -- loading -----------------------------------------------------------------

    def poll(self) -> None:
        # (not active as the app closes: its stack is empty)
        if not self.is_active:
            return
        if self.day_turned() and self.shown is not None:
            self.show_rows()  # past midnight, a commit of `today` is of `1d ago`
        if not under_way(self.load):
            self.load(files_due=self.feed.due())

    def on_screen_resume(self) -> None:
        if self.shown is not None:  # back from another view: a commit may have come
            self.load(files_due=True)

    @credo_work("Reading the commits", group="commits-load", exclusive=True)
    def load(self, files_due: bool | None = None) -> None:
        """Read the history and its links (`files_due`: a poll, which reads only when
        HEAD moved, or when the files may have changed and did)."""
        from credo.actions.experiments import runs_under_way

        store, feed, limit, before = self.credo.store, self.feed, self.limit, self.shown
        place = head_place(store)
        look = feed.look() if files_due is not False or before is None else before.look
        if (
            files_due is not None
            and before is not None
            and (place, look.signature, limit)
            == (before.place, before.look.signature, before.limit)
        ):
            return
        runs, reviews = store.load(Run, look.stamps[0]), store.load(Review, look.stamps[1])
        experiments = store.load(Experiment, look.stamps[3]).items
        settled, states = self.credo.slurm.settle(store, runs.items.values())
        log = read_branch(store, limit, settled, reviews.items.values(), experiments.values())
        problems = runs.problems | reviews.problems
        short_ids = store.short_ids(Run, Experiment)
        self.post_message(
            self.Loaded(Shown(log, states, experiments, short_ids, problems, look, place, limit))
        )
        self.header_line.post_message(
            HeaderLine.Runs(runs_under_way(settled, experiments.values()))
        )

    def on_commits_screen_loaded(self, message: Loaded) -> None:
        self.shown = message.shown
        self.show_rows()

    # -- drawing -----------------------------------------------------------------

    def commits(self) -> list[Commit]:
        """The commits the list shows (only the linked ones with `linked_only`)."""
        if self.shown is None:
            return []
        log = self.shown.log
        return [c for c in log.commits if not self.linked_only or c.sha in log.links]

    def show_rows(self) -> None:
        """Bring the list up to what was read without drawing it anew: of the rows drawn,
        only the cells that changed are redrawn, and older commits (`m`) are added below,
        the cursor and the scroll left where they are. A list that no longer starts with
        the rows drawn (a new commit, HEAD moved) is drawn anew."""
        table = self.query_one(RowTable)
        commits = self.commits()
        drawn = [key.value for key in table.rows]
        if not drawn or [c.sha for c in commits[: len(drawn)]] != drawn:
            self.redraw()
            return
        for name, width in zip(COLUMNS, self.fit_columns(commits), strict=True):
            column = table.columns[ColumnKey(name)]  # refitted to the rows added, in place
            column.width, column.label = width, Text(column_label(name, width))
        for commit in commits[: len(drawn)]:  # an author's name in the form it now has room for
            cells = zip(COLUMNS, table.get_row(commit.sha), self.cells(commit), strict=True)
            for name, before, now in cells:
                if now != before:
                    table.update_cell(commit.sha, name, now)
        for commit in commits[len(drawn) :]:
            table.add_row(*self.cells(commit), key=commit.sha)
        self.show_detail()
        self.show_status()

    def redraw(self) -> None:
        """Draw the list anew, its columns fitted to its width and rows."""
        table = self.query_one(RowTable)
        commits = self.commits()
        keep = self.selected
        widths = self.fit_columns(commits)
        with self.prevent(DataTable.RowHighlighted):
            table.clear(columns=True)
            for name, width in zip(COLUMNS, widths, strict=True):
                table.add_column(column_label(name, width), width=width, key=name)
            for commit in commits:
                table.add_row(*self.cells(commit), key=commit.sha)
        shas = [c.sha for c in commits]
        if keep in shas:
            table.move_cursor(row=shas.index(keep), animate=False)
        self.selected = shas[table.cursor_row] if shas else None
        self.show_detail()
        self.show_status()

    def fit_columns(self, commits: list[Commit]) -> list[int]:
        """The columns' widths for `commits` in the list's width, the authors' form set."""
        table = self.query_one(RowTable)
        links = self.shown.log.links if self.shown else {}
        linked = [links[c.sha] for c in commits if c.sha in links]
        widest = max((cell_len(link_words(each)) for each in linked), default=0)
        titled = max((cell_len(link_words(each, TITLED_AT_MOST)) for each in linked), default=0)
        authors = {one_line(c.author) for c in commits}
        widths, self.author_form = column_widths(table.size.width, authors, widest, titled)
        self.drawn_width, self.links_width = table.size.width, widths[3]
        return widths

    def cells(self, commit: Commit) -> list[Text]:
        assert self.shown is not None
        links = self.shown.log.links.get(commit.sha)
        day = datetime.fromtimestamp(commit.time).astimezone().date()
        texts = [
            short_sha(commit.sha),
            relative_day(day, self.credo.today, closed=True),
            self.author_form(one_line(commit.author)),
            link_words(links, self.links_width) if links else "",
            one_line(commit.subject),
        ]
        # every column has its width (`fit_columns`): none is measured
        cells: list[Text] = [SizedCell(t, no_wrap=True, overflow="ellipsis", end="") for t in texts]
        if links:
            cells[0].stylize(self.app.theme_variables["warning"])  # ANSI yellow: 2:1 on light
        else:  # the history around the linked commits, quieter
            for cell in cells:
                cell.stylize("dim")
        return cells

    def show_status(self) -> None:
        parts = status_parts(self.shown, len(self.commits()), self.linked_only)
        if self.shown is not None and (left_out := left_out_words(self.shown.problems.values())):
            parts.append(left_out)
        self.query_one("#commits-status", Static).update(from_rich_markup(" · ".join(parts)))

    def detail(self) -> str:
        """The selected commit in full, as markup (or why there is none)."""
        shown = self.shown
        if shown is None:
            return "[dim]reading the history…[/]"
        if shown.log.none:
            return f"[dim]{escape(shown.log.none)}[/]"
        commit = next((c for c in shown.log.commits if c.sha == self.selected), None)
        if commit is None:
            return "[dim]No commit links to a task, experiment, run or review yet.[/]"
        return describe_commit(commit, shown)

    def show_detail(self) -> None:
        text = self.detail()
        if text != self.detail_text:
            self.detail_text = text
            self.query_one("#commit-detail", FactLines).show(text)
            self.query_one("#commit-pane", ScrollPane).scroll_home(animate=False)

    @on(DataTable.RowHighlighted, "#commits-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else None
        if key != self.selected:
            self.selected = key
            self.show_detail()

    @on(DataTable.RowSelected, "#commits-table")
    def _chosen(self) -> None:
        if self.has_class("-no-detail"):  # a click on the selected row, as enter
            self.action_detail()

    # -- actions -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "detail":  # from WIDE columns the pane beside shows it
            return self.has_class("-no-detail")
        if action == "more":
            return self.shown is not None and self.shown.log.more
        if action == "linked_only":
            return parameters != (self.linked_only,)
        return super().check_action(action, parameters)

    def action_linked_only(self, only: bool) -> None:
        self.linked_only = only
        self.refresh_bindings()  # L says what it does now
        self.redraw()

    def action_more(self) -> None:
        if self.shown is not None and self.shown.log.more:
            self.limit += HISTORY_PAGE
            self.load()

    def action_detail(self) -> None:
        if self.selected is None:
            self.notify("No commit selected", severity="warning")
        else:
            self.app.push_screen(CommitDetailScreen(self.detail()))

    async def action_open_linked(self) -> None:
        """The first task the selected commit names, selected on the board; with none,
        its first experiment, in the experiment log."""
        links = self.shown.log.links.get(self.selected or "") if self.shown else None
        items = links.items if links else []
        item = next((i for i in items if i.kind is Task), items[0] if items else None)
        if item is None:
            self.notify("This commit names no task or experiment", severity="warning")
            return
        await self.credo.reveal(item.kind, item.item_id)

    def action_problems(self) -> None:
        problems = self.shown.problems.values() if self.shown else ()
        self.show_unreadable(problems, "run and review", "the commits view", "leaves these out")

    def action_back(self) -> None:
        self.app.switch_mode("board")


class CommitDetailScreen(Dialog[None]):
    """`i` (or enter) under `WIDE` columns: the selected commit in full, over the list."""

    BINDINGS = [Binding("escape,i,q", "dismiss", "Close", id="commit-detail.close")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with ScrollPane(classes="dialog dialog-wide"):
            yield FactLines()

    def on_mount(self) -> None:
        self.query_one(FactLines).show(self.text)


def column_label(name: str, width: int) -> str:
    """A column's title: `by` for the authors' when `author` would not fit."""
    return "by" if name == "author" and width < len(name) else name


def link_words(links: CommitLinks, room: int = 0) -> str:
    """A list cell, short (the detail says what each id is and how it is named):
    `closes 3kf9 · 8ab2 · 2 runs · 1 review`; in `room` cells, each item's title (cut)
    after its id, in turn, where the ids leave room: `closes 3kf9 Fix the loader… · 8ab2`."""
    named = [
        f"closes {item.short}" if "closes" in item.how.split(", ") else item.short
        for item in links.items
    ]
    named += [f"{unsure.written}?" for unsure in links.unsure]
    counts = []
    if links.runs:
        counts.append(counted(len(links.runs), "run"))
    if links.reviews:
        counts.append(counted(len(links.reviews), "review"))
    spare = room - cell_len(" · ".join(named + counts))
    for n, item in enumerate(links.items):  # the ids' titles, not the unsure ones'
        if spare < TITLE_AT_LEAST:
            break
        title = cut_at_a_word(one_line(item.title), spare - 1)
        named[n] += f" {title}"
        spare -= 1 + cell_len(title)
    return " · ".join(named + counts)


def status_parts(shown: Shown | None, listed: int, linked_only: bool) -> list[str]:
    """The status line's parts (markup): where HEAD is, how much of its history is shown."""
    if shown is None:
        return ["reading the history…"]
    log = shown.log
    if log.none:
        return [escape(log.none)]
    where = escape(log.branch) if log.branch else f"detached HEAD at {short_sha(log.head or '')}"
    parts = [f"[b]{where}[/]"]
    newest = len(log.commits)
    if log.more:
        parts.append(f"the {counted(newest, 'newest commit')} · [b]m[/] {HISTORY_PAGE} more")
    else:
        parts.append(counted(newest, "commit"))
    if linked_only:
        parts.append(f"{counted(listed, 'linked commit')} shown · [b]L[/] every commit")
    if log.shallow:
        parts.append(SHALLOW)
    return parts


def describe_commit(commit: Commit, shown: Shown) -> str:
    """A commit in full (markup): who and when, its message, and what links to it."""
    when = datetime.fromtimestamp(commit.time).astimezone()
    lines = [
        f"[b yellow]{commit.sha}[/]",
        f"author: {escape(one_line(commit.author))}",
        f"date: {when:%Y-%m-%d %H:%M}",
    ]
    if len(commit.parents) > 1:
        lines.append(f"merge of: {' '.join(short_sha(p) for p in commit.parents)}")
    message = (commit.message or commit.subject).strip("\n")
    lines += ["", *(escape(line) for line in message.splitlines()), ""]
    links = shown.log.links.get(commit.sha, CommitLinks())
    if not links:
        lines.append("[dim]Nothing in credo links to this commit.[/]")
    for item in links.items:
        kind = "task" if item.kind is Task else "experiment"
        lines.append(
            f"{kind} [b]{item.short}[/]: {escape(one_line(item.title))} [dim]({item.how})[/]"
        )
    for made in links.runs:
        lines.append(f"run [b]{shown.short_ids[made.id]}[/]: {run_words(made, shown)}")
    for review in links.reviews:
        lines.append(f"review: {review_words(review, shown)}")
    for unsure in links.unsure:  # as the shell and the board's detail say it
        said = unsure_line(unsure, closing=unsure.written in commit.closes)
        lines.append(f"[red]{escape(said)}[/]")
    return "\n".join(lines)


def run_words(made: Run, shown: Shown) -> str:
    """`succeeded · exp 8ab2 Overfit one batch · python train.py` (markup)."""
    parts = [escape(made.status.word(shown.states.get(made.id)))]
    if made.git_start is not None and made.git_start.dirty:
        parts.append(f"at {escape(code_mark(made))} (uncommitted changes)")
    parts.append(experiment_words(made.experiment, shown) or "ad hoc")
    parts.append(escape(one_line(shlex.join(made.command))))
    return " · ".join(parts)


def review_words(review: Review, shown: Shown) -> str:
    """`training-recipe · 5 of 8 checked · exp 8ab2 ...` (markup)."""
    checked = sum(entry.mark is Mark.CHECKED for entry in review.entries)
    parts = [escape(review.pack), f"{checked} of {counted(len(review.entries), 'item')} checked"]
    if words := experiment_words(review.experiment, shown):
        parts.append(words)
    return " · ".join(parts)


def experiment_words(exp_id: str | None, shown: Shown) -> str:
    if exp_id is None:
        return ""
    exp, short = shown.experiments.get(exp_id), shown.short_ids[exp_id]
    return f"exp {short} {escape(one_line(exp.hypothesis))}" if exp else f"exp {short}"
