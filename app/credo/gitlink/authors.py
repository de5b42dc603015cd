"""The people of a repository: its commit authors, who tasks are given to, and who is
committing now."""

from __future__ import annotations

import os

from credo.errors import CredoError

TYPE_CHECKING = False  # not `typing`'s: the commit hook imports this module
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from credo.store import Store


AUTHORS_READ = 10_000
"""HEAD's newest commits whose authors are the people of a repository: the whole history
of a fork of a big project (80,000 commits) took a second and a half at each commit, for
names long gone from it."""


def git_authors(root: Path | None) -> list[str]:
    """Author names (mailmap applied) of HEAD's newest `AUTHORS_READ` commits, the most
    frequent first (`read_authors`)."""
    return read_authors(root)[0]


def read_authors(root: str | Path | None) -> tuple[list[str], dict[str, str]]:
    """Author names (mailmap applied) of HEAD's newest `AUTHORS_READ` commits, the most
    frequent first; and each e-mail they wrote (as written and as mailmapped, in lower
    case) -> the name of the newest commit made with it.

    Empty outside git or before the first commit. One `git log` pass.
    """
    from collections import Counter

    from credo.gitlink.runner import git

    if root is None:
        return [], {}
    try:
        raw = git(root, "log", f"--max-count={AUTHORS_READ}", "--format=%aN%x00%ae%x00%aE", "HEAD")
    except CredoError:
        return [], {}
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for line in raw.decode("utf-8", "replace").splitlines():
        name, email, mapped = (line.split("\0") + ["", ""])[:3]
        if name:
            counts[name] += 1
            for each in (email.lower(), mapped.lower()):
                if each:
                    names.setdefault(each, name)
    return [name for name, _ in counts.most_common()], names


def project_people(store: Store) -> list[str]:
    """Who a task can be given to (`people_of`): the tasks read from the load cache
    (`Store.glance`), the git authors from one `git log` pass."""
    from credo.domain.assignees import people_of
    from credo.domain.models import Task

    named = (raw.get("assignee") for raw in store.glance(Task).values())
    return people_of(named, git_authors(store.git_root))


def git_user(root: str | Path | None) -> tuple[str, str] | None:
    """(name, email) git would commit as here (config and GIT_AUTHOR_* applied), if set."""
    from credo.gitlink.runner import git_answer

    try:
        raw = git_answer(root or os.getcwd(), "var", "GIT_AUTHOR_IDENT")
    except CredoError:  # no git
        return None
    if raw is None:  # no name set (git would refuse to commit)
        return None
    ident = raw.decode("utf-8", "replace").strip()
    name, _, rest = ident.partition(" <")
    email = rest.partition(">")[0]
    return (name.strip(), email.strip()) if name.strip() else None


def config_files_read(root: str | Path) -> list[str]:
    """The files git read its config from at `root` (`git config --show-origin`): those
    the repository's, the person's and the system's include (include.path, includeIf)
    with them, and every file an include names, there or not (git names no key of a
    file missing or empty: one made later is watched all the same); none when git
    refuses."""
    from credo.gitlink.runner import git_answer

    raw = git_answer(root, "config", "--list", "--show-origin", "-z")
    fields = (raw or b"").split(b"\0")  # each origin, then its key and value
    found: set[str] = set()
    for origin, entry in zip(fields[::2], fields[1::2], strict=False):
        if not origin.startswith(b"file:"):
            continue
        file = os.path.join(root, os.fsdecode(origin[5:]))  # relative: to the top
        found.add(file)
        key, _, value = entry.partition(b"\n")
        if value and (
            key == b"include.path" or key.startswith(b"includeif.") and key.endswith(b".path")
        ):
            # as git reads it: `~` is the home folder, else from the file naming it
            named = os.path.expanduser(os.fsdecode(value))
            found.add(os.path.join(os.path.dirname(file), named))
    return sorted(found)


class GitUser:
    """`git_user` at `root` for an app that wants it again and again (who is at the
    keyboard, the names the board shows): git asked once, and again only when a git
    config file it reads here changed (the repository's, the person's, the system's and
    those they include, as git last named them, one missing then included: stat'ed at
    each ask). Callable from any thread."""

    def __init__(self, root: str | Path | None) -> None:
        from threading import Lock

        self.root = root
        self.lock = Lock()
        """Held while git is asked: two workers asking at once ask once."""
        self.read_at: tuple[object, ...] | None = None
        """The config files' stamps git was last asked at."""
        self.included: list[str] = []
        """The files git read its config from at the last ask and those its includes name
        (`config_files_read`)."""
        self.user: tuple[str, str] | None = None

    def __call__(self) -> tuple[str, str] | None:
        with self.lock:
            stamps = self.stamps()
            if stamps != self.read_at:
                if self.root is not None:  # a file included since is watched from now
                    self.included = config_files_read(self.root)
                    stamps = self.stamps()  # before git reads them: a change meanwhile asks again
                self.user, self.read_at = git_user(self.root), stamps
            return self.user

    def stamps(self) -> tuple[object, ...]:
        from pathlib import Path

        from credo.store.paths import git_common_dir, other_config_files
        from credo.store.stamps import STAMP

        if self.root is None:
            return ()
        root = Path(self.root)
        try:
            files = [str(git_common_dir(root) / "config"), *other_config_files(root)]
        except (OSError, ValueError):  # a `.git` file credo cannot read: git says the rest
            files = other_config_files(root)
        found: list[object] = []
        for file in [*files, *self.included]:
            try:
                found.append(STAMP(os.stat(file)))  # a link's target: dotfiles are links
            except OSError:
                found.append(None)
        return tuple(found)


def email_names(
    root: str | Path | None,
    emails: Iterable[str] | None,
    by_email: dict[str, str] | None = None,
    user: Callable[[], tuple[str, str] | None] | None = None,
) -> dict[str, str]:
    """How credo names people it records by their git e-mail (`in_progress_by`), as the
    board shows people (`Ada Lovelace`): e-mail (lower case) -> name, where git knows it
    (this clone's git user, else the newest of HEAD's `AUTHORS_READ` newest commits made
    with that e-mail, mailmap applied). `emails`: the ones wanted (None: every author's),
    `git log` read only when one is not the git user's; `by_email`: the authors' e-mails
    as `read_authors` read them already; `user`: git's user as the app keeps it
    (`GitUser`), else asked of git here. Look a name up with `domain.assignees.known_as`:
    one not here (an agent, a login name, an e-mail no commit here has) is named as
    recorded."""
    wanted = None if emails is None else {e.lower() for e in emails if "@" in e}
    if root is None or wanted == set():
        return {}
    found = git_user(root) if user is None else user()
    mine = {found[1].lower(): found[0]} if found is not None and found[1] else {}
    if wanted is not None and wanted <= mine.keys():
        return mine
    return (read_authors(root)[1] if by_email is None else by_email) | mine


def name_of(root: str | Path | None, who: str) -> str:
    """`who` (a git e-mail, as `in_progress_by` records people) by their name where git
    knows it, else as recorded: `domain.assignees.known_as` with the names asked of git
    here (`email_names`). One `git log` pass at most: asked for a refusal only."""
    from credo.domain.assignees import known_as as named

    return named(email_names(root, [who]), who)


def person(
    root: str | Path | None, user: Callable[[], tuple[str, str] | None] | None = None
) -> str:
    """Who is at the keyboard, as `in_progress_by` records it: the git author's e-mail
    (what git would put in a commit made now), else their name, else (outside git) the
    login name. In a commit hook git has already said (GIT_AUTHOR_EMAIL, with `--author`
    applied): no git call then. `user`: git's user as the app keeps it (`GitUser`), else
    asked of git here. CredoError when none of them names anyone (a container's
    user with no passwd entry and no git identity)."""
    email = os.environ.get("GIT_AUTHOR_EMAIL", "").strip()
    if email:
        return email.lower()
    found = None  # outside git: no git user
    if root is not None:
        found = git_user(root) if user is None else user()
    if found is not None:
        name, email = found
        return email.lower() or name
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no $USER and no passwd entry: `docker run --user 1234`
        raise CredoError(
            "credo cannot tell who you are: git has no e-mail for you here and user id "
            f"{os.getuid()} has no name (no passwd entry, no $USER); give git yours with "
            "`git config --global user.email you@example.com` (or set USER)"
        ) from None


def known_person(
    root: str | Path | None, user: Callable[[], tuple[str, str] | None] | None = None
) -> str | None:
    """`person`, or None where no one can be named (then nothing is refused for it)."""
    try:
        return person(root, user)
    except CredoError:
        return None


def me_when_asked(root: str | Path | None) -> Callable[[], str | None]:
    """`known_person` at `root`, asked the first time the answer is wanted, then kept:
    only a record naming another project of this host and who started it there wants
    it (`store.active.runs_there`), and git is not asked for the others."""
    from functools import cache

    return cache(lambda: known_person(root))


def at_keyboard(root: str | Path | None) -> str:
    """Who starts a task now, as `in_progress_by` records it: in a coding agent's shell the
    agent (`agent:claude`: the commit hook links the agent's commits to it, and the agent
    may claim it through `credo mcp`), else the person (`person`)."""
    from credo.domain.actors import actor_from_env

    return actor_from_env(os.environ) or person(root)
