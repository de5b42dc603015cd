"""credo where the environment is not a laptop's: a container's user with no name, no
home and no git identity."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path

import pytest
from strangers import (
    CREDO,
    UNKNOWN_UID,
    as_unknown_user,
    latin1_locale,
    nobody_env,
    run_as_nobody,
)

from credo.store import Store
from terminal import Shell

from repos import commit_file, git


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


NO_HOME = """
from credo.errors import CredoError
from credo.store.userconfig import load_user_config, save_user_config
from credo.ui.css_cache import user_css_cache
from credo.ui.themes import load_themes
from credo.ui.workers import crash_note

print("settings:", load_user_config())
print("themes:", len(load_themes().themes), "cache:", user_css_cache())
print("crash:", crash_note("Reading the board", ValueError("boom")))
try:
    save_user_config(theme="nord")
except CredoError as error:
    print("save:", error.message)
"""


def test_a_user_with_no_home_gets_the_defaults_and_a_save_says_why(tmp_path: Path) -> None:
    done = run_as_nobody(tmp_path, sys.executable, "-c", NO_HOME)
    assert done.returncode == 0, done.stderr
    said = dict(line.split(": ", 1) for line in done.stdout.splitlines())
    assert said["settings"] == "(UserConfig(theme=None, keymap={}), [])"
    themes, cache = said["themes"].split(" cache: ")
    assert int(themes) > 1 and cache == "None"  # the shipped themes; CSS parsed each start
    nowhere = f"user id {UNKNOWN_UID} has no home in the passwd file"
    assert said["crash"].startswith("Reading the board failed: ValueError: boom.")
    assert "traceback could not be written: credo has no cache folder" in said["crash"]
    assert nowhere in said["crash"] and "set HOME (or XDG_CACHE_HOME" in said["crash"]
    assert said["save"].startswith("credo has no config folder: HOME is not set")
    assert said["save"].endswith("CREDO_CONFIG_DIR) to a folder of yours (theme not saved)")
    assert list(tmp_path.iterdir()) == []  # nothing written where credo was run


@pytest.mark.parametrize("home", ["unset", "locked"])
def test_the_board_opens_and_closes_for_a_user_with_no_home(
    store: Store, tmp_path: Path, home: str
) -> None:
    """No HOME at all, or one credo may not look in (another user's, mounted)."""
    homes = ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "CREDO_CONFIG_DIR", "CREDO_CACHE_DIR")
    unset = " ".join(f"-u {var}" for var in (*homes, "USER", "LOGNAME"))
    if home == "locked":
        locked = tmp_path / "someone-else"
        (locked / ".config" / "credo").mkdir(parents=True)
        (locked / ".config" / "credo" / "config.toml").write_text('theme = "nord"\n')
        locked.chmod(0)
        unset += f" HOME={shlex.quote(str(locked))}"
    shell = Shell(store.project_root)
    try:
        shell.type(f"{shlex.join(as_unknown_user())} env {unset} {CREDO}; echo exit=$?\n")
        drawn = shell.expect("Eliminate|Traceback")  # the board's last quadrant, or not
        shell.type("\x11")  # ctrl+q
        shell.expect("exit=")
        assert "Traceback" not in drawn and "exit=0" in shell.screen
    finally:
        shell.close()
        if home == "locked":
            locked.chmod(0o700)


LOCKED_HOME = """
from credo.errors import CredoError
from credo.store.userconfig import load_user_config, save_user_config
from credo.ui.themes import load_themes

print(load_user_config()[1])
print(load_themes().problems)
try:
    save_user_config(theme="nord")
except CredoError as error:
    print(error.message)
"""


def test_a_home_credo_may_not_look_in_is_said_and_the_defaults_used(tmp_path: Path) -> None:
    home = tmp_path / "someone-else"
    (home / ".config" / "credo" / "themes").mkdir(parents=True)
    (home / ".config" / "credo" / "config.toml").write_text('theme = "nord"\n')
    home.chmod(0)
    try:
        done = run_as_nobody(
            tmp_path, sys.executable, "-c", LOCKED_HOME, env=nobody_env(HOME=str(home))
        )
    finally:
        home.chmod(0o700)
    assert done.returncode == 0, done.stderr
    config, themes, saved = done.stdout.splitlines()
    folder = home / ".config" / "credo"
    assert config == (
        f"['{folder / 'config.toml'}: cannot be read (Permission denied) (using default settings)']"
    )
    assert (
        themes == f"['themes in {folder / 'themes'} skipped: cannot read it (Permission denied)']"
    )
    assert saved == f"cannot read {folder / 'config.toml'}: Permission denied (theme not saved)"


UNWRITABLE_CONFIG = """
from credo.errors import CredoError
from credo.store.userconfig import save_user_config

try:
    save_user_config(theme="credo-paper")
except CredoError as error:
    print(error.message)
"""


def test_a_theme_save_refused_by_a_config_folder_not_ones_own_says_what_to_do(
    tmp_path: Path,
) -> None:
    """A folder one may read but not write (another's, or made read-only): the theme save
    said "Permission denied" and nothing more. It says which folder to make writable, or
    where else to keep the settings."""
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "config.toml").write_text('theme = "credo-night"\n')
    folder.chmod(0o555)
    try:
        env = nobody_env(HOME=str(tmp_path), CREDO_CONFIG_DIR=str(folder))
        done = run_as_nobody(tmp_path, sys.executable, "-c", UNWRITABLE_CONFIG, env=env)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"cannot write {folder / 'config.toml'}: Permission denied (theme not saved, the file "
        f"is as it was); make {folder} writable for you, or set CREDO_CONFIG_DIR to a folder "
        "that is"
    )
    assert (folder / "config.toml").read_text() == 'theme = "credo-night"\n'


def raw(
    cwd: Path, *args: str | bytes, env: Mapping[str, str] | Mapping[bytes, bytes] | None = None
) -> subprocess.CompletedProcess[str]:
    """credo with arguments (and variables) given as bytes, as a shell passes them; what
    it prints read as UTF-8, any other byte kept (a latin-1 locale's, a command's own)."""
    more = {os.fsencode(name): os.fsencode(value) for name, value in (env or {}).items()}
    return subprocess.run(
        [CREDO, *args],
        cwd=cwd,
        capture_output=True,
        encoding="utf-8",
        errors="surrogateescape",
        env={**os.environb, **more},
        timeout=120,
        check=False,
    )


def test_typed_text_with_a_byte_that_is_not_utf8_is_refused_clearly(store: Store) -> None:
    """`caf\\xe9` from a latin-1 file name pasted where the locale is UTF-8."""
    for args in (
        (b"add", b"caf\xe9"),
        (b"add", b"Check", b"-t", b"caf\xe9"),
        (b"exp", b"start", b"caf\xe9 helps"),
    ):
        refused = raw(store.project_root, *args)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
        assert "holds a byte 0xE9 that is not utf-8 text" in refused.stderr
    assert not any(store.credo_dir.glob("*/*.toml"))


def test_a_run_of_a_command_naming_a_latin1_file_is_recorded(store: Store) -> None:
    """The command runs with its bytes; its record (TOML, UTF-8) shows the byte as `\\xe9`."""
    env = {b"HF_HOME": b"/data/caf\xe9"}
    ran = raw(store.project_root, "run", "--skip-gate", "--", "echo", b"caf\xe9.csv", env=env)
    assert ran.returncode == 0 and "Traceback" not in ran.stderr, ran.stderr
    [record] = store.credo_dir.glob("runs/*/run.toml")
    saved = tomllib.loads(record.read_text(encoding="utf-8"))
    assert saved["command"] == ["echo", "caf\\xe9.csv"]
    assert saved["env"]["HF_HOME"] == "/data/caf\\xe9"
    output = store.run_folder(record.parent.name) / "output.log"
    assert output.read_bytes() == b"caf\xe9.csv\n"


@pytest.mark.parametrize(("name", "locale"), [("new\nline", "UTF-8"), ("Prüfen ★ códe", "latin-1")])
def test_a_run_in_a_project_at_a_strange_path_is_recorded_with_its_commit(
    tmp_path: Path, name: str, locale: str
) -> None:
    """A line break in the path; a UTF-8 path where the locale is latin-1 (the bytes
    git prints are the file system's, whatever they decode to)."""
    project = tmp_path / name
    project.mkdir()
    git(project, "init", "-q")
    sha = commit_file(project, "train.py", "print('trained')\n", "Start")
    env = latin1_locale(tmp_path) if locale == "latin-1" else {}
    for args in (("init",), ("run", "--skip-gate", "--", sys.executable, "train.py")):
        done = raw(project, *args, env=env)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    [record] = (project / ".credo" / "runs").glob("*/run.toml")
    assert tomllib.loads(record.read_text(encoding="utf-8"))["git_start"]["sha"] == sha


def test_a_run_where_the_locale_is_latin1_patches_new_files_of_any_name(tmp_path: Path) -> None:
    """Names git prints are the file system's bytes: 数据 has no latin-1 spelling."""
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    commit_file(project, "train.py", "print('trained')\n", "Start")
    for name in ("数据 ★.csv", "données.txt"):
        (project / name).write_text("label,text\n")
    env = latin1_locale(tmp_path)
    for args in (("init",), ("run", "--skip-gate", "--", sys.executable, "train.py")):
        done = raw(project, *args, env=env)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    [patch] = (project / ".git" / "credo" / "runs").glob("*/start.patch")
    made = patch.read_bytes()
    for name in ("数据 ★.csv", "données.txt"):
        assert f"+++ b/{name}\n@@ -0,0 +1,1 @@\n+label,text\n".encode() in made
