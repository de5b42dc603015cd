"""The load cache (`.credo/cache/<kind>.json`): exact, re-reads what changed, rebuilt when bad."""

import os
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from credo.domain.models import (
    Experiment,
    ExperimentStatus,
    GitState,
    Item,
    Mark,
    Outcome,
    Review,
    ReviewEntry,
    Run,
    RunStatus,
    Task,
    TaskStatus,
)
from credo.store import Store
from credo.store.files import dump_model
from credo.store.paths import item_path
from credo.store.store import CACHE_LINE

PLUS_TWO = timezone(timedelta(hours=2))


def full_items() -> list[Item]:
    """One item of each kind with every field away from its default."""
    git = GitState(sha="a" * 40, branch="main", dirty=True, patch="diff.patch", untracked=["x"])
    return [
        Task(
            id="task0000task0001",
            title="every field set",
            notes="line one\n\nline two",
            important=True,
            urgent=True,
            due=date(2025, 3, 4),
            tags=["data", "eval"],
            status=TaskStatus.DONE,
            order=-2.5,
            pinned=date(2025, 3, 1),
            every="3 days",
            done_at=datetime(2025, 3, 4, 10, 30, 1, 250, tzinfo=PLUS_TWO),
            done_commit="b" * 40,
            closed_by="c" * 40,
            experiments=["exp0000exp00001"],
            created=datetime(2025, 1, 1, 9, 0, tzinfo=UTC),
            updated=datetime(2025, 1, 2, 9, 0, 0, 999999, tzinfo=UTC),
        ),
        Task(id="task0000task0002", title="all defaults"),
        Experiment(
            id="exp0000exp00001",
            hypothesis="char 3-grams beat words",
            timebox=timedelta(hours=1, minutes=30),
            status=ExperimentStatus.DONE,
            task="task0000task0001",
            tags=["nlp"],
            started=datetime(2025, 1, 3, 8, 0, tzinfo=UTC),
            ended=datetime(2025, 1, 3, 9, 0, tzinfo=PLUS_TWO),
            paused_seconds=12.5,
            outcome=Outcome.REFUTED,
            learning="it did not",
            next_step="try bytes",
            abandon_reason="",
            baseline=True,
        ),
        Run(
            id="run0000run00001",
            experiment="exp0000exp00001",
            command=["python", "train.py", "--lr", "0.1"],
            cwd="src",
            status=RunStatus.FAILED,
            exit_code=3,
            git_start=git,
            git_end=git.model_copy(update={"dirty": False}),
            packages={"torch": "2.5"},
            metrics={"loss": 0.25},
            gate={"packs": ["training-recipe"], "ok": True},
            timebox=timedelta(minutes=25),
            hard=True,
        ),
        Review(
            id="rev0000rev00001",
            pack="training-recipe",
            git=git,
            experiment="exp0000exp00001",
            entries=[ReviewEntry(item="seed", mark=Mark.CHECKED, note="fixed")],
        ),
    ]


def assert_same(cached: Any, parsed: Any, where: str = "") -> None:
    """Equal value AND equal type, field by field, down through nested models and lists."""
    assert type(cached) is type(parsed), f"{where}: {type(cached)} != {type(parsed)}"
    if isinstance(parsed, BaseModel):
        assert cached.model_extra == parsed.model_extra, where
        for name in type(parsed).model_fields:
            assert_same(getattr(cached, name), getattr(parsed, name), f"{where}.{name}")
        for name, value in (parsed.model_extra or {}).items():
            assert_same(cached.model_extra[name], value, f"{where}.{name}")  # type: ignore[index]
    elif isinstance(parsed, list | tuple):
        assert len(cached) == len(parsed), where
        for i, (a, b) in enumerate(zip(cached, parsed, strict=True)):
            assert_same(a, b, f"{where}[{i}]")
    elif isinstance(parsed, dict):
        assert cached.keys() == parsed.keys(), where
        for key in parsed:
            assert_same(cached[key], parsed[key], f"{where}[{key!r}]")
    elif isinstance(parsed, datetime):
        assert cached == parsed and cached.utcoffset() == parsed.utcoffset(), where
        assert (cached.tzinfo is None) == (parsed.tzinfo is None), where
    else:
        assert cached == parsed, where


def path_of(store: Store, item: Item) -> Path:
    return item_path(store.credo_dir, item.folder, item.id)


def rewrite_keeping_stamp(path: Path, data: bytes) -> None:
    """Change a file in place (same inode) to bytes of the same size, and put back its mtime:
    the one edit the cache cannot see, used here to prove a load came from the cache."""
    before = path.stat()
    assert len(data) == before.st_size
    with open(path, "r+b") as handle:
        handle.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_mtime_ns, after.st_size, after.st_ino) == (
        before.st_mtime_ns,
        before.st_size,
        before.st_ino,
    )


def cache_stamp(store: Store, kind: type[Item]) -> tuple[int, int]:
    st = (store.credo_dir / "cache" / f"{kind.folder}.json").stat()
    return st.st_ino, st.st_mtime_ns


@pytest.mark.parametrize("kind", [Task, Experiment, Run, Review])
def test_an_item_from_the_cache_is_the_item_from_its_file(store: Store, kind: type[Item]) -> None:
    items = [item for item in full_items() if isinstance(item, kind)]
    for item in items:
        store.create(item)
    parsed = {item.id: store.read(kind, item.id) for item in items}
    assert store.load(kind).items == parsed  # parsed, and the cache written
    for item in items:  # from now on only the cache can give the old content back
        path = path_of(store, item)
        rewrite_keeping_stamp(path, b"#" * path.stat().st_size)
    loaded = Store(store.project_root).load(kind)
    assert loaded.problems == {}
    assert loaded.items.keys() == parsed.keys()
    for item_id, item in parsed.items():
        assert_same(loaded.items[item_id], item, item_id)
        assert item == next(i for i in items if i.id == item_id)


def test_an_edit_of_the_same_size_is_seen(store: Store) -> None:
    task = Task(id="abcd0000abcd0000", title="version A")
    store.create(task)
    assert store.load(Task).items[task.id].title == "version A"
    path = path_of(store, task)
    before = path.stat()
    with open(path, "r+b") as handle:  # in place: same inode, same size
        handle.write(path.read_bytes().replace(b"version A", b"version B"))
    # Another moment than the cached one, however coarse the file system's clock.
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert path.stat().st_size == before.st_size
    assert Store(store.project_root).load(Task).items[task.id].title == "version B"


def test_a_replaced_file_is_seen_even_with_the_same_size_and_time(store: Store) -> None:
    """`git checkout` and editors that save by renaming give the file a new inode."""
    task = Task(id="abcd0000abcd0000", title="version A")
    store.create(task)
    store.load(Task)
    path = path_of(store, task)
    before = path.stat()
    fresh = path.with_name("new.tmp")
    fresh.write_bytes(path.read_bytes().replace(b"version A", b"version B"))
    os.utime(fresh, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(fresh, path)
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert Store(store.project_root).load(Task).items[task.id].title == "version B"


def test_added_and_removed_files_are_seen(store: Store) -> None:
    first = Task(id="abcd0000abcd0001", title="first")
    store.create(first)
    assert list(store.load(Task).items) == [first.id]
    second = Task(id="abcd0000abcd0002", title="second")
    store.create(second)
    assert set(Store(store.project_root).load(Task).items) == {first.id, second.id}
    path_of(store, first).unlink()
    assert list(Store(store.project_root).load(Task).items) == [second.id]
    assert list(Store(store.project_root).load(Task).stamps) == [second.id]


def test_stamps_and_ids_without_reading_a_file(store: Store) -> None:
    """What the board polls and what commits are matched against: a stat per file, or
    the file names alone; a broken file counts, as it does in a load."""
    good = Task(id="abcd0000abcd0001", title="good")
    store.create(good)
    (store.credo_dir / "tasks" / "bad0bad0bad0bad0.toml").write_text("title = \n")
    (store.credo_dir / "tasks" / ".good.toml.tmp").write_text("half written")
    loaded = store.load(Task)
    assert set(loaded.problems) == {"bad0bad0bad0bad0"}
    assert store.stamps(Task) == loaded.stamps
    assert sorted(store.item_ids(Task)) == sorted(loaded.stamps)
    path_of(store, good).write_text(path_of(store, good).read_text() + "# a comment\n")
    assert store.stamps(Task) != loaded.stamps
    assert store.item_ids(Experiment) == [] and store.stamps(Run) == {}


def test_one_items_stamp_is_the_one_stamps_gives(store: Store) -> None:
    """What the experiment log looks at each second before it reads a served task again:
    None when there is nothing to look at, never an error."""
    task = Task(id="abcd0000abcd0001", title="one")
    store.create(task)
    assert store.stamp(Task, task.id) == store.stamps(Task)[task.id]
    assert store.stamp(Task, "abcd0000abcd0002") is None  # no such file
    assert store.stamp(Task, "../config") is None  # not an id
    assert store.stamp(Run, task.id) is None  # runs/<id>/run.toml: none


def test_a_load_given_stamps_trusts_them_and_the_next_look_sees_what_came_after(
    store: Store,
) -> None:
    task = Task(id="abcd0000abcd0001", title="before")
    store.create(task)
    store.load(Task)  # the cache knows it
    stamps = store.stamps(Task)
    path = path_of(store, task)
    path.write_text(path.read_text().replace('"before"', '"after"'))  # after the look
    assert Store(store.project_root).load(Task, stamps).stamps == stamps
    assert Store(store.project_root).load(Task).items[task.id].title == "after"


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{garbage",
        b'{"v":1,"items":{}}',
        b"[1,[],[],{}]",
        b"[2,[1,2],[],{}]",
        b'[2,[],[{"id":"abcd0000abcd0001"}],{}]',
        b'[2,[1,2,3],[{"id":"abcd0000abcd0001","title":7}],{}]',
        b"[2,[1,2,3],[],{}",
        b'{"v":2,"data":[[],[],{}]}',
        b"\xff\xfe" * 50,
    ],
)
def test_a_damaged_cache_is_rebuilt(store: Store, damage: bytes) -> None:
    task = Task(id="abcd0000abcd0001", title="survives")
    store.create(task)
    store.load(Task)
    cache = store.credo_dir / "cache" / "tasks.json"
    cache.write_bytes(damage)
    loaded = Store(store.project_root).load(Task)
    assert loaded.items == {task.id: task} and loaded.problems == {}
    assert cache.read_bytes() != damage
    # The rebuilt cache serves the next load (proved by an edit it cannot see).
    path = path_of(store, task)
    rewrite_keeping_stamp(path, b"#" * path.stat().st_size)
    assert Store(store.project_root).load(Task).items == {task.id: task}


def test_a_cache_of_another_kind_is_not_trusted(store: Store) -> None:
    store.create(Task(id="abcd0000abcd0001", title="a task"))
    store.load(Task)
    cache = store.credo_dir / "cache"
    (cache / "experiments.json").write_bytes((cache / "tasks.json").read_bytes())
    assert Store(store.project_root).load(Experiment).items == {}


def test_a_broken_file_is_read_each_time_without_rewriting_the_cache(store: Store) -> None:
    good = Task(id="abcd0000abcd0001", title="good")
    store.create(good)
    broken = store.credo_dir / "tasks" / "abcd0000abcd0002.toml"
    broken.write_text('title = "no id"\n')
    first = store.load(Task)
    assert list(first.problems) == ["abcd0000abcd0002"] and list(first.items) == [good.id]
    before = cache_stamp(store, Task)
    again = Store(store.project_root).load(Task)
    assert again.problems == first.problems and again.items == first.items
    assert cache_stamp(store, Task) == before
    broken.write_text(
        f'id = "abcd0000abcd0002"\ntitle = "fixed"\ncreated = {good.created.isoformat()}\n'
    )
    fixed = Store(store.project_root).load(Task)
    assert fixed.problems == {} and fixed.items["abcd0000abcd0002"].title == "fixed"


def test_fields_json_would_change_stay_exact(store: Store) -> None:
    """A newer credo's field holding a TOML date or time: JSON has no such types, so that
    file is read each time (exactly) and does not make every load rewrite the cache."""
    task = Task(id="abcd0000abcd0001", title="from the future")
    store.create(task)
    path = path_of(store, task)
    path.write_text(
        path.read_text() + "reviewed = 2025-01-02\nat = 10:30:00\nlocal = 2025-01-02T10:30:00\n"
    )
    parsed = store.read(Task, task.id)
    assert parsed.model_extra == {
        "reviewed": date(2025, 1, 2),
        "at": datetime(2025, 1, 2, 10, 30).time(),
        "local": datetime(2025, 1, 2, 10, 30),
    }
    store.load(Task)
    before = cache_stamp(store, Task)
    loaded = Store(store.project_root).load(Task).items[task.id]
    assert_same(loaded, parsed)
    assert cache_stamp(store, Task) == before


def test_non_finite_floats_stay_exact(store: Store) -> None:
    task = Task(id="abcd0000abcd0001", title="far", order=float("inf"))
    store.create(task)
    store.load(Task)
    assert Store(store.project_root).load(Task).items[task.id].order == float("inf")


def test_run_folders_without_a_run_file_are_skipped(store: Store) -> None:
    run = next(item for item in full_items() if isinstance(item, Run))
    store.create(run)
    (store.credo_dir / "runs" / "emptyrun0000").mkdir()
    assert list(store.load(Run).items) == [run.id]
    assert list(Store(store.project_root).load(Run).items) == [run.id]


def test_a_read_only_cache_folder_still_loads(store: Store) -> None:
    task = Task(id="abcd0000abcd0001", title="read only")
    store.create(task)
    cache = store.credo_dir / "cache"
    for child in cache.iterdir():
        child.unlink()
    cache.rmdir()
    cache.write_text("not a folder")  # every cache write fails
    assert store.load(Task).items == {task.id: task}
    assert Store(store.project_root).load(Task).items == {task.id: task}


def many_tasks(store: Store, count: int) -> dict[str, Task]:
    tasks = {}
    for n in range(count):
        task = Task(id=f"abcd{n:012d}", title=f"task {n}", tags=["data"] if n % 2 else [])
        path = item_path(store.credo_dir, "tasks", task.id)
        path.write_bytes(dump_model(task))
        tasks[task.id] = task
    return tasks


def test_a_big_cache_is_validated_a_line_at_a_time(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One pydantic call holds the interpreter throughout: 20,000 runs validated in one
    call held the interface 0.3 to 0.9 s, though a worker read them. The cache holds
    CACHE_LINE items a line, and each call validates a line."""
    from pydantic import TypeAdapter

    tasks = many_tasks(store, 2 * CACHE_LINE + 1)
    store.load(Task)
    validated: list[int] = []
    validate = TypeAdapter.validate_json

    def counting(adapter: TypeAdapter[Any], data: Any, **options: Any) -> Any:
        found = validate(adapter, data, **options)
        validated.append(len(found[2] if isinstance(found, tuple) else found))
        return found

    monkeypatch.setattr(TypeAdapter, "validate_json", counting)
    fresh = Store(store.project_root)
    assert fresh.load(Task).items == tasks
    assert sum(validated) == len(tasks) and max(validated) <= CACHE_LINE
    assert sorted(fresh.glance(Task)) == sorted(tasks)  # plain JSON still, for completion


def test_a_cache_in_one_piece_is_read_and_written_again_a_line_at_a_time(store: Store) -> None:
    """An older credo wrote its cache in one line: it serves as before, and is written
    again in lines (a cache is rewritten only when a file changed)."""
    from pydantic import TypeAdapter

    tasks = many_tasks(store, CACHE_LINE + 1)
    store.load(Task)
    cache = store.credo_dir / "cache" / "tasks.json"
    adapter: TypeAdapter[Any] = TypeAdapter(Any)
    cache.write_bytes(adapter.dump_json(adapter.validate_json(cache.read_bytes())))
    assert cache.read_bytes().count(b"\n") == 0
    assert Store(store.project_root).load(Task).items == tasks
    assert cache.read_bytes().count(b"\n") == 3  # two lines of items
    assert Store(store.project_root).load(Task).items == tasks


def test_one_file_changed_writes_its_line_of_the_cache_again_not_every_line(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a write (`credo start`, a move on the board), the next load wrote the whole
    cache again: 10,000 tasks put through pydantic's JSON, a seventh of the board's start.
    A line whose items all stand as they were is kept as it was read; the changed item's
    line is made again, and the cache still loads to every file's item."""
    from pydantic import TypeAdapter

    tasks = many_tasks(store, 3 * CACHE_LINE)
    store.load(Task)
    changed = next(iter(tasks.values())).model_copy(update={"title": "changed by hand"})
    tasks[changed.id] = changed
    path = item_path(store.credo_dir, "tasks", changed.id)
    path.write_bytes(dump_model(changed))
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 1_000_000_000))  # a coarse clock's too
    dumped: list[int] = []
    dump = TypeAdapter.dump_json

    def counting(adapter: TypeAdapter[Any], value: Any, **options: Any) -> bytes:
        if isinstance(value, list):
            dumped.append(len(value))
        return dump(adapter, value, **options)

    with monkeypatch.context() as patched:
        patched.setattr(TypeAdapter, "dump_json", counting)
        assert Store(store.project_root).load(Task).items == tasks
    # the changed task checked for JSON exactness (1), its line of CACHE_LINE made again
    assert 0 < sum(dumped) <= 1 + CACHE_LINE
    again = Store(store.project_root).load(Task)
    assert again.items == tasks and again.problems == {}
    cache = (store.credo_dir / "cache" / "tasks.json").read_bytes()
    assert cache.count(b"\n") == 4  # three lines of items, none split
    assert sorted(Store(store.project_root).glance(Task)) == sorted(tasks)


def test_tasks_added_one_at_a_time_keep_the_cache_in_full_lines(store: Store) -> None:
    """A line of the cache whose items stand as they were is kept as read: kept however
    few items it held, each task added alone (a load between) made a line of its own,
    and a year of `credo add` left the cache thousands of one-item lines, each its own
    pydantic call at every load. Only full lines are kept; the rest are made again
    together, so one line at most is not full."""
    tasks = many_tasks(store, CACHE_LINE)
    store.load(Task)
    for n in range(5):
        task = Task(id=f"efgh{n:012d}", title=f"added {n}")
        path = item_path(store.credo_dir, "tasks", task.id)
        path.write_bytes(dump_model(task))
        os.utime(path, ns=(0, path.stat().st_mtime_ns + (n + 1) * 1_000_000_000))
        tasks[task.id] = task
        assert Store(store.project_root).load(Task).items == tasks
    cache = (store.credo_dir / "cache" / "tasks.json").read_bytes()
    assert cache.count(b"\n") == 3  # the first 500 in a line, the five added in another
    assert Store(store.project_root).load(Task).items == tasks


def test_the_cache_holds_its_items_in_id_order(store: Store) -> None:
    """The board sorts each quadrant by id, then by order: items loaded from the cache in
    id order make the first sort a walk through sorted runs (10 M instructions of a
    10,000-task board's start). Whatever order the folder lists its files in, a load from
    the cache gives the items by id, each the item of its file."""
    tasks = many_tasks(store, 40)
    listed = list(store.load(Task).items)  # the folder's order: the cache is written
    assert listed != sorted(listed)  # else this test would prove nothing
    again = Store(store.project_root).load(Task)  # from the cache
    assert list(again.items) == sorted(tasks) and again.items == tasks
