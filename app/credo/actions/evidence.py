"""Keep a result as the evidence of a checklist item (`credo data ... --record PACK/ITEM`)."""

from __future__ import annotations

from pathlib import Path

from credo.checklists.packs import get_pack
from credo.data.show import Finding, plain
from credo.domain.models import Evidence, EvidenceSource
from credo.errors import BadInputError
from credo.runs.fingerprint import project_cache
from credo.store.ids import new_id
from credo.store.store import Change, Store


def parse_target(target: str) -> tuple[str, str]:
    """`data/label-balance` -> ("data", "label-balance")."""
    pack, slash, item = target.strip().partition("/")
    if not slash or not pack or not item:
        raise BadInputError(f"--record takes PACK/ITEM (e.g. data/label-balance), got {target!r}")
    return pack, item


def check_target(store: Store, target: str) -> tuple[str, str]:
    """The pack and item of `PACK/ITEM`, or a clear error naming the pack's items."""
    pack_name, item_id = parse_target(target)
    known = [item.id for item in get_pack(store, pack_name).items]
    if item_id not in known:
        raise BadInputError(f"{pack_name} has no item {item_id!r}; its items: {', '.join(known)}")
    return pack_name, item_id


def record_evidence(
    store: Store, target: str, finding: Finding, command: list[str]
) -> tuple[Evidence, list[Change]]:
    """Save `finding` as the evidence of `target`, resting on its files as they are now."""
    from credo.actions.experiments import running_experiment
    from credo.gitlink.state import capture

    pack_name, item_id = check_target(store, target)
    cache = project_cache(store)
    fingerprints = {
        _label(store, path): cache.fingerprint(path.resolve()) for path in finding.files
    }
    cache.save()
    state = capture(store.project_root, patch_limit=store.config.patch_limit_bytes)
    running = running_experiment(store)
    record = Evidence(
        id=new_id(),
        pack=pack_name,
        item=item_id,
        source=EvidenceSource.DATA,
        command=command,
        fingerprints=fingerprints,
        git=state.to_git_state(),
        experiment=running.id if running else None,
        passed=finding.passed,
        summary=finding.summary(),
        details=plain(finding.render()),
    )
    return record, [store.create(record)]


def _label(store: Store, path: Path) -> str:
    """Relative to the project when inside it (so the record holds in every clone)."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(store.project_root).as_posix()
    except ValueError:
        return str(resolved)
