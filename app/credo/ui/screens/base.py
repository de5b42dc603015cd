"""What every credo screen shares."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import events, on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Static

from credo.display import escape
from credo.errors import CredoError, NotFoundError
from credo.ui.markup import from_rich_markup
from credo.ui.widgets.footer import SWITCHED_OFF, KeysFooter
from credo.ui.workers import credo_work, under_way
from credo.wording import counted

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.widgets import Checkbox, TextArea

    from credo.actions.history import Step, Taking
    from credo.store.store import Change, LoadProblem
    from credo.ui.app import CredoApp


QUEUED_SAID_AFTER = 0.3
"""Seconds an undo or redo is under way before a step typed behind it is said to wait
(`history_step`): a fast `uu` is through before anyone could wonder."""
CHARTS = "credo.ui.widgets.plot_view"
"""The charts' module (plotext with it), for `CredoScreen.import_soon`."""


def form_bindings(form: str, verb: str, name: str, tooltip: str = "") -> list[BindingType]:
    """A form's keys, as its buttons (`FormScreen.buttons`) say: esc cancels
    (`FORM.cancel`), ctrl+s submits, shown as `verb` (`FORM.NAME`)."""
    return [
        Binding("escape", "cancel", "Cancel", id=f"{form}.cancel"),
        Binding("ctrl+s", "submit", verb, id=f"{form}.{name}", tooltip=tooltip),
    ]


def clear_filter_binding(view: str) -> Binding:
    """esc while a filter is kept (a view with a `filter_box`): its binding `VIEW.clear_filter`,
    beside the view's own esc `back`; one of the two is on at a time (`check_action`)."""
    return Binding(
        "escape",
        "clear_filter",
        "Clear filter",
        id=f"{view}.clear_filter",
        tooltip="Show everything again",
    )


def switch_bindings(
    key: str, action: str, binding_id: str, on: tuple[str, str], off: tuple[str, str]
) -> list[Binding]:
    """A key that switches a view's `action` on and off, whose footer label says what a
    press does now: a binding for each state under one id (`binding_id`, which a user's
    `[keymap]` names once to move both), the view's `check_action` keeping the one that
    turns its state over (`action(True)` while off). `on` and `off`: (description,
    tooltip) of the press that turns it on, and off."""
    return [
        Binding(key, f"{action}(True)", on[0], id=binding_id, tooltip=on[1]),
        Binding(key, f"{action}{SWITCHED_OFF}", off[0], id=binding_id, tooltip=off[1]),
    ]


def undo_bindings(view: str, *, show: bool) -> list[Binding]:
    """`u` and ctrl+r in a view that changes items: `VIEW.undo` and `VIEW.redo`, which take
    back (and give again) your last change, whichever view made it; and `VIEW.undo_agent`
    (U), which takes back an agent's last change (then u puts it back)."""
    return [
        Binding(
            "u", "undo", "Undo", id=f"{view}.undo", show=show, tooltip="Your last change, any view"
        ),
        Binding(
            "ctrl+r", "redo", "Redo", id=f"{view}.redo", show=show, tooltip="What undo took back"
        ),
        Binding(
            "U",
            "undo_agent",
            "Undo agent's",
            id=f"{view}.undo_agent",
            show=False,
            tooltip="An agent's last change while open; u puts it back",
        ),
    ]


def problems_binding(view: str, files: str) -> Binding:
    """`!` in a view with files it cannot read (`show_unreadable`): why each of the
    `files` (`unreadable file`, `run file left out`) was refused."""
    return Binding(
        "exclamation_mark",
        "problems",
        "Unreadable files",
        id=f"{view}.problems",
        show=False,
        tooltip=f"Read why each {files} was refused, in full",
    )


def left_out_words(problems: Collection[LoadProblem]) -> str:
    """A view's status part for the files it left out ("" for none)."""
    if not problems:
        return ""
    return f"[red]{counted(len(problems), 'unreadable file')} left out[/] · [b]![/] why"


class CredoScreen(Screen[None]):
    """A screen of the credo app, with typed access to it (store, history, today)."""

    filter_box = ""
    """The view's filter box (a BoxInput), if it has one. In it, enter keeps the filter
    (`close_filter`) and esc clears it (`filter_escaped`); after, esc clears a filter
    kept (the `clear_filter` binding) before it leaves the view (`back`)."""
    filter_list = ""
    """The list the filter narrows: it has the keys once the box closes ("": the view's
    own keys have them, as on the board)."""
    _out_of_sight = False
    """Suspended since it was last shown (another view, a dialog over it)."""
    _day: date | None = None

    def day_turned(self) -> bool:
        """Whether the day changed since the last call (never at the first): past
        midnight, words such as `today` and `2d overdue` are drawn anew, with no file
        changed and no key pressed. So after a change of the system's time zone (a laptop
        flown to a conference): the C library reads the zone once, at the first local
        time, and a board left open kept the old one's day until a restart (20 µs a
        look, a stat of /etc/localtime)."""
        time.tzset()
        today = self.credo.today
        turned = self._day is not None and today != self._day
        self._day = today
        return turned

    @on(events.ScreenSuspend)
    def _left(self) -> None:
        self._out_of_sight = True

    @on(events.ScreenResume)
    def _shown_again(self, event: events.ScreenResume) -> None:
        """A view is restyled whole as it shows only after it was out of sight. Shown for
        the first time it is styled already (as its widgets registered), and Textual
        would restyle every widget of it again, twice for a mode's view (`_init_mode`
        and `switch_mode` each resume it): 18 to 28 ms of E's first frame on the big
        project, with no CSS changed since."""
        if not self._out_of_sight:
            event.refresh_styles = False
        self._out_of_sight = False

    @on(events.Mount)
    def _keys_taken(self) -> None:
        """Say which of this view's keys the user's keymap gave to another of its keys."""
        keymap = self.credo.user_config.keymap
        if not keymap:  # as most users: nothing to work out on the way to the first frame
            return
        from credo.store.userconfig import user_config_path
        from credo.ui.keys import keys_taken

        told = self.credo.keys_told
        for binding, key, taker in keys_taken(type(self), keymap):
            if (binding.id, key) not in told:
                told.add((binding.id, key))
                self.notify(
                    f"{user_config_path()}: [keymap] gives {key} to {taker}, so "
                    f"{binding.id} ({binding.description}) no longer has it: give "
                    f"{binding.id} a key of its own there",
                    severity="warning",
                )

    @property
    def credo(self) -> CredoApp:
        from credo.ui.app import credo_of

        return credo_of(self)

    def import_soon(self, *modules: str) -> None:
        """A view has read what it shows: the `modules` its keys need next are imported
        now, in the background, once. Each import was part of its key's wait, on the
        interface's thread: plotext's (`CHARTS`, 16 to 19 ms with the app's modules in)
        the first chart's, 4 or m; the run view's (Textual's text area with it, 24 ms)
        enter's, in the runs view."""
        import sys

        missing = [name for name in modules if name not in sys.modules]
        if missing and not under_way(self.import_modules):
            self.import_modules(missing)

    @credo_work("Importing what the view's keys open", group="import-soon")
    def import_modules(self, modules: list[str]) -> None:
        from contextlib import suppress
        from importlib import import_module

        for name in modules:
            with suppress(ImportError):  # the charts without the `plots` extra: a line says so
                import_module(name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.filter_box:
            # esc is one of two keys, so that the footer says what it does now.
            if action in ("clear_filter", "back"):
                return self.filter_kept() == (action == "clear_filter")
            # In the filter's box the view's keys wait for enter or esc: the box types the
            # letters, and the keys it leaves (ctrl+r redo, shift+↑ move up) acted unseen
            # on the list the filter narrows, ctrl+r offered in the footer
            if self.typing_filter():
                return False
        return True

    def typing_filter(self) -> bool:
        """Whether the filter's box has the keys."""
        focused = self.focused
        return isinstance(focused, Input) and focused is self.query_one(self.filter_box, Input)

    def filter_kept(self) -> bool:
        """Whether esc clears the filter: one is in force, and no box is in the way (esc
        closes an open search box first; in the filter's box, esc is the box's)."""
        box = self.query_one(self.filter_box, Input)
        others = (b for b in self.query(".-open") if b is not box)
        return bool(box.value) and not box.has_focus and not any(others)

    def action_clear_filter(self) -> None:
        box = self.query_one(self.filter_box, Input)
        box.value = ""  # the view's Changed handler shows everything again
        box.remove_class("-open")
        self.refresh_bindings()

    filter_from: str | None = None
    """The item selected as the filter's box opened: while the box is open, the cursor goes
    back to it whenever the filter shows it (esc, a word taken back), as a search given up
    leaves you where you were; enter, keeping the filter, gives the cursor to the keys."""

    def action_filter(self) -> None:
        """`/`: the filter's box opens with the keys, the item selected noted (`filter_from`)."""
        self.filter_from = self.filter_item()
        box = self.query_one(self.filter_box, Input)
        box.add_class("-open")
        box.focus()

    def filter_item(self) -> str | None:
        """The id of the item under the cursor (a view with a filter says which)."""
        return None

    def select(self, item_id: str) -> None:
        """The cursor on this item, where the view shows it (a view with a filter does it)."""

    def refiltered(self) -> None:
        """The view has drawn what its filter, just changed, shows: the cursor goes back
        to `filter_from` where it is shown; once esc has closed the box, that search is over."""
        if self.filter_from is None:
            return
        self.select(self.filter_from)
        if not self.query_one(self.filter_box, Input).has_class("-open"):
            self.filter_from = None

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if self.filter_box and event.input is self.query_one(self.filter_box, Input):
            self.filter_from = None
            self.close_filter()

    def close_filter(self) -> None:
        """enter in the filter box: the box closes, the filter is kept, the list has the keys."""
        self.query_one(self.filter_box, Input).remove_class("-open")
        self.set_focus(self.query_one(self.filter_list) if self.filter_list else None)

    def filter_escaped(self) -> bool:
        """esc in the filter box clears the filter and closes the box, in every view:
        whether the key was the box's (else it is the view's way back)."""
        if not self.filter_box or not self.query_one(self.filter_box, Input).has_focus:
            return False
        self.action_clear_filter()
        self.close_filter()
        return True

    def act(
        self,
        action: Callable[[], tuple[Any, list[Change]]],
        message: str = "",
        what: str = "",
        gone: str = "",
    ) -> Any:
        """Run one user action: record it for undo, apply its changes, report errors.

        `what` names the action in undo's notice: "Undid: done 'Check label balance'".
        `gone` says what the person can do when the item's file was deleted meanwhile.
        """
        try:
            self.credo.history.free()
        except CredoError as error:
            self.notify(error.message, severity="warning")
            return None
        try:
            result, changes = action()
        except NotFoundError as error:  # its words name a shell command: say it for the app
            words = error.message
            if what:
                words = f"Cannot {what}: it was deleted or moved on disk since this screen read it"
            self.notify(words + (f"; {gone}" if gone else ""), severity="error")
            return None
        except CredoError as error:
            self.notify(error.message, severity="error")
            return None
        self.credo.history.record(changes, what or "the last change")
        self.apply_changes(changes)
        if message:
            self.notify(message)
        return result

    def action_undo(self) -> None:
        self.history_step("undo")

    def action_redo(self) -> None:
        self.history_step("redo")

    def action_undo_agent(self) -> None:
        self.history_step("undo_theirs")

    class Stepped(Message):
        """An undo or redo written (its `changes`) or not (None: `refused` says why, or
        the worker failed and said so; `stays`: it was made on another branch)."""

        def __init__(
            self, taking: Taking, changes: list[Change] | None, refused: str, stays: bool
        ) -> None:
            super().__init__()
            self.taking, self.changes = taking, changes
            self.refused, self.stays = refused, stays

    def history_step(self, which: str) -> None:
        """Undo or redo the person's last change (whichever view made it), or undo an
        agent's (`History.begin`'s `which`). Its checks read every run and review (0.2 s
        on a big project): it is written in a worker, and no change is made meanwhile;
        a step asked for meanwhile (`uu`) begins once it ends, as if typed after it, and
        is said to wait once that one has taken `QUEUED_SAID_AFTER`."""
        history = self.credo.history
        if (taking := history.taking) is not None:
            history.asked.append(which)
            if len(history.asked) == 1:  # said once, however many follow
                wait = taking.began + QUEUED_SAID_AFTER - time.monotonic()
                if wait > 0:  # Textual's timer of 0 s divides by it, and dies
                    self.set_timer(wait, lambda: self.say_queued(taking))
                else:
                    self.say_queued(taking)
            return
        try:
            taking = history.begin(which)
        except CredoError as error:
            self.notify(error.message, severity="warning")
            return
        self.write_step(taking)

    def say_queued(self, taking: Taking) -> None:
        """Say that a step waits behind `taking`, if it still does."""
        from credo.actions.history import verb_of

        history = self.credo.history
        if history.taking is taking and history.asked:
            self.notify(
                f"{verb_of(history.asked[0]).capitalize()} queued: still {taking.doing};"
                " it goes once that is done"
            )

    @credo_work("Undoing or redoing a change", group="history", writes=True)
    def write_step(self, taking: Taking) -> None:
        from credo.actions.history import MadeElsewhere

        changes, refused, stays = None, "", False
        try:
            changes = self.credo.history.write(taking)
        except CredoError as error:
            refused, stays = error.message, isinstance(error, MadeElsewhere)
        finally:  # whatever happens, the step ends: changes are refused until it does
            self.post_message(self.Stepped(taking, changes, refused, stays))

    @on(Stepped)
    def _stepped(self, message: Stepped) -> None:
        history = self.credo.history
        done = history.end(message.taking, message.changes, stays=message.stays)
        self.tell_stepped(message, done)
        # Now, before another key's change lands above it; one refused at once (nothing
        # to undo) leaves the next to go.
        while history.asked and history.taking is None:
            self.history_step(history.asked.pop(0))

    def tell_stepped(self, message: Stepped, done: Step | None) -> None:
        """Show and say the undo or redo `message` ended (`done`: written)."""
        if done is None:
            if message.refused:
                self.notify(message.refused, severity="warning")
            return
        self.apply_changes(done.changes)
        self.show_stepped(done.changes)
        # U has no redo of its own: the person's u puts back what it took (`undo_theirs`).
        back = " · u puts it back" if message.taking.which == "undo_theirs" else ""
        if done.unchecked:  # read before the write: the step's head is known by now
            back += f" (its branch was not checked: {done.unchecked})"
        # Titles come from files: shown as they are, never read as markup.
        verb = "Redid" if message.taking.verb == "redo" else "Undid"
        self.notify(f"{verb}: {done.what}{back}")

    def show_stepped(self, changes: list[Change]) -> None:
        """After an undo or redo: select what it brought back (views that select one)."""

    def unsaved(self) -> str:
        """What quitting now would throw away, in words ("" for nothing)."""
        return ""

    def show_unreadable(
        self, problems: Collection[LoadProblem], kinds: str, view: str, kept: str
    ) -> None:
        """`!`: each file of `kinds` the view could not read, with why; `kept`: what `view`
        does with them meanwhile."""
        from credo.ui.screens.problems import ProblemsScreen

        if not problems:
            self.notify(f"Every {kinds} file reads fine")
        elif self.app.screen is self:  # a double click's second click finds it open
            self.app.push_screen(ProblemsScreen(list(problems), kept, view))

    def apply_changes(self, changes: list[Change]) -> None:
        """Show what an action just wrote (screens that show items redraw them)."""


Answer = TypeVar("Answer")


class Dialog(ModalScreen[Answer]):
    """A dialog over a view. The view's footer shows the dialog's keys (`dialog_over`):
    a click on one presses it. A click anywhere else outside the dialog's box does what
    esc does (closes it; a form asks first when something was typed in it), as Textual's
    command palette closes on a click outside it."""

    click_outside_is_esc = True
    """False where esc answers the dialog rather than closing it (it would act on a stray click)."""

    def on_click(self, event: events.Click) -> None:
        if self.get_widget_at(event.screen_x, event.screen_y)[0] is self:
            # Pressed from the app: a key posted from here stops bubbling at this screen
            # (its sender), short of the app, which holds the screens' bindings.
            self.app.call_later(self.clicked_outside, event.screen_x, event.screen_y)

    def view_under(self) -> Screen[object] | None:
        """The view this dialog is open over (under any other dialog), whose footer shows
        the keys; None once the dialog is closed."""
        stack = self.app.screen_stack
        if self not in stack:
            return None
        return next((s for s in reversed(stack[: stack.index(self)]) if not s.is_modal), None)

    def refresh_bindings(self) -> None:
        super().refresh_bindings()
        # The view's footer hears the view's signal alone: a question opened over a form
        # (the form's, not the view's, stack changed) left the form's keys in it.
        view = self.view_under()
        if view is not None:
            view.refresh_bindings()

    def clicked_outside(self, x: int, y: int) -> None:
        """A click at `x`, `y` outside the box: the footer's key there, else esc."""
        if not self.is_active:  # closed, or covered, since (the second click of a double)
            return
        view = self.view_under()
        if view is None:
            return
        for footer in view.query(KeysFooter):
            if footer.region.contains(x, y):
                footer.press(x - footer.region.x)
                return
        if self.click_outside_is_esc:
            self.app.simulate_key("escape")


class FormScreen(Dialog[Answer]):
    """A form: enter in a field, ctrl+s (where the form binds it) or its first button
    (`buttons`) submits it; closing it (esc, or its Cancel button) or quitting asks first
    when its fields hold words typed since it opened."""

    FORM = "this form"
    """The form as the quit question names it."""

    _opened: list[str | bool] | None = None

    def on_mount(self) -> None:
        self._opened = self._typed()

    def _typed(self) -> list[str | bool]:
        """What the fields hold: lines, text areas and check boxes (not imported)."""
        areas = (cast("TextArea", w).text for w in self.query("TextArea"))
        flags = (cast("Checkbox", w).value for w in self.query("Checkbox"))
        return [*(w.value for w in self.query(Input)), *areas, *flags]

    def unsaved(self) -> str:
        """What quitting now would throw away, in words ("" for nothing)."""
        changed = self._opened is not None and self._typed() != self._opened
        return f"what is typed in {self.FORM}" if changed else ""

    def action_cancel(self) -> None:
        """esc: close the form; when something in it was changed, first ask, as ctrl+q does."""
        from credo.ui.screens.task_forms import ChoiceScreen

        lost = self.unsaved()
        if not lost:
            self.dismiss(None)
            return

        def answered(answer: str | None) -> None:
            if answer == "leave":
                self.dismiss(None)

        self.app.push_screen(ChoiceScreen.losing("Leave", [lost]), answered)

    def action_submit(self) -> None:
        """Answer with what the fields hold, or say on the form what keeps it open."""
        raise NotImplementedError

    def buttons(self, verb: str) -> ComposeResult:
        """The form's buttons, for a person who clicks: `verb (ctrl+s)` submits, `Cancel
        (esc)` closes it."""
        with Horizontal(classes="form-row buttons"):
            yield Button(f"{verb} (ctrl+s)", variant="primary", classes="form-submit", compact=True)
            yield Button("Cancel (esc)", classes="form-cancel", compact=True)

    @on(Input.Submitted)
    def _field_submitted(self) -> None:
        self.action_submit()

    @on(Button.Pressed, ".form-submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, ".form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def show_problem(self, line: str, message: str) -> None:
        """Say in red, on the form's line `line` (a Static's id), what keeps it open."""
        self.query_one(f"#{line}", Static).update(from_rich_markup(f"[red]{escape(message)}[/]"))
