"""Checklist packs: built-in ones ship in the package; a project adds or overrides its own
in `.credo/checklists/<name>.toml`. Broken files are reported, never fatal."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from credo.domain.models import ChecklistItem, ChecklistPack
from credo.errors import BadFileError, NotFoundError
from credo.store.confine import PACK_CAP, UnsafePathError, read_capped
from credo.store.files import line_of, unknown_field, validate_item
from credo.store.store import Store

BUILTIN_DIR = Path(__file__).parent / "builtin"
DATA_PACK = "data"
"""Asked first in the default review: garbage in, garbage out."""


@dataclass(frozen=True)
class PackSource:
    """A loaded pack and where it came from."""

    pack: ChecklistPack
    origin: str
    """`built-in`, `project`, or `project (overrides built-in)`."""
    path: Path


@dataclass
class Catalog:
    """Every usable pack by name, and the pack files that could not be read."""

    packs: dict[str, PackSource] = field(default_factory=dict)
    broken: dict[str, BadFileError] = field(default_factory=dict)
    """By file name stem: a broken project file hides the built-in pack of that name
    (the project meant to replace it), so nothing silently falls back to it."""
    unknown: list[str] = field(default_factory=list)
    """One line per field of a usable pack that this version does not know: a newer
    credo's pack still loads, and a typo (`comand`) is said, not silently ignored."""

    @property
    def problems(self) -> list[str]:
        return [error.message for error in self.broken.values()]


def _read(path: Path, label: str) -> tuple[ChecklistPack, list[str]]:
    """The pack in the file, and a line for each field of it this credo does not know."""
    try:
        raw = read_capped(path, label, PACK_CAP, "a checklist pack")
    except OSError as error:
        raise BadFileError(label, f"cannot be read ({error.strerror or error})") from None
    pack = validate_item(ChecklistPack, raw, label)
    from credo.checklists.offers import OFFERS
    from credo.checklists.verifiers import VERIFIERS

    text = raw.decode("utf-8", "replace")
    for index, item in enumerate(pack.items):
        if item.verify and item.verify not in VERIFIERS:
            raise BadFileError(
                label,
                f"item {item.id!r}: no verifier {item.verify!r} (known: {', '.join(VERIFIERS)})",
            )
        if item.offer and item.offer not in OFFERS:
            line = line_of(text, ("items", index, "offer"))
            raise BadFileError(
                label,
                f"item {item.id!r}: field 'offer'{line} names no fact credo knows,"
                f" {item.offer!r} (known: {', '.join(OFFERS)})",
            )
    if pack.name != path.stem:
        raise BadFileError(
            label,
            f"field 'name' is {pack.name!r} but the file name says {path.stem!r}; "
            "make them the same",
        )
    return pack, unknown_fields(pack, label, text)


def unknown_fields(pack: ChecklistPack, label: str, text: str) -> list[str]:
    """What `Catalog.unknown` says of one pack file (its `text`): each field the models
    do not know, with its line."""
    said = [
        unknown_field(label, name, ChecklistPack.model_fields, text=text)
        for name in pack.model_extra or {}
    ]
    return said + [
        unknown_field(
            label, name, ChecklistItem.model_fields, f"item {item.id!r}: ", text, ("items", index)
        )
        for index, item in enumerate(pack.items)
        for name in item.model_extra or {}
    ]


def load_catalog(store: Store | None) -> Catalog:
    """Built-in packs, then the project's (which add or override by name)."""
    catalog = Catalog()
    folders = [(BUILTIN_DIR, "built-in")]
    if store is not None:
        try:
            folders.append((store.folder("checklists"), "project"))
        except UnsafePathError as error:  # the built-in packs still load
            catalog.broken["checklists/"] = error
    for folder, origin in folders:
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            label = store.label(path) if store is not None and origin == "project" else path.name
            try:
                pack, unknown = _read(path, label)
            except BadFileError as error:
                catalog.broken[path.stem] = error
                catalog.packs.pop(path.stem, None)
                continue
            catalog.unknown += unknown
            where = origin
            if origin == "project" and pack.name in catalog.packs:
                where = "project (overrides built-in)"
            catalog.packs[pack.name] = PackSource(pack, where, path)
    return catalog


def load_packs(store: Store | None) -> tuple[dict[str, PackSource], list[str]]:
    """Every usable pack by name (project packs win), and one message per broken file."""
    catalog = load_catalog(store)
    return catalog.packs, catalog.problems


def get_pack(store: Store, name: str, catalog: Catalog | None = None) -> ChecklistPack:
    """One pack by name, or a clear error (naming the broken file if that is why)."""
    catalog = catalog or load_catalog(store)
    if name in catalog.packs:
        return catalog.packs[name].pack
    if name in catalog.broken:
        raise catalog.broken[name]
    known = ", ".join(sorted(catalog.packs)) or "none"
    raise NotFoundError(
        f"no checklist pack {name!r} (known: {known}; see credo check --list)",
        command="credo check --list",
    )
