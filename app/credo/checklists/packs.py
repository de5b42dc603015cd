"""Checklist packs: built-in ones ship in the package; a project adds or overrides its own
in `.credo/checklists/<name>.toml`. Broken files are reported, never fatal."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from credo.domain.models import ChecklistPack
from credo.errors import BadFileError, NotFoundError
from credo.store.files import describe_validation, parse_toml_bytes
from credo.store.store import Store

BUILTIN_DIR = Path(__file__).parent / "builtin"


@dataclass(frozen=True)
class PackSource:
    """A loaded pack and where it came from."""

    pack: ChecklistPack
    origin: str
    """`built-in`, `project`, or `project (overrides built-in)`."""
    path: Path


def _read(path: Path, label: str) -> ChecklistPack:
    raw = path.read_bytes()
    data = parse_toml_bytes(raw, label)
    try:
        pack = ChecklistPack.model_validate(data)
    except ValidationError as error:
        raise describe_validation(error, label, raw.decode("utf-8", "replace")) from None
    if pack.name != path.stem:
        raise BadFileError(
            label, f"field 'name' is {pack.name!r} but the file name says {path.stem!r}"
        )
    return pack


def load_packs(store: Store | None) -> tuple[dict[str, PackSource], list[str]]:
    """Every pack by name (project packs win), and one message per broken file."""
    packs: dict[str, PackSource] = {}
    problems: list[str] = []
    folders = [(BUILTIN_DIR, "built-in")]
    if store is not None:
        folders.append((store.credo_dir / "checklists", "project"))
    for folder, origin in folders:
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            label = store.label(path) if store is not None and origin == "project" else path.name
            try:
                pack = _read(path, label)
            except BadFileError as error:
                problems.append(error.message)
                continue
            where = origin
            if origin == "project" and pack.name in packs:
                where = "project (overrides built-in)"
            packs[pack.name] = PackSource(pack, where, path)
    return packs, problems


def get_pack(store: Store, name: str) -> ChecklistPack:
    """One pack by name, or a clear error (naming a broken file if that is why)."""
    packs, problems = load_packs(store)
    if name in packs:
        return packs[name].pack
    broken = [p for p in problems if f"{name}.toml" in p]
    if broken:
        raise BadFileError(broken[0].split(":")[0], broken[0].split(": ", 1)[1])
    known = ", ".join(sorted(packs)) or "none"
    raise NotFoundError(f"no checklist pack {name!r} (known: {known}; see credo check --list)")
