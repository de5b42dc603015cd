"""One data check as the shell would type it: the shell and the Data screen both run
checks through here, and the command it prints is what evidence records."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from credo.data.engine import DataError, Engine
from credo.data.readers import Dataset
from credo.data.show import Finding

KINDS = ("look", "balance", "overlap", "cues", "diff")


@dataclass(frozen=True)
class Request:
    kind: str
    paths: tuple[str, ...]
    """As given (relative to `base`); two for overlap and diff."""
    label: str | None = None
    by: tuple[str, ...] = ()
    split: str | None = None
    key: str | None = None
    text: str | None = None
    n: int = 5
    seed: int = 0
    top: int = 15
    min_support: int | None = None
    ignore: tuple[str, ...] = ()
    """Columns cues leaves out."""

    def command(self, record: str | None = None) -> list[str]:
        """`credo data KIND PATH... --option value`, default options left out."""
        words = ["credo", "data", self.kind, *self.paths]
        options: list[tuple[str, object]] = [("--label", self.label)]
        options += [("--by", col) for col in self.by]
        options += [("--split", self.split), ("--key", self.key), ("--text", self.text)]
        if self.kind in ("look", "diff"):
            options += [("-n", self.n if self.n != 5 else None)]
            options += [("--seed", self.seed or None)]
        if self.kind == "cues":
            options += [("--top", self.top if self.top != 15 else None)]
            options += [("--min-support", self.min_support)]
            options += [("--ignore", col) for col in self.ignore]
        options += [("--record", record)]
        for flag, value in options:
            if value is not None:
                words += [flag, str(value)]
        return words

    def words(self) -> str:
        return shlex.join(self.command())

    def run(self, engine: Engine, base: Path) -> Finding:
        """Open the files (relative to `base`) and run the check."""
        from credo.data import balance, cues, diff, look, overlap

        if not all(p.strip() for p in self.paths):  # an unset variable: not the whole project
            raise DataError("an empty path: give a data file or folder")
        places = [_under(base, p) for p in self.paths]
        if len(places) == 2 and places[0].resolve() == places[1].resolve():
            raise DataError(
                f"{self.paths[0]} and {self.paths[1]} are the same file: "
                f"{self.kind} compares two different ones"
            )
        named = zip(places, self.paths, strict=True)
        data = [Dataset.open(place, engine, name=name) for place, name in named]
        group = self.by[0] if self.by else None
        if self.kind == "look":
            return look.look(data[0], list(self.by), self.n, self.seed)
        if self.kind == "balance":
            assert self.label is not None
            return balance.balance(data[0], self.label, group, self.split)
        if self.kind == "overlap":
            return overlap.overlap(data[0], data[1], self.key)
        if self.kind == "cues":
            assert self.label is not None
            return cues.cues(
                data[0],
                self.label,
                self.text,
                top=self.top,
                min_support=self.min_support,
                ignore=self.ignore,
            )
        return diff.diff(data[0], data[1], self.key, group, samples=self.n, seed=self.seed)


def _under(base: Path, path: str) -> Path:
    given = Path(path)
    return given if given.is_absolute() else base / given
