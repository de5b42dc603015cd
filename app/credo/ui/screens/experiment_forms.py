"""Modals for experiments: start ("just do it"), close with an outcome, abandon with a
reason, more time on purpose.

`start_flow` is the whole "just do it" path used by the board and the log view: the
form, then (if another experiment runs) close-or-pause it, then start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static
from textual.worker import get_current_worker

from credo.actions import experiments as exp_actions
from credo.display import escape, visible
from credo.domain.durations import format_duration, parse_duration
from credo.domain.models import Experiment, Outcome, Task, checked_title
from credo.errors import BadInputError, CredoError
from credo.ui.markup import from_rich_markup
from credo.ui.screens.base import CredoScreen, FormScreen, form_bindings
from credo.ui.widgets.dialog import DialogBox
from credo.ui.widgets.line_input import LineInput
from credo.ui.workers import credo_work

Answer = TypeVar("Answer")


class StartExperimentScreen(FormScreen[dict[str, Any] | None]):
    """Hypothesis and timebox, prefilled and editable; enter starts, esc cancels."""

    FORM = "the new experiment"

    BINDINGS = form_bindings("exp-start", "Start", "start", "Start the clock")

    def __init__(self, hypothesis: str, timebox: timedelta, task_title: str | None) -> None:
        super().__init__()
        self.hypothesis = hypothesis
        self.timebox = timebox
        self.task_title = task_title

    def compose(self) -> ComposeResult:
        with DialogBox(classes="dialog-wide", id="exp-start"):
            yield Label("[b]Just do it[/]: start a timeboxed experiment")
            if self.task_title:
                yield Static(from_rich_markup(f"[dim]for task:[/] {escape(self.task_title)}"))
            with Horizontal(classes="form-row"):  # labelled: a prefilled field has no placeholder
                yield Label("Hypothesis", classes="field-label")
                yield LineInput(
                    visible(self.hypothesis, lines=False),
                    placeholder="I expect…",
                    id="exp-hypothesis",
                    compact=True,
                    select_on_focus=False,  # the task's words stay; type on after them
                )
            with Horizontal(classes="form-row"):
                yield Label("Timebox", classes="field-label")
                yield Input(
                    format_duration(self.timebox),
                    placeholder="25m, 2h, 1d",
                    id="exp-timebox",
                    compact=True,
                )
            yield Static("", id="exp-start-error")
            yield Static("[dim]enter starts · esc cancels · the clock starts now[/]")
            yield from self.buttons("Start")

    def on_mount(self) -> None:
        self.query_one("#exp-hypothesis", Input).focus()

    def action_submit(self) -> None:
        hypothesis = self.query_one("#exp-hypothesis", Input).value.strip()
        if not hypothesis:
            self.show_problem("exp-start-error", "write what you expect to happen")
            return
        if hypothesis == visible(self.hypothesis, lines=False).strip():  # the prefill alone
            self.show_problem(
                "exp-start-error", "after the task's words, write what you expect to happen"
            )
            return
        try:
            hypothesis = checked_title(hypothesis, "hypothesis")
            timebox = parse_duration(self.query_one("#exp-timebox", Input).value)
        except BadInputError as problem:
            self.show_problem("exp-start-error", problem.message)
            return
        self.dismiss({"hypothesis": hypothesis, "timebox": timebox})


class ExperimentDialog(FormScreen[Answer]):
    """A question about one experiment; esc leaves it unanswered."""

    def __init__(self, experiment: Experiment) -> None:
        super().__init__()
        self.experiment = experiment


class CloseExperimentScreen(ExperimentDialog[dict[str, Any] | None]):
    """After the outcome is chosen: a learning and a next step; enter closes."""

    FORM = "the outcome form"

    BINDINGS = form_bindings("exp-close", "Close", "close", "Close it with this learning")

    def __init__(self, experiment: Experiment, outcome: Outcome) -> None:
        super().__init__(experiment)
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        with DialogBox(classes="dialog-wide", id="exp-close"):
            hypothesis, outcome = escape(self.experiment.hypothesis), self.outcome.value
            yield Label(from_rich_markup(f"[b]Close[/] {hypothesis} as [b]{outcome}[/]"))
            yield LineInput(
                visible(self.experiment.learning, lines=False),
                placeholder="learning (required): what did you learn?",
                id="exp-learning",
            )
            yield LineInput(
                visible(self.experiment.next_step, lines=False),
                placeholder="next step",
                id="exp-next",
            )
            yield Static("", id="exp-close-error")
            yield Static("[dim]enter closes · tab moves · esc cancels[/]")
            yield from self.buttons("Close")

    def on_mount(self) -> None:
        self.query_one("#exp-learning", Input).focus()

    def action_submit(self) -> None:
        learning = self.query_one("#exp-learning", Input)
        try:
            exp_actions.checked_learning(learning.value)
        except BadInputError as problem:
            self.show_problem("exp-close-error", problem.message)
            learning.focus()
            return
        self.dismiss(
            {
                "outcome": self.outcome,
                "learning": learning.value,
                "next_step": self.query_one("#exp-next", Input).value,
            }
        )


class AbandonExperimentScreen(ExperimentDialog[str | None]):
    """Why you stopped: required."""

    FORM = "the abandon form"

    BINDINGS = form_bindings(
        "exp-abandon", "Abandon", "abandon", "Abandon it, this reason on the record"
    )

    def compose(self) -> ComposeResult:
        with DialogBox():
            yield Label(from_rich_markup(f"[b]Abandon[/] {escape(self.experiment.hypothesis)}"))
            yield LineInput(placeholder="reason (required)", id="exp-reason")
            yield Static("", id="exp-abandon-error")
            yield Static("[dim]enter abandons it (on the record) · esc cancels[/]")
            yield from self.buttons("Abandon")

    def on_mount(self) -> None:
        self.query_one("#exp-reason", Input).focus()

    def action_submit(self) -> None:
        reason = self.query_one("#exp-reason", Input).value.strip()
        if not reason:
            self.show_problem("exp-abandon-error", "a reason is required")
            return
        self.dismiss(reason)


class ExtendExperimentScreen(ExperimentDialog[dict[str, Any] | None]):
    """More time, on purpose: how much (15m by default) and why (optional)."""

    FORM = "the extension form"

    BINDINGS = form_bindings("exp-extend", "Add time", "add", "Add this time, on the record")

    def compose(self) -> ComposeResult:
        from credo.domain.timebox import timebox_words

        with DialogBox():
            yield Label(
                from_rich_markup(f"[b]More time[/] for {escape(self.experiment.hypothesis)}")
            )
            yield Static(f"[dim]timebox now: {timebox_words(self.experiment)}[/]")
            yield Label("Add", classes="field-label")
            yield Input("15m", placeholder="15m, 1h", id="exp-extend-by")
            yield Label("Why (optional)", classes="field-label")
            yield LineInput(placeholder="one more epoch to see the trend", id="exp-extend-reason")
            yield Static("", id="exp-extend-error")
            yield Static("[dim]enter adds it (on the record) · esc cancels[/]")
            yield from self.buttons("Add time")

    def on_mount(self) -> None:
        self.query_one("#exp-extend-by", Input).focus()

    def action_submit(self) -> None:
        try:
            by = parse_duration(self.query_one("#exp-extend-by", Input).value)
        except BadInputError as problem:
            self.show_problem("exp-extend-error", problem.message)
            return
        self.dismiss({"by": by, "reason": self.query_one("#exp-extend-reason", Input).value})


def unless_runs_go(
    screen: CredoScreen, experiment: Experiment, verb: str, then: Callable[[bool], None]
) -> None:
    """Call `then(force)`: at once when no run of `experiment` goes, else once the person
    chose to `verb` it anyway. Asked before any form, so nothing typed is thrown away."""
    from credo.ui.screens.task_forms import ChoiceScreen

    try:
        exp_actions.refuse_while_runs_go(screen.credo.store, experiment)
    except exp_actions.RunsGoingError as error:
        question = f"{escape(error.going)}.\n\n[b]{verb} it anyway?[/] {exp_actions.FORCE_MEANS}."
        choice = ChoiceScreen(question, [("f", "force", f"{verb} anyway")], enter_cancels=True)

        def chosen(answer: str | None) -> None:
            if answer == "force":
                then(True)

        screen.app.push_screen(choice, chosen)
        return
    except CredoError as error:
        screen.notify(error.message, severity="error")
        return
    then(False)


def close_flow(
    screen: CredoScreen, experiment: Experiment, then: Callable[[], None] | None = None
) -> None:
    """Ask for the outcome (one key), then learning and next step, and close `experiment`
    (anyway, if the person chose so while a run of it goes)."""
    unless_runs_go(
        screen, experiment, "Close", lambda force: _close(screen, experiment, force, then)
    )


def _close(
    screen: CredoScreen, experiment: Experiment, force: bool, then: Callable[[], None] | None
) -> None:
    from credo.ui.screens.task_forms import ChoiceScreen

    store = screen.credo.store

    def closed(answer: dict[str, Any] | None) -> None:
        if not answer:
            return
        done = screen.act(
            lambda: exp_actions.stop_experiment(store, experiment.id, **answer, force=force),
            f"Closed: {answer['outcome'].value}",
            what=f"close '{experiment.hypothesis}' as {answer['outcome'].value}",
        )
        if done is not None and then is not None:
            then()

    def chosen(outcome: str | None) -> None:
        if outcome:
            screen.app.push_screen(CloseExperimentScreen(experiment, Outcome(outcome)), closed)

    screen.app.push_screen(
        ChoiceScreen(
            f"Outcome of “{escape(experiment.hypothesis)}”:",
            [
                ("c", "confirmed", "Confirmed"),
                ("r", "refuted", "Refuted"),
                ("i", "inconclusive", "Inconclusive"),
            ],
        ),
        chosen,
    )


def abandon_flow(screen: CredoScreen, experiment: Experiment) -> None:
    """Ask why, and abandon `experiment` (anyway, if the person chose so while a run goes)."""
    store = screen.credo.store

    def asked(force: bool) -> None:
        def given(reason: str | None) -> None:
            if reason:
                screen.act(
                    lambda: exp_actions.abandon_experiment(
                        store, experiment.id, reason, force=force
                    ),
                    "Abandoned",
                    what=f"abandon '{experiment.hypothesis}'",
                )

        screen.app.push_screen(AbandonExperimentScreen(experiment), given)

    unless_runs_go(screen, experiment, "Abandon", asked)


def one_at_a_time(screen: CredoScreen, go: Callable[[exp_actions.OnRunning], None]) -> None:
    """`go`, once no other experiment runs: one that does is closed (with an outcome) or
    paused first, as the person chooses; none runs: at once, said beside each experiment
    file credo cannot read (the running one may be in it, as the command line says). The
    experiments are read in a worker (`read_running`); keys typed meanwhile wait for its
    answer (`TypedAhead.wait_for`)."""
    from credo.ui.app import credo_of

    credo_of(screen).typed_ahead.wait_for(read_running(screen, go))


@credo_work("Reading which experiment runs", group="one-at-a-time", exclusive=True)
def read_running(screen: CredoScreen, go: Callable[[exp_actions.OnRunning], None]) -> None:
    """`one_at_a_time`'s read, answered on the interface thread (`ask_one_at_a_time`);
    asked again meanwhile (a second key), only the last is answered."""
    current, unreadable = exp_actions.running_or_unreadable(screen.credo.store)
    if not get_current_worker().is_cancelled:
        screen.app.call_from_thread(ask_one_at_a_time, screen, go, current, unreadable)


def ask_one_at_a_time(
    screen: CredoScreen,
    go: Callable[[exp_actions.OnRunning], None],
    current: Experiment | None,
    unreadable: list[str],
) -> None:
    from credo.ui.screens.task_forms import ChoiceScreen

    if current is None:
        for said in unreadable:
            screen.notify(said, severity="warning")
        go("refuse")
        return

    def chosen(choice: str | None) -> None:
        if choice == "pause":
            go("pause")
        elif choice == "close":
            close_flow(screen, current, lambda: go("refuse"))

    screen.app.push_screen(
        ChoiceScreen(
            f"“{escape(current.hypothesis)}” is running. One at a time:",
            [("c", "close", "Close it"), ("p", "pause", "Pause it")],
        ),
        chosen,
    )


def clock_said(exp: Experiment, *, starts: bool) -> str:
    """What the board says as `exp`'s clock starts (`starts`: it never ran) or runs again,
    in the words of `credo exp start` and `credo exp resume`: `Started: h · timebox 25m,
    up at 10:47`, `Resumed: h · 12m left, up at 11:02`."""
    from credo.domain.models import now
    from credo.domain.timebox import clock_starts_words

    verb, clock = clock_starts_words(exp, now(), starts=starts)
    return f"{verb}: {exp.hypothesis} · {clock}"


def start_flow(screen: CredoScreen, task: Task | None = None) -> None:
    """ "Just do it": the start form, close-or-pause a running experiment, start."""
    store = screen.credo.store
    prefill = f"{task.title}: " if task else ""

    def filled(answer: dict[str, Any] | None) -> None:
        if not answer:
            return

        def start(on_running: exp_actions.OnRunning) -> None:
            started = screen.act(
                lambda: exp_actions.start_experiment(
                    store,
                    answer["hypothesis"],
                    timebox=answer["timebox"],
                    task=task.id if task else None,
                    tags=task.tags if task else (),
                    on_running=on_running,
                ),
                what=f"start '{answer['hypothesis']}'",
            )
            if started is not None:
                screen.notify(clock_said(started, starts=True))
            refresh = getattr(screen, "experiment_started", None)
            if started is not None and callable(refresh):
                refresh(started)

        one_at_a_time(screen, start)

    screen.app.push_screen(
        StartExperimentScreen(prefill, store.config.default_timebox, task.title if task else None),
        filled,
    )
