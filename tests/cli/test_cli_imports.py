"""What the everyday commands import and read: only what each one needs.

Each command runs in a fresh interpreter (as from the shell), which then says which
modules it imported; `Store.load` is made to fail there, so a command that touches one
task and still loads them all fails the test.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from credo import actions
from credo.actions.experiments import start_experiment
from credo.domain.models import Run, Task
from credo.store import Store
from credo.store.files import STALE_TEMPORARY
from credo.store.ids import new_id
from processes import last_line

from repos import git

RUN = """
import contextlib, io, os, sys
from credo.store import store
loaded = []
listed = []  # each folder the command lists, as a real path (a str: some list by bytes)
def listing(call):
    def counted(path=".", *args, **kwargs):
        where = f"/proc/self/fd/{{path}}" if isinstance(path, int) else path
        listed.append(os.fsdecode(os.path.realpath(where)))
        return call(path, *args, **kwargs)
    return counted
os.listdir, os.scandir = listing(os.listdir), listing(os.scandir)
opened = []  # each file the command opens through pathlib (Path.read_text...), as a real path
def opening(call):
    def counted(file, *args, **kwargs):
        if isinstance(file, os.PathLike):
            opened.append(os.path.realpath(file))
        return call(file, *args, **kwargs)
    return counted
io.open = opening(io.open)
if {forbid_load}:
    def load(self, kind, stamps=None):
        loaded.append("loaded every " + kind.kind)  # said even if the caller swallows it
        raise AssertionError(loaded[-1])
    store.Store.load = load
from credo.cli import main
printed = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # completion writes bytes
try:
    with contextlib.redirect_stdout(printed):
        main({args!r}, prog_name="credo")
except SystemExit as stop:
    code = stop.code
except AssertionError as error:
    code = str(error)
code = loaded[0] if loaded else code
printed.flush()
said = printed.buffer.getvalue().decode()
modules = sorted(sys.modules)
import json  # after: the command's own imports are counted
found = {{"code": code, "modules": modules, "printed": said, "listed": listed, "opened": opened}}
print(json.dumps(found))
"""


def ran(
    args: list[str], *, forbid_load: bool = True, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """What the command did: its exit code or the load it was refused (`code`), the
    modules it imported, what it printed on stdout, the folders it listed and the files
    it opened through pathlib, in order."""
    result = subprocess.run(
        [sys.executable, "-c", RUN.format(args=args, forbid_load=forbid_load)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    found: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    return found


def run(
    args: list[str], *, forbid_load: bool = True, env: dict[str, str] | None = None
) -> tuple[int | str, list[str], str]:
    """The command's exit code (or the load it was refused), the modules it imported and
    what it printed on stdout."""
    last = ran(args, forbid_load=forbid_load, env=env)
    return last["code"] or 0, last["modules"], last["printed"]


def heavy(modules: list[str], *, completing: bool = False) -> list[str]:
    """The modules `credo add` has no use for (and, but on a TAB, completion's)."""
    return [
        m
        for m in modules
        if m.split(".")[0] in ("textual", "dateparser", "git")
        or (not completing and m in ("credo.cli.complete", "click.shell_completion", "json"))
        or m.startswith(("credo.ui", "rich.table", "rich.console", "rich.markdown"))
        or m == "importlib.metadata"  # pydantic's search for plugins (credo.cli skips it)
        or m == "credo.actions.history"  # undo, the app's
        or m == "tempfile"  # with shutil, bz2 and lzma: a write names its temporary file itself
        or m == "pydantic.type_adapter"  # a load's (json: --json's, and the load cache's)
        or m == "resource"  # the limits of open files, read only to say one was reached
    ]


def test_add_imports_neither_the_interface_nor_rich_nor_dateparser(store: Store) -> None:
    root = str(store.project_root)
    for line in ("Plot the loss #viz !", "Rerun the baseline due:friday ^"):
        code, modules, _ = run(["-C", root, "add", line])
        assert code == 0 and heavy(modules) == [], line
    code, modules, _ = run(["-C", root, "add", "Write it up due:'june 1st'"])
    assert code == 0 and "dateparser" in modules  # a date only dateparser reads: then it is


def test_add_lists_the_tasks_folder_once(store: Store) -> None:
    """`credo add` listed `.credo/tasks/` twice, ten thousand names each with as many
    tasks: to clear what killed writes left there (its first write in the folder) and for
    the new task's short id. One listing serves both: the stale temporary still goes, a
    younger one (a write under way) stays, and the short id printed is the one to type."""
    tasks = store.credo_dir / "tasks"
    for i in range(20):
        actions.add_task(store, f"Another {i}")
    stale, fresh = tasks / ".a.toml.0123456789ab.tmp", tasks / ".b.toml.0123456789ab.tmp"
    for path, age in ((stale, STALE_TEMPORARY + 60), (fresh, STALE_TEMPORARY - 60)):
        path.write_text("half a task")
        then = time.time() - age
        os.utime(path, (then, then))
    said = ran(["-C", str(store.project_root), "add", "Plot the loss"])
    assert (said["code"] or 0) == 0
    assert said["listed"].count(os.path.realpath(tasks)) == 1, said["listed"]
    assert not stale.exists() and fresh.exists()
    again = Store.open(store.project_root)
    [added] = [t for t in again.load(Task).items.values() if t.title == "Plot the loss"]
    assert said["printed"] == again.short_ids(Task)[added.id] + "\n"


@pytest.mark.parametrize(
    ("encoding", "written"),
    [("utf-8", '"★ \\u009b"\n'.encode()), ("ascii", b'"\\u2605 \\u009b"\n')],
)
def test_json_asks_once_whether_stdout_writes_utf8(
    monkeypatch: pytest.MonkeyPatch, encoding: str, written: bytes
) -> None:
    """`--json` asked whether stdout writes UTF-8 twice, for json's `ensure_ascii` and
    again to write the text: one answer serves both, and the JSON is as it was."""
    from credo import display
    from credo.cli.base import print_json

    asked: list[object] = []
    ask = display.writes_utf8
    monkeypatch.setattr(display, "writes_utf8", lambda stream: asked.append(stream) or ask(stream))
    stdout = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    monkeypatch.setattr(sys, "stdout", stdout)
    print_json("★ \x9b")
    stdout.flush()
    assert stdout.buffer.getvalue() == written and asked == [stdout]


def test_a_git_config_that_includes_a_file_starts_no_git(store: Store, tmp_path: Path) -> None:
    """The check every command makes for hooks an older credo installed asked git where
    the hooks are whenever a git config included another file (as dotfiles managers
    write them): a git process, and Python's subprocess imported, at every command. It
    now reads the included files: git is asked only when one names core.hooksPath."""
    config = Path(os.environ["GIT_CONFIG_GLOBAL"])
    included = tmp_path / "gitconfig.local"
    included.write_text("[alias]\n\tst = status\n")
    with config.open("a") as handle:
        handle.write(f"[include]\n\tpath = {included}\n")
    root = str(store.project_root)
    code, modules, _ = run(["-C", root, "add", "Plot the loss"])
    assert code == 0 and "subprocess" not in modules
    included.write_text("[core]\n\thooksPath = .githooks\n")
    code, modules, _ = run(["-C", root, "add", "Plot the loss"])
    assert code == 0 and "subprocess" in modules  # git alone says where that leads


def test_a_command_reads_the_git_config_once(store: Store) -> None:
    """Every command checks, as it opens the store, for hooks an older credo installed
    and for the merge driver this clone lacks: both read `.git/config`, once for both."""
    assert "merge=credo" in (store.credo_dir / ".gitattributes").read_text()
    said = ran(["-C", str(store.project_root), "add", "Plot the loss"])
    assert (said["code"] or 0) == 0
    config = os.path.realpath(store.git_root / ".git" / "config")
    assert said["opened"].count(config) == 1, said["opened"]


@pytest.mark.parametrize(
    "command",
    [["done"], ["undone"], ["drop"], ["mv", "schedule"], ["edit", "--title", "Retitled"]],
)
def test_commands_on_one_task_never_load_the_store(store: Store, command: list[str]) -> None:
    task, _ = actions.add_task(store, "One of many ! ^")
    for i in range(20):
        actions.add_task(store, f"Another {i}")
    if command == ["undone"]:
        actions.complete_task(store, task.id)
    code, modules, _ = run(["-C", str(store.project_root), command[0], task.id[:6], *command[1:]])
    assert code == 0 and heavy(modules) == []


@pytest.mark.parametrize("line", ["done ", "show ", "exp stop ", "runs compare ", "add #"])
def test_completing_an_id_never_loads_the_store_nor_imports_the_interface(
    store: Store, line: str
) -> None:
    """TAB runs credo once per press: it reads the ids and titles from the load cache,
    never validates every item, and imports nothing it has no use for. A file or two
    the cache has not seen yet is read on its own, not by a load."""
    for i in range(20):
        actions.add_task(store, f"Task {i} #data")
    start_experiment(store, "A bigger batch helps")
    store.create(Run(id=new_id(), command=["python", "train.py"]))
    store.tasks(), store.experiments(), store.runs()  # the caches, as any command leaves them
    actions.add_task(store, "Added since #data")
    start_experiment(store, "A smaller model will do", start=False)
    line = f"credo -C {store.project_root} {line}"
    code, modules, printed = run([], env={"_CREDO_COMPLETE": "bash_complete", "COMP_LINE": line})
    assert code == 0 and heavy(modules, completing=True) == []
    assert printed.startswith("plain,"), printed  # it did offer something


def test_completing_a_command_name_imports_no_command_module() -> None:
    env = {"_CREDO_COMPLETE": "bash_complete", "COMP_LINE": "credo "}
    code, modules, printed = run([], env=env)
    assert code == 0 and "plain,done\n" in printed
    shells = ("credo.cli.base", "credo.cli.shells")  # the group, and the shells' scripts
    assert [m for m in modules if m.startswith("credo.cli.") and m not in shells] == []


def test_start_loads_the_store_only_when_its_small_file_is_missing_or_stale(
    store: Store,
) -> None:
    root = str(store.project_root)
    first, _ = actions.add_task(store, "First")
    second, _ = actions.add_task(store, "Second")
    assert run(["-C", root, "start", first.id[:6]], forbid_load=False)[0] == 0  # writes it
    code, modules, _ = run(["-C", root, "start", second.id[:6]])  # the small file answers
    assert code == 0 and heavy(modules) == []
    task = Store.open(Path(root)).read(type(first), first.id)
    assert task.status == "open"  # my task before went back to open
    (store.credo_dir / "tasks" / f"{first.id}.toml").touch()  # an edit by hand: stale
    assert run(["-C", root, "start", first.id[:6]])[0] == "loaded every task"
    assert run(["-C", root, "start", first.id[:6]], forbid_load=False)[0] == 0


def _first_second_and_a_twin(store: Store) -> tuple[Task, Task]:
    """Tasks "First" and "Second" among 20 others, and one sharing First's first five
    characters (First's short id is six characters long, at least)."""
    first, _ = actions.add_task(store, "First")
    second, _ = actions.add_task(store, "Second")
    for i in range(20):
        actions.add_task(store, f"Another {i}")
    twin = Task(id=first.id[:5] + "0" * 11, title="Shares five characters")
    if twin.id != first.id:
        store.create(twin)
    return first, second


def test_start_lists_the_tasks_folder_once_for_the_task_it_puts_back(store: Store) -> None:
    """`credo start` listed `.credo/tasks/` four times with a task to put back to open: to
    find the task it starts, to check the small file of what is in progress, to clear
    what killed writes left there (its first write in the folder), and for the short id
    of the task put back. One listing serves them all; the short id printed is still the
    one to type, for a task sharing its first characters."""
    tasks = store.credo_dir / "tasks"
    first, second = _first_second_and_a_twin(store)
    root = str(store.project_root)
    assert run(["-C", root, "start", first.id], forbid_load=False)[0] == 0
    said = ran(["-C", root, "start", second.id[:8]])
    assert (said["code"] or 0) == 0
    assert said["listed"].count(os.path.realpath(tasks)) == 1, said["listed"]
    short = Store.open(store.project_root).short_ids(Task)[first.id]
    assert said["printed"].splitlines() == ["In progress: Second", f"Back to open: First ({short})"]


def test_ls_lists_the_tasks_folder_once(store: Store) -> None:
    """`credo ls` listed `.credo/tasks/` (ten thousand names, with as many tasks) for the
    load, then again for the short ids it prints: the load's ids serve them. A task
    sharing its first characters with another, or with a file that cannot be read, is
    still shown by the prefix to type."""
    tasks = store.credo_dir / "tasks"
    first, second = _first_second_and_a_twin(store)
    broken = second.id[:4] + ("z" if second.id[4] != "z" else "y") * 12
    (tasks / f"{broken}.toml").write_text("title = 'half a task")
    said = ran(["-C", str(store.project_root), "ls"], forbid_load=False)
    assert (said["code"] or 0) == 0
    assert said["listed"].count(os.path.realpath(tasks)) == 1, said["listed"]
    short = Store.open(store.project_root).short_ids(Task)
    assert len(short[first.id]) >= 6 and len(short[second.id]) >= 5
    rows = {w[1]: w[0] for line in said["printed"].splitlines() if len(w := line.split()) == 2}
    assert (rows["First"], rows["Second"]) == (short[first.id], short[second.id])


@pytest.mark.parametrize(
    "command",
    [["done", "a", "b"], ["undone", "a", "b"], ["drop", "a", "b"], ["mv", "a", "schedule"]],
)
def test_a_command_on_tasks_by_id_lists_the_tasks_folder_once(
    store: Store, command: list[str]
) -> None:
    """`credo done a b` listed `.credo/tasks/` (ten thousand names, with as many tasks)
    to resolve each id, and once more to clear what killed writes left there (its first
    write in the folder); `credo mv` twice. The listing that resolves the ids serves the
    write: the stale temporary still goes, a younger one (a write under way) stays."""
    tasks = store.credo_dir / "tasks"
    a, _ = actions.add_task(store, "First")
    b, _ = actions.add_task(store, "Second")
    for i in range(20):
        actions.add_task(store, f"Another {i}")
    if command[0] == "undone":
        actions.complete_tasks(store, [a.id, b.id])
    stale, fresh = tasks / ".a.toml.0123456789ab.tmp", tasks / ".b.toml.0123456789ab.tmp"
    for path, age in ((stale, STALE_TEMPORARY + 60), (fresh, STALE_TEMPORARY - 60)):
        path.write_text("half a task")
        then = time.time() - age
        os.utime(path, (then, then))
    ids = {"a": a.id[:6], "b": b.id[:6]}
    said = ran(["-C", str(store.project_root), *(ids.get(word, word) for word in command)])
    assert (said["code"] or 0) == 0
    assert said["listed"].count(os.path.realpath(tasks)) == 1, said["listed"]
    assert not stale.exists() and fresh.exists()
    status = {"done": "done", "undone": "open", "drop": "dropped", "mv": "open"}[command[0]]
    assert Store.open(store.project_root).read(Task, a.id).status == status


@pytest.mark.parametrize("command", [["start", "second"], ["done"]])
def test_start_and_a_bare_done_look_only_at_the_tasks_folder(
    store: Store, command: list[str]
) -> None:
    """They ask only which task is mine in progress: an experiment edited by hand since
    the small file was written cannot change that, and made them load every task and
    experiment (the small file's check of the experiments folder failed)."""
    root = str(store.project_root)
    first, _ = actions.add_task(store, "First")
    second, _ = actions.add_task(store, "Second")
    start_experiment(store, "A bigger batch helps")
    assert run(["-C", root, "start", first.id[:6]], forbid_load=False)[0] == 0  # writes it
    [experiment] = (store.credo_dir / "experiments").glob("*.toml")
    experiment.touch()  # an edit by hand: the experiments' part of the small file is stale
    ids = {"second": second.id[:6]}
    code, modules, _ = run(["-C", root, *(ids.get(word, word) for word in command)])
    assert code == 0 and heavy(modules) == []
    first_now = Store.open(Path(root)).read(type(first), first.id)
    assert first_now.status == ("open" if command[0] == "start" else "done")  # put back, done


def test_start_and_done_ask_git_without_importing_subprocess(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`credo start` asked git who is at the keyboard (`git var`) and `credo done` HEAD's
    sha through Python's subprocess, whose import cost more than git's answer: about 10
    ms of start's 270 on a loaded machine. Both spawn git directly now, and record the
    same: the e-mail git would commit with, HEAD's sha."""
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL"):
        monkeypatch.delenv(name)  # no commit hook's answer: git is asked
    root = store.project_root
    git(root, "config", "user.email", "Grace@Example.com")
    first, _ = actions.add_task(store, "First")
    second, _ = actions.add_task(store, "Second")
    for command in (["start", first.id[:6]], ["done"], ["done", second.id[:6]]):
        code, modules, _ = run(["-C", str(root), *command], forbid_load=False)
        assert code == 0 and "subprocess" not in modules, command
        if command[0] == "start":
            assert Store.open(root).read(Task, first.id).in_progress_by == "grace@example.com"
    head = git(root, "rev-parse", "HEAD")
    again = Store.open(root)
    done_first, done_second = again.read(Task, first.id), again.read(Task, second.id)
    assert done_first.status == "done" and done_first.done_commit == head  # mine in progress
    assert done_second.status == "done" and done_second.done_commit == head


def test_importing_the_models_builds_no_validator() -> None:
    """Each model builds its validator on first use (`defer_build`), so a command pays
    only for the kinds it touches: `credo add`, the task and the settings."""
    code = (
        "import json, pydantic, credo.domain.models as m, credo.domain.config as c\n"
        "built = [n for mod in (m, c) for n, k in vars(mod).items() if isinstance(k, type)"
        " and issubclass(k, pydantic.BaseModel) and k.__module__ == mod.__name__"
        " and k.__pydantic_complete__]\n"
        "print(json.dumps(built))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert json.loads(result.stdout) == [], result.stderr


def test_credo_with_no_command_starts_the_interface_with_the_gc_held(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's start (imports, models, widgets) makes no garbage worth walking: `credo`
    holds the cyclic GC from before the interface's imports until its first frame."""
    import gc

    from click.testing import CliRunner

    from credo.cli import base, main
    from credo.store import collector
    from credo.ui import app

    seen: list[bool] = []
    monkeypatch.setattr(base, "need_terminal", lambda instead: None)  # CliRunner has none
    monkeypatch.setattr(app, "run_app", lambda store: seen.append(gc.isenabled()))
    try:
        result = CliRunner().invoke(main, ["-C", str(store.project_root)])
    finally:
        collector.started()
        gc.unfreeze()
    assert result.exit_code == 0, result.output
    assert seen == [False]


def test_the_credo_command_leaves_what_it_built_out_of_the_last_collections(store: Store) -> None:
    """`credo` (its script and `python -m credo`) freezes everything on its way out:
    the interpreter's exit then does not walk ten thousand loaded tasks again."""
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
        "sys.argv = ['credo', '-C', sys.argv[1], 'ls']\n"
        "import runpy\n"
        "runpy.run_module('credo', run_name='__main__')\n"
    )
    assert last_line(script, store.project_root) == "frozen at exit: True"


def test_a_command_is_imported_without_the_gc_and_runs_with_it(store: Store) -> None:
    """`credo COMMAND` holds the cyclic GC while it imports pydantic, the models and the
    command's module (thousands of objects for life), and runs the command with it on."""
    script = (
        "import gc, sys\n"
        "import credo.cli.tasks as tasks\n"
        "from credo.cli.base import CredoGroup\n"
        "seen = {}\n"
        "get = CredoGroup.get_command\n"
        "def watched(self, ctx, name):\n"
        "    seen['importing'] = gc.isenabled()\n"
        "    return get(self, ctx, name)\n"
        "CredoGroup.get_command = watched\n"
        "ls = tasks.ls.callback\n"
        "def listing(*args, **kwargs):\n"
        "    seen['running'] = gc.isenabled()\n"
        "    return ls(*args, **kwargs)\n"
        "tasks.ls.callback = listing\n"
        "sys.argv = ['credo', '-C', sys.argv[1], 'ls']\n"
        "try:\n"
        "    from credo.cli import run\n"
        "    run()\n"
        "finally:\n"
        "    print(seen)\n"
    )
    assert last_line(script, store.project_root) == "{'importing': False, 'running': True}"


def test_a_command_runs_with_what_its_imports_built_in_the_oldest_generation(
    store: Store,
) -> None:
    """The tens of thousands of objects a command's imports build (pydantic, the models,
    the command's module) are moved to the oldest generation as the GC comes back on:
    the command's first collection walks only what the command makes."""
    script = (
        "import gc, sys\n"
        "from credo.cli.base import CredoGroup\n"
        "young = []\n"
        "resolve = CredoGroup.resolve_command\n"
        "def resolved(self, ctx, args):\n"
        "    found = resolve(self, ctx, args)\n"
        "    young.append(len(gc.get_objects(0)) + len(gc.get_objects(1)))\n"
        "    return found\n"
        "CredoGroup.resolve_command = resolved\n"
        "sys.argv = ['credo', '-C', sys.argv[1], 'ls']\n"
        "try:\n"
        "    from credo.cli import run\n"
        "    run()\n"
        "finally:\n"
        "    print(young[0] < 1000, young)\n"
    )
    assert last_line(script, store.project_root).startswith("True")
