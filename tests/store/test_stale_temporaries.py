"""The temporary files of writes a killed credo never finished (a read abandoned as the
app quit, a `kill -9`): the next write in their folder removes those no write can still
be under way in, and nothing else."""

from __future__ import annotations

import os
import time
from pathlib import Path

from credo import actions
from credo.domain.models import Task
from credo.store import Store
from credo.store.files import STALE_TEMPORARY
from killed_writes import aged, killed_writing

from repos import git


def killed_mid_write(store: Store, name: str, age: float) -> Path:
    """The temporary file a credo killed (-9) while it wrote the cache `name` leaves,
    unchanged for `age` seconds."""
    write = (
        "from pathlib import Path\nfrom credo.store import Store\n"
        "Store.open(Path(sys.argv[1])).write_cache(sys.argv[2], b'half an index')"
    )
    killed_writing(name, write, str(store.project_root), name)
    [left] = (store.credo_dir / "cache").glob(f".{name}.*.tmp")
    then = time.time() - age
    os.utime(left, (then, then))
    return left


def test_the_next_write_in_a_folder_removes_what_killed_writes_left_there(
    store: Store, repo: Path
) -> None:
    """Each kill left a hidden `.NAME.<hex>.tmp` for good: the loads skip them, nothing
    removed them, and they piled up in `.credo/`. The first write in their folder now
    removes those unchanged for longer than any write takes; a younger one (a write under
    way) stays, and so does every file credo did not name so."""
    cache = store.credo_dir / "cache"
    stale = killed_mid_write(store, "commit-index", STALE_TEMPORARY + 60)
    fresh = killed_mid_write(store, "closings-seen", STALE_TEMPORARY - 60)
    folder, link = cache / ".d.0123456789ab.tmp", cache / ".link.0123456789ab.tmp"
    folder.mkdir()
    link.symlink_to(fresh)
    long_ago = time.time() - 2 * STALE_TEMPORARY
    for path in (folder, link):
        os.utime(path, (long_ago, long_ago), follow_symlinks=False)
    others = [
        aged(cache / ".index.tmp", 2 * STALE_TEMPORARY),  # no writer's random part
        aged(cache / "notes.0123456789ab.tmp", 2 * STALE_TEMPORARY),  # not hidden
        aged(cache / ".notes.0123456789AB.tmp", 2 * STALE_TEMPORARY),  # not credo's hex
        folder,
        link,
    ]
    tasks = store.credo_dir / "tasks"
    elsewhere = aged(tasks / ".3f9a.toml.0123456789ab.tmp", 2 * STALE_TEMPORARY, "title =")
    # `git add .credo` takes none of them (.credo/.gitignore)
    git(repo, "add", ".credo")
    staged = git(repo, "diff", "--cached", "--name-only").splitlines()
    assert staged and not [name for name in staged if name.endswith(".tmp")], staged

    store.write_cache("other", b"{}")
    assert not stale.exists()
    assert fresh.read_bytes() == b"half an index"
    assert all(os.path.lexists(path) for path in others)
    assert elsewhere.exists()  # no write in its folder yet

    actions.add_task(store, "the next write in tasks/")
    assert not elsewhere.exists()
    assert [task.title for task in store.load(Task).items.values()] == ["the next write in tasks/"]
