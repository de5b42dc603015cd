"""A hostile teammate: an attack is committed in one clone, pushed, and pulled by another.

`team.alice` commits and pushes (through a bare remote, with real git); `team.bob`
pulls and runs credo. `team.check(result)` then asserts what every attack must leave
true: no traceback, nothing outside the repositories created or changed (a sentinel
folder is listed before and after), and no planted code ran.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from repos import git

CREDO = str(Path(sys.executable).parent / "credo")

ALICE = {
    "GIT_AUTHOR_NAME": "Alice Hostile",
    "GIT_AUTHOR_EMAIL": "alice@example.com",
    "GIT_COMMITTER_NAME": "Alice Hostile",
    "GIT_COMMITTER_EMAIL": "alice@example.com",
}
BOB_EMAIL = "ada@example.com"
"""Bob is the test environment's own git author (see the root conftest)."""


class Link(str):
    """A file content meaning: commit a symbolic link to this target."""


Content = str | bytes | Link


def planted_code(sentinel: Path) -> str:
    """Python that leaves a file behind if it ever runs."""
    return f"open({str(sentinel)!r}, 'w').write('planted code ran')\n"


@dataclass
class Team:
    root: Path
    remote: Path
    alice: Path
    bob: Path
    outside: Path
    """A folder outside both clones: symbolic links point here; nothing may change in it."""
    planted: Path
    """The file planted code creates."""
    console: Callable[..., subprocess.CompletedProcess[str]]
    """The root conftest's `credo` fixture: the console script run in a folder."""
    before: list[tuple[str, int, int, int]] | None = field(default=None)

    def run(self, who: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
        result = subprocess.run(
            list(args),
            cwd=who,
            capture_output=True,
            text=True,
            env={**os.environ, **(ALICE if who == self.alice else {}), **(env or {})},
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, f"{' '.join(args)} failed: {result.stderr}"
        return result.stdout

    def commit(self, files: Mapping[str, Content], message: str = "teammate's work") -> None:
        """Alice writes `files` (paths relative to her clone), commits them and pushes."""
        for name, content in files.items():
            path = self.alice / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_dir() and not path.is_symlink():  # a folder replaced by a file or link
                self.run(self.alice, "git", "rm", "-r", "-q", "--ignore-unmatch", "--", name)
                shutil.rmtree(path, ignore_errors=True)
            elif path.is_symlink() or path.is_file():
                path.unlink()
            if isinstance(content, Link):
                path.symlink_to(str(content))
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        self.run(self.alice, "git", "add", "-A")
        self.run(self.alice, "git", "add", "-f", "--", *files)  # what .gitignore would skip too
        self.run(self.alice, "git", "commit", "-q", "-m", message)
        self.run(self.alice, "git", "push", "-q", "origin", "HEAD")

    def pull(self) -> None:
        """Bob pulls; what is outside is listed now, to compare after credo ran."""
        self.before = self.before or listing(self.outside)
        self.run(self.bob, "git", "pull", "-q", "--no-rebase", "origin", "main")

    def credo(self, *args: str, who: Path | None = None) -> subprocess.CompletedProcess[str]:
        """The real console script, in Bob's clone (or `who`'s)."""
        where = who or self.bob
        return self.console(where, *args, env=ALICE if where == self.alice else None)

    def check(self, *results: subprocess.CompletedProcess[str]) -> None:
        """No traceback; nothing outside created or changed; no planted code ran."""
        for result in results:
            both = result.stdout + result.stderr
            assert "Traceback" not in both, both
        assert self.before is not None, "pull() first"
        assert listing(self.outside) == self.before
        assert not self.planted.exists(), "code committed by a teammate ran"


def listing(folder: Path) -> list[tuple[str, int, int, int]]:
    """Every entry under `folder` (links not followed): path, mode, size, mtime."""
    found = []
    for dirpath, dirs, files in os.walk(folder):
        for name in sorted([*dirs, *files]):
            path = Path(dirpath) / name
            info = path.lstat()
            found.append(
                (str(path.relative_to(folder)), info.st_mode, info.st_size, info.st_mtime_ns)
            )
    return sorted(found)


def make_team(tmp_path: Path, console: Callable[..., subprocess.CompletedProcess[str]]) -> Team:
    """Alice and Bob share a credo project through a bare remote; Bob has not run credo."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    git(tmp_path, "clone", "-q", str(remote), str(alice))
    outside = tmp_path / "outside"
    (outside / "bashrc.d").mkdir(parents=True)
    (outside / "bashrc.d" / "aliases.sh").write_text("alias ll='ls -l'\n")
    (outside / "secret.txt").write_text("the password is hunter2\n")
    shared = Team(tmp_path, remote, alice, bob, outside, tmp_path / "planted-code-ran", console)
    assert shared.credo("init", who=alice).returncode == 0
    shared.commit({"README.md": "# shared project\n"}, "Start the project with credo")
    git(tmp_path, "clone", "-q", str(remote), str(bob))
    return shared
