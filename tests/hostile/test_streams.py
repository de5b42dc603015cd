"""Standard streams as scripts, containers and clusters hand them over: a locale that
cannot encode ★ ⏱ ✔, and streams closed before credo starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from strangers import CREDO, latin1_locale

from credo.store import Store
from terminal import Shell

Credo = Callable[..., subprocess.CompletedProcess[str]]
TITLE = "Prüfen ★ ✔ 数据"
"""A title no locale but UTF-8 encodes whole (latin-1 has the ü, ASCII nothing)."""
SHOWN = ("ls", "exp ls", "runs ls", "report", "show")


def a_project_to_show(store: Store, credo: Credo) -> str:
    """A task, an experiment and a run whose words need UTF-8; the task's id."""
    root = store.project_root
    task = credo(root, "add", TITLE, "-i", "-u").stdout.strip()
    assert credo(root, "exp", "start", f"{TITLE} ⏱", "-b", "1h").returncode == 0
    ran = credo(root, "run", "--", sys.executable, "-c", "print('✔ done')")
    assert ran.returncode == 0, ran.stderr
    return task


def locale_env(kind: str, tmp_path: Path) -> tuple[dict[str, str], str]:
    """The environment of a locale of `kind`, and the encoding credo writes in it."""
    if kind == "latin-1 locale":
        return latin1_locale(tmp_path), "latin-1"
    if kind == "C locale, no coercion":
        return {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}, "ascii"
    return {"PYTHONIOENCODING": "ascii"}, "ascii"


def credo_in(
    root: Path, env: dict[str, str], *args: str | bytes
) -> subprocess.CompletedProcess[bytes]:
    """`credo ARGS` in `root` with `env` added, its output as the bytes it wrote."""
    return subprocess.run(
        [CREDO, *args],
        cwd=root,
        capture_output=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "kind", ["PYTHONIOENCODING=ascii", "latin-1 locale", "C locale, no coercion"]
)
def test_what_the_locale_cannot_encode_is_printed_escaped(
    store: Store, credo: Credo, tmp_path: Path, kind: str
) -> None:
    """Every line in the locale's encoding, escaped alike: where it is ASCII, what Click
    wrote (`credo report`, `add`'s sentence) came out as UTF-8 bytes beside Rich's
    escapes (`credo ls`), one output in two encodings."""
    task = a_project_to_show(store, credo)
    env, encoding = locale_env(kind, tmp_path)

    def shown(*args: str) -> tuple[str, str]:
        done = credo_in(store.project_root, env, *args)
        out, err = (written.decode(encoding, "replace") for written in (done.stdout, done.stderr))
        assert done.returncode == 0 and "Traceback" not in err, err
        for stream, said in (("stdout", out), ("stderr", err)):  # strict: no stray byte
            assert "\ufffd" not in said, (
                f"credo {' '.join(args)}: {stream} is not {encoding}: {said}"
            )
        return out, err

    for command in SHOWN:
        shown(*command.split(), *([task] if command == "show" else []))
    assert "\\u2605 \\u2714" in shown("ls")[0]  # ★ ✔, escaped, not lost
    assert "\\u2605 \\u2714" in shown("report")[0]
    assert "\\u2192 Do" in shown("add", "Read", "-i", "-u")[1]  # its sentence: → Do
    utf8 = json.loads(credo(store.project_root, "ls", "--json").stdout)
    assert json.loads(shown("ls", "--json")[0]) == utf8


@pytest.mark.parametrize(
    "kind", ["UTF-8 locale", "PYTHONIOENCODING=ascii", "C locale, no coercion"]
)
def test_a_byte_that_is_not_text_is_said_as_the_byte(
    store: Store, tmp_path: Path, kind: str
) -> None:
    """`caf\\xe9` typed in a latin-1 shell is not text in the locale's encoding, and Python
    holds its byte as a surrogate: credo's messages and Click's said `caf\\udce9`, a
    character nobody typed, beside `caf\\xe9` where credo wrote the name itself."""
    env = {} if kind == "UTF-8 locale" else locale_env(kind, tmp_path)[0]

    def said(*args: str | bytes) -> str:
        done = credo_in(store.project_root, env, *args)
        err = done.stderr.decode("ascii", "replace")  # the message's words are ASCII
        assert done.returncode in (1, 2) and "Traceback" not in err, err
        assert "\\udc" not in err and "\ufffd" not in err, err
        return err

    latin1 = b"caf\xe9"
    assert "no task has an id starting with 'caf\\xe9'" in said("done", latin1)  # credo's !r
    assert "Got unexpected extra argument (caf\\xe9)" in said("report", latin1)  # Click's words
    assert "'caf\\xe9' is not one of" in said("exp", "stop", "--outcome", latin1)  # Click's !r
    assert "No such option '--caf\\xe9'" in said(b"--caf\xe9")  # before any command
    assert "cannot read the date 'caf\\xe9'" in said("add", "Read", "--due", latin1)
    assert "caf\\xe9: no such file or folder" in said("data", "look", latin1)
    assert "a title holds a byte 0xE9 that is not" in said("add", latin1)  # never stored
    assert not any((store.credo_dir / "tasks").iterdir())


def test_json_holds_bytes_that_are_not_text_as_the_streams_show_them(
    store: Store, tmp_path: Path
) -> None:
    """`--json` wrote a byte that was not text (`caf\\xe9` typed in a latin-1 shell) as
    `"\\udce9"`, a lone surrogate no UTF-8 holds, where the rest of credo shows `\\xe9`;
    and under LC_ALL=C a UTF-8 `café` typed as an id was said as its bytes (`caf\\xc3\\xa9`)
    where `credo data look` shows a file so named as the é it is (`caf\\xe9` in ASCII).
    Both hold what `held_as_utf8` reads now: the byte as `\\xe9`, UTF-8 as its text."""
    root = store.project_root
    gate = ("gate", "--json", "--", "python")
    latin1 = credo_in(root, {}, *gate, b"caf\xe9.py")
    assert b"\\udc" not in latin1.stdout
    assert json.loads(latin1.stdout.decode("utf-8"))["command"] == ["python", "caf\\xe9.py"]
    c_locale = locale_env("C locale, no coercion", tmp_path)[0]
    typed = "café".encode()
    said = credo_in(root, c_locale, *gate, typed)
    assert said.stdout.isascii() and json.loads(said.stdout)["command"] == ["python", "café"]
    (root / "café").mkdir()
    (root / "café" / "a.jsonl").write_text('{"a": 1}\n')
    looked = credo_in(root, c_locale, "data", "look", typed)
    assert b"caf\\xe9/a.jsonl line 1" in looked.stdout, looked.stdout  # as credo data shows it
    for args in (("done", typed), ("add", "Read", "--due", typed)):
        refused = credo_in(root, c_locale, *args).stderr
        assert b"'caf\\xe9'" in refused and b"\\xc3" not in refused, refused


def test_the_board_draws_in_utf8_whatever_the_locale_says(store: Store) -> None:
    """A UTF-8 terminal (most are) reached with a latin-1 locale (a cluster's default):
    the borders are drawn, not written as `\\u256d` escapes."""
    shell = Shell(store.project_root, env={"PYTHONIOENCODING": "latin-1"})
    try:
        shell.type(f"{CREDO}; echo exit=$?\n")
        drawn = shell.expect("Eliminate|Traceback")  # the board's last quadrant, or not
        shell.type("\x11")  # ctrl+q
        shell.expect("exit=")
    finally:
        shell.close()
    assert "Traceback" not in drawn and "exit=0" in shell.screen
    assert "╭" in drawn and "\\u256d" not in drawn


def test_names_beyond_ascii_are_written_in_utf8_under_lc_all_c(store: Store) -> None:
    """`LC_ALL=C` (a cron job, `env -i`, a cluster's default) keeps Python from coercing
    the locale (PEP 538), but Python then writes UTF-8 all the same (PEP 540): `então`
    reaches stdout and stderr as its UTF-8 bytes, never as `ent\\xe3o`, the form credo
    gives a byte that is not UTF-8 (`caf\\xe9`). Pinned: credo leaves the streams' encoding
    to Python."""
    unset = ("PYTHONUTF8", "PYTHONIOENCODING", "PYTHONCOERCECLOCALE", "LANG", "LC_CTYPE")
    env = {name: value for name, value in os.environ.items() if name not in unset}

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [CREDO, *args],
            cwd=store.project_root,
            capture_output=True,
            env={**env, "LC_ALL": "C"},
            timeout=120,
            check=False,
        )

    name = "então ★".encode()
    added = run("add", "então ★ #dados")
    assert added.returncode == 0 and added.stderr.startswith(b"Added "), added.stderr
    listed = run("ls")
    assert name in listed.stdout and b"\\" not in listed.stdout, listed.stdout
    refused = run("done", "então")
    assert refused.returncode == 1 and b"'ent\xc3\xa3o'" in refused.stderr, refused.stderr
    tagged = run("ls", "--tag", "dados", "--json")
    assert json.loads(tagged.stdout)[0]["title"] == "então ★"


def closed(cwd: Path, command: str, streams: str) -> subprocess.CompletedProcess[str]:
    """`credo` with `command` run by a shell with `streams` closed (`>&-`, `2>&-`, `<&-`)."""
    return subprocess.run(
        ["bash", "-c", f"{CREDO} {command} {streams}"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=120,
        check=False,
    )


def test_commands_run_with_stdout_closed(store: Store, credo: Credo) -> None:
    root = store.project_root
    added = closed(root, "add 'Started by cron'", ">&-")
    assert added.returncode == 0 and "Traceback" not in added.stderr, added.stderr
    assert "Started by cron" in credo(root, "ls").stdout
    for command in ("ls", "ls --json", "report", "runs ls"):
        listed = closed(root, command, ">&-")
        assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    ran = closed(root, "run --skip-gate -- sh -c 'echo from the job'", ">&-")
    assert ran.returncode == 0 and "Traceback" not in ran.stderr, ran.stderr
    [run] = json.loads(credo(root, "runs", "ls", "--json").stdout)
    log = store.run_folder(run["id"]) / "output.log"
    assert log.read_text() == "from the job\n"  # the job's output, recorded; not in a file


def test_commands_run_with_stdin_or_stderr_closed(store: Store, credo: Credo) -> None:
    root = store.project_root
    assert closed(root, "add 'Quietly'", "2>&-").returncode == 0
    assert closed(root, "show nosuchid", "2>&-").returncode == 1  # said nowhere, still failed
    asked = closed(root, "check training-recipe", "<&-")
    assert asked.returncode == 0 and "Traceback" not in asked.stderr, asked.stderr
    assert "input ended" in asked.stdout


def test_utf8_typed_where_the_locale_says_latin1_is_refused_with_the_likely_cause(
    store: Store, tmp_path: Path
) -> None:
    """★ typed on a UTF-8 terminal, read as latin-1 (a cluster's locale): its bytes
    are three characters, one a C1 control, which a terminal would obey."""
    added = subprocess.run(
        [CREDO, "add", "Star ★"],
        cwd=store.project_root,
        capture_output=True,
        encoding="latin-1",
        env={**os.environ, **latin1_locale(tmp_path)},
        timeout=120,
        check=False,
    )
    assert added.returncode == 1 and "Traceback" not in added.stderr
    assert "is your terminal UTF-8 where the locale says iso8859-1?" in added.stderr
    assert not any((store.credo_dir / "tasks").iterdir())
