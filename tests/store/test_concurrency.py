"""Two processes at once lose nothing; a kill -9 mid-write never leaves a broken file."""

import os
import signal
import subprocess
import sys
import textwrap
import time

from credo import actions
from credo.domain.models import Task
from credo.store import Store

WRITER = textwrap.dedent(
    """
    import sys
    from credo import actions
    from credo.domain.models import Task
    from credo.store import Store

    store = Store.open(sys.argv[1])
    shared, name, count = sys.argv[2], sys.argv[3], int(sys.argv[4])
    for i in range(count):
        actions.add_task(store, f"{name} {i}")
        # read-modify-write of one shared task: each writer appends its own tag
        store.update(Task, shared, lambda t: t.model_copy(update={"tags": [*t.tags, f"{name}{i}"]}))
    """
)


def test_two_writers_lose_no_update(store: Store) -> None:
    shared, _ = actions.add_task(store, "shared")
    count = 60
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store.project_root), shared.id, name, str(count)]
        )
        for name in ("a", "b")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    loaded = Store.open(store.project_root).load(Task)
    assert loaded.problems == {}
    titles = {t.title for t in loaded.items.values()}
    assert {f"{n} {i}" for n in "ab" for i in range(count)} <= titles
    tags = loaded.items[shared.id].tags
    assert sorted(tags) == sorted(f"{n}{i}" for n in "ab" for i in range(count))


SAVER = textwrap.dedent(
    """
    import sys
    from credo.store import Store
    from credo.domain.models import Task

    store = Store.open(sys.argv[1])
    item_id = sys.argv[2]
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        store.update(Task, item_id, lambda t: t.model_copy(update={"notes": "x" * (i % 50000)}))
    """
)


def test_kill_9_during_writes_leaves_old_or_new_file(store: Store) -> None:
    task, _ = actions.add_task(store, "hammered")
    path = store.credo_dir / "tasks" / f"{task.id}.toml"
    for delay in (0.05, 0.15, 0.3, 0.5):
        child = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(store.project_root), task.id],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        loaded = Store.open(store.project_root).load(Task)
        assert loaded.problems == {}, loaded.problems
        notes = loaded.items[task.id].notes
        assert set(notes) <= {"x"}
    leftovers = [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert all(p.name.startswith(".") for p in leftovers)  # ignored by the loader
