"""The optional git hooks: `prepare-commit-msg` adds credo trailers to commit messages,
`commit-msg` takes them out again when the message holds nothing else (the editor closed
without a word typed: git then aborts the commit, as it would without credo).

Installed only on request, both the same way; an existing hook is chained (kept and
called first), never overwritten, and `uninstall` puts it back.

git runs hooks and merge drivers from the repository root, where `python -m credo`
would first look for a `credo/` (or `credo.py`) a teammate committed there: every
command credo writes into git's config or hooks starts Python with `SAFE_PYTHON`,
which never looks in the current folder, and installs written before are rewritten.
The hook runs `credo.gitlink.commit_hook` (which imports almost nothing), not the CLI, by
`-c` rather than `-m`: runpy's imports cost the hook more than its own. It runs on every
commit, so it starts Python without `site` (-S: no site-packages or .pth files to read;
the hook adds credo's own folder, `CREDO_HOME`, to the path and imports `site` only for
the rare full answer) and starts no process of its own but git.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path

import credo
from credo.errors import CredoError
from credo.gitlink.commit_hook import (
    CHECK,
    CHECK_ARGS,
    NOTHING_FOR,
    OURS,
    SIGN_OFF,
    TEMPLATE,
    replay_marks,
)
from credo.gitlink.runner import git, git_answer
from credo.store.files import atomic_write
from credo.store.paths import git_common_dir, other_config_files, scratch_folder

HOOK = "prepare-commit-msg"
HOOKS = (HOOK, CHECK)
CHAINED = ".credo-chained"
"""Added to the name of the hook credo found in its place: that hook runs first."""
MARKER = "# installed by credo (credo hooks install)"
# -P: the current folder (the repository root) never comes first on the import path;
# -E: nor does a PYTHONPATH. User site-packages stay (a `pip install --user` credo).
SAFE_FLAGS = "-E -P"
SAFE_PYTHON = f"{shlex.quote(sys.executable)} {SAFE_FLAGS}"
CREDO_COMMAND = f"{SAFE_PYTHON} -m credo"
CREDO_HOME = os.path.dirname(os.path.dirname(os.path.abspath(credo.__file__)))
"""The folder credo is imported from (its site-packages, or the source of an editable
install): all the hook's Python needs on its path."""
AGAIN = "run `credo hooks install` with the credo you use now, or `credo hooks uninstall`"
"""What to do when the hook's credo or Python is gone (uninstalled, moved, a venv rebuilt)."""
HOOK_CALL = (
    "import sys; sys.excepthook = lambda kind, error, trace: print("
    f'f"credo: no trailers added ({{kind.__name__}}: {{error}}); {AGAIN}", file=sys.stderr);'
    " sys.path.append(sys.argv.pop(1)); import credo.gitlink.commit_hook as hook;"
    " sys.exit(hook.main(sys.argv[1:]))"
)
HOOK_ARGS = f"{SAFE_FLAGS} -S -c {shlex.quote(HOOK_CALL)}"
"""What the hook passes Python, whichever Python and credo it names (-c: runpy would
cost more; -S: see above). Then credo's folder, then git's arguments. Whatever goes
wrong (credo no longer there) is said in one line, never as a traceback."""
HOOK_COMMAND = f"{shlex.quote(sys.executable)} {HOOK_ARGS} {shlex.quote(CREDO_HOME)}"


NOT_TYPED = ("''|[!A-Za-z0-9]*", "|".join(f"'{start}'*" for start in (*OURS, SIGN_OFF)))
"""The commit-msg hook's lines that are not plainly typed text (`case` patterns, two arms
of them to fit a line; any other line above git's `>8` cut line is): blank, starting with
a mark (maybe git's comment), or a trailer git counts as nothing. A message with a typed
line commits as it is, with no Python and no process started (the shell's builtins read
it: most commits); the others go to `commit_hook.drop_lone_trailers`."""


def _unsafe(command: str) -> bool:
    """A command an older credo wrote: `python -m credo` without `-P`."""
    return " -m credo" in command and " -P -m credo" not in command


def _outdated(hook_text: str, hook: str) -> bool:
    """A hook an older credo wrote: unsafe, calling the whole CLI on every commit, or any
    other form than this credo's. The Python and credo it names are not compared: a hook
    another install of credo wrote is left alone."""
    if MARKER not in hook_text:
        return False
    return _unsafe(hook_text) or hook_text != hook_script(_named(hook_text), hook)


def _named(hook_text: str) -> str:
    """The command (Python, its arguments, credo's folder) a hook of this credo's form
    runs, '' in another form."""
    named = next((line for line in hook_text.splitlines() if f" {HOOK_ARGS} " in line), "")
    return named.partition(' "$1"')[0]


def _written_with(hook_text: str, hook: str) -> str:
    """Who wrote credo's hook `hook_text` (the hook `hook`), for the note that rewrites it
    in a hooks folder kept in git: an older credo, or this one's `credo hooks install` run
    where that folder was not in the work tree (another repository whose core.hooksPath
    names it), or copied there from `.git/hooks`."""
    if _outdated(hook_text, hook):
        return "an older credo wrote with one machine's Python path"
    if (command := _named(hook_text)) == HOOK_COMMAND:
        return "`credo hooks install` wrote with this machine's Python path"
    python = command.split(" ", 1)[0]
    return f"`credo hooks install` wrote with another machine's or install's Python ({python})"


def hooks_dir(root: Path) -> Path:
    """Where git looks for hooks here (honours core.hooksPath and worktrees)."""
    # git itself answers (GitPython does not resolve core.hooksPath).
    out = git(root, "rev-parse", "--git-path", "hooks").decode().strip()
    path = Path(out)
    return path if path.is_absolute() else (root / path)


def _typed(indent: str = "") -> str:
    """The commit-msg hook's shell check: it ends the hook (exit 0, no process started)
    where the message has a typed line and no template's copy is there; else the hook goes
    on to Python."""
    lines = (
        f'[ -f "$1{TEMPLATE}" ] || while IFS= read -r line || [ -n "$line" ]; do',
        "    case $line in",
        "        *' >8 '*) break ;;",
        *(f"        {patterns}) ;;" for patterns in NOT_TYPED),
        "        *) exit 0 ;;",
        "    esac",
        'done < "$1"',
    )
    return "\n".join(indent + line for line in lines)


GETS_NOTHING = "|".join(NOTHING_FOR)
"""git's sources that get no trailers, as a `case` pattern: both prepare-commit-msg hooks
(installed, and the team's line) end in the shell for them, starting no Python."""


def _made_again(indent: str = "") -> str:
    """The prepare-commit-msg hook's shell check: it ends the hook (exit 0, no process
    started) for a source that gets no trailers (`GETS_NOTHING`: an amend keeping its
    message, a merge, a squash), and for a commit made again, which git tells apart only
    by what it keeps in its folder (`commit_hook.replay_marks`: a merge concluded with
    `git commit -m`, a cherry-pick, a rebase's replay); else the hook goes on to Python.
    git exports GIT_DIR to its hooks wherever its folder is not `.git` at the top of the
    work tree, where hooks run (a linked worktree, a submodule, `--git-dir`)."""
    message, other = (" ".join(replay_marks(source)) for source in ("message", ""))
    lines = (
        "case ${2:-} in",
        f"    {GETS_NOTHING}) exit 0 ;;",
        f'    message) again="{message}" ;;',
        f'    *) again="{other}" ;;',
        "esac",
        "for name in $again; do",
        '    [ ! -e "${GIT_DIR:-.git}/$name" ] || exit 0',
        "done",
    )
    return "\n".join(indent + line for line in lines)


TEAM_CALL = "credo hooks trailers"
"""What the lines of a team's hooks call (`TEAM_HOOK_LINES`): a hook holding it without
MARKER holds those lines."""

TEAM_HOOK_LINES = {
    HOOK: f"""command -v credo >/dev/null && (
{_made_again(indent="    ")}
    {TEAM_CALL} "$1" "${{2:-}}"
) || true""",
    CHECK: f"""command -v credo >/dev/null && (
{_typed(indent="    ")}
    {TEAM_CALL} "$1" {" ".join(CHECK_ARGS)} 2>/dev/null
) || true""",
}
"""What each hook kept in git calls, in lines of 80 columns at most (they are copied from a
terminal): no machine's paths, and nothing where credo is not.
`credo hooks trailers` starts no more than the hook credo installs (`credo.cli.run`).
Each line runs that hook's shell check first, in a subshell (its `exit` ends no line of
the team's after it): the prepare-commit-msg line starts nothing for a source that gets no
trailers nor a commit made again (`_made_again`: an amend keeping its message, a merge
however concluded, a cherry-pick, a rebase's replays), where the lines a team copied
before start credo to be told so (they still work); the commit-msg line starts none for
most commits. The words after the message file are what an older credo found reads as
an amend's (`CHECK_ARGS`)."""


def hook_script(command: str = HOOK_COMMAND, hook: str = HOOK) -> str:
    """The hook `hook` (one of HOOKS): call a chained hook first, then credo (`command`),
    which never stops the commit (126, 127: the shell found no Python to run, said so
    once, by the prepare-commit-msg hook). git names a hook by its path: the chained one
    is found beside it without a process."""
    if hook == HOOK:
        call = f"""{_made_again()}
{command} "$1" "${{2:-}}" || [ $? -lt 126 ] ||
    echo 'credo: no trailers added (the Python of this hook is gone); {AGAIN}' >&2"""
    else:  # Python only for a template's message or where no line is plainly typed text
        call = f"""{_typed()}
{command} "$1" {" ".join(CHECK_ARGS)} 2>/dev/null || true"""
    return f"#!/bin/sh\n{MARKER}\n{_chain_call(hook)}{call}\n"


def _chain_call(hook: str) -> str:
    """The lines that run the hook credo chained in `hook`'s place first (a failure stops
    the commit)."""
    return f"""chained="${{0%/*}}/{hook}{CHAINED}"
if [ -x "$chained" ]; then
    "$chained" "$@" || exit $?
fi
"""


def team_hook(folder: Path, hook: str) -> str:
    """The hook `hook` (one of HOOKS) in a hooks folder kept in git, where an older credo
    installed its own: credo's lines for a team's hooks (`TEAM_HOOK_LINES`), after the call
    of the team's hook that credo chained there, if one is. No machine's path, and no
    MARKER: no credo rewrites it again (an older one would, with its own Python's path)."""
    chain = _chain_call(hook) if (folder / (hook + CHAINED)).exists() else ""
    return f"#!/bin/sh\n{chain}{TEAM_HOOK_LINES[hook]}\n"


def install(root: Path) -> list[str]:
    """Install the hooks; returns what was done, a line for each. In a hooks folder kept
    in git, none: the lines to add to the team's hooks (CredoError), or, where they hold
    them already, that nothing is left to do."""
    folder = hooks_dir(root)
    if _in_work_tree(folder, root):
        if all(_calls_credo(folder / name) for name in HOOKS):  # the lines given, added
            return [f"{name} hook: your team's, in {folder}, calls credo already" for name in HOOKS]
        raise CredoError(_team_lines(folder))
    try:
        return _install(root, folder)
    except OSError as error:  # core.hooksPath = /dev/null (hooks off), a read-only folder...
        why = "not a folder" if isinstance(error, FileExistsError) else error.strerror or error
        raise CredoError(
            f"git looks for hooks in {folder}, where credo cannot write one ({why});"
            " set core.hooksPath to a folder of yours (or unset it), then run this again"
        ) from None


def _team_lines(folder: Path) -> str:
    """Why credo installs no hook in a hooks folder kept in git, and the lines to add to
    the team's hooks instead: each alone between blank lines, to copy as they are."""
    from textwrap import fill

    def prose(text: str) -> str:
        # 72 columns: the CLI puts "error: " before the first line; paths are not broken
        return fill(text, 72, break_long_words=False, break_on_hyphens=False)

    return "\n\n".join(
        (
            prose(
                f"git looks for hooks in {folder} (core.hooksPath), which is inside the "
                "work tree: that folder is shared through git, so `credo hooks install` "
                "writes nothing there (the hooks it installs name this machine's paths, "
                "which a teammate's machine lacks). Instead, add these lines to your team's "
                f"{HOOK} hook (they add the trailers where credo is installed, and do "
                "nothing elsewhere):"
            ),
            TEAM_HOOK_LINES[HOOK],
            prose(
                f"and these to its {CHECK} hook (they take the trailers out of a message "
                "that holds nothing else, so that git aborts that commit; a message with "
                "a typed line starts no credo):"
            ),
            TEAM_HOOK_LINES[CHECK],
        )
    )


def _install(root: Path, folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in HOOKS:  # before any is written: never one hook in and the other not
        if both := _hook_and_chained(folder, name):
            raise CredoError(f"{both}; move one of them away, then run this again")
    done = []
    for name in HOOKS:
        said, kept = _install_hook(folder, name)
        done.append("; ".join(filter(None, (f"{name} hook {said}", kept))))
    if relative := _relative_hooks_path(root):
        done[-1] += (
            f"; core.hooksPath ({relative}) is relative to each work tree: a linked worktree"
            " in another folder looks for hooks elsewhere (an absolute path serves them all)"
        )
    elif not _inside(folder, root) and not _inside(folder, git_common_dir(root)):
        done[-1] += "; this hooks folder (core.hooksPath) is shared with other repositories"
    return done


def _relative_hooks_path(root: Path) -> str:
    """core.hooksPath as set when relative, which git reads from the top of the work tree
    it commits in (each linked worktree its own folder), else ''."""
    answer = git_answer(root, "config", "--get", "core.hooksPath") or b""
    said = answer.decode(errors="replace").strip()
    return said if said and not os.path.isabs(os.path.expanduser(said)) else ""


def _hook_and_chained(folder: Path, name: str) -> str:
    """Says so when a hook of the person's and one credo chained are both in `folder`
    (installing would lose one), else ''."""
    hook, chained = folder / name, folder / (name + CHAINED)
    if hook.exists() and not _ours(hook) and chained.exists():
        return f"{hook} exists and {chained} too"
    return ""


def _install_hook(
    folder: Path, name: str, *, team: bool = False, scratch: Path | None = None
) -> tuple[str, str]:
    """Put credo's hook `name` in `folder`, a hook there chained; returns what was done,
    and what became of the hook it chained ('' where none was there). With `team`, the
    lines a team's hooks kept in git get (`team_hook`), in a folder that holds none;
    `scratch`: `atomic_write`'s."""
    hook, chained = folder / name, folder / (name + CHAINED)
    if hook.exists():
        text = hook.read_text(errors="replace")
        if MARKER in text:
            if text == (script := hook_script(hook=name)):
                return f"already installed in {hook}", ""
            atomic_write(hook, script.encode())  # the running hook keeps the old file
            return f"rewritten for this credo ({hook})", ""
        os.replace(hook, chained)
    kept = _kept(folder, name, team=team)  # renamed now, or by a credo killed before it wrote
    script = team_hook(folder, name) if team else hook_script(hook=name)
    atomic_write(hook, script.encode(), scratch=scratch)  # never half a hook, if killed
    mode = hook.stat().st_mode
    hook.chmod(mode | (mode & 0o444) >> 2)  # executable by whom the umask lets read it
    return f"installed ({hook})", kept


def rewrite_unsafe_installs(root: Path, common: Path, config: str, credo_dir: Path) -> list[str]:
    """Rewrite the hooks and merge driver an older credo installed as `python -m credo`,
    which a `credo/` committed at the repository root would shadow (and hooks of any
    other form than this credo's), and add the commit-msg hook where an older credo
    installed the trailers' hook alone; returns what was done. In a hooks folder kept in
    the work tree (`.githooks`, shared through git), where `install` writes nothing, a hook
    credo wrote (with a machine's Python path) becomes the team's lines instead
    (`team_hook`), and the commit-msg hook added is the team's lines too (where a credo
    killed between the two wrote it, the next one's note says so: `_unsaid`).
    `common` and `config`: the repository's shared git folder and its config's text
    (`paths.git_config`); `credo_dir`: the store's, whose cache takes the temporary file of
    a hook rewritten in the work tree.

    Cheap enough for every command: a few small files are read, git runs only to rewrite
    (or to find a hooks folder that core.hooksPath may move: `_hooks_moved`).
    """
    from credo.gitlink.merge import DRIVER, install_driver

    done: list[str] = []
    driver = next((line for line in config.splitlines() if "merge-driver %O" in line), "")
    if _unsafe(driver):
        install_driver(root)
        done.append(f"rewrote the merge driver {DRIVER!r} to run credo safely")
    folder = hooks_folder(root, common, config)
    kept_in_git = _in_work_tree(folder, root)
    texts = {}
    for name in HOOKS:
        try:
            texts[name] = (folder / name).read_text(errors="replace")
        except OSError:
            continue
    added = []  # first: a credo killed after it leaves the trailers' hook to rewrite again
    if MARKER in texts.get(HOOK, "") and MARKER not in texts.get(CHECK, ""):
        if not kept_in_git:
            added = _add_check(folder)
        elif TEAM_CALL not in texts.get(CHECK, ""):
            added = _add_check(folder, scratch_folder(root, credo_dir), team=True) or [
                f"add the {CHECK} line `credo hooks install` gives to {folder / CHECK}"
            ]
        elif _unsaid(root, folder, texts[CHECK]):
            installed = f"installed ({folder / CHECK}) by a credo stopped before it said so"
            added = [_team_check_added(installed, _kept(folder, CHECK, team=True))]
    for name, text in texts.items():
        hook = folder / name
        if kept_in_git and MARKER in text:  # whoever's Python it names, a teammate has none
            scratch = scratch_folder(root, credo_dir)
            atomic_write(hook, team_hook(folder, name).encode(), scratch=scratch)
            done.append(
                f"rewrote {hook}, which {_written_with(text, name)}, with the lines `credo "
                "hooks install` gives a team's hooks kept in git, which work on every "
                "teammate's machine: commit it"
            )
        elif _outdated(text, name):
            atomic_write(hook, hook_script(hook=name).encode())
            done.append(f"rewrote {hook} to run credo safely and quickly")
    return done + added


def hooks_folder(root: Path, common: Path, config: str) -> Path:
    """Where git looks for hooks here, asking git only where core.hooksPath may move them
    (`common` and `config`: as `rewrite_unsafe_installs` takes them)."""
    return hooks_dir(root) if _hooks_moved(root, common, config) else common / "hooks"


def adds_trailers(root: Path, common: Path, config: str) -> bool:
    """Whether a commit here gets the trailers: credo's hook installed, or the lines
    `credo hooks install` gives a team's hooks folder."""
    try:
        text = (hooks_folder(root, common, config) / HOOK).read_text(errors="replace")
    except OSError:  # no hook there
        return False
    return MARKER in text or TEAM_CALL in text


def _hooks_moved(root: Path, common: Path, config: str) -> bool:
    """Whether core.hooksPath may be set for the work tree `root`: named in the repository's
    `config` (its text; `common`, its folder), in the person's or the system's git config,
    in the worktree's own (`config.worktree`), or in a file one of those includes
    (`include.path`, `includeIf.*.path`, whatever the condition: read as if it held).
    Files git would not read only make git be asked; so does an include credo cannot
    follow for sure (then git alone can tell), and config given in the environment
    (`_given_in_environment`). Read at every command: a config changed since the last is
    always seen."""
    if _given_in_environment(os.environ):
        return True
    texts = [(str(common / "config"), config)]
    for place in other_config_files(root):
        try:
            texts.append((place, Path(place).read_text(encoding="utf-8", errors="replace")))
        except OSError:  # none there
            continue
    followed = 0
    while texts:
        place, text = texts.pop()
        lowered = text.lower()
        if "hookspath" in lowered:
            return True
        if "[include" not in lowered:
            continue
        included = _included(place, text)
        followed += len(included or ())
        if included is None or followed > MAX_INCLUDES:
            return True
        for path in included:
            try:
                texts.append((path, Path(path).read_text(encoding="utf-8", errors="replace")))
            except FileNotFoundError:  # git passes over it too
                continue
            except OSError:  # a folder, a file not ours to read: git says what it makes of it
                return True
    return False


def _given_in_environment(environ: Mapping[str, str]) -> bool:
    """Whether config given in the environment may set core.hooksPath, or include a file
    that does: `git -c` (GIT_CONFIG_PARAMETERS, which git passes on to its hooks and
    aliases) or GIT_CONFIG_COUNT's GIT_CONFIG_KEY_<n>. Then git is asked, which reads them.
    Their keys alone are read: a value (a `-c user.note=...`) moves nothing."""
    given = environ.get("GIT_CONFIG_PARAMETERS", "")
    keys = _given_keys(given) if "path" in given.lower() else []  # (each key that moves them)
    if keys is None:
        return True  # written as git would refuse: git says what it makes of it
    if "GIT_CONFIG_COUNT" in environ:  # git reads the keys only then: most commands scan none
        keys += (value for name, value in environ.items() if name.startswith("GIT_CONFIG_KEY_"))
    return any(_moves_hooks(key.lower()) for key in keys)


def _moves_hooks(key: str) -> bool:
    """Whether the config key `key` (lowered) sets core.hooksPath or includes a file."""
    return key in ("core.hookspath", "include.path") or (
        key.startswith("includeif.") and key.endswith(".path")
    )


_QUOTED = r"'[^']*'(?:\\[!']'[^']*')*"
"""A word as git quotes it for the shell (`sq_quote`): `'` inside as `'\\''`, `!` maybe
as `'\\!'`."""


def _given_keys(parameters: str) -> list[str] | None:
    """The keys of GIT_CONFIG_PARAMETERS as git reads it: `'key'='value'` pairs (git 2.31
    on; `'key'=` with no value), or `'key=value'` (gits before); None where git would
    refuse it ("bogus format")."""
    import re

    keys = []
    pair = re.compile(rf"\s*({_QUOTED})(=(?:{_QUOTED})?)?(?=\s|$)")
    at, end = 0, len(parameters.rstrip())
    while at < end:
        found = pair.match(parameters, at)
        if found is None:
            return None
        word = re.sub(r"'\\(.)'", r"\1", found[1][1:-1])
        keys.append(word if found[2] else word.partition("=")[0])
        at = found.end()
    return keys


MAX_INCLUDES = 20
"""Files `_hooks_moved` follows includes to before it asks git instead (a file including
itself: git stops at a depth of ten, with an error)."""


def _included(place: str, text: str) -> list[str] | None:
    """The files the git config file `place` (its `text`) includes, whatever the condition,
    as paths; None where one is written so that credo cannot be sure of it (an escape or
    a quote inside, `%(prefix)/`, a line it cannot read as git does)."""
    import re

    found: list[str] = []
    section = ""
    for line in text.splitlines():
        rest = line.strip()
        if rest.startswith("["):
            header = re.fullmatch(r'\[([A-Za-z0-9.-]+)(?:\s+"[^"\\]*")?\](.*)', rest)
            if header is None:
                return None
            section, rest = header[1].lower(), header[2].strip()
        if section not in ("include", "includeif") or not rest or rest[0] in "#;":
            continue
        key, equals, raw = rest.partition("=")
        if key.strip().lower() != "path":
            continue  # no other key of these sections includes anything
        value = _config_path(raw) if equals else None
        if value is None:
            return None
        path = os.path.join(os.path.dirname(place), value)  # relative to the including file
        if not os.path.isabs(path):
            return None  # that file itself named relative to a folder git may not share
        found.append(path)
    return found


def _config_path(raw: str) -> str | None:
    """A path as a git config line gives it after `=`, with `~/` made the home folder; None
    where credo cannot be sure how git reads it."""
    value = raw.strip()
    if "\\" in value:
        return None  # an escape, or a line continued on the next: git reads those
    if value.startswith('"'):
        value, quoted, rest = value[1:].partition('"')
        if not quoted or (rest.strip() and rest.strip()[0] not in "#;") or '"' in rest:
            return None
    else:
        value = value.partition("#")[0].partition(";")[0].strip()
    if not value or '"' in value or value.startswith("%(prefix)/"):
        return None
    value = os.path.expanduser(value) if value.startswith("~") else value
    return None if value.startswith("~") else value  # ~user, no such user


def _add_check(folder: Path, scratch: Path | None = None, *, team: bool = False) -> list[str]:
    """The commit-msg hook, where credo's trailers' hook is there alone (an older credo
    installed it so): put in as `credo hooks install` puts it (a hook of the person's
    chained), unless install would refuse (a hook and a chained one both there) or cannot
    write there. With `team` (a hooks folder kept in git; `scratch`, the folder for the
    temporary file of its write), the team's lines, the team's own hook chained as an
    older credo chained its prepare-commit-msg hook."""
    if _hook_and_chained(folder, CHECK):
        return []
    try:
        installed, kept = _install_hook(folder, CHECK, team=team, scratch=scratch)
    except OSError:  # a folder credo cannot write: `credo hooks install` says why
        return []
    if team:
        return [_team_check_added(installed, kept)]
    done = f"{CHECK} hook {installed}: an older credo installed {HOOK} alone; {ABORTED}"
    return ["; ".join(filter(None, (done, kept)))]


ABORTED = (
    "a commit whose message is only credo's trailers (the editor closed without a "
    "word) is now aborted, as it is without credo"
)
"""Why credo adds the commit-msg hook where an older credo installed prepare-commit-msg
alone."""


def _team_check_added(installed: str, kept: str) -> str:
    """The note of the commit-msg hook added with the team's lines in a hooks folder kept
    in git (`installed`: how; `kept`: what became of the team's own, '' where none was)."""
    said = f"{kept}: commit both" if kept else "commit it"  # the team's own, renamed, too
    return (
        f"{CHECK} hook {installed}, with the lines `credo hooks install` gives a team's "
        f"hooks kept in git, where {HOOK} had them alone: {ABORTED}; {said}"
    )


def _kept(folder: Path, name: str, *, team: bool) -> str:
    """For a note, the hook credo chained in the place of its hook `name` in `folder`, ''
    where none is there."""
    if not (folder / (name + CHAINED)).exists():
        return ""
    whose = "your team's" if team else "your existing"
    return f"{whose} {name} hook is kept, renamed {name}{CHAINED}, and runs first"


def _unsaid(root: Path, folder: Path, text: str) -> bool:
    """Whether the commit-msg hook `text` in the hooks folder kept in git `folder`, where
    an older credo's prepare-commit-msg hook still is, is the team's lines credo adds there
    (`_add_check`), by a credo killed before it rewrote that hook and said what to commit:
    git shows it (or the team's hook it chained, renamed) as not committed."""
    if text != team_hook(folder, CHECK):
        return False
    paths = (str(folder / CHECK), str(folder / (CHECK + CHAINED)))
    return bool(git_answer(root, "status", "--porcelain", "--untracked-files=all", "--", *paths))


def _in_work_tree(folder: Path, root: Path) -> bool:
    """A hooks folder shared through git (core.hooksPath in the work tree)."""
    return _inside(folder, root) and not _inside(folder, git_common_dir(root))


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _ours(hook: Path) -> bool:
    try:
        return MARKER in hook.read_text(errors="replace")
    except OSError:  # none there
        return False


def installed(root: Path) -> bool:
    """Whether git runs credo's hook that adds the trailers in this repository."""
    return _ours(hooks_dir(root) / HOOK)


def uninstall(root: Path) -> list[str]:
    """Remove credo's hooks and restore the ones they chained, if any (none there: said
    so); returns what was done, a line for each. Hooks that call credo with the lines a
    team's hooks get (`TEAM_HOOK_LINES`) are the team's (or copied from a team's): credo
    edits none of them, and says what to do with each (CredoError), before it removes
    anything: its own hook beside them stays till they are out, as its commit-msg hook
    must while those lines add the trailers."""
    folder = hooks_dir(root)
    shared = _in_work_tree(folder, root)
    calling = [name for name in HOOKS if _calls_credo(folder / name)]
    if not calling:
        return [f"{name} hook {_uninstall_hook(folder, name)}" for name in HOOKS]
    steps = [f"- {_teams_undone(folder, name, shared=shared)}" for name in calling]
    if shared:
        said = (
            f"the hooks in {folder} that call credo are your team's (the lines `credo hooks"
            " install` gives a hooks folder kept in git), not credo's own, and credo edits no"
            " team's hook. To stop the trailers on every teammate's commits (where credo is"
            " not installed, those lines do nothing already):"
        )
        steps.append("then commit")
    else:  # copied from a team's: no teammate's commits go through this folder
        said = (
            f"the hooks in {folder} that call credo hold the lines `credo hooks install`"
            " gives a team's hooks kept in git, not credo's own hooks, and credo edits none"
            " of them. To stop the trailers:"
        )
    for name in [name for name in HOOKS if _ours(folder / name)]:
        why = (  # without it, an editor closed empty would commit the lines' trailers alone
            " (it takes the trailers those lines add out of a message that holds nothing"
            " else, so that git aborts that commit)"
            if name == CHECK
            else ""
        )
        steps.append(
            f"then run `credo hooks uninstall` again: it removes credo's own {name} hook,"
            f" left till then{why}"
        )
    raise CredoError("\n".join((said, *steps)))


def _calls_credo(hook: Path) -> bool:
    """A hook of the team's that calls credo (the lines `credo hooks install` gives)."""
    try:
        text = hook.read_text(errors="replace")
    except OSError:  # none there
        return False
    return TEAM_CALL in text and MARKER not in text


def _teams_undone(folder: Path, name: str, *, shared: bool) -> str:
    """What to do with the team's hook `name` that calls credo, for it to call credo no
    more: all of it credo's (`team_hook`, written over an older credo's hook), back to the
    hook credo chained, or away (from git too, in a folder `shared` through git); else the
    lines taken out."""
    hook, chained = folder / name, folder / (name + CHAINED)
    if hook.read_text(errors="replace") != team_hook(folder, name):
        return f"take the lines from `command -v credo` to `|| true` out of {hook}"
    if chained.exists():  # the team's own hook, which credo's lines call first
        moved = f"{shlex.quote(str(chained))} {shlex.quote(str(hook))}"
        return f"put back the {name} hook credo's lines call first: `mv {moved}`"
    removed = "git rm" if shared else "rm"
    return f"remove {name}, which holds nothing else: `{removed} {shlex.quote(str(hook))}`"


def _uninstall_hook(folder: Path, name: str) -> str:
    hook, chained = folder / name, folder / (name + CHAINED)
    if not _ours(hook):
        return f"not installed (no credo hook in {folder}): nothing to remove"
    hook.unlink()
    if chained.exists():
        os.replace(chained, hook)
        return f"removed; your previous hook is back at {hook}"
    return "removed"
