"""The Data screen: the project's data files, and look / balance / cues / overlap / diff
of the selected one. Every read runs in a worker with a progress bar; keys never wait."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, ProgressBar, Static
from textual.worker import get_current_worker

from credo.data.discover import DataFile
from credo.data.readers import Dataset
from credo.data.request import Request
from credo.display import escape, rich_text, visible
from credo.domain.models import ChecklistItem
from credo.errors import CredoError
from credo.store.store import Change
from credo.ui.screens.base import CredoScreen
from credo.ui.widgets.footer import KeysFooter
from credo.ui.widgets.header import HeaderLine
from credo.ui.widgets.hints import HintLine
from credo.ui.widgets.line_input import BoxInput
from credo.ui.widgets.lists import RowTable, ScrollPane
from credo.ui.workers import credo_work

LABEL_NAMES = ("label", "labels", "class", "target", "variety", "y")
"""Columns taken as the label until one is chosen with L."""
GROUP_NAMES = ("domain", "source", "genre", "dataset", "origin", "category")
"""Columns taken to group by until one (or none) is chosen with g."""
HINTS = (
    "l look at raw records",
    "b label balance",
    "c Clever Hans cues",
    "m marks a file",
    "o finds this file's records in the marked one (leaks)",
    "d shows what a filter dropped from it",
    "g groups by a column",
    "L picks the label column",
    "r keeps a result as the evidence of its data check",
)
"""What the keys do, shown until a check runs (and once one is stopped)."""
WIDE = 140
"""Columns from which the files go beside the result, not above it: a result's table (a
balance with its flags, the cues) needs about 75 of its own, and the files take up to 64."""


@dataclass
class FileFacts:
    """What the scan read about one file: records, bad rows, fingerprint, columns."""

    rows: int | None = None
    bad: int = 0
    digest: str = ""
    columns: list[str] = field(default_factory=list)
    problem: str = ""


@dataclass
class DataChecks:
    """The data pack's items, read in the scan worker: r keeps a result for those a
    `credo data KIND` answers (a look answers raw-samples and provenance)."""

    items: list[ChecklistItem] = field(default_factory=list)
    problem: str = ""
    """Why the pack could not be read (r says it)."""

    def answering(self, kind: str) -> list[ChecklistItem]:
        return [i for i in self.items if i.answered_by_data(kind)]

    def look_records(self) -> int:
        """Records per group a look draws: what the first look item asks, so r keeps it."""
        from credo.actions.evidence import records_drawn

        looks = self.answering("look")
        return (records_drawn(looks[0].command.split()) if looks else None) or Request.n


class DataScreen(CredoScreen):
    """Be obsessed with your data: look at it, count it, find leaks and shortcuts."""

    HELP_TITLE = "Data"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    BINDINGS = [
        Binding("l", "check('look')", "Look", id="data.look", tooltip="Random raw records"),
        Binding("b", "check('balance')", "Balance", id="data.balance", tooltip="Labels per group"),
        Binding("c", "check('cues')", "Cues", id="data.cues", tooltip="What gives the label away"),
        Binding("m", "mark", "Mark", id="data.mark", tooltip="Mark as train / before"),
        Binding(
            "o",
            "check('overlap')",
            "Overlap",
            id="data.overlap",
            tooltip="Records of this file also in the marked one",
        ),
        Binding(
            "d",
            "check('diff')",
            "Diff",
            id="data.diff",
            tooltip="What a filter dropped: the marked file before, this one after",
        ),
        Binding("g", "ask('by')", "Group by", id="data.by", tooltip="Group by a column"),
        Binding(
            "L", "ask('label')", "Label", id="data.label", show=False, tooltip="The label column"
        ),
        Binding(
            "r",
            "record",
            "Keep",
            id="data.record",
            tooltip="Keep the result as the evidence of its data check",
        ),
        Binding("x", "stop", "Stop", id="data.stop", show=False, tooltip="Stop the read"),
        Binding("escape", "back", "Board", id="data.back", tooltip="Back to the board"),
    ]

    @dataclass
    class Files(Message):
        files: list[DataFile]
        checks: DataChecks

    @dataclass
    class Facts(Message):
        name: str
        facts: FileFacts

    @dataclass
    class Progress(Message):
        share: float | None
        """None: the read goes on, how far is not known (the bar pulses)."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, DataScreen.Progress)

    @dataclass
    class Done(Message):
        request: Request
        finding: Any

    @dataclass
    class Failed(Message):
        request: Request
        message: str

    @dataclass
    class Recorded(Message):
        target: str
        passed: bool
        changes: list[Change]

    def __init__(self) -> None:
        super().__init__()
        self.files: list[DataFile] = []
        self.facts: dict[str, FileFacts] = {}
        self.marked: str | None = None
        self.label: str | None = None
        self.by: str | None = None
        """The column to group by; None: guessed from the columns, "": none."""
        self.asking: tuple[str, str] | None = None
        """(what is asked: label or by, the check to run after)."""
        self.shown: tuple[Request, Any] | None = None
        self.running: Any = None
        """The engine of the check in progress (to stop it)."""
        self.scanning: Any = None
        """The engine counting the files' records (stopped when the screen goes)."""
        self.none_found = ""
        """With no data file listed: where they were looked for, and how to add one."""
        self.checks = DataChecks()
        """The data pack's items, as the last scan read them."""

    def compose(self) -> ComposeResult:
        yield HeaderLine(self.credo.store.name)
        with Horizontal(id="data-body"):
            with Vertical(id="data-left"):
                yield Static("[b]Data files[/]", id="data-files-title")
                yield RowTable(id="data-files", cursor_type="row", zebra_stripes=False)
            with Vertical(id="data-right"):
                yield Static("", id="data-title")
                yield HintLine(*HINTS, id="data-hint")
                yield ProgressBar(total=1.0, show_eta=False, id="data-progress")
                with ScrollPane(id="data-scroll"):
                    yield Static("", id="data-result")
        yield BoxInput(id="data-ask")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#data-files", DataTable)
        table.add_column("file", key="file")
        table.add_column("size", key="size")
        table.add_column("records", key="rows")
        table.add_column("data", key="digest")
        table.focus()

    def on_screen_resume(self) -> None:
        self.scan()  # each time the view shows: data may have been written meanwhile

    # -- the files -------------------------------------------------------------

    @credo_work("Scanning the data files", group="data-scan", exclusive=True)
    def scan(self) -> None:
        """List the data files (with the data pack's items, which r keeps results for),
        then read each one's fingerprint, columns and size."""
        from credo.checklists.packs import DATA_PACK, get_pack
        from credo.data.discover import data_files
        from credo.data.engine import Engine
        from credo.runs.fingerprint import FingerprintCache, short_digest

        store = self.credo.store
        files = data_files(store.project_root, store.config.data_paths)
        try:
            checks = DataChecks(list(get_pack(store, DATA_PACK).items))
        except CredoError as error:  # r says what is wrong with the pack
            checks = DataChecks(problem=error.message)
        self.post_message(self.Files(files, checks))
        cache = FingerprintCache(store)
        worker = get_current_worker()
        try:
            engine = self.scanning = Engine()
        except CredoError as error:  # no DuckDB: the files still list, with how to get it
            self.app.call_from_thread(self.notify, error.message, severity="warning")
            engine = None
        try:
            for item in files:
                if worker.is_cancelled:
                    return
                facts = FileFacts(digest=short_digest(cache.fingerprint(item.path.resolve())))
                cache.save()
                known = self.facts.get(item.name)
                if known is not None and known.digest == facts.digest and known.rows is not None:
                    self.post_message(self.Facts(item.name, known))  # as read before
                    continue
                if engine is not None:
                    try:
                        data = Dataset.open(item.path, engine, name=item.name)
                        facts.columns = data.columns
                        # The columns first: checks can start while the records are counted.
                        self.post_message(self.Facts(item.name, replace(facts)))
                        facts.rows, facts.bad = _count(data)
                    except CredoError as error:
                        facts.problem = error.message
                self.post_message(self.Facts(item.name, facts))
        finally:
            self.scanning = None
            if engine is not None:
                engine.close()

    def on_data_screen_files(self, message: Files) -> None:
        self.checks = message.checks
        if message.files and message.files == self.files:
            return  # listed as they are: the facts that follow update what changed
        was = self.selected()
        self.files = message.files
        table = self.query_one("#data-files", DataTable)
        table.clear()
        for item in message.files:
            table.add_row(self.file_cell(item.name), _size(item.size), "…", "…", key=item.name)
        names = [item.name for item in message.files]
        if was is not None and was.name in names:
            table.move_cursor(row=names.index(was.name))
        from credo.data.discover import none_found

        title = self.query_one("#data-files-title", Static)
        self.none_found = "" if message.files else none_found(self.credo.store.config.data_paths)
        table.display = bool(message.files)  # an empty table showed its header alone
        if self.none_found:
            title.update(f"[b]Data files[/]\n[dim]{escape(self.none_found)}[/]")
        else:
            title.update(f"[b]Data files[/] [dim]({len(message.files)})[/]")

    def on_data_screen_facts(self, message: Facts) -> None:
        self.facts[message.name] = message.facts
        table = self.query_one("#data-files", DataTable)
        facts = message.facts
        rows = f"{facts.rows:,}" if facts.rows is not None else "…" if facts.columns else "—"
        if facts.bad:
            rows += f" [yellow]+{facts.bad:,} bad[/]"
        if facts.problem:
            rows = "[red]unreadable[/]"
        try:
            table.update_cell(message.name, "rows", rich_text(rows), update_width=True)
            table.update_cell(message.name, "digest", facts.digest, update_width=True)
        except Exception:  # the list was refreshed meanwhile
            return

    def file_cell(self, name: str) -> Text:
        warning = self.app.theme_variables["warning"]  # ANSI yellow was 2:1 on light themes
        text = Text("● " if name == self.marked else "  ", style=f"bold {warning}")
        text.append(visible(name, lines=False))
        return text

    def selected(self) -> DataFile | None:
        table = self.query_one("#data-files", DataTable)
        if not self.files or table.cursor_row is None or table.cursor_row >= len(self.files):
            return None
        return self.files[table.cursor_row]

    def chosen(self) -> DataFile | None:
        """The selected file, for a key that reads it; with none, says why."""
        item = self.selected()
        if item is None:
            self.notify(self.none_found or "No data file selected", severity="warning")
        return item

    def action_mark(self) -> None:
        item = self.chosen()
        if item is None:
            return
        before = self.marked
        self.marked = None if before == item.name else item.name
        table = self.query_one("#data-files", DataTable)
        for name in {before, self.marked} - {None}:
            assert name is not None
            table.update_cell(name, "file", self.file_cell(name))
        if self.marked:
            self.notify(f"{self.marked} marked: o finds leaks into it, d diffs against it")

    @on(DataTable.RowSelected, "#data-files")
    def _file_chosen(self) -> None:
        """enter on a file, or a click on the highlighted one (a double click's second),
        looks at it as `l` does, as rows open in the other views."""
        self.action_check("look")

    # -- the checks ------------------------------------------------------------

    def columns(self, name: str) -> list[str]:
        facts = self.facts.get(name)
        return facts.columns if facts else []

    def action_check(self, kind: str) -> None:
        item = self.chosen()
        if item is None:
            return
        columns = self.columns(item.name)
        if kind in ("balance", "cues"):
            label = self.label or next((c for c in LABEL_NAMES if c in columns), None)
            if label is None:
                self.action_ask("label", then=kind)
                return
        else:
            label = None
        group = (
            self.by if self.by is not None else next((c for c in GROUP_NAMES if c in columns), "")
        )
        by = (group,) if group else ()
        if kind in ("overlap", "diff"):
            if self.marked is None or self.marked == item.name:
                self.notify(
                    "Mark the other file first (m): train for overlap, before for diff",
                    severity="warning",
                )
                return
            both = set(self.columns(self.marked)) & set(columns)
            if kind == "overlap":
                key = "text" if "text" in both else None
                request = Request("overlap", (self.marked, item.name), key=key)
            else:
                key = "id" if "id" in both else None
                request = Request("diff", (self.marked, item.name), key=key, by=by)
        elif kind == "balance":
            split = "split" if "split" in columns and group != "split" else None
            request = Request("balance", (item.name,), label=label, by=by, split=split)
        elif kind == "cues":
            request = Request("cues", (item.name,), label=label)
        else:
            request = Request("look", (item.name,), by=by, n=self.checks.look_records())
        self.start(request)

    def start(self, request: Request) -> None:
        self.stop_running()
        self.titled(
            rich_text(f"[b]{request.kind}[/] [dim]reading… (x stops)\n{escape(request.words())}[/]")
        )
        bar = self.query_one("#data-progress", ProgressBar)
        bar.update(total=1.0, progress=0)
        bar.add_class("-running")
        self.run_check(request)

    @credo_work("Checking the data", group="data-check", exclusive=True)
    def run_check(self, request: Request) -> None:
        from credo.data.engine import Cancelled, Engine

        def progress(share: float | None) -> None:
            self.post_message(self.Progress(share))

        try:
            with Engine(progress) as engine:
                self.running = engine
                finding = request.run(engine, self.credo.store.project_root)
        except Cancelled:
            return
        except CredoError as error:
            self.post_message(self.Failed(request, error.message))
            return
        finally:
            self.running = None
        self.post_message(self.Done(request, finding))

    def on_data_screen_progress(self, message: Progress) -> None:
        bar = self.query_one("#data-progress", ProgressBar)
        if message.share is None:
            bar.update(total=None)
        else:
            bar.update(total=1.0, progress=message.share)

    def on_data_screen_done(self, message: Done) -> None:
        self.query_one("#data-progress", ProgressBar).remove_class("-running")
        self.shown = (message.request, message.finding)
        verdict = "" if message.finding.passed else "  [yellow]⚠ found something[/]"
        self.titled(
            rich_text(
                f"[b]{message.request.kind}[/]{verdict}  [dim]r keeps it as evidence\n"
                f"= {escape(message.request.words())}[/]"
            )
        )
        self.query_one("#data-result", Static).update(message.finding.render())
        self.query_one("#data-scroll", ScrollPane).scroll_home(animate=False)

    def on_data_screen_failed(self, message: Failed) -> None:
        self.query_one("#data-progress", ProgressBar).remove_class("-running")
        self.shown = None
        self.titled(
            rich_text(
                f"[b]{message.request.kind}[/] [red]could not read[/]\n"
                f"[dim]{escape(message.request.words())}[/]"
            )
        )
        self.query_one("#data-result", Static).update(Text(visible(message.message), style="red"))

    def stop_running(self) -> bool:
        engine = self.running
        if engine is None:
            return False
        engine.cancel()
        self.query_one("#data-progress", ProgressBar).remove_class("-running")
        return True

    def action_stop(self) -> None:
        if self.stop_running():
            self.titled(rich_text("[dim]stopped[/]"), hint=True)

    def titled(self, title: Text, hint: bool = False) -> None:
        """Head the result with `title`; the key hints go, unless `hint` keeps them."""
        heading = self.query_one("#data-title", Static)
        heading.update(title)
        heading.display = True
        self.query_one("#data-hint", HintLine).display = hint

    # -- choosing columns --------------------------------------------------------

    def action_ask(self, what: str, then: str = "") -> None:
        item = self.selected()
        columns = ", ".join(self.columns(item.name)) if item else ""
        self.asking = (what, then)
        box = self.query_one("#data-ask", Input)
        # What to type comes first: a long list of columns cuts only itself
        if what == "label":
            box.placeholder = f"label column, enter chooses: {columns}"
            box.value = self.label or ""
        else:
            box.placeholder = f"group by, enter chooses (empty for none): {columns}"
            box.value = self.by or ""
        box.add_class("-open")
        box.focus()

    @on(Input.Submitted, "#data-ask")
    def _answered(self, event: Input.Submitted) -> None:
        self.close_ask()
        if self.asking is None:
            return
        what, then = self.asking
        self.asking = None
        value = event.value.strip()
        if what == "label":
            if not value:
                return
            self.label = value
        else:
            self.by = value  # empty: no grouping
        rerun = then or (self.shown[0].kind if self.shown else "")
        if rerun:
            self.action_check(rerun)

    def close_ask(self) -> None:
        box = self.query_one("#data-ask", Input)
        box.remove_class("-open")
        self.query_one("#data-files", DataTable).focus()

    # -- evidence ----------------------------------------------------------------

    def action_record(self) -> None:
        if self.shown is None:
            self.notify(
                "Nothing to keep yet: run a check first (l, b, c, o, d)", severity="warning"
            )
            return
        from credo.checklists.packs import DATA_PACK
        from credo.ui.screens.task_forms import ChoiceScreen

        request, finding = self.shown
        if self.checks.problem:
            self.notify(self.checks.problem, severity="error")
            return
        items = self.checks.answering(request.kind)
        if not items:
            self.notify(
                f"No item of the {DATA_PACK} pack is answered by {request.kind}", severity="warning"
            )
            return
        if len(items) == 1:
            self.record(f"{DATA_PACK}/{items[0].id}", request, finding)
            return

        def chosen(item_id: str | None) -> None:
            if item_id is not None:
                self.record(f"{DATA_PACK}/{item_id}", request, finding)

        question = f"Keep this {request.kind} as the evidence of which check?"
        choices: list[tuple[str, str, str]] = []
        for place, item in enumerate(items[:9], 1):
            question += f"\n{place} [b]{DATA_PACK}/{escape(item.id)}[/] {escape(item.text)}"
            choices.append((str(place), item.id, f"{DATA_PACK}/{item.id}"))
        self.app.push_screen(ChoiceScreen(question, choices), chosen)

    @credo_work("Recording the data check", group="data-record", writes=True)
    def record(self, target: str, request: Request, finding: Any) -> None:
        from credo.actions.evidence import record_evidence

        try:
            record, changes = record_evidence(
                self.credo.store, target, finding, request.command(target)
            )
        except CredoError as error:
            self.app.call_from_thread(self.notify, f"Not kept: {error.message}", severity="error")
            return
        self.post_message(self.Recorded(target, record.passed, changes))

    def on_data_screen_recorded(self, message: Recorded) -> None:
        self.credo.history.record(message.changes)
        how = "it answers the check" if message.passed else "it holds the check open"
        self.notify(f"Kept as the evidence of {message.target}: {how} until the files change")

    def on_unmount(self) -> None:
        # A read left running would hold the app open until it ends (widgets are gone).
        for engine in (self.running, self.scanning):
            if engine is not None:
                engine.cancel()

    def action_back(self) -> None:
        if self.query_one("#data-ask", Input).has_class("-open"):
            self.asking = None
            self.close_ask()
        elif not self.stop_running():
            self.app.switch_mode("board")


def _count(data: Dataset) -> tuple[int, int]:
    """Records and bad rows of a file, as `credo data look` counts them. One column is
    read, so every JSON line is checked whole (strict: read alone, a column is taken from
    an object left open as from a whole one), and the rows the CSV reader rejected (a
    wrong number of fields, not UTF-8) are added to those the query flags."""
    data.strict = True
    first: dict[str, str | None] = {"c": data.columns[0]} if data.columns else {}
    rows, flagged = data.one(
        lambda: (
            "SELECT count(*) FILTER (_bad IS NULL), count(*) FILTER (_bad IS NOT NULL) "
            f"FROM ({data.records(first)})"
        )
    )
    return int(rows), data.bad_rows(int(flagged)).count


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    amount = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        amount /= 1024
        if amount < 1024 or unit == "TB":
            break
    return f"{amount:,.1f} {unit}"
