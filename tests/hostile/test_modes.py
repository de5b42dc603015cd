"""The modes of the files credo makes, under the umask of a lab sharing a clone by group
(002) and of a private one (077): the umask's, as git's own files get, but for a
command's secrets, which only their owner reads."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from strangers import CREDO

METRICS = "from credo import log_metric; log_metric(step=0, loss=2.3); print('trained')"


def under_umask(umask: int, cwd: Path, *args: str) -> None:
    done = subprocess.run(
        ["bash", "-c", f'umask {umask:03o} && exec "$@"', "credo", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def credo_files(root: Path) -> dict[str, int]:
    """Every file credo made in the project at `root` (its cache aside): its path, its
    mode; in `.git`, its runs' files, its lock and its hooks."""
    found = {}
    for path in root.rglob("*"):
        name = path.relative_to(root).as_posix()
        ours = name.startswith((".credo/", ".git/credo", ".git/hooks/")) and "cache" not in name
        if ours and path.is_file() and not name.endswith(".sample"):
            found[name] = stat.S_IMODE(path.stat().st_mode)
    return found


@pytest.mark.parametrize("umask", [0o002, 0o077])
def test_files_get_the_umask_mode_and_secrets_stay_their_owners(repo: Path, umask: int) -> None:
    root = repo
    under_umask(umask, root, CREDO, "init")
    under_umask(umask, root, CREDO, "hooks", "install")
    under_umask(umask, root, CREDO, "add", "Shared with the lab")
    run = ("run", "--skip-gate", "--", sys.executable, "-c", METRICS, "--api-key=sk-12345678")
    under_umask(umask, root, CREDO, *run)
    made = credo_files(root)
    secrets = [name for name in made if name.endswith("full-command.json")]
    hooks = [name for name in made if "/hooks/" in name]
    assert len(secrets) == 1 and len(hooks) == 2
    assert any(name.endswith("output.log") for name in made)
    assert any(name.endswith("metrics.jsonl") for name in made)
    assert ".git/credo-write.lock" in made
    shared = 0o666 & ~umask
    assert {name: mode for name, mode in made.items() if name not in secrets + hooks} == {
        name: shared for name in made if name not in secrets + hooks
    }
    assert {made[name] for name in secrets} == {0o600}
    assert {made[name] for name in hooks} == {0o777 & ~umask}
