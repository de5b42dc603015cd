"""The checklist view: packs, progress per principle, the review in progress, past reviews."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from credo.actions.checks import (
    PackFacts,
    checked_experiment_id,
    code_state,
    gate_now,
    pack_facts,
)
from credo.checklists.evidence import as_shown
from credo.checklists.gate import Standing, with_same_words
from credo.checklists.verdict import Rung
from credo.display import escape, visible
from credo.domain.models import ChecklistItem, Evidence, GitState, Mark, Review, Run, short_sha
from credo.errors import CredoError
from credo.runs.fingerprint import short_digest
from credo.store.ids import ShortIds
from credo.store.paths import data_paths_from_here
from credo.store.store import Change, Store
from credo.text.words import checked_words, item_guidance, rung_command
from credo.ui.markup import from_rich_markup
from credo.ui.screens.base import CredoScreen
from credo.ui.widgets.facts import FactLines
from credo.ui.widgets.footer import KeysFooter
from credo.ui.widgets.header import HeaderLine
from credo.ui.widgets.line_input import BoxInput
from credo.ui.widgets.lists import ItemList, ScrollPane
from credo.ui.widgets.tabs import cut_alike
from credo.ui.workers import credo_work
from credo.wording import counted

ANSWERING = frozenset({"tick", "na", "note", "save", "still_true", "acknowledge"})
"""The actions that answer the review at this code: none applies in a past review."""

_MARK_SIGN = {Mark.CHECKED: "[green]✔[/]", Mark.NA: "[dim]n.a.[/]", Mark.NOT_YET: "[yellow]·[/]"}


@dataclass
class Draft:
    """Marks given in the review in progress, not saved yet."""

    marks: dict[str, tuple[Mark, str]] = field(default_factory=dict)


class PackTabs(Widget):
    """The packs as tabs, the one reviewed reversed, where a click picks one (`pack` in a
    name's style); and under them the packs the gate reads. The names fit the line: at
    125 columns the third went under `Packs (tab)`, not drawn as a tab. Short of room,
    `(tab)` goes (the footer and `?` name the key), then the names go under `Packs (tab)`
    on a line of their own (at 80 to 99 columns, where they were cut to `training…  data
    principl…`), cut alike only where that line is too short for them."""

    names: tuple[str, ...] = ()
    current = ""
    required: tuple[str, ...] = ()

    def show(self, names: list[str], current: str, required: list[str]) -> None:
        if (self.names, self.current, self.required) != (tuple(names), current, tuple(required)):
            self.names, self.current, self.required = tuple(names), current, tuple(required)
            self.refresh(layout=True)

    def render(self) -> Content:
        width = self.size.width
        room = width - 2 * len(self.names)  # a space each side of a name: a tab
        shown, cells = self.names, sum(map(cell_len, self.names))
        beside = [h for h in ("Packs (tab)  ", "Packs  ") if not width or cells <= room - len(h)]
        heading = beside[0] if beside else "Packs (tab)\n"
        if not beside:
            shown = cut_alike(shown, room)
        tabs = "".join(
            f"[reverse] {escape(label)} [/]" if name == self.current else f" {escape(label)} "
            for name, label in zip(self.names, shown, strict=True)
        )
        packs = from_rich_markup(
            f"[b]Packs[/]{heading[5:]}{tabs}\n"
            f"[dim]the gate reads: {escape(', '.join(self.required))}[/]"
        )
        start = len(heading)  # the names' first cell
        for index, label in enumerate(shown):
            end = start + len(label) + 2
            packs = packs.stylize(Style.from_meta({"pack": index}), start, end)
            start = end
        return packs


class PackItems(ItemList):
    """The pack's items, where enter adds a note to the one selected. Bound here: the
    list's own enter (select) took the key from the screen's binding, and the footer, `?`
    and the palette listed Note nowhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "screen.note", "Note", id="checks.note", tooltip="Add evidence to the item"
        ),
    ]


class ChecklistsScreen(CredoScreen):
    """Review a pack item by item; see what holds for the code now and what was reviewed before."""

    HELP_TITLE = "Checklists"
    # Under 80 columns the items take the whole width; the packs and past reviews go.
    # Under 100 the left pane keeps only the width a past review's line needs.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-medium"), (100, "-wide")]
    AUTO_FOCUS = "#checks-items"  # not the past reviews above (as the experiment log's)

    BINDINGS = [
        Binding("space", "tick", "Tick", id="checks.toggle", tooltip="Checked / not yet"),
        Binding("n", "na", "N.a.", id="checks.na", tooltip="Not applicable (asks why)"),
        Binding("ctrl+s", "save", "Save review", id="checks.save", tooltip="Save at this commit"),
        Binding(
            "tab",
            "next_pack",
            "Next pack",
            id="checks.next_pack",
            tooltip="Review the next pack (the gate's packs come first)",
        ),
        Binding(
            "y",
            "still_true",
            "Still true",
            id="checks.still_true",
            tooltip="Re-confirm every stale answer, as it was, at this code",
        ),
        Binding(
            "A",
            "acknowledge",
            "Acknowledge",
            id="checks.acknowledge",
            tooltip="Read what a run found wrong; let runs go on at this code",
        ),
        Binding("o", "open_review", "Old review", id="checks.old", tooltip="Show a past review"),
        Binding(
            "escape",
            "leave_review",
            "Back to review",
            id="checks.leave_review",
            tooltip="Leave the past review for the review at this code",
        ),
        Binding("escape", "back", "Board", id="checks.back", tooltip="Back to the board"),
    ]

    @dataclass
    class Facts(Message):
        """Read in a worker: the code now, what is open, and the reviews of the pack."""

        facts: PackFacts
        short: ShortIds
        """The runs', reviews' and evidence's ids as the lists print them."""

    @dataclass
    class Failed(Message):
        """A worker could not read the pack (a file broken since the view opened...) or save."""

        message: str
        reading: bool = True

    @dataclass
    class Saved(Message):
        review: Review
        short: str
        """The review's short id."""
        changes: list[Change]
        where: str

    @dataclass
    class Acknowledged(Message):
        records: list[Evidence]
        changes: list[Change]

    @dataclass
    class Since(Message):
        review: Review
        commits: int | None

    def __init__(self) -> None:
        super().__init__()
        self.pack_names: list[str] = []
        self.pack_index = 0
        self.facts: PackFacts | None = None
        self.short = ShortIds()
        """The ids the view names, as the lists print them (`Facts.short`)."""
        self.draft = Draft()
        self.note_for: str | None = None
        self.showing: Review | None = None
        self.since = ""
        """Where the past review shown was made, and how far the code is from it."""
        self.told: set[str] = set()
        """The broken files already said: each refresh reads them again."""

    def compose(self) -> ComposeResult:
        yield HeaderLine(self.credo.store.name)
        with Horizontal(id="checks-body"):
            with Vertical(id="checks-left"):
                yield PackTabs(id="checks-packs")
                yield Static("", id="checks-progress")
                yield Static("[b]Past reviews[/] (o opens)", classes="section")
                yield ItemList(id="checks-history")
            with Vertical(id="checks-right"):
                yield Static("", id="checks-title")
                yield PackItems(id="checks-items")
                yield BoxInput(placeholder="note or reason, enter saves it", id="checks-note")
                with ScrollPane(id="checks-why"):
                    yield FactLines(separator="  ", id="checks-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.list_packs()
        self.read_facts()
        self.day_turned()  # the day its words are said on (`the timebox started 23:58`)
        self.set_interval(self.credo.refresh_seconds, self.poll)

    def poll(self) -> None:
        """Left open past midnight, an offer's `started 23:58` is of the day before: said
        with its day (a past review shown is left as it is)."""
        if self.day_turned() and self.facts is not None and self.showing is None:
            self.read_facts()

    def on_screen_resume(self) -> None:
        # Coming back to the view: reviews may have been made from the shell meanwhile.
        if self.facts is not None and not self.draft.marks and self.showing is None:
            self.list_packs()
            self.read_facts()

    def list_packs(self) -> None:
        from credo.checklists.packs import load_packs

        current = self.pack_name
        packs, _ = load_packs(self.credo.store)
        required = self.credo.store.config.gate_packs
        self.pack_names = [n for n in required if n in packs] + sorted(
            n for n in packs if n not in required
        )
        if current in self.pack_names:
            self.pack_index = self.pack_names.index(current)
        elif self.pack_index >= len(self.pack_names):
            self.pack_index = 0

    @property
    def pack_name(self) -> str:
        return self.pack_names[self.pack_index] if self.pack_names else ""

    @credo_work("Reading the checklist's facts", group="checks-facts", exclusive=True)
    def read_facts(self) -> None:
        store, name = self.credo.store, self.pack_name
        try:
            git, experiment = code_state(store), checked_experiment_id(store)
            facts = pack_facts(
                store, name, git, experiment, all_items=True, held=True, now=self.credo.clock()
            )
        except CredoError as error:
            self.post_message(self.Failed(error.message))
            return
        self.post_message(self.Facts(facts, store.short_ids(Run, Review, Evidence)))

    def tell_once(self, problem: str) -> None:
        if problem not in self.told:
            self.told.add(problem)
            self.notify(problem, severity="error")

    def on_checklists_screen_failed(self, message: Failed) -> None:
        if not message.reading:
            self.notify(message.message, severity="error")
            return
        self.tell_once(message.message)
        self.query_one("#checks-title", Static).update(
            from_rich_markup(f"[red]cannot show this pack:[/] {escape(message.message)}")
        )

    def on_checklists_screen_facts(self, message: Facts) -> None:
        if self.facts is None or self.facts.pack.name != message.facts.pack.name:
            self.draft = Draft()  # marks typed while a refresh of the same pack ran are kept
        self.facts, self.short = message.facts, message.short
        self.showing = None
        for problem in message.facts.problems:
            self.tell_once(problem)
        self.draw()

    # -- drawing -----------------------------------------------------------------

    def item_state(self, item_id: str) -> str:
        """How an item stands: the draft mark, or what answers it now (a run, a person)."""
        assert self.facts is not None
        if item_id in self.draft.marks:
            return _MARK_SIGN[self.draft.marks[item_id][0]] + " [i](unsaved)[/]"
        standing = self.facts.standing(item_id)
        if standing is None:
            return ""
        return standing_words(standing, self.short)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # esc is one of two keys, so that the footer says what it does: in a past review
        # it goes back to the review at this code, else to the board.
        if action in ("leave_review", "back"):
            return (self.showing is not None) == (action == "leave_review")
        if action in ANSWERING:  # a past review is read-only: its footer offered them
            return self.showing is None
        return super().check_action(action, parameters)

    def draw(self) -> None:
        self.refresh_bindings()  # in or out of a past review
        facts = self.facts
        if facts is None:
            return
        required = self.credo.store.config.gate_packs
        self.query_one(PackTabs).show(self.pack_names, self.pack_name, required)
        self.query_one("#checks-progress", Static).update(from_rich_markup(self.progress_text()))
        readonly = self.showing is not None
        self.show_title()
        items = self.query_one("#checks-items", OptionList)
        highlighted = items.highlighted
        items.clear_options()
        marks = {e.item: e for e in self.showing.entries} if self.showing else {}
        rungs = {r.item.id: r for r in self.rungs()}
        for item in facts.pack.items:
            if readonly:
                entry = marks.get(item.id)
                sign = _MARK_SIGN[entry.mark] if entry else "[dim]–[/]"
                note = f" [dim]{escape(entry.note)}[/]" if entry and entry.note else ""
            else:
                sign, note = self.item_state(item.id), ""
                if item.id in self.draft.marks and self.draft.marks[item.id][1]:
                    note = f" [dim]{escape(self.draft.marks[item.id][1])}[/]"
                elif item.id in rungs:
                    note = rung_note(rungs[item.id], items.scrollable_content_region.width)
            rung = "" if item.gate else "[dim]rung[/] "
            items.add_option(
                Option(from_rich_markup(f"{rung}{escape(item.text)}  {sign}{note}"), id=item.id)
            )
        if facts.pack.items:
            items.highlighted = min(highlighted or 0, len(facts.pack.items) - 1)
        history = self.query_one("#checks-history", OptionList)
        history.clear_options()
        for review in facts.reviews:
            sha = short_sha(review.git.sha) if review.git.sha else "no commit"
            dirty = "*" if review.git.dirty else ""
            given = [e.mark for e in review.entries]
            when = review.created.astimezone().strftime("%Y-%m-%d %H:%M")
            # the count on a line of its own: beside the rest it outgrew the pane under 100
            counts = checked_words(given.count(Mark.CHECKED), len(given), given.count(Mark.NA))
            line = f"{visible(f'{when}  {sha}{dirty}', lines=False)}\n  {counts}"
            history.add_option(Option(Text(line), id=review.id))
        if not facts.reviews:
            history.add_option(Option("No reviews yet: ctrl+s saves one", disabled=True))
        self.show_item()

    def progress_text(self) -> str:
        """A bar per principle: how many of its items hold now."""
        assert self.facts is not None
        opened = {s.item.id for s in self.facts.standings if not s.holds}
        lines = ["[b]Progress[/] (holds for this code)"]
        for principle, items in self.facts.pack.by_principle().items():
            done = sum(1 for i in items if i.id not in opened)
            width = 16
            filled = round(width * done / len(items))
            bar = "[green]" + "█" * filled + "[/][dim]" + "░" * (width - filled) + "[/]"
            lines.append(f"{bar} {done}/{len(items)} {escape(principle)}")
        from credo.checklists.verdict import next_rung

        rungs = self.rungs()
        if rungs:
            reached = sum(r.state == "reached" for r in rungs)
            upcoming = next_rung(rungs)
            after = f" · next: {escape(upcoming.item.id)}" if upcoming else ""
            lines.append(f"[b]Ladder[/] {reached}/{len(rungs)} reached{after}")
        stale = sum(s.stale for s in self.facts.standings)
        if stale:
            them = "it" if stale == 1 else "them"
            lines.append(f"[yellow]{counted(stale, 'stale answer')}[/]: y re-confirms {them}")
        return "\n".join(lines)

    def rungs(self) -> list[Rung]:
        from credo.checklists.verdict import ladder

        return ladder(self.facts.pack, self.facts.standings, self.short) if self.facts else []

    def current_item_id(self) -> str | None:
        option = self.query_one("#checks-items", OptionList).highlighted_option
        return option.id if option else None

    @on(OptionList.OptionHighlighted, "#checks-items")
    def show_item(self) -> None:
        if self.facts is None:
            return
        item_id = self.current_item_id()
        item = next((i for i in self.facts.pack.items if i.id == item_id), None)
        detail = self.query_one("#checks-detail", FactLines)
        if item is None:
            detail.show("")
            return
        blocking = f"{self.facts.pack.name}/{item.id}" in self.credo.store.config.gate_blocking
        parts = [
            f"[dim]{escape(item.principle)} · scope: {item.scope}{_held_by(item, blocking)}[/]",
            f"[b]{escape(item.text)}[/]",
        ]
        store = self.credo.store
        data = data_paths_from_here(store.project_root, store.config.data_paths)
        parts += [f"[dim]{label}[/]  {words}" for label, words in item_guidance(item, data)]
        if item.verify:
            parts.append(f"[dim]answered by runs[/]  verifier {escape(item.verify)}")
        rung = next((r for r in self.rungs() if r.item.id == item.id), None)
        if rung is not None and rung.out_of_order:
            parts.append(f"[yellow]reached out of order[/]: {escape(rung.out_of_order)} not yet")
        standing = self.facts.standing(item.id)
        if standing is not None and standing.stale and standing.was is not None:
            parts.append(f"[yellow]{escape(standing.reason)}[/] (y: still true)")
        if standing is not None and standing.evidence is not None:
            parts.append(evidence_words(standing, self.short))
        if standing is not None and standing.offered:
            parts.append(
                f"[dim]offered[/]  {escape(standing.offered)}: nobody ticked it"
                " (space: not yet, if it is not so)"
            )
        detail.show("\n".join(parts))

    # -- reviewing ---------------------------------------------------------------

    def answerable(self) -> bool:
        """Whether answers can be given now: not in a past review, which is read-only (its
        keys are off, `ANSWERING`; a double click on an item says so)."""
        if self.showing is not None:
            self.notify(
                "A past review is read-only; esc returns to the review",
                severity="warning",
            )
            return False
        return True

    def editable_item(self) -> str | None:
        return self.current_item_id() if self.answerable() else None

    def tickable_item(self) -> str | None:
        """The item under the cursor, unless a run or a recorded data check failed it: a
        tick by hand would hide what it found, acknowledged or not (the same check again
        answers it; n.a. still goes)."""
        item_id = self.editable_item()
        standing = self.facts.standing(item_id) if self.facts and item_id else None
        if standing is not None and standing.failed_by:
            if standing.failed_by == "a run":
                first = "" if standing.acknowledged else "A acknowledges it, "
                fix = f"Fix it and run again; {first}"
            else:
                fix = "Fix the data and record its check again; "
            self.notify(
                f"{standing.failed_by.capitalize()} failed it: a tick would hide what it found."
                f" {fix}n marks n.a.",
                severity="warning",
            )
            return None
        return item_id

    def action_tick(self) -> None:
        item_id = self.tickable_item()
        if item_id is None:
            return
        standing = self.facts.standing(item_id) if self.facts else None
        held = Mark.CHECKED if standing is not None and standing.offered else Mark.NOT_YET
        mark, note = self.draft.marks.get(item_id, (held, ""))  # an offer: the first unticks
        following = Mark.NOT_YET if mark == Mark.CHECKED else Mark.CHECKED
        self.draft.marks[item_id] = (following, note if following != Mark.NA else "")
        self.draw()

    def action_na(self) -> None:
        self.ask_text(self.editable_item(), "na")

    def action_note(self) -> None:
        self.ask_text(self.tickable_item(), "note")

    @on(OptionList.OptionSelected, "#checks-items")
    def _item_selected(self) -> None:
        self.action_note()  # a double click on an item, as enter

    def ask_text(self, item_id: str | None, purpose: str) -> None:
        if item_id is None:
            return
        self.note_for = f"{purpose}:{item_id}"
        box = self.query_one("#checks-note", Input)
        box.placeholder = (
            "why not applicable? enter saves"
            if purpose == "na"
            else "evidence: a path, a plot, a link"
        )
        box.value = self.draft.marks.get(item_id, (Mark.NOT_YET, ""))[1]
        box.add_class("-open")
        box.focus()

    @on(Input.Submitted, "#checks-note")
    def _text_given(self, event: Input.Submitted) -> None:
        self.take_text(event.value)

    def take_text(self, value: str) -> bool:
        """Close the box, its text (`value`) put in the draft; False where it cannot go
        there (an n.a. with no reason)."""
        box = self.query_one("#checks-note", Input)
        box.remove_class("-open")
        self.query_one("#checks-items", OptionList).focus()
        if self.note_for is None:
            return True
        purpose, item_id = self.note_for.split(":", 1)
        self.note_for = None
        text = value.strip()
        if purpose == "na":
            if not text:
                self.notify("n.a. needs a reason", severity="warning")
                return False
            self.draft.marks[item_id] = (Mark.NA, text)
        else:
            mark = self.draft.marks.get(item_id, (Mark.CHECKED, ""))[0]
            self.draft.marks[item_id] = (mark, text)
        self.draw()
        return True

    def action_save(self) -> None:
        if self.facts is None:
            return
        # ctrl+s in the open box: what it holds goes in the review, as enter puts it
        if self.note_for is not None and not self.take_text(
            self.query_one("#checks-note", Input).value
        ):
            return
        if not self.draft.marks:
            self.notify("Nothing to save: space ticks, n marks n.a.", severity="warning")
            return
        from credo.actions.checks import record_review

        pack, marks, experiment = self.pack_name, dict(self.draft.marks), self.facts.experiment
        self.save_review(lambda store, git: record_review(store, pack, marks, git, experiment))

    @credo_work("Saving the review", group="checks-save", exclusive=True, writes=True)
    def save_review(self, record: Callable[[Store, GitState], tuple[Review, list[Change]]]) -> None:
        """Record a review at the code as it is now (it may differ from when the view opened)."""
        store = self.credo.store
        try:
            git = code_state(store)
            review, changes = record(store, git)
        except CredoError as error:
            self.post_message(self.Failed(f"Not saved: {error.message}", reading=False))
            return
        short = store.short_id(Review, review.id)
        self.post_message(self.Saved(review, short, changes, git.summary()))

    def on_checklists_screen_saved(self, message: Saved) -> None:
        self.credo.history.record(message.changes, f"review of {message.review.pack}")
        saved = message.review.entries
        self.draft.marks = {  # keep only marks given while the save ran
            item: mark
            for item, mark in self.draft.marks.items()
            if not any(e.item == item and (e.mark, e.note) == mark for e in saved)
        }
        self.notify(f"Saved review {message.short} at {message.where}")
        self.read_facts()

    def action_next_pack(self) -> None:
        if self.pack_names:
            self.pick_pack((self.pack_index + 1) % len(self.pack_names))

    @on(events.Click)
    def _pack_clicked(self, event: events.Click) -> None:
        # a pack's name (not an @click action: Textual draws those as links, these as tabs)
        index = event.style.meta.get("pack")
        if isinstance(index, int):
            self.pick_pack(index)

    def pick_pack(self, index: int) -> None:
        """Review the pack at `index` (tab, or a click on its name)."""
        if self.note_for is not None:  # its item is in this pack: it would land in the next
            self.notify("Save the note (enter) or close it (esc) first", severity="warning")
            return
        if not 0 <= index < len(self.pack_names):
            return
        if self.draft.marks:  # asked, as quit asks: "drop the review" named no key
            from credo.ui.screens.task_forms import ChoiceScreen

            def answered(answer: str | None) -> None:
                if answer == "leave":
                    self.draft = Draft()
                    self.pick_pack(index)

            self.app.push_screen(ChoiceScreen.losing("Leave", [self.unsaved()]), answered)
            return
        self.pack_index = index
        self.read_facts()

    def action_still_true(self) -> None:
        if self.facts is None:
            return
        if not any(s.stale for s in self.facts.standings):
            self.notify("No stale answer to re-confirm", severity="warning")
            return
        from credo.actions.checks import reconfirm

        pack, found, experiment = self.pack_name, list(self.facts.standings), self.facts.experiment
        self.save_review(lambda store, git: reconfirm(store, pack, found, git, experiment))

    def action_acknowledge(self) -> None:
        if self.facts is None:
            return
        standing = self.facts.standing(self.current_item_id() or "")
        record = standing.evidence if standing is not None else None
        if record is None or record.passed:
            self.notify("Nothing failed here to acknowledge", severity="warning")
            return
        # the pack's records as shown: a pack the gate does not read has none in its decision
        shown = [s.evidence for s in self.facts.standings if s.evidence]
        self.acknowledge(record, shown, self.facts.experiment)

    @credo_work("Acknowledging the result", group="checks-save", exclusive=True, writes=True)
    def acknowledge(self, record: Evidence, shown: list[Evidence], experiment: str | None) -> None:
        """Acknowledge the failures of the item shown (`record`'s) that hold runs, whatever
        command failed it (as `credo gate --ack` does), or else the failure shown; and
        with each, what the same run failed with the same words (a rung beside its check),
        among the gate's records and the pack's `shown`. The gate is `experiment`'s, the
        one the view read (`checked_experiment_id`: a paused one too)."""
        from credo.actions.evidence import acknowledge, who_acknowledges

        store = self.credo.store
        try:
            decision = gate_now(store, experiment=experiment)
            failed = decision.holding(record.pack, record.item)
            if not failed and record.acknowledged_by:
                self.post_message(self.Acknowledged([record], []))
                return
            if not failed:  # it holds no run: the failure shown, and its run's in its words
                read = [s.evidence for found in decision.standings.values() for s in found]
                failed = with_same_words([record], [e for e in read if e is not None] + shown)
            same = [e.id for e in failed if not e.acknowledged_by]
            done, changes = acknowledge(store, same, "", who_acknowledges(store))
        except CredoError as error:
            self.post_message(self.Failed(f"Not saved: {error.message}", reading=False))
            return
        self.post_message(self.Acknowledged(done, changes))

    def on_checklists_screen_acknowledged(self, message: Acknowledged) -> None:
        if not message.changes:
            self.notify(
                f"Already acknowledged by {message.records[0].acknowledged_by}",
                severity="warning",
            )
            return
        self.credo.history.record(message.changes)
        commands = ", ".join(dict.fromkeys(shlex.join(r.command) for r in message.records))
        [said] = as_shown(self.credo.store, message.records[:1])
        self.notify(
            f"Acknowledged: {said.summary}; runs of {commands} go on at this code",
        )
        self.read_facts()

    # -- past reviews ------------------------------------------------------------

    def action_open_review(self) -> None:
        if self.facts is None or not self.facts.reviews:
            return
        history = self.query_one("#checks-history", OptionList)
        index = history.highlighted or 0
        self.showing = self.facts.reviews[index]
        self.since = ""
        self.draw()
        self.count_commits_since(self.showing)

    @on(OptionList.OptionSelected, "#checks-history")
    def _history_selected(self) -> None:
        self.action_open_review()

    @credo_work("Counting the commits since the review", group="checks-since", exclusive=True)
    def count_commits_since(self, review: Review) -> None:
        from credo.gitlink.state import commits_since

        root = self.credo.store.git_root
        ahead = commits_since(root, review.git.sha) if root and review.git.sha else None
        self.post_message(self.Since(review, ahead))

    def on_checklists_screen_since(self, message: Since) -> None:
        if self.showing is None or self.showing.id != message.review.id:
            return
        sha = message.review.git.sha
        if sha is None:  # nothing to count from: "not on this branch" misled
            where = "before the first commit" if self.credo.store.git_root else "outside git"
            self.since = f"made {where} "
        else:
            since = (
                f"{counted(message.commits, 'commit')} since"
                if message.commits is not None
                else "not on this branch"
            )
            self.since = f"at {escape(short_sha(sha))} · {since} "
        self.show_title()

    def show_title(self) -> None:
        """The pack's title; in a past review, which one, how far the code is from it,
        and that esc returns (the footer may have no room to say it)."""
        title = f"[b]{escape(self.facts.pack.title if self.facts else '')}[/]"
        if self.showing is not None:
            title += (
                f"  [yellow]past review {self.short[self.showing.id]} {self.since}"
                "(read-only, esc returns)[/]"
            )
        self.query_one("#checks-title", Static).update(from_rich_markup(title))

    def unsaved(self) -> str:
        if not self.draft.marks:
            return ""
        marks = counted(len(self.draft.marks), "unsaved answer")
        return f"{marks} in the review of {self.pack_name}"

    def action_back(self) -> None:
        box = self.query_one("#checks-note", Input)
        if box.has_class("-open"):
            box.remove_class("-open")
            self.note_for = None
            self.query_one("#checks-items", OptionList).focus()
        else:
            self.app.switch_mode("board")

    def action_leave_review(self) -> None:
        self.showing = None
        self.draw()


def standing_words(standing: Standing, short: ShortIds) -> str:
    """One item's state in the list: verified (by which run, as `short` names it),
    offered (by what credo knows), by hand, n.a., failed, stale, or open; a rung says
    reached, failed or not tried."""
    record = standing.evidence
    if standing.holds:
        if record is not None:
            run = f" [dim]run {short[record.run]}[/]" if record.run else ""
            return f"[green]✔ verified[/]{run}"
        if standing.offered:
            return f"[green]✔ offered:[/] [dim]{escape(standing.offered)}[/]"
        return "[dim]n.a.[/]" if standing.mark == Mark.NA else "[green]✔ by hand[/]"
    if record is not None:
        seen = " [dim](acknowledged)[/]" if standing.acknowledged else ""
        if record.run:  # it holds runs of that command only, as the gate says
            seen += f" [dim]· run {short[record.run]} ({escape(shlex.join(record.command))})[/]"
        return f"[red]✗ {escape(record.summary)}[/]{seen}"
    if standing.stale:
        return f"[yellow]○ {escape(standing.reason)}[/]"
    return f"[dim]○ {escape(standing.reason)}[/]"


def rung_note(rung: Rung, width: int) -> str:
    """What a rung's row adds in a list `width` cells wide: the command its run ran, or
    the pack's own command for a rung not tried, a line of the list at most with its
    words (`ran `); nothing for a failed one, whose words name the command already."""
    words = None if rung.state == "failed" else rung_command(rung, width - 4)
    return "" if words is None else " [dim]· {} {}[/]".format(*map(escape, words))


def evidence_words(standing: Standing, short: ShortIds) -> str:
    """The evidence behind an item: verdict, what it rests on (ids as `short` has them),
    and the result as printed."""
    record = standing.evidence
    assert record is not None
    when = record.created.astimezone().strftime("%Y-%m-%d %H:%M")
    verdict = "[green]verified[/]" if standing.holds else "[red]failed[/]"
    rests = ", ".join(
        f"{escape(path)} {short_digest(fp)}" for path, fp in record.fingerprints.items()
    )
    source = f"run {short[record.run]} · " if record.run else ""
    lines = [
        "",
        f"[b]evidence[/] {verdict} [dim]{source}{short[record.id]} · {when}[/]",
        escape(record.summary),
        f"[dim]from[/]  {escape(shlex.join(record.command))}",
    ]
    if rests:
        lines.append(f"[dim]rests on[/]  {rests}")
    if record.acknowledged_by:
        note = f": {escape(record.acknowledged_note)}" if record.acknowledged_note else ""
        lines.append(f"[dim]acknowledged by[/]  {escape(record.acknowledged_by)}{note}")
    elif not record.passed and record.run:
        command = escape(shlex.join(record.command))
        lines.append(f"[dim]A acknowledges it: runs of {command} go on at this code[/]")
    if record.details:
        lines += ["", escape(record.details.rstrip())]
    return "\n".join(lines)


def _held_by(item: ChecklistItem, blocking: bool) -> str:
    """What of an item holds a run, as the gate decides it (`gate.evaluate_gate`)."""
    if blocking:
        return " · blocking (gate_blocking): holds runs until answered in the experiment"
    if item.gate:
        return ""
    if item.verify:  # as any failed run check, until answered
        return (
            " · ladder: never asked before runs; a rung failed at this code holds the next run"
            " of the command that failed it"
        )
    return " · ladder: never asked before runs"
