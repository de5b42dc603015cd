"""The board's task actions on a key: add, edit, done, move, reorder, drop, pin, mark in
progress, start an experiment. Each calls `credo.actions` through `act`,
which records it for undo and shows what it wrote."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from credo import actions
from credo.display import escape
from credo.domain.assignees import given_to, kept_why
from credo.domain.models import Task, TaskStatus
from credo.domain.quadrants import Quadrant
from credo.errors import BadInputError
from credo.store.active import held_by
from credo.ui.screens.base import CredoScreen

if TYPE_CHECKING:
    from credo.actions.tasks import Started
    from credo.domain.quickadd import QuickAdd
    from credo.store.store import Change
    from credo.ui.board_state import BoardState, Row


def not_saved_words(now: Task, names: list[str]) -> str:
    """Why an edit was not saved: `names` of the task changed on disk since its form read
    it, each short one with its value now."""
    from credo.text.words import changed_on_disk

    return (
        f"Not saved: {changed_on_disk(now, names, 'the form')}: what you typed is back in "
        "the form, ctrl+s saves it over that change"
    )


class BoardActions(CredoScreen):
    """The task actions of the board (a part of `BoardScreen`, which binds their keys)."""

    if TYPE_CHECKING:  # what the board provides
        state: BoardState

        def selected_task(self) -> Task | None: ...

        def selected_row(self) -> Row | None: ...

        def select(self, task_id: str) -> None: ...

    def writable_task(self) -> Task | None:
        row = self.selected_row()
        if row is not None and row.task is None:  # an unreadable file's row in its quadrant
            self.notify(f"{row.path} cannot be read: credo leaves it as it is (! says why)")
        elif row is None:
            self.notify("No task selected", severity="warning")
        return row.task if row else None

    def action_add(self, line: str = "") -> None:
        from credo.ui.screens.task_forms import AddTaskScreen

        horizon = self.credo.store.config.urgency_horizon_days
        box = AddTaskScreen(line, horizon, self.people())

        def added(parsed: QuickAdd | None) -> None:
            if parsed is not None:  # its assignee as the box showed it (resolved there)
                task = self.act(
                    lambda: actions.add_task(self.credo.store, parsed, today=self.credo.today),
                    what=f"add '{parsed.title}'",
                )
                if task is not None:
                    self.select(task.id)
                    self.say_if_hidden(task)
                    if kept_why(task.assignee, box.people):
                        who = given_to(task.assignee, box.people)
                        self.notify(f"Added '{task.title}' for {who}", severity="warning")
                else:  # not written (the error is shown): the typed line comes back
                    self.action_add(box.line)

        self.app.push_screen(box, added)

    def say_if_hidden(self, task: Task) -> None:
        """A task just added that the filter or the today view hides is said to be there:
        it would seem never written."""
        horizon = self.credo.store.config.urgency_horizon_days
        if self.state.quadrant(task.id, self.credo.today, horizon) is not None:
            return
        if hiding := self.hiding_views():
            self.notify(f"Added '{task.title}', hidden by {hiding}")

    def hiding_views(self) -> str:
        """The filter and the today view if on, each with the key that shows every task."""
        hiding = []
        if self.state.filter_words:
            hiding.append("the filter (/ then esc clears it)")
        if self.state.today_only:
            hiding.append("the today view (T shows every task)")
        return " and ".join(hiding)

    def action_edit(self) -> None:
        from credo.ui.screens.task_forms import EditTaskScreen

        task = self.writable_task()
        if task is None:
            return

        def open_form(shown: Task, typed: dict[str, Any] | None = None) -> None:
            form = EditTaskScreen(shown, horizon, names, typed=typed, people=self.people())
            found: list[Task] = []  # the task as the save found it, changed meanwhile

            def unchanged_meanwhile(now: Task, fields: dict[str, Any]) -> None:
                """Refuses to write a field over a change made since the form read the task
                (a teammate's pull, another terminal): it would be lost unseen."""
                if changed := actions.changed_meanwhile(shown, now, fields):
                    found.append(now)
                    raise BadInputError(not_saved_words(now, changed))

            def edited(fields: dict[str, Any] | None) -> None:
                if not fields:
                    return
                self.for_series(  # with the people the form showed (`tell_people`)
                    task,
                    "Edit",
                    lambda: actions.edit_task(
                        self.credo.store,
                        task.id,
                        people=form.people,
                        check=lambda now: unchanged_meanwhile(now, fields),
                        **fields,
                    ),
                    what=f"edit '{task.title}'",
                    gone="what you typed is back in the form: copy what you need, esc closes it",
                    # not written (the error is shown): the form comes back as it was typed,
                    # over the task as the save found it when it was changed meanwhile
                    refused=lambda: open_form(found[-1] if found else shown, fields),
                )

            self.app.push_screen(form, edited)

        names = self.name_suggestions()
        horizon = self.credo.store.config.urgency_horizon_days
        open_form(task)

    def for_series(
        self,
        task: Task,
        verb: str,
        action: Callable[[], tuple[Any, list[Change]]],
        message: str = "",
        what: str = "",
        refused: Callable[[], object] | None = None,
        gone: str = "",
    ) -> None:
        """`act` on a task; for a recurring one, ask first "this one or all". `refused` is
        called when the action is refused (its error shown); `gone` says what the person
        can do when the task's file was deleted meanwhile."""
        from credo.ui.screens.task_forms import ChoiceScreen

        def run(attempt: Callable[[], tuple[Any, list[Change]]]) -> None:
            if self.act(attempt, message, what, gone) is None and refused:
                refused()

        if not task.every:
            run(action)
            return

        def chosen(answer: str | None) -> None:
            if answer == "all":
                run(action)
            elif answer == "one":
                store, today = self.credo.store, self.credo.today
                run(lambda: actions.this_one_only(store, task.id, action, today))

        self.app.push_screen(
            ChoiceScreen(
                f"{verb} a task that repeats every {escape(task.every)}:",
                [("o", "one", "This one"), ("a", "all", "All future ones")],
            ),
            chosen,
        )

    def action_toggle_done(self) -> None:
        task = self.writable_task()
        if task is None:
            return
        store = self.credo.store
        if task.status == TaskStatus.DONE:
            self.act(
                lambda: actions.reopen_task(store, task.id),
                f"Open again: {task.title}",
                what=f"open again '{task.title}'",
            )
        else:
            commit = self.credo.head_sha
            self.act(
                lambda: actions.complete_task(
                    store, task.id, commit=commit, today=self.credo.today
                ),
                f"Done: {task.title}",
                what=f"done '{task.title}'",
            )

    def action_move(self, quadrant: str) -> None:
        task = self.writable_task()
        if task is None:
            return
        target = Quadrant(quadrant)

        def move(assignee: str | None = None) -> None:
            moved = self.act(
                lambda: actions.move_task(
                    self.credo.store,
                    task.id,
                    target,
                    self.credo.today,
                    assignee=assignee,
                    people=question.people if question else None,  # no name to match
                ),
                what=f"move '{task.title}' to {target.label}",
            )
            if moved is not None:
                self.select(moved.id)

        question = None  # what it previews is what is saved (`tell_people`)
        if target == Quadrant.DELEGATE and not task.assignee:
            # the forms' module (Textual's text area) is imported only to ask: a move
            # elsewhere paid its import (about 20 ms) at the session's first move
            from credo.ui.screens.task_forms import AssigneeScreen

            question = AssigneeScreen(task.title, self.name_suggestions(), self.people())
            self.app.push_screen(question, move)
        else:
            move()

    def people(self) -> list[str]:
        """Who a name typed here is matched against (`BoardState.people`)."""
        return self.state.people(self.credo.authors)

    def name_suggestions(self) -> list[str]:
        return self.state.name_suggestions(self.credo.authors)

    def action_reorder(self, offset: int) -> None:
        task = self.writable_task()
        if task is None:
            return
        self.act(
            lambda: actions.reorder_task(self.credo.store, task.id, offset, self.credo.today),
            what=f"move '{task.title}' {'up' if offset < 0 else 'down'}",
        )
        self.select(task.id)

    def action_drop(self) -> None:
        task = self.writable_task()
        if task is None:
            return
        self.for_series(
            task,
            "Drop",
            lambda: actions.drop_task(self.credo.store, task.id),
            f"Dropped: {task.title}",
            what=f"drop '{task.title}'",
        )

    def action_start_task(self) -> None:
        """In progress, as `credo start` does: the person's task in progress before goes
        back to open, and a teammate's is taken over; the notices say which. On the
        person's own task in progress, back to open, as `credo stop` does."""
        task = self.writable_task()
        if task is not None:
            self.credo.with_me(lambda me: self.start_task(task, me))

    def start_task(self, task: Task, me: str) -> None:
        store = self.credo.store
        if task.status == TaskStatus.IN_PROGRESS and held_by(task.in_progress_by, me):
            self.act(
                lambda: actions.stop_task(store, task.id, me),
                f"Back to open: {task.title}",
                what=f"put '{task.title}' back to open",
            )
            return

        def start() -> tuple[Started, list[Change]]:
            started = actions.start_task(store, task.id, me)
            return started, started.changes

        started = self.act(start, what=f"mark '{task.title}' in progress")
        if started is not None:
            self.untold += (started,)
            self.tell_started()

    untold: tuple[Started, ...] = ()
    """What `p` did and is not said yet: it waits for the people's names (`tell_started`)."""

    def tell_started(self) -> None:
        """Say what `p` did (`untold`), whom a task was taken from by the name the detail
        gives them, from the board's git worker (no git here): until it first answers, a
        take-over waits, rather than say an e-mail the detail then shows as a name."""
        names = self.credo.names
        if names is None and any(started.taken_from for started in self.untold):
            return
        untold, self.untold = self.untold, ()
        for started in untold:
            # the task, whom it was taken from, what went back to open
            for line in started.said(names or {}):
                self.notify(line)

    def action_start_experiment(self) -> None:
        from credo.ui.screens.experiment_forms import start_flow

        task = self.writable_task()
        if task is not None:
            start_flow(self, task)

    def action_pin(self) -> None:
        task = self.writable_task()
        if task is None:
            return
        verb = "unpin" if task.pinned == self.credo.today else "pin"
        self.act(
            lambda: actions.pin_task(self.credo.store, task.id, self.credo.today),
            what=f"{verb} '{task.title}'",
        )

    def show_stepped(self, changes: list[Change]) -> None:
        # the task it brought back (or changed) is the one selected, where it is shown
        shown = [c.item_id for c in changes if c.kind is Task and c.after is not None]
        if shown:
            self.select(shown[-1])
