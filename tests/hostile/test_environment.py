"""credo where the environment is not a laptop's: a container's user with no name, no
home and no git identity."""

from __future__ import annotations

from strangers import CREDO, run_as_nobody

from credo.store import Store


def test_starting_a_task_as_a_user_with_no_name_says_how_to_give_one(store: Store) -> None:
    task = run_as_nobody(store.project_root, CREDO, "add", "Check the labels")
    assert task.returncode == 0, task.stderr
    path = next((store.credo_dir / "tasks").glob("*.toml"))
    before = path.read_bytes()
    started = run_as_nobody(store.project_root, CREDO, "start", task.stdout.strip())
    assert started.returncode == 1
    assert "Traceback" not in started.stderr
    assert "cannot tell who you are" in started.stderr
    assert "git config --global user.email" in started.stderr
    assert path.read_bytes() == before

