"""The hooks themselves: `main(MSG [SOURCE])`, called as `hooks.HOOK_COMMAND`.

prepare-commit-msg appends the trailers of the committer's task in progress (in a coding
agent's shell, the agent's, when it has one) and the running experiment; commit-msg takes
them out of a message that holds nothing else, or nothing but an unedited `commit.template`.
It runs on every commit, so it imports almost nothing (no pathlib, json, subprocess or
pydantic) and never loads the store while the small file of `credo.store.active` is
fresh; when that file is missing or stale (a `git pull`, a merge or a hand edit since),
it loads the store once and writes the file again.
"""

from __future__ import annotations

import gc
import os
import sys
import time

from credo.domain.actors import actor_from_env
from credo.errors import CredoError, NoProjectError
from credo.gitlink.authors import person
from credo.store import active


def trailers(root: str, git_folder: str | None) -> list[str]:
    """The trailers for a commit made now in the work tree `root`, whose git folder
    (`_git_folder`) keeps the store's small file (None: the store's full answer)."""
    credo_dir = f"{root}/.credo"
    if not os.path.lexists(credo_dir):
        return []  # a hooks folder shared with repositories that do not use credo
    small = f"{git_folder}/{active.FILE_NAME}" if git_folder is not None else None
    found = active.fresh(small, credo_dir) if small is not None else None
    if found is None:
        from pathlib import Path

        _site()
        from credo.store import Store

        try:
            found = Store.open(Path(root)).load_active()
        except NoProjectError:
            return []
    named = found.trailers(person(root), actor_from_env(os.environ))
    return [] if named and _credo_only(root) else named


STAGED = ("diff", "--cached", "--quiet")
"""git's question whether the index the commit is made of (GIT_INDEX_FILE, which git
exports to its hooks: `commit -a`'s and `commit PATHS`'s own) differs from HEAD (exit
code 1)."""


def _credo_only(root: str) -> bool:
    """Whether the commit made now in the work tree `root` changes files, all of them in
    `.credo/`: credo's own records committed ("credo: tasks"), no work on a task or an
    experiment. git is asked once for most commits (something else is staged), twice
    when nothing else is (an empty commit is no commit of credo's files); where git
    cannot tell, the commit is taken for work, as before."""
    from credo.gitlink.runner import git_code

    if git_code(root, *STAGED, "--", ".", ":(exclude).credo/") != 0:
        return False
    return git_code(root, *STAGED) == 1


def _site() -> None:
    """The site-packages the hook's Python started without (-S): the full answer needs
    credo's dependencies."""
    if sys.flags.no_site:
        import site

        site.main()


def _git_folder(root: str) -> str | None:
    """git's own folder of the work tree `root` (the hook's current folder), where the
    store keeps the small file; None when there is no `.git` here (git was pointed at a
    separate folder). git exports it to its hooks as GIT_DIR wherever it is not `.git`
    here (a linked worktree, a submodule), as the hook's shell reads it: read so, it costs
    no import of pathlib."""
    if exported := os.environ.get("GIT_DIR"):
        return exported
    if os.path.isdir(f"{root}/.git"):
        return f"{root}/.git"
    from pathlib import Path

    from credo.store.paths import git_dir

    try:
        return str(git_dir(Path(root)))  # a linked worktree's, run outside a hook
    except OSError:
        return None


MERGING = ("MERGE_HEAD",)
"""What git keeps in its folder of the work tree while a merge is concluded: a commit
made then is the merge's, whatever source git names (`git commit -m` after a conflict
tells the hook "message", not "merge")."""
REPLAYING = (*MERGING, "rebase-merge", "CHERRY_PICK_HEAD")
"""The same, with a rebase's folder and a cherry-pick's file, for a message git names
"message": a rebase's replay of an old commit, or a pick. Looked for by the hook's shell
too (`hooks.hook_script`), before Python starts."""


def replay_marks(source: str) -> tuple[str, ...]:
    """The names in git's folder of the work tree that make a commit of `source` one made
    again (`MERGING`, `REPLAYING`)."""
    return REPLAYING if source == "message" else MERGING


def _replaying(git_folder: str | None, source: str) -> bool:
    """A commit is being made again: a merge concluded, a rebase's replay of an old commit
    or a cherry-pick (`replay_marks`)."""
    if git_folder is None:
        return False
    return any(os.path.exists(f"{git_folder}/{name}") for name in replay_marks(source))


CHECK = "commit-msg"
CHECK_ARGS = ("commit", CHECK)
"""What the commit-msg hook passes after the message file. An older credo (to 2026-12-04)
reads the word there as git's source and knew no commit-msg hook: given `commit-msg` it
added the trailers to the message git was to abort (the editor closed without a word),
and to merges and amends; `commit`, an amend's source, has it add nothing. A hook or a
team's line of `commit-msg` alone (what credo wrote before) is still read."""
OURS = (active.TASK_TRAILER, active.EXPERIMENT_TRAILER)
SIGN_OFF = "Signed-off-by: "
"""A trailer git counts as nothing when it decides whether a message is empty."""
CUT = "------------------------ >8 ------------------------"
"""git's line above the diff `git commit -v` shows in the editor (after a comment mark):
below it is no message."""
AUTO = tuple("#;@!$%^&|:")
"""The comment characters git picks from with `core.commentChar = auto`."""


def comment_marks(root: str, text: str) -> tuple[str, ...]:
    """How git's comment lines in the message `text` start: core.commentChar (or git
    2.45's core.commentString), the one set last; `#` when neither is; any of AUTO with
    `auto` (git picked one the message did not use).

    git is asked only when a line could be a comment (it starts with a mark, not a letter
    or a digit: the editor's template), so a `git commit -m` pays no process for it."""
    if not any(line[:1] and not line[:1].isalnum() for line in text.split("\n")):
        return ("#",)  # no line starts as a comment would: whichever mark, none is one
    from credo.gitlink.runner import git_answer

    said = git_answer(root, "config", "--get-regexp", r"^core\.comment(char|string)$")
    if said is None:
        return ("#",)
    value = said.decode("utf-8", "surrogateescape").splitlines()[-1].partition(" ")[2]
    return AUTO if value == "auto" else (value,)


def _message(text: str, marks: tuple[str, ...]) -> list[str]:
    """The lines of the message in `text`: those above git's cut line (`-v`: the diff)."""
    lines = text.split("\n")
    cuts = {f"{mark} {CUT}" for mark in marks}
    return lines[: next((i for i, line in enumerate(lines) if line in cuts), len(lines))]


NOTHING_FOR = ("merge", "squash", "commit")
"""The sources git names (the hook's 2nd argument) of messages that get no trailers: a
merge's, a squash's, an old commit's (an amend, `-c`/`-C`). Decided in the shell too, by
the hooks (`hooks.GETS_NOTHING`), before Python starts: here for a caller of another form."""


AMEND_AFTER = 5
"""Seconds: an author date older than this, on a commit given a new message, may be an
amend's (a new commit's is now)."""
_CREDO_TRAILERS = "%(trailers:{},unfold)".format(",".join(f"key={ours[:-2]}" for ours in OURS))
"""HEAD's credo trailers, in `git log`'s format, the keys from `OURS` (`Credo-Task: `)."""


def _amended(root: str) -> list[str] | None:
    """The credo trailers of the commit an amend given a new message replaces (`--amend
    -m`, `-F`); None for a new commit. git tells the hook "message" for both: an amend's
    one trace is the author date it keeps from HEAD. A new commit's is now, so only one
    older than `AMEND_AFTER` costs the git process that reads HEAD's (an amend made within
    seconds of its commit is taken for a new commit, as before)."""
    date = os.environ.get("GIT_AUTHOR_DATE", "")  # as git exports it: "@1796444776 +0000"
    seconds = date[1:].partition(" ")[0]
    if date[:1] != "@" or not seconds.isdigit() or int(seconds) > time.time() - AMEND_AFTER:
        return None
    from credo.gitlink.runner import run

    head = run(root, "log", "-1", "--date=raw", f"--format=%ad%n{_CREDO_TRAILERS}", "HEAD")
    lines = head.stdout.decode("utf-8", "surrogateescape").splitlines()
    if head.returncode != 0 or not lines or lines[0] != date[1:]:
        return None
    return [line for line in lines[1:] if line]


def add_trailers(message_file: str, lines: list[str], root: str) -> None:
    """Append trailers (`Key: value`) to a commit message, skipping ones already there.

    A message with no text yet (the editor opens on git's comments) then starts with two
    blank lines, as `git commit -s` leaves it: the subject typed on the first stays a
    paragraph of its own (right above the trailers, git would read them as part of the
    subject line, never as trailers)."""
    from credo.gitlink.runner import git_in_place

    text = _read(message_file)
    marks = comment_marks(root, text)
    message = _message(text, marks)
    blank = not any(line.strip() and not line.startswith(marks) for line in message)
    # --no-divider: a `---` line is the message's own (git log reads it whole), not a patch.
    args = ["interpret-trailers", "--in-place", "--no-divider", "--if-exists", "doNothing"]
    for line in lines:
        args += ["--trailer", line]
    git_in_place(root, *args, message_file)
    if blank:
        _write(message_file, "\n\n" + _read(message_file).lstrip("\n"))


TEMPLATE = ".credo-template"
"""Added to the message file's name: a copy of a `commit.template` message as
prepare-commit-msg left it, trailers and all, for the commit-msg hook to tell whether the
person edited it (its shell calls Python whenever the copy is there)."""


def drop_lone_trailers(message_file: str, root: str) -> int:
    """The commit-msg hook: a message of nothing but credo's trailers (and what git counts
    as nothing: comments, blank lines, sign-offs) loses them, so that git aborts the commit
    in its own words ("Aborting commit due to empty commit message."), as it would have
    without them: the editor was closed without a word typed (or `-m ""` given). So does
    a `commit.template` the editor closed on unedited, comments aside ("Aborting commit;
    you did not edit the message."). git decides, as ever: `--allow-empty-message`
    commits the message, empty."""
    text = _read(message_file)
    left = _take(message_file + TEMPLATE)
    if not any(line.startswith(OURS) for line in text.split("\n")):
        return 0  # no trailer of credo's: git is not asked for its comment mark
    marks = comment_marks(root, text)
    message = _message(text, marks)
    said = _said(message, marks)
    unedited = left is not None and said == _said(_message(left, marks), marks)
    if not unedited and any(not line.startswith((*OURS, SIGN_OFF)) for line in said):
        return 0
    _write(message_file, "\n".join(line for line in message if not line.startswith(OURS)))
    return 0


def _said(message: list[str], marks: tuple[str, ...]) -> list[str]:
    """The lines of a message git keeps: not blank, not a comment."""
    return [line.rstrip() for line in message if line.strip() and not line.startswith(marks)]


def _take(path: str) -> str | None:
    """The text of the file `path`, which is then removed; None when there is none."""
    try:
        text = _read(path)
    except FileNotFoundError:
        return None
    os.unlink(path)
    return text


def _read(message_file: str) -> str:
    with open(message_file, encoding="utf-8", errors="surrogateescape") as handle:
        return handle.read()


def _write(message_file: str, text: str) -> None:
    with open(message_file, "w", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write(text)


def main(argv: list[str]) -> int:
    """`MSG [SOURCE]` as git passes them to prepare-commit-msg (`MSG commit commit-msg`
    from the commit-msg hook: `drop_lone_trailers`); a merge (however concluded) or squash message
    gets nothing, nor an old commit's message (an amend, `-c`/`-C`, a rebase's reword, a
    cherry-pick); an amend given a new message gets back the trailers the commit had, and
    no others: amended, a commit stays linked to what it was, and to nothing new."""
    if tuple(argv[1:]) in (CHECK_ARGS, (CHECK,)):
        return drop_lone_trailers(argv[0], os.getcwd())
    source = argv[1] if argv[1:2] else ""
    if not argv or source in NOTHING_FOR:
        return 0
    root = os.getcwd()  # git runs hooks at the top of the work tree
    git_folder = _git_folder(root)
    if _replaying(git_folder, source):
        return 0
    gc.disable()  # a short process: collections would only walk what it just made
    try:
        kept = _amended(root) if source == "message" else None
        found = trailers(root, git_folder) if kept is None else kept
        if found:
            add_trailers(argv[0], found, root)
            if source == "template":
                _write(argv[0] + TEMPLATE, _read(argv[0]))
    except CredoError as error:
        from credo.display import visible

        print(visible(f"credo: {error.message} (no trailers added)"), file=sys.stderr)
        return 1
    finally:
        gc.freeze()  # what the full answer loaded: left out of the collections on the way out
    return 0
