"""Who a task is delegated to: a teammate (a git author) or a coding agent (`agent:NAME`).

Pure rules: cleaning what people type, matching it to the repository's authors, and
deciding whether an assignee answers to a filter word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType

from credo.domain.actors import AGENT_PREFIX, agent_actor
from credo.domain.models import Task, TaskStatus, refuse_controls
from credo.errors import BadInputError, CredoError

AGENT_SHORT = "a:"
"""`agent:` where a row is narrow: `@a:codex`, never `@codex`, read as a person's name."""
AGENT_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
KNOWN_AGENTS = ("agent:claude", "agent:codex", "agent:gemini", "agent:cursor")
"""Offered when completing names; any `agent:NAME` is accepted."""

NO_ASSIGNEE = "@?"
"""Who has an open task of Delegate no one took yet (a closed one needs no one)."""

_WORDS = re.compile(r"[\s:._@-]+")


def known_as(names: Mapping[str, str], who: str) -> str:
    """`who` as people are named to people: a git e-mail (`in_progress_by`) by the name
    `names` gives it (e-mail in lower case -> name: `gitlink.authors.email_names`), else
    as recorded (an agent, a login name, an e-mail no commit here has)."""
    return names.get(who.lower(), who)


NO_HANDLES: Mapping[str, str] = MappingProxyType({})


def who_has(task: Task, in_delegate: bool, handles: Mapping[str, str] = NO_HANDLES) -> str:
    """`@Bruno Carvalho`, `@agent:codex`: the person a handle means (`handles_of`);
    `@?` for an open task of Delegate no one has; else ""."""
    if task.assignee:
        return f"@{handles.get(task.assignee, task.assignee)}"
    return NO_ASSIGNEE if in_delegate and task.is_open else ""


def whole(name: str) -> str:
    return name


def first_name(name: str) -> str:
    return name.split(maxsplit=1)[0] if name.strip() else name


def initials(name: str) -> str:
    return "".join(word[0] for word in name.split())[:3] or name


NAME_FORMS = (whole, first_name, initials)
"""How a person is named where room is short, longest first."""


def who_forms(task: Task, in_delegate: bool, handles: Mapping[str, str] = NO_HANDLES) -> list[str]:
    """`who_has`, then its shorter forms, for a row with less room: a person by first
    name, then by initials; an agent by `a:` and its name (`@a:codex`)."""
    has = who_has(task, in_delegate, handles)
    if not task.assignee:
        return [has] if has else []
    name = handles.get(task.assignee, task.assignee)
    if is_agent(name):
        names = [name, AGENT_SHORT + name.removeprefix(AGENT_PREFIX)]
    else:
        names = [form(name) for form in NAME_FORMS]
    return [f"@{n}" for n in dict.fromkeys(names)]


def is_agent(assignee: str | None) -> bool:
    return bool(assignee) and str(assignee).startswith(AGENT_PREFIX)


def refuse_others(
    task: Task, actor: str, short: Callable[[], str], named: Callable[[str], str]
) -> None:
    """An agent changes only a task no one has or one it has itself (claim, complete,
    edit, reassign): a task a person or another agent has is theirs, its assignee's or,
    with none, whoever has it in progress (`credo start`; an agent that started it in its
    own shell has it itself). `short`: the task's id as the refusal names it; `named`: who
    has it in progress as the refusal names them (their name for their git e-mail); both
    asked only for a refusal (they may list the tasks folder, ask git)."""
    if task.assignee and task.assignee != actor:
        raise CredoError(
            f"task {short()} is {task.assignee}'s (its assignee), not {actor}'s: "
            "ask them, or have a person reassign it"
        )
    by = task.in_progress_by
    if not task.assignee and task.status == TaskStatus.IN_PROGRESS and by and by != actor:
        raise CredoError(
            f"task {short()} is in progress by {named(by)}, not by {actor}: ask them, or have "
            f"a person give it to {actor} (its assignee)"
        )


def client_actor(client: str) -> str:
    """The actor of an MCP client's changes. A known agent is named as the board offers it
    and as its shell says it to `credo run` (`claude-code` -> `agent:claude`,
    `codex-mcp-client` -> `agent:codex`), so it can claim what was delegated to it; any
    other client is `agent:` + its name."""
    actor = agent_actor(client)
    return next((k for k in KNOWN_AGENTS if actor == k or actor.startswith(f"{k}-")), actor)


def clean_assignee(text: str | None) -> str | None:
    """What is stored: `@bruno` -> `bruno`, `@Agent:Codex` -> `agent:codex`; blank -> None."""
    if text is None:
        return None
    name = " ".join(text.split()).lstrip("@").strip()
    if not name:
        return None
    refuse_controls(name, "an assignee")
    if name.lower().startswith(AGENT_PREFIX):
        agent = name[len(AGENT_PREFIX) :].strip().lower()
        if not AGENT_NAME.match(agent):
            raise BadInputError(
                f"{name!r} is not an agent name: use agent:NAME with letters, digits, . _ or -"
            )
        return AGENT_PREFIX + agent
    if len(name) > 100:
        raise BadInputError("an assignee's name is at most 100 characters")
    return name


def _words(text: str) -> list[str]:
    return [w for w in _WORDS.split(text.lower()) if w]


def person_candidates(typed: str, people: Sequence[str]) -> list[str]:
    """The people `typed` can mean: the same name, or one of whose words it starts (an
    agent among them is named by `agent:NAME` only)."""
    key = typed.lower().replace("_", " ")
    people = [p for p in people if not is_agent(p)]
    exact = [p for p in people if p.lower() == key]
    if exact:
        return exact[:1]
    return [
        p for p in people if p.lower().startswith(key) or any(w.startswith(key) for w in _words(p))
    ]


def resolve_assignee(text: str | None, people: Sequence[str] | None) -> str | None:
    """Clean `text`; a person who is exactly one of `people` (git authors, assignees on
    tasks) takes their full name (`bruno` -> `Bruno Silva`). Anyone else is kept as typed."""
    name = clean_assignee(text)
    if name is None or is_agent(name) or not people:
        return name
    found = person_candidates(name, people)
    return found[0] if len(found) == 1 else name


UNKNOWN_PERSON = "neither a git author here nor on a task"
"""Why a name none of the people answers to is kept as typed (`credo add` says it too)."""


def kept_why(name: str | None, people: Sequence[str]) -> str:
    """Why a person `name`, as `resolve_assignee` left it, is kept as typed: none of
    `people` answers to it (`UNKNOWN_PERSON`), or several do (`Ana Ribeiro or Alex
    Silva`); "" when one does, and for an agent or no one."""
    if not name or is_agent(name):
        return ""
    found = person_candidates(name, people)
    if len(found) == 1:
        return ""
    if not found:
        return UNKNOWN_PERSON
    if len(found) > 3:
        return f"{', '.join(found[:3])} or {len(found) - 3} more"
    return f"{', '.join(found[:-1])} or {found[-1]}"


def given_to(name: str | None, people: Sequence[str]) -> str:
    """Who a task goes to as the board's add box says it: `@Ana Ribeiro`, or a name kept
    as typed with why (`@zed (neither a git author here nor on a task: kept as typed)`);
    "" for no one."""
    if not name:
        return ""
    why = kept_why(name, people)
    return f"@{name} ({why}: kept as typed)" if why else f"@{name}"


def assignee_matches(
    assignee: str | None, query: str, handles: Mapping[str, str] = NO_HANDLES
) -> bool:
    """Whether a filter word names this assignee: `bruno` finds `Bruno Silva`,
    `codex` finds `agent:codex`, `agent` finds every agent, and so does `a:codex` (as
    a narrow row shows it, `who_forms`). A handle (`handles_of`) answers to its
    person's name too: `Bruno Carvalho` finds `bruno`."""
    if not assignee:
        return False
    key = query.strip().lstrip("@").lower()
    if not key:
        return False
    if key.startswith(AGENT_SHORT):
        key = AGENT_PREFIX + key.removeprefix(AGENT_SHORT)
    person = handles.get(assignee)
    return any(
        name == key or name.startswith(key) or any(w.startswith(key) for w in _words(name))
        for name in (assignee.lower(), *([person.lower()] if person else []))
    )


def handle_owner(name: str, authors: Sequence[str]) -> str | None:
    """The author whose handle `name` is: a name kept as typed, neither an author nor an
    agent, that answers to one author alone (as `person_candidates` reads it): `bruno`,
    given before Bruno Carvalho's first commit, is his once he has one. None for any
    other name (an author, an agent, a name no author or several answer to)."""
    if is_agent(name) or name.casefold() in (author.casefold() for author in authors):
        return None
    found = person_candidates(name, authors)
    return found[0] if len(found) == 1 else None


def handles_of(assignees: Iterable[object], authors: Sequence[str]) -> dict[str, str]:
    """The handles among `assignees` (`handle_owner`), each with the author it means: the
    one rule by which every face reads a task given as `bruno` as Bruno Carvalho's (the
    lists' filters and rows, `--mine`, the people a task can go to), its file kept as
    it is (no silent change to a teammate's files)."""
    names = {name for name in assignees if isinstance(name, str) and name}
    return {name: owner for name in names if (owner := handle_owner(name, authors))}


def people_of(assignees: Iterable[object], authors: Iterable[str]) -> list[str]:
    """Who a task can be given to: the `assignees` already on tasks (agents too), the most
    given first, then the git `authors` not among them. A teammate who has not committed
    yet is known once a task names them; once they have, their handle (`handles_of`) is
    not a second person: they are offered once, and `@bruno` now means them. The shell,
    the board and the agents' tools all ask this, each from the tasks and authors it
    holds."""
    given = Counter(name for name in assignees if isinstance(name, str) and name)
    authors = list(authors)
    handles = handles_of(given, authors)
    named = (n for n, _ in given.most_common() if n not in handles)
    return list(dict.fromkeys([*named, *authors]))


def names_for(me: str, assignees: Iterable[str], authors: Sequence[str]) -> set[str]:
    """The assignees on tasks that mean `me` (a git user.name): my name in any case, and
    my handle (`handles_of`, me counted among the authors before my first commit)."""
    given = {name for name in assignees if name and not is_agent(name)}
    known = any(author.casefold() == me.casefold() for author in authors)
    handles = handles_of(given, authors if known else [*authors, me])
    return {name for name in given if handles.get(name, name).casefold() == me.casefold()}
