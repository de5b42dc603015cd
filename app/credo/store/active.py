"""What a commit made now would name — each person's task in progress and the running
experiments — in one small file, so the commit hook never loads the store.

The file sits beside the write lock (in git's own folder of the work tree, where no
commit can put one). It holds the answer and a fingerprint of the two folders the
answer comes from: every file's name, mtime, size and inode (`stamps.fingerprint`). Every
write through the Store updates both (`note`); a `git pull`, a merge or a hand edit
changes the folders but not the fingerprint, so the file is stale and the reader falls
back to the full answer (`Store.active`), which writes it again. What lies outside
the folders, whether the other project a running experiment's record names is still
there (`holds_records`), and whether it is the committer's (`runs_there`), is looked at
when the file is read, as the views look.

The hook reads it on every commit, so this module imports nearly nothing: no pathlib
(paths are strings), no json (the file is a few lines of words), no datetime until a
write needs it.
"""

from __future__ import annotations

import os
import stat

from credo.store.stamps import entry, fingerprint

TYPE_CHECKING = False  # not `typing`'s: the hook would import typing for it
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from typing import Any

    from credo.domain.models import Experiment, Item, Task
    from credo.store.stamps import Stamp

FILE_NAME = "credo-active.txt"
HEADER = "credo-active 4"
"""The first line: what the file is, and the version of its form (2, to 2026-12-06, left
out the experiments running elsewhere, as they were when it was written; 3, to
2026-12-07, did not say who started them there)."""
FOLDERS = ("tasks", "experiments")
"""The folders the answer comes from: a change anywhere else cannot change it."""
Place = str | os.PathLike[str]
SaidPlace = tuple[str, str | None]
"""The other project of this host a running experiment's record says it runs in, and
who started it there (`runs_there`)."""
TASK_TRAILER, EXPERIMENT_TRAILER = "Credo-Task: ", "Credo-Experiment: "
"""How the trailers credo adds to commit messages start."""


def holds_records(project: str) -> bool:
    """Whether the project `project` (another worktree or clone) still holds its credo
    folder: while it does, its record of an experiment said to run there is the one that
    counts (`paths.elsewhere`); once it is gone (deleted, `git worktree remove`), the
    copy here is."""
    return os.path.isdir(f"{project}/.credo")


def runs_there(project: str, by: str | None, me: Callable[[], str | None] | None) -> bool:
    """Whether a running experiment (or run) whose record here says it runs in `project`,
    another project of this host, started there `by` someone, runs there: the record
    there is the one that counts, the one here a copy a commit brought. So while that
    project is mine (`mine`) and holds its records (`holds_records`): another person's
    clone on a shared server is theirs, not one of my worktrees, and counts as another
    host's (the copy here is then the one, as a teammate's from their laptop is), and
    nothing there is looked at."""
    return mine(by, me) and holds_records(project)


def mine(by: str | None, me: Callable[[], str | None] | None) -> bool:
    """Whether a place of this host started `by` someone is mine: `me` (who is at the
    keyboard) is asked only when it names someone; one that names no one (an older
    credo's) is mine, and so is any where no one can be named here."""
    return not by or me is None or (who := me()) is None or who == by


def held_by(by: str | None, person: str) -> bool:
    """Whether a task in progress `by` someone is `person`'s. One that names no one was
    started by a credo from before "in progress" was per person, when it was the task
    of whoever used that clone: it still is, until a `credo start` names someone."""
    return by == person or by is None


def moment(when: datetime) -> int:
    """A moment as whole microseconds since 1970 (exact, unlike a float timestamp)."""
    from datetime import UTC, datetime, timedelta

    return (when - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


class Active:
    """The tasks in progress and the running experiments, as trailers need them.

    (A plain class: `dataclasses` would cost the hook more than the rest of it.)
    """

    def __init__(
        self,
        prints: dict[str, int],
        in_progress: dict[str, tuple[str | None, int]],
        running: dict[str, int],
        places: dict[str, SaidPlace] | None = None,
    ) -> None:
        self.prints = prints
        """Each folder's `stamps.fingerprint` when this was true."""
        self.in_progress = in_progress
        """Task id -> who has it in progress, and when the task was last written."""
        self.running = running
        """Experiment id -> when it started, for every record here that says running."""
        self.places = places if places is not None else {}
        """Running experiment id -> the other project of this host its record says it
        runs in (`paths.said_place`), and who started it there: it runs there while that
        project is, and is the committer's (`here`)."""

    def here(self, me: str) -> dict[str, int]:
        """The running experiments a commit `me` makes here names (id -> when it started):
        not those whose record names another project of this host that is still there
        and is mine (`runs_there`)."""
        places = self.places
        return {
            experiment: when
            for experiment, when in self.running.items()
            if experiment not in places or not runs_there(*places[experiment], lambda: me)
        }

    def trailers(self, me: str, agent: str | None = None) -> list[str]:
        """The trailers for a commit `me` makes now: my task in progress (the one touched
        last, when several are) and the running experiment (the latest started). A
        teammate's task in progress (pulled through git) is theirs, not named. Made in a
        coding agent's shell (`agent`, which commits as me), the agent's task in progress,
        or mine when it has none (it works on what I asked)."""
        trailers: list[str] = []
        task = (self.latest(agent) if agent else None) or self.latest(me)
        if task:
            trailers.append(TASK_TRAILER + task)
        if here := self.here(me):
            latest = max((when, experiment) for experiment, when in here.items())
            trailers.append(EXPERIMENT_TRAILER + latest[1])
        return trailers

    def latest(self, me: str) -> str | None:
        """The id of `me`'s task in progress touched last, if any."""
        mine = [(when, task) for task, (by, when) in self.in_progress.items() if held_by(by, me)]
        return max(mine)[1] if mine else None

    def mine(self, me: str) -> list[str]:
        """The ids of the tasks `me` has in progress."""
        return [task for task, (by, _) in self.in_progress.items() if held_by(by, me)]

    def put(
        self,
        folder: str,
        item_id: str,
        item: Item | None,
        place: SaidPlace | None = None,
    ) -> None:
        """Take in one item of `folder` as now written (None: its file is gone); `place`,
        for an experiment, the other project it says it runs in and who started it there
        (`places`)."""
        (self.in_progress if folder == "tasks" else self.running).pop(item_id, None)
        if folder == "experiments":
            self.places.pop(item_id, None)
        if item is not None:
            self._take(folder, item, place)

    def _take(self, folder: str, item: Item, place: SaidPlace | None = None) -> None:
        if folder == "tasks":
            task: Task = item  # type: ignore[assignment]
            if task.status == "in_progress":
                self.in_progress[task.id] = (task.in_progress_by, moment(task.updated))
        elif folder == "experiments":
            from credo.domain.current import started_at  # the rule every face uses

            experiment: Experiment = item  # type: ignore[assignment]
            if experiment.status == "running":
                self.running[item.id] = moment(started_at(experiment))
                if place is not None:
                    self.places[item.id] = place

    @classmethod
    def of(
        cls,
        prints: dict[str, int],
        tasks: list[Task],
        experiments: list[Experiment],
        places: dict[str, SaidPlace],
    ) -> Active:
        """The answer worked out from every item (a full load); `places`, the other
        project each experiment that names one says it runs in, and who started it there."""
        found = cls(prints, {}, {})
        for task in tasks:
            found._take("tasks", task)
        for experiment in experiments:
            found._take("experiments", experiment, places.get(experiment.id))
        return found


def folder_prints(
    credo_dir: Place, folders: tuple[str, ...] = FOLDERS, listed: dict[str, list[str]] | None = None
) -> dict[str, int] | None:
    """The fingerprint of each of `folders` (by default every one the answer comes from),
    as they are now; None when `.credo` or one of them is not a real folder (a link: the
    full answer says why), or could not be read whole. `listed`: the names of the folders
    the caller has just listed (`stamps.fingerprint`)."""
    credo = os.fspath(credo_dir)
    prints = {}
    for folder in ("", *folders):
        try:
            if not stat.S_ISDIR(os.lstat(f"{credo}/{folder}".rstrip("/")).st_mode):
                return None
        except FileNotFoundError:
            pass  # no such folder yet: no items (`fingerprint` says 0)
        if folder:
            found = fingerprint(f"{credo}/{folder}", (listed or {}).get(folder))
            if found is None:
                return None
            prints[folder] = found
    return prints


def read(path: Place) -> Active | None:
    """The small file, or None when it is missing, unreadable or not credo's.

    Its lines: the header; `prints N N` (tasks, experiments); a `task ID WHEN [BY]` per
    task in progress; an `experiment ID WHEN [PLACE[<tab>BY]]` per running experiment.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            lines = handle.read(1 << 20).decode().split("\n")
        if lines[0] != HEADER:
            return None
        what, *numbers = lines[1].split(" ")
        if what != "prints" or len(numbers) != len(FOLDERS):
            return None
        found = Active(dict(zip(FOLDERS, map(int, numbers), strict=True)), {}, {})
        for line in lines[2:]:
            kind, item_id, when, *by = line.split(" ", 3) if line else ("",) * 3
            if kind == "task":
                found.in_progress[item_id] = (by[0] if by else None, int(when))
            elif kind == "experiment":
                found.running[item_id] = int(when)
                if by:
                    place, tab, who = by[0].partition("\t")
                    found.places[item_id] = (place, who if tab else None)
    except (OSError, ValueError):
        return None
    return found


def fresh(
    path: Place,
    credo_dir: Place,
    folders: tuple[str, ...] = FOLDERS,
    listed: dict[str, list[str]] | None = None,
) -> Active | None:
    """The small file when it still tells the truth of `folders` (by default all of it):
    they look exactly as they did when it was written. None when it is missing or stale.
    `listed`: the names of the folders the caller has just listed (`folder_prints`)."""
    found = read(path)
    if found is None:
        return None
    written = {folder: found.prints[folder] for folder in folders}
    return found if folder_prints(credo_dir, folders, listed) == written else None


def write(path: Place, active: Active) -> None:
    """Replace the small file (skipped when it cannot be: it is only a shortcut; the file
    there, if any, was written before the change that could not be, so is stale)."""
    from pathlib import Path

    from credo.store.files import atomic_write

    lines = [HEADER, " ".join(["prints", *(str(active.prints[f]) for f in FOLDERS)])]
    for task, (by, when) in active.in_progress.items():
        if by is None or by.isprintable():  # a line break could never be a committer's
            lines.append(f"task {task} {when}" + (f" {by}" if by is not None else ""))
    for experiment, when in active.running.items():
        place, by = active.places.get(experiment, ("", None))
        if not f"{place}{by or ''}".isprintable():
            return  # a line break (or a tab) in a path: only the full answer can tell where
        said = f" {place}" + (f"\t{by}" if by is not None else "") if place else ""
        lines.append(f"experiment {experiment} {when}{said}")
    try:
        atomic_write(Path(path), ("\n".join(lines) + "\n").encode(), sync=False)
    except OSError:
        pass


def note(
    path: Place,
    folder: str,
    item_id: str,
    before: Stamp | None,
    after: Stamp | None,
    item: Any,
    place: SaidPlace | None = None,
) -> None:
    """Keep the small file current after one write of `folder/item_id`: its file's stamp
    went from `before` to `after` (None: no file), and it now holds `item` (an experiment
    that says it runs in the other project `place`, and who started it there, when given).

    The fingerprint moves by that file's terms alone. If something else changed the
    folders since the file was written, it stays unequal to theirs: still stale.
    """
    if folder not in FOLDERS:
        return
    found = read(path)
    if found is None:
        return  # nothing to keep current: the next reader makes it whole
    name = f"{item_id}.toml"
    found.prints[folder] += entry(name, after) - entry(name, before)
    found.put(folder, item_id, item, place)
    write(path, found)
