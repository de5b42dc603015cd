"""The verdict of one run beside its curves: what it verified or failed, and the next
rung with the command that would try it (the same lines `credo run` ends with)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import Static

from credo.display import escape
from credo.domain.models import Run, RunStatus
from credo.ui.markup import from_rich_markup
from credo.ui.workers import credo_work

_COLOURS = {"✓": "green", "✗": "red", "?": "yellow"}


def verdict_markup(lines: list[str]) -> str:
    """The verdict's lines as markup: each check's sign in its colour, the rest dim."""
    shown = []
    for line in lines:
        colour = _COLOURS.get(line[:1])
        if colour:
            shown.append(f"[{colour}]{line[:1]}[/]{escape(line[1:])}")
        else:
            shown.append(f"[dim]{escape(line)}[/]")
    return "\n".join(shown)


class RunVerdict(Static):
    """Reads a run's checks in a worker (its metrics, the packs) and shows the verdict."""

    DEFAULT_CSS = """
    RunVerdict { height: auto; padding: 0 1; }
    """

    @dataclass
    class Ready(Message):
        run_id: str
        lines: list[str]

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.run_id: str | None = None
        self.shown: tuple[str, str, object] | None = None

    def show(self, run: Run | None) -> None:
        """Show the verdict of `run` (none for no run; a note while it runs); the same
        record again is left as shown."""
        seen = (run.id, run.status.value, run.updated) if run is not None else None
        if seen is not None and seen == self.shown:
            return
        self.shown = seen
        self.run_id = run.id if run is not None else None
        if run is None:
            self.update("")
        elif run.status == RunStatus.RUNNING:
            self.update(from_rich_markup("[dim]verdict: when the run ends[/]"))
        else:
            self.update(from_rich_markup("[dim]verdict: reading the run's checks…[/]"))
            self.read(run)

    @credo_work("Reading the run's verdict", group="run-verdict", exclusive=True)
    def read(self, run: Run) -> None:
        from credo.checklists.verdict import run_verdict
        from credo.errors import CredoError
        from credo.ui.app import credo_of

        store = credo_of(self).store
        try:
            lines = run_verdict(store, run)
        except CredoError as error:
            lines = [f"checks not read: {error.message}"]
        self.post_message(self.Ready(run.id, lines))

    def on_run_verdict_ready(self, message: Ready) -> None:
        message.stop()
        if message.run_id == self.run_id:
            self.update(from_rich_markup("[b]verdict[/]\n" + verdict_markup(message.lines)))
