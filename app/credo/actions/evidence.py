"""Keep a result as the evidence of a checklist item (`credo data ... --record PACK/ITEM`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from credo.checklists.gate import ACK_COMMAND, ack_advice
from credo.checklists.packs import get_pack
from credo.data.show import Finding, plain
from credo.domain.models import Evidence, EvidenceSource, Experiment, GitState, Run, now
from credo.errors import BadInputError, CredoError
from credo.runs.fingerprint import FingerprintCache
from credo.store.ids import new_id
from credo.store.paths import data_paths_from_here
from credo.store.store import Change, Store
from credo.text.words import data_named

if TYPE_CHECKING:
    from collections.abc import Sequence

    from credo.checklists.verdict import Checked
    from credo.runs.metrics import Series


def parse_target(target: str) -> tuple[str, str]:
    """`data/label-balance` -> ("data", "label-balance")."""
    pack, slash, item = target.strip().partition("/")
    if not slash or not pack or not item:
        raise BadInputError(f"--record takes PACK/ITEM (e.g. data/label-balance), got {target!r}")
    return pack, item


def check_target(store: Store, target: str, command: list[str]) -> tuple[str, str]:
    """The pack and item of `PACK/ITEM` when the result of `command` (`credo data KIND
    ...`) can answer it: the item names that command, and the command draws at least the
    records (`-n`) the item's command asks for; else a clear error naming what does answer it."""
    kind = command[2] if len(command) > 2 else ""
    pack_name, item_id = parse_target(target)
    items = {item.id: item for item in get_pack(store, pack_name).items}
    item = items.get(item_id)
    if item is None:
        raise BadInputError(f"{pack_name} has no item {item_id!r}; its items: {', '.join(items)}")
    if not item.answered_by_data(kind):
        if item.command:
            data = data_paths_from_here(store.project_root, store.config.data_paths)
            named, may_be = data_named(item.command.split(" --record")[0], data)
            answer = f"`{named}` answers it" + (f"; DATA: {may_be} (data_paths)" if may_be else "")
        elif item.verify:
            answer = "each run answers it"
        else:
            answer = "a person answers it (credo check)"
        raise BadInputError(f"a `credo data {kind}` result cannot answer {target}: {answer}")
    from credo.data.request import Request

    asked, drawn = records_drawn(item.command.split()), records_drawn(command) or Request.n
    if asked is not None and drawn < asked:
        raise BadInputError(
            f"{target} asks for {asked} records per group (its command: {item.command}); "
            f"this {kind} draws {drawn}: run it with -n {asked} to keep it"
        )
    return pack_name, item_id


def records_drawn(words: list[str]) -> int | None:
    """How many records a command's `-n` draws (None when it does not say)."""
    at = words.index("-n") + 1 if "-n" in words else 0
    return int(words[at]) if 0 < at < len(words) and words[at].isdigit() else None


def record_evidence(
    store: Store, target: str, finding: Finding, command: list[str]
) -> tuple[Evidence, list[Change]]:
    """Save `finding` as the evidence of `target`, resting on its files as they are now.
    `command` is the `credo data KIND ...` that found it. It is kept for the experiment
    the checklists are answered for (`checked_experiment_id`), as a tick is."""
    from credo.actions.checks import checked_experiment_id, code_state

    pack_name, item_id = check_target(store, target, command)
    cache = FingerprintCache(store)
    fingerprints = {
        _label(store, path): cache.fingerprint(path.resolve()) for path in finding.files
    }
    cache.save()
    record = Evidence(
        id=new_id(),
        pack=pack_name,
        item=item_id,
        source=EvidenceSource.DATA,
        command=command,
        fingerprints=fingerprints,
        git=code_state(store),
        experiment=checked_experiment_id(store),
        passed=finding.passed,
        summary=finding.summary(),
        details=plain(finding.render()),
    )
    return record, [store.create(record, named=(Experiment, record.experiment))]


def _label(store: Store, path: Path) -> str:
    """Relative to the project when inside it (so the record holds in every clone)."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(store.project_root).as_posix()
    except ValueError:
        return str(resolved)


def verify_run(
    store: Store, run: Run, series: Series | None = None, *, at: datetime | None = None
) -> tuple[list[Checked], list[Evidence], list[Change]]:
    """Run every verifier the packs name on a finished run (its curves read again unless
    given); keep each clear answer (verified or failed) as the evidence of its item, made
    `at` (now when None: the demo gives its recorded runs' ends)."""
    from credo.checklists.verdict import check_run

    checked = check_run(store, run, series=series)
    moment = at or now()
    records, changes = [], []
    for entry in checked:
        if entry.seen.passed is None:
            continue
        record = Evidence(
            id=new_id(),
            pack=entry.pack,
            item=entry.item.id,
            source=EvidenceSource.RUN,
            command=list(run.command),
            fingerprints=dict(entry.seen.fingerprints),
            run=run.id,
            git=run.git_start or GitState(),
            experiment=run.experiment,
            passed=entry.seen.passed,
            summary=entry.seen.summary,
            details=entry.seen.details,
            created=moment,
            updated=moment,
        )
        changes.append(store.create(record, named=(Experiment, record.experiment)))
        records.append(record)
    return checked, records, changes


def acknowledge(
    store: Store, evidence_ids: list[str], note: str, actor: str
) -> tuple[list[Evidence], list[Change]]:
    """Mark failed results as read, so runs go on at this code; the record stays."""
    done, changes = [], []
    for evidence_id in evidence_ids:
        record, change = store.update(
            Evidence,
            evidence_id,
            lambda e: e.model_copy(
                update={
                    "acknowledged_by": actor,
                    "acknowledged_at": now(),
                    "acknowledged_note": " ".join(note.split()),
                }
            ),
        )
        done.append(record)
        changes.append(change)
    return done, changes


def who_acknowledges(store: Store, acks: Sequence[str] = (ACK_COMMAND,)) -> str:
    """The person at the keyboard: the git user (name), else "someone". Letting runs go
    on over failed checks is a person's decision: an agent's shell is refused, in the
    gate's words (`ack_advice`: `acks` are the commands the person types)."""
    import os

    from credo.domain.actors import actor_from_env
    from credo.gitlink.authors import git_user

    actor = actor_from_env(os.environ)
    if actor:
        raise CredoError(ack_advice(acks, actor))
    user = git_user(store.git_root)
    return user[0] if user else "someone"
