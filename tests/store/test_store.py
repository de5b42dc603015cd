import re
import shutil
import subprocess
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest

from credo import actions
from credo.actions.history import undo
from credo.domain.config import ProjectConfig
from credo.domain.models import Experiment, Item, Review, Run, Task
from credo.errors import (
    AmbiguousIdError,
    BadFileError,
    BadInputError,
    CredoError,
    NoProjectError,
    NotFoundError,
)
from credo.gitlink.exclude import keep_out_of_git
from credo.store import Store
from credo.store.files import dump_model
from credo.store.ids import ALPHABET, new_id, runs_said_short, short_ids
from full_disk import room_here_for


def task_file(store: Store, item_id: str) -> Path:
    return store.credo_dir / "tasks" / f"{item_id}.toml"


def test_init_creates_layout_and_is_idempotent(repo: Path) -> None:
    sub = repo / "src" / "deep"
    sub.mkdir(parents=True)
    store, created = Store.init(sub)
    assert created and store.project_root == repo.resolve()
    for folder in ("tasks", "experiments", "reviews", "checklists", "runs", "cache"):
        assert (repo / ".credo" / folder).is_dir()
    assert "cache/" in (repo / ".credo" / ".gitignore").read_text()
    config = tomllib.loads((repo / ".credo" / "config.toml").read_text())
    assert config["urgency_horizon_days"] == 2
    actions.add_task(store, "keep me")
    _, again = Store.init(repo)
    assert not again
    assert [t.title for t in Store.open(sub).tasks()] == ["keep me"]


def test_init_in_a_bare_repository_is_refused_not_a_credo_in_its_git_folder(
    tmp_path: Path,
) -> None:
    """`credo init` in a bare repository made .credo/ among its objects and refs and said
    'Not a git repository'."""
    import subprocess

    bare = tmp_path / "shared.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    for start in (bare, bare / "refs" / "heads"):
        with pytest.raises(BadInputError) as raised:
            Store.init(start)
        assert raised.value.message == (
            f"{bare.resolve()} is a bare git repository (no work tree): "
            "run credo init in a clone of it"
        )
    assert not (bare / ".credo").exists()


def test_private_init_excludes_credo_from_git(repo: Path) -> None:
    keep_out_of_git(Store.init(repo)[0])
    keep_out_of_git(Store.init(repo)[0])
    exclude = (repo / ".git" / "info" / "exclude").read_text().splitlines()
    assert exclude.count("/.credo/") == 1


def test_open_without_project_names_init(tmp_path: Path) -> None:
    with pytest.raises(NoProjectError, match="credo init"):
        Store.open(tmp_path)


def test_add_and_reload(store: Store) -> None:
    task, changes = actions.add_task(store, "Check label balance ! #data due:2030-01-02")
    assert changes[0].before is None
    loaded = Store.open(store.project_root).load(Task)
    assert loaded.items[task.id].title == "Check label balance"
    assert loaded.items[task.id].important
    assert loaded.problems == {}


def test_an_item_credo_could_not_read_back_is_never_written(store: Store) -> None:
    """Notes of 1.1 MB (an agent's, a paste) were written, and the task then left the
    board: its file was over the 1 MB credo reads."""
    huge = "n" * 1_100_000
    with pytest.raises(BadInputError, match=r"task would be 1\.0 MB, over credo's 1 MB cap"):
        actions.add_task(store, "Summarise the logs", notes=huge)
    assert store.tasks() == [] and list((store.credo_dir / "tasks").iterdir()) == []
    task, _ = actions.add_task(store, "Summarise the logs")
    before = (store.credo_dir / "tasks" / f"{task.id}.toml").read_bytes()
    with pytest.raises(
        BadInputError, match=f"task {store.short_id(Task, task.id)} would be 1.0 MB"
    ):
        actions.edit_task(store, task.id, notes=huge)
    assert (store.credo_dir / "tasks" / f"{task.id}.toml").read_bytes() == before


def test_unknown_fields_survive_a_rewrite(store: Store) -> None:
    task, _ = actions.add_task(store, "from the future")
    path = task_file(store, task.id)
    path.write_text(
        path.read_text() + 'energy = "high"\nreminder = 2026-12-01T09:00:00Z\n[review]\nby = "bo"\n'
    )
    actions.complete_task(store, task.id)
    data = tomllib.loads(path.read_text())
    assert data["status"] == "done"
    assert data["energy"] == "high"
    assert data["reminder"].isoformat() == "2026-12-01T09:00:00+00:00"
    assert data["review"] == {"by": "bo"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("title = 'x\n", "not valid TOML"),
        ("id = 'abcd1234abcd1234'\n", "field 'title'"),
        ("id = 'abcd1234abcd1234'\ntitle = 'x'\ndue = 'someday'\n", "field 'due' (line 3)"),
        ("id = 'zzzz1234abcd1234'\ntitle = 'x'\n", "file name says"),
        ("id = '../../x'\ntitle = 'x'\n", "should be a credo id"),
        (
            "id = 'abcd1234abcd1234'\ntitle = 'x'\ncreated = 2026-01-01T10:00:00\n",
            "should have a time zone (like 2026-12-01T09:30:00Z or +01:00), not 2026-01-01T10:00",
        ),
    ],
)
def test_bad_files_are_reported_never_rewritten(store: Store, content: str, expected: str) -> None:
    good, _ = actions.add_task(store, "good one")
    bad = task_file(store, "abcd1234abcd1234")
    bad.write_text(content)
    before = bad.read_bytes()
    loaded = store.load(Task)
    assert good.id in loaded.items
    problem = loaded.problems["abcd1234abcd1234"]
    assert problem.path == ".credo/tasks/abcd1234abcd1234.toml"
    assert expected in problem.message
    with pytest.raises(BadFileError, match="abcd1234abcd1234.toml"):
        actions.complete_task(store, "abcd")
    with pytest.raises(BadFileError):
        actions.remove_task(store, "abcd")
    assert bad.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "what_to_do"),
    [
        ("title = 'x\n", "; fix or remove it"),
        ("id = 'abcd1234abcd1234'\n", "; fix or remove it"),
        ("id = 'abcd1234abcd1234'\ntitle = 'x'\nimportant = 'maybe'\n", "; fix or remove it"),
        ("id = 'zzzz1234abcd1234'\ntitle = 'x'\n", "; make them the same"),
    ],
)
def test_a_bad_file_s_message_ends_with_what_to_do(
    store: Store, content: str, what_to_do: str
) -> None:
    """Not valid TOML said "fix or remove it"; a missing field, a wrong type or an id
    that is not the file's said what was wrong and stopped there."""
    task_file(store, "abcd1234abcd1234").write_text(content)
    message = store.load(Task).problems["abcd1234abcd1234"].message
    assert message.endswith(what_to_do), message


def test_a_conflicted_merge_is_named_as_such(store: Store) -> None:
    import subprocess

    from repos import git

    root = store.project_root
    task, _ = actions.add_task(store, "Plot the loss")
    git(root, "add", ".credo")
    git(root, "commit", "-q", "-m", "task")
    main = git(root, "branch", "--show-current")
    git(root, "checkout", "-q", "-b", "teammate")
    actions.edit_task(store, task.id, title="Plot the loss per domain")
    git(root, "commit", "-q", "-am", "theirs")
    git(root, "checkout", "-q", main)
    actions.edit_task(store, task.id, title="Plot the validation loss")
    git(root, "commit", "-q", "-am", "mine")
    merge = subprocess.run(["git", "merge", "teammate"], cwd=root, capture_output=True, check=False)
    assert merge.returncode == 1  # a real conflict in the task file
    loaded = store.load(Task)
    message = loaded.problems[task.id].message
    line = task_file(store, task.id).read_text().splitlines().index("<<<<<<< HEAD") + 1
    assert message.startswith(f"has git conflict markers (line {line}): resolve the merge")
    assert task.id not in loaded.items
    label = f".credo/tasks/{task.id}.toml"  # the commands it names do what it says
    assert message.endswith(f"would drop one side's), then `git add {label}`")
    text = task_file(store, task.id).read_text()
    mine = re.search(r"<<<<<<< HEAD\n(.*?)=======\n.*?>>>>>>> teammate\n", text, re.S)
    assert mine is not None
    task_file(store, task.id).write_text(text.replace(mine[0], mine[1]))  # as it says
    git(root, "add", label)
    assert store.load(Task).items[task.id].title == "Plot the validation loss"


def test_path_like_file_names_are_ignored_or_refused(store: Store) -> None:
    (store.credo_dir / "tasks" / "..toml").write_text("title='x'")
    assert store.load(Task).items == {}
    with pytest.raises(BadFileError):
        store.read(Task, "../../etc/passwd")


def test_cache_sees_in_place_edits(store: Store) -> None:
    task, _ = actions.add_task(store, "old title")
    assert store.load(Task).items[task.id].title == "old title"
    assert (store.credo_dir / "cache" / "tasks.json").exists()
    path = task_file(store, task.id)
    path.write_text(path.read_text().replace("old title", "a new, longer title"))
    assert store.load(Task).items[task.id].title == "a new, longer title"
    path.unlink()
    assert task.id not in store.load(Task).items


def test_damaged_cache_is_rebuilt(store: Store) -> None:
    task, _ = actions.add_task(store, "survives")
    store.load(Task)
    (store.credo_dir / "cache" / "tasks.json").write_text("{garbage")
    assert store.load(Task).items[task.id].title == "survives"


def test_prefix_resolution(store: Store) -> None:
    for item_id in ("abcd000000000001", "abcd000000000002", "bbbb000000000000"):
        store.create(Task(id=item_id, title=item_id))
    assert store.get(Task, "bbb").id == "bbbb000000000000"
    assert store.get(Task, "ABCD000000000001").id == "abcd000000000001"
    with pytest.raises(AmbiguousIdError, match="matches 2 tasks"):
        store.resolve(Task, "abcd")
    with pytest.raises(NotFoundError, match="'zz'"):
        store.resolve(Task, "zz")
    with pytest.raises(NotFoundError) as empty:  # said "give the id of a experiment"
        store.resolve(Experiment, " ")
    assert empty.value.message == (
        "give the id of an experiment (or its first few characters; see `credo exp ls`)"
    )


def test_an_ambiguous_prefix_names_what_tells_the_matches_apart(store: Store) -> None:
    for item_id in ("9282j1xcvs0eg4ay", "9282aaaaaaaaaaaa", "93xy000000000000"):
        store.create(Task(id=item_id, title=item_id))
    with pytest.raises(AmbiguousIdError) as two:  # said "(9282, 9282)"
        store.resolve(Task, "9")
    assert two.value.message == "'9' matches 3 tasks (9282a, 9282j, 93xy); type more characters"
    with pytest.raises(AmbiguousIdError) as typed:
        store.resolve(Task, "928")
    assert "(9282a, 9282j)" in typed.value.message


def test_ids_are_random_from_the_first_character() -> None:
    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == 2000
    assert len({i[:3] for i in ids}) > 1000
    assert all(set(i) <= set(ALPHABET) for i in ids)


def test_short_ids_stay_short_for_thousands() -> None:
    shorts = short_ids(new_id() for _ in range(5000))
    assert len(set(shorts.values())) == 5000
    assert max(len(s) for s in shorts.values()) <= 7
    assert min(len(s) for s in shorts.values()) == 4


def test_one_short_id_is_the_one_of_all_short_ids(store: Store) -> None:
    made = ["abcd000000000001", "abcd000000000002", "abce000000000000", "abc0000000000000"]
    made += [new_id() for _ in range(50)]
    for item_id in made:
        store.create(Task(id=item_id, title=item_id))
    every = store.short_ids(Task)
    assert every["abcd000000000001"] == "abcd000000000001"  # differs only at the end
    assert every["abc0000000000000"] == "abc0"
    assert {i: store.short_id(Task, i) for i in made} == every
    assert sorted(store.item_ids(Task, "abc")) == sorted(i for i in made if i[:3] == "abc")


def test_an_id_no_file_holds_any_more_is_shown_by_a_prefix_no_listed_id_shares(
    store: Store,
) -> None:
    """A run still names the experiment an undo deleted; a text naming it asked
    `short_ids(...).get(id, id[:7])`, and `short_id` raised KeyError. Both now give the
    prefix no listed id shares: typed, it finds nothing rather than another item."""
    for item_id in ("abcd000000000000", "wxyz000000000000"):
        store.create(Task(id=item_id, title=item_id))
    gone = "abcde11111111111"
    assert store.short_ids(Task)[gone] == "abcde"
    assert store.short_ids(Task)["k9m2000000000000"] == "k9m2"
    assert store.short_id(Task, gone) == "abcde"  # KeyError before
    both = store.short_ids(Task, Experiment)  # one mapping for a text naming both kinds
    assert both["abcd000000000000"] == "abcd" and both[gone] == "abcde"


def test_a_new_item_s_short_id_counts_the_ids_already_there(store: Store) -> None:
    """`create`'s first write in a folder lists it (to clear what killed writes left)
    and finds the new item's short id there, for `credo add` to print: the ids a
    teammate's pull brought in count, as they do for every other short id."""
    pulled = Task(id="abcd000000000000", title="a teammate's")
    task_file(store, pulled.id).write_bytes(dump_model(pulled))
    store.create(Task(id="abcde00000000000", title="mine"))
    assert store.short_id(Task, "abcde00000000000") == "abcde"
    assert store.short_ids(Task)["abcde00000000000"] == "abcde"


def test_the_first_writes_listing_gives_only_that_items_short_id(store: Store) -> None:
    """The names `create`'s first write listed serve the short id of the item it wrote,
    said next, and no other: a later short id (the board's, long after) counts what a
    teammate's pull brought in since."""
    there = Task(id="abcd000000000000", title="there before")
    task_file(store, there.id).write_bytes(dump_model(there))
    store.create(Task(id="wxyz000000000000", title="mine, listed with the one there"))
    pulled = Task(id="abcd100000000000", title="a teammate's, pulled since")
    task_file(store, pulled.id).write_bytes(dump_model(pulled))
    assert store.short_id(Task, there.id) == "abcd0"


def test_files_get_the_umask_mode_and_keep_their_own(store: Store) -> None:
    import os
    import stat

    umask = os.umask(0o022)
    os.umask(umask)
    task, _ = actions.add_task(store, "shared with the lab group")
    path = task_file(store, task.id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
    path.chmod(0o640)
    actions.edit_task(store, task.id, title="renamed")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_update_and_revert(store: Store) -> None:
    task, _ = actions.add_task(store, "undo me")
    _, changes = actions.edit_task(store, task.id, title="changed")
    undo(store, changes)
    assert store.read(Task, task.id).title == "undo me"


def test_revert_refuses_over_someone_elses_change(store: Store) -> None:
    task, _ = actions.add_task(store, "mine")
    _, changes = actions.edit_task(store, task.id, title="edited")
    actions.edit_task(Store.open(store.project_root), task.id, notes="theirs")
    with pytest.raises(Exception, match="changed by someone else"):
        undo(store, changes)
    assert store.read(Task, task.id).notes == "theirs"


def test_undo_of_two_files_reverts_neither_when_one_was_changed(store: Store) -> None:
    task, _ = actions.add_task(store, "weekly sync every:week due:2026-11-25")
    _, changes = actions.complete_task(store, task.id, today=date(2026, 11, 25))
    following_id = changes[1].item_id
    actions.edit_task(Store.open(store.project_root), task.id, notes="theirs")
    with pytest.raises(Exception, match="changed by someone else"):
        undo(store, changes)
    assert store.read(Task, task.id).status == "done"  # their edit stays...
    assert store.read(Task, following_id).status == "open"  # ...and so does the next one


def test_line_numbers_skip_blank_lines(store: Store) -> None:
    bad = task_file(store, "abcd1234abcd1234")
    bad.write_text('id = "abcd1234abcd1234"\ntitle = "x"\n\n\ndue = "someday"\n')
    assert "field 'due' (line 5)" in store.load(Task).problems["abcd1234abcd1234"].message


def test_a_bad_setting_falls_back_alone_each_named_in_the_file_s_order(store: Store) -> None:
    """`urgency_horizon_days = "soon"` sent every setting to its default: the team's
    gate_packs, code_paths and patch limit went with it, and one warning said so."""
    config = store.credo_dir / "config.toml"
    text = (
        'gate_packs = ["data"]\n'
        'lost_after = "soon"\n'
        'code_paths = ["src/"]\n'
        'urgency_horizon_days = "soon"\n'
        "patch_limit_bytes = 100\n"
        'sbatch = ["--gpus=1", "--partition gpu"]\n'
        "tensorboard_dir = 3\n"
    )
    config.write_text(text)
    settings = Store(store.project_root)
    kept = settings.config
    assert (kept.gate_packs, kept.code_paths, kept.patch_limit_bytes) == (["data"], ["src/"], 100)
    assert (kept.lost_after, kept.urgency_horizon_days) == (timedelta(minutes=15), 2)
    assert (kept.sbatch, kept.tensorboard_dir) == ([], None)
    assert [str(p) for p in settings.config_problems] == [
        ".credo/config.toml: field 'lost_after' (line 2) should be a number with a unit, like "
        "25m, 2h, 1h30m or 1d, not 'soon'; fix or remove it (using the default, '15m')",
        ".credo/config.toml: field 'urgency_horizon_days' (line 4) should be a whole number, "
        "not 'soon'; fix or remove it (using the default, 2)",
        ".credo/config.toml: field 'sbatch.1' (line 6) should be one option starting with -, "
        "its value after = (like --gpus=1), not '--partition gpu'; fix or remove it (using "
        "the default, [])",
        ".credo/config.toml: field 'tensorboard_dir' (line 7) should be text in quotes, not 3; "
        "fix or remove it (left unset, as by default)",
    ]
    assert config.read_text() == text


def test_a_settings_file_that_is_not_toml_falls_back_whole(store: Store) -> None:
    config = store.credo_dir / "config.toml"
    config.write_text('gate_packs = ["data"]\nurgency_horizon_days = seven\nsbatch = []\n')
    settings = Store(store.project_root)
    assert settings.config == ProjectConfig()
    [problem] = map(str, settings.config_problems)
    assert problem.startswith(".credo/config.toml: is not valid TOML: ") and "line 2" in problem
    assert problem.endswith("; fix or remove it (using default settings)")


def test_every_setting_in_the_written_config_works_once_uncommented(tmp_path: Path) -> None:
    """`credo init` wrote `# tensorboard_dir = ` for a setting with no default: taking
    the `#` away, as its comment invites, left a config.toml that is not TOML, and every
    setting fell back to its default. Each setting left out is now shown with an example."""
    store, _ = Store.init(tmp_path)
    written = (store.credo_dir / "config.toml").read_text()
    names = tuple(f"# {name} = " for name in ProjectConfig.model_fields)
    uncommented = "\n".join(
        line[2:] if line.startswith(names) else line for line in written.splitlines()
    )
    assert uncommented != written  # a setting was commented out
    settings = ProjectConfig.model_validate(tomllib.loads(uncommented))
    assert settings.tensorboard_dir == "runs"


@pytest.mark.parametrize(
    "item",
    [
        Task(id="t001aaaabbbbcccc", title="Plot the loss"),
        Experiment(id="e001aaaabbbbcccc", hypothesis="Warmup helps", timebox=timedelta(hours=1)),
        Review(id="r001aaaabbbbcccc", pack="training-recipe"),
        Run(id="u001aaaabbbbcccc", command=["python", "train.py"]),
    ],
    ids=lambda item: item.kind,
)
def test_a_write_the_disk_refuses_leaves_every_file_as_it_was(store: Store, item: Item) -> None:
    store.create(item)
    files = {p: p.read_bytes() for p in store.credo_dir.rglob("*") if p.is_file()}
    with room_here_for(0), pytest.raises(CredoError) as refused:
        store.update(type(item), item.id, lambda same: same)  # its `updated` time moves
    where = store.label(next(p for p in files if item.id in str(p)))
    assert refused.value.message == (
        f"cannot write {where}: File too large (no file is left half-written); the file size "
        "limit (ulimit -f) is too low for it: raise it, then try again"
    )
    assert {p: p.read_bytes() for p in store.credo_dir.rglob("*") if p.is_file()} == files


def test_an_undo_the_disk_refuses_loses_no_task(store: Store) -> None:
    """Undoing the completion of a recurring task removed the next one, then the disk
    refused the done one's write: the next was lost, the task stayed done."""
    task, _ = actions.add_task(store, "weekly sync every:week due:2026-11-25")
    _, changes = actions.complete_task(store, task.id, today=date(2026, 11, 25))
    following = changes[1].item_id
    with room_here_for(0), pytest.raises(CredoError, match="cannot write .credo/tasks/"):
        undo(store, changes)
    assert store.read(Task, task.id).status == "done"
    assert store.read(Task, following).status == "open"
    undo(store, changes)  # room again
    assert [(t.id, t.status) for t in store.tasks()] == [(task.id, "open")]


def test_an_immutable_file_is_named_with_what_lifts_it(store: Store, tmp_path: Path) -> None:
    """`chattr +i` stops root too: the refusal said 'Operation not permitted' and no more."""
    chattr = shutil.which("chattr")
    probe = tmp_path / "probe"
    probe.touch()
    if chattr is None or subprocess.run([chattr, "+i", probe], check=False).returncode:
        pytest.skip("needs chattr(1) on a file system with the immutable flag")
    subprocess.run([chattr, "-i", probe], check=True)
    task, _ = actions.add_task(store, "Plot the loss")
    path = task_file(store, task.id)
    before = path.read_bytes()
    subprocess.run([chattr, "+i", path], check=True)
    try:
        with pytest.raises(CredoError) as refused:
            actions.edit_task(store, task.id, title="Plot the loss again")
    finally:
        subprocess.run([chattr, "-i", path], check=True)
    assert refused.value.message == (
        f"cannot write .credo/tasks/{task.id}.toml: Operation not permitted (no file is left "
        "half-written); it or its folder may be immutable (lsattr shows an i: chattr -i lifts "
        "it)"
    )
    assert path.read_bytes() == before and [p.name for p in path.parent.iterdir()] == [path.name]


_OPEN_FILES_USED_UP = """
import os, sys
from credo import actions
from credo.errors import CredoError
from credo.store import Store
if sys.argv[3] == "imported":
    import credo.store.lock  # imported by a first write, as in the board open since

store = Store.open(sys.argv[1])
held = []
try:
    while True:  # every file this process may hold taken, as by a leak
        held.append(os.open(os.devnull, os.O_RDONLY))
except OSError:
    pass
try:
    actions.edit_task(store, sys.argv[2], title="Plot the loss again")
except CredoError as error:
    print(error.message)
"""


def test_the_advice_on_open_files_is_one_sentence_whether_the_hard_limit_is_read_or_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Too many open files was advised in two wordings: `raise the limit (ulimit -n
    4096), then try again` where `resource` read the hard limit, and `... (ulimit -n 4096,
    as far as ulimit -Hn allows) ...` where its module could not be read (no file left).
    One sentence now, true in both: the number is within the hard limit when it was read,
    and may not be when it was not."""
    import errno
    import resource
    import sys

    from credo.errors import open_files_advice

    refused = OSError(errno.EMFILE, "Too many open files")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))  # below the hard limit
    try:
        read = open_files_advice(refused)
        monkeypatch.setitem(sys.modules, "resource", None)  # its import fails, as with no file
        unread = open_files_advice(refused)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    wanted = 4096 if hard == resource.RLIM_INFINITY else min(4096, hard)
    advice = f"raise the limit (ulimit -n {wanted}, as far as ulimit -Hn allows), then try again"
    assert read == unread == ("credo may hold 256, ulimit -n", advice)


@pytest.mark.parametrize("lock", ["imported", "first"])
def test_a_write_refused_for_too_many_open_files_says_what_to_do(store: Store, lock: str) -> None:
    """With every file its limit allows open (`ulimit -n`), a write said "cannot write
    .git/credo-write.lock: Too many open files" and no more, where `credo run` says what
    to do: the same advice now, and the file as it was. A process's first write, whose
    lock's module could not be read either, ended in a raw OSError naming that module:
    the same words now."""
    import resource
    import sys

    task, _ = actions.add_task(store, "Plot the loss")
    path = task_file(store, task.id)
    before = path.read_bytes()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    done = subprocess.run(
        [sys.executable, "-c", _OPEN_FILES_USED_UP, str(store.project_root), task.id, lock],
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stderr == ""
    assert done.stdout.startswith(
        "cannot write .git/credo-write.lock: Too many open files (no file is left "
        "half-written); credo may hold 64, ulimit -n: raise the limit (ulimit -n "
    )
    assert done.stdout.rstrip().endswith("then try again")
    assert path.read_bytes() == before and [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_summary_names_a_run_whole_as_it_is_short_now_and_an_older_one_as_it_was() -> None:
    """A check's summary keeps a run's whole id (its short id of the day can be shared
    later) and is shown with the run's short id now; one saved before, naming the run
    by a short id, is shown as it was saved."""
    whole, other = "3wrcf8k2m9x0a1b4", "3wrcf8kzzzzzzzzz"
    short = short_ids([whole, other])
    said = f"same data as the baseline's run {whole} (1 path)"
    assert (
        runs_said_short(said, short.__getitem__)
        == "same data as the baseline's run 3wrcf8k2 (1 path)"
    )
    older = "seed 7; started at 2.30259 like run 3wrc"
    assert runs_said_short(older, short.__getitem__) == older
