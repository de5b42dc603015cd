"""`credo data diff BEFORE AFTER`: what a filtering step dropped and what it kept.

Records are paired by `--key` (an id that survives the filter) or, without it, by their
whole text, counted as multisets (a record twice before and once after: one dropped).
With a key, a kept record whose text changed is counted as changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from credo.data.readers import BadRows, Dataset, Place, refuse_other_columns
from credo.data.show import (
    Finding,
    bar,
    count,
    no_records,
    record_text,
    share,
    sign,
    title,
    value,
)

SAMPLES = 5


@dataclass
class GroupDrop:
    """One group's records: `before` = kept + dropped; `after` = kept + added, unless a
    keyed record changed group (it is kept in its group before)."""

    group: str | None
    before: int
    after: int
    dropped: int
    added: int
    """In after, not in before."""

    @property
    def kept(self) -> int:
        return self.before - self.dropped


@dataclass
class Diff(Finding):
    before: str = ""
    after: str = ""
    unit: str = "line"
    key: str | None = None
    by: str | None = None
    seed: int = 0
    before_records: int = 0
    after_records: int = 0
    before_empty: str = ""
    """Why `before` gave no record (`Dataset.why_empty`)."""
    dropped: int = 0
    added: int = 0
    changed: int = 0
    before_bad: BadRows = field(default_factory=BadRows)
    after_bad: BadRows = field(default_factory=BadRows)
    groups: list[GroupDrop] = field(default_factory=list)
    dropped_samples: list[tuple[Place, str]] = field(default_factory=list)
    kept_samples: list[tuple[Place, str]] = field(default_factory=list)

    @property
    def kept(self) -> int:
        return self.before_records - self.dropped

    @property
    def what(self) -> str:
        return f"paired by {self.key}" if self.key else "paired by whole record"

    @property
    def passed(self) -> bool:
        """A filter's output read against no input is nothing read: `--record` keeps it
        holding the item open. (An empty `after`, all dropped, is read in full.)"""
        return bool(self.before_records)

    def summary(self) -> str:
        if not self.before_records:
            return no_records(self.before, self.before_empty)
        text = (
            f"{self.before} → {self.after}: dropped {count(self.dropped)} of "
            f"{count(self.before_records)} ({share(self.dropped, self.before_records)}), "
            f"kept {count(self.kept)}"
        )
        if self.changed:
            text += f", {count(self.changed)} changed"
        if self.added:
            text += f", {count(self.added)} not in before"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "diff",
            "before": self.before,
            "after": self.after,
            "key": self.key,
            "by": self.by,
            "seed": self.seed,
            "before_records": self.before_records,
            "after_records": self.after_records,
            "passed": self.passed,
            "dropped": self.dropped,
            "kept": self.kept,
            "changed": self.changed,
            "added": self.added,
            "before_bad_rows": self.before_bad.to_json(),
            "after_bad_rows": self.after_bad.to_json(),
            "groups": [
                {
                    "group": g.group,
                    "before": g.before,
                    "after": g.after,
                    "dropped": g.dropped,
                    "kept": g.kept,
                    "added": g.added,
                }
                for g in self.groups
            ],
            "dropped_samples": [p.to_json() | {"record": r} for p, r in self.dropped_samples],
            "kept_samples": [p.to_json() | {"record": r} for p, r in self.kept_samples],
            "summary": self.summary(),
        }

    def parts(self) -> list[RenderableType]:
        out: list[RenderableType] = [title("diff", f"{self.before} → {self.after}", self.what)]
        for name, bad in ((self.before, self.before_bad), (self.after, self.after_bad)):
            if bad.count:
                out.append(Text(f"{name}: {bad.words(self.unit)}", style="yellow"))
        numbers = Text("\n")
        numbers.append(f"{count(self.before_records):>12} ", style="bold")
        numbers.append("before\n")
        numbers.append(f"{count(self.dropped):>12} ", style="bold red" if self.dropped else "bold")
        numbers.append(f"dropped ({share(self.dropped, self.before_records)})\n")
        numbers.append(f"{count(self.kept):>12} ", style="bold")
        numbers.append("kept")
        if self.key:
            numbers.append(f", {count(self.changed)} of them changed")
        if self.added:
            numbers.append(f"\n{count(self.added):>12} ", style="bold yellow")
            numbers.append(
                f"in {self.after} but not in {self.before}"
                + ("" if self.key else " (changed by the filter? --key ID pairs them)")
            )
        out.append(numbers)
        if self.groups:
            table = Table(box=None, pad_edge=False, header_style="dim", padding=(0, 1))
            table.add_column(self.by or "", overflow="fold", max_width=24)
            table.add_column("before", justify="right")
            table.add_column("kept", justify="right")
            table.add_column("dropped", justify="right")
            table.add_column("", justify="right")
            table.add_column("", no_wrap=True)
            if self.added:  # in after but not in before: apart, so before = kept + dropped
                table.add_column("added", justify="right")
            for g in self.groups:
                table.add_row(
                    Text(value(g.group)),
                    count(g.before),
                    count(g.kept),
                    count(g.dropped),
                    share(g.dropped, g.before),
                    sign(bar(g.dropped / g.before if g.before else 0, 10), "red"),
                    *([count(g.added)] if self.added else []),
                )
            out += [Text(""), table]
        for heading, samples, source in (
            ("dropped", self.dropped_samples, self.before),
            ("kept", self.kept_samples, self.after),
        ):
            total = self.dropped if heading == "dropped" else self.kept
            if not samples:
                continue
            out.append(Text(""))
            out.append(
                Text(
                    f"{heading}: {len(samples)} of {count(total)} at random (seed {self.seed})",
                    style="bold",
                )
            )
            for index, (place, raw) in enumerate(samples):
                if index:
                    out.append(Text(""))
                out.append(Text(place.words(self.unit, source), style="dim"))
                out.append(record_text(raw, 1200, self.unit))
        if not self.before_records:
            words = no_records(value(self.before), self.before_empty)
            out += [Text(""), Text(f"? {words}", style="yellow")]
        return out


def diff(
    before: Dataset,
    after: Dataset,
    key: str | None = None,
    by: str | None = None,
    *,
    samples: int = SAMPLES,
    seed: int = 0,
) -> Diff:
    """Pair the records of `before` and `after`; count and sample what was dropped and kept."""
    before.require(key, by)
    after.require(key, by)
    engine = before.engine
    _side(before, "b", key, by)
    _side(after, "a", key, by)
    b_bad, b_records = engine.one("SELECT count(*) FILTER (bad), count(*) FILTER (NOT bad) FROM b")
    a_bad, a_records = engine.one("SELECT count(*) FILTER (bad), count(*) FILTER (NOT bad) FROM a")
    engine.rows(
        "CREATE OR REPLACE TEMP TABLE pairs AS SELECT b._line AS b_line, a._line AS a_line, "
        "b.g AS b_g, a.g AS a_g, b.r <> a.r AS changed FROM (SELECT * FROM b WHERE NOT bad) b "
        "FULL JOIN (SELECT * FROM a WHERE NOT bad) a ON b.k = a.k AND b.nth = a.nth"
    )
    dropped, added, changed = engine.one(
        "SELECT count(*) FILTER (a_line IS NULL), count(*) FILTER (b_line IS NULL), "
        "count(*) FILTER (changed) FROM pairs"
    )
    groups = []
    if by:
        rows = engine.rows(
            "SELECT g, sum(before), sum(after), sum(dropped), sum(added) FROM ("
            "SELECT b_g AS g, count(b_line) AS before, 0 AS after, "
            "count(*) FILTER (a_line IS NULL) AS dropped, 0 AS added FROM pairs "
            "WHERE b_line IS NOT NULL GROUP BY ALL UNION ALL "
            "SELECT a_g, 0, count(*), 0, count(*) FILTER (b_line IS NULL) FROM pairs "
            "WHERE a_line IS NOT NULL GROUP BY ALL) GROUP BY g "
            # what a filter took out: the groups it took most of first, then the most records
            "ORDER BY coalesce(sum(dropped) / nullif(sum(before), 0), 0) DESC, "
            "sum(dropped) DESC, g"
        )
        groups = [GroupDrop(g, int(b), int(a), int(d), int(n)) for g, b, a, d, n in rows]
    found = Diff(
        "diff",
        [before.path, after.path],
        before=before.name,
        after=after.name,
        unit=before.unit,
        key=key,
        by=by,
        seed=seed,
        before_records=b_records,
        after_records=a_records,
        dropped=dropped,
        added=added,
        changed=changed if key else 0,
        before_bad=before.bad_rows(b_bad),
        before_empty=before.why_empty(b_records, before.bad_rows(b_bad)),
        after_bad=after.bad_rows(a_bad),
        groups=groups,
    )
    found.dropped_samples = _sample(before, "b_line", "a_line IS NULL", samples, seed)
    found.kept_samples = _sample(after, "a_line", "b_line IS NOT NULL", samples, seed)
    engine.rows("DROP TABLE IF EXISTS b; DROP TABLE IF EXISTS a; DROP TABLE IF EXISTS pairs")
    if not key and dropped == b_records and b_records and a_records:  # nothing paired
        refuse_other_columns(before, after)
    return found


def _side(data: Dataset, name: str, key: str | None, by: str | None) -> None:
    """One side as a table: each record's line, group, pairing hash `k` (the key's value
    or the whole record), content hash `r`, and `nth`: the n-th copy of a `k` on one side
    pairs with the n-th copy on the other."""
    content = data.content()
    compared = '"key"' if key else content
    data.rows(
        lambda: (
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT _line, bad, g, k, r, "
            "row_number() OVER (PARTITION BY k ORDER BY _line) AS nth FROM (SELECT _line, "
            f"_bad IS NOT NULL AS bad, g, hash({compared}) AS k, hash({content}) AS r "
            f"FROM ({data.records({'key': key, 'g': by}, raw=True, keys=('key',))}))"
        )
    )


def _sample(data: Dataset, line: str, where: str, n: int, seed: int) -> list[tuple[Place, str]]:
    """`n` records of `data` at random (the same ones for the same seed), read back raw."""
    if n <= 0:
        return []
    picked = [
        row[0]
        for row in data.engine.rows(
            f"SELECT {line} FROM pairs WHERE {where} AND {line} IS NOT NULL "
            f"ORDER BY hash({line} + {int(seed)}), {line} LIMIT {int(n)}"
        )
    ]
    if not picked:
        return []
    lines = ", ".join(str(p) for p in picked)
    raw = dict(
        data.rows(
            lambda: (
                f"SELECT _line, _raw FROM ({data.holding(picked).records({}, raw=True)}) "
                f"WHERE _line IN ({lines})"
            )
        )
    )
    on_disk = data.on_disk()
    return [(on_disk(p), str(raw.get(p, ""))) for p in sorted(picked)]
