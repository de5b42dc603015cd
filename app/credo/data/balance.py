"""`credo data balance`: labels counted per group (and split), with the groups to worry about.

A group is flagged when it holds one label only, when one label holds most of it, or
when its largest label outnumbers its smallest many times over: a model can then learn
the group instead of the label (the domain instead of the variety).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.box import SIMPLE_HEAD
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from credo.data.engine import DataError
from credo.data.readers import BadRows, Dataset
from credo.data.show import (
    Finding,
    bar,
    classes,
    count,
    no_records,
    role,
    share,
    sign,
    title,
    value,
)
from credo.wording import all_of, counted

DOMINANT = 0.9
"""A label holding this share of a group dominates it."""
UNBALANCED = 5.0
"""A group whose largest label outnumbers its smallest this many times is unbalanced."""


@dataclass
class LabelGroup:
    """The label counts of one group (one value of --by, one split), or of all records."""

    by: str | None
    split: str | None
    counts: dict[str | None, int]
    everything: bool = False
    per_split: bool = False
    """Counted per split: `split` is its value (None: the records that have none)."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def name(self) -> str:
        parts = ["all" if self.everything else value(self.by)]
        if self.per_split:
            parts.append(value(self.split))
        return " · ".join(parts)

    def ratio(self, labels: list[str | None]) -> float | None:
        """Largest over smallest label count (labels absent from the group: infinite).
        Records with no label are no class: they count in no ratio, and a group of them
        alone has none."""
        numbers = [self.counts.get(label, 0) for label in classes(labels)]
        if len(numbers) < 2 or not any(numbers):
            return None
        return float("inf") if min(numbers) == 0 else max(numbers) / min(numbers)

    def flags(self, labels: list[str | None]) -> list[str]:
        """What is wrong with this group's balance, in words (none: fine). Records with no
        label show in the table, as `(missing)`, but are no class to balance."""
        present = {
            label: self.counts[label] for label in classes(self.counts) if self.counts[label]
        }
        labelled = sum(present.values())
        if not labelled:  # unlabelled records are no class, unless the file has none
            return [] if classes(labels) or not self.total else [f"only {value(None)}"]
        if len(present) == 1:
            return [f"only {value(next(iter(present)))}"]
        top, most = max(present.items(), key=lambda pair: pair[1])
        found = []
        if most / labelled >= DOMINANT:
            found.append(f"{value(top)} holds {share(most, labelled)}")
        missing = [value(label) for label in classes(labels) if not self.counts.get(label)]
        if missing:
            found.append("no " + ", ".join(missing))
        ratio = self.ratio(labels)
        if not found and ratio is not None and ratio >= UNBALANCED:
            found.append(f"unbalanced {_ratio_words(ratio)}")
        return found


@dataclass
class Balance(Finding):
    """Label × group (× split) counts of one file."""

    name: str = ""
    unit: str = "line"
    label: str = ""
    by: str | None = None
    split: str | None = None
    bad: BadRows = field(default_factory=BadRows)
    groups: list[LabelGroup] = field(default_factory=list)
    empty: str = ""
    """Why there are no records, where the disk says (`Dataset.why_empty`)."""

    @property
    def labels(self) -> list[str | None]:
        """Every label, commonest first."""
        return list(self.groups[0].counts) if self.groups else []

    @property
    def records(self) -> int:
        return self.groups[0].total if self.groups else 0

    @property
    def flagged(self) -> list[LabelGroup]:
        return [g for g in self.groups if g.flags(self.labels)]

    @property
    def split_into(self) -> list[LabelGroup]:
        """The groups proper: every row but the whole file's."""
        return self.groups[1:]

    @property
    def flagged_in_groups(self) -> list[LabelGroup]:
        """The groups proper that are flagged (the whole file's row is no group)."""
        return [g for g in self.split_into if g.flags(self.labels)]

    def flagged_groups(self) -> str:
        """`2 of 3 groups flagged`."""
        return f"{len(self.flagged_in_groups)} of {counted(len(self.split_into), 'group')} flagged"

    @property
    def passed(self) -> bool:
        return bool(self.records) and not self.flagged

    @property
    def whole(self) -> bool:
        """Judged as a whole file: one group, or one label (every group is that label, and
        there is no label a model could learn a group for)."""
        return len(self.split_into) <= 1 or len(classes(self.labels)) < 2

    def about(self) -> str:
        return self.label + (f" by {self.by}" if self.by else "")

    def unbalanced(self) -> str:
        """`label not balanced: a holds 95.0%`: a whole file has no groups to compare."""
        return f"{self.about()} not balanced: {', '.join(self.groups[0].flags(self.labels))}"

    def summary(self) -> str:
        about = self.about()
        if not self.records:
            return no_records(self.name, self.empty)
        groups = self.split_into
        if self.passed:
            where = f" in {all_of(len(groups), 'group')}" if len(groups) > 1 else ""
            return f"{self.name}: {about} balanced{where}"
        if self.whole:
            return f"{self.name}: {self.unbalanced()}"
        labels = self.labels
        words = "; ".join(
            f"{g.name()}: {', '.join(g.flags(labels))}" for g in self.flagged_in_groups
        )
        whole = self.groups[0].flags(labels)
        also = f"; all: {', '.join(whole)}" if whole else ""
        return f"{self.name}: {about}: {self.flagged_groups()} ({words}){also}"

    def to_json(self) -> dict[str, Any]:
        labels = self.labels
        return {
            "command": "balance",
            "file": self.name,
            "records": self.records,
            "label": self.label,
            "by": self.by,
            "split": self.split,
            "bad_rows": self.bad.to_json(),
            "labels": [{"label": k, "count": v} for k, v in self.groups[0].counts.items()]
            if self.groups
            else [],
            "groups": [
                {
                    "name": g.name(),
                    "by": g.by,
                    "split": g.split,
                    "all": g.everything,
                    "per_split": g.per_split,
                    "total": g.total,
                    "counts": [{"label": k, "count": v} for k, v in g.counts.items()],
                    "ratio": _ratio_json(g.ratio(labels)),
                    "flags": g.flags(labels),
                }
                for g in self.groups
            ],
            "passed": self.passed,
            "summary": self.summary(),
        }

    def parts(self) -> list[RenderableType]:
        head = [role("label", self.label)] + ([role("by", self.by)] if self.by else [])
        head += [role("split", self.split)] if self.split else []
        out: list[RenderableType] = [
            title("balance", self.name, counted(self.records, "record"), *head)
        ]
        if self.bad.count:
            out.append(Text(self.bad.words(self.unit), style="yellow"))
        if not self.records:
            return [*out, Text(f"? {no_records(value(self.name), self.empty)}", style="yellow")]
        table = Table(
            box=SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="dim", padding=(0, 1)
        )
        table.add_column(self.by or "group", overflow="fold", max_width=22)
        table.add_column(self.label, overflow="fold", max_width=16)
        table.add_column("records", justify="right")
        table.add_column("share", justify="right")
        table.add_column("", no_wrap=True)
        table.add_column("", overflow="fold")
        labels = self.labels
        for group in self.groups:
            flags = group.flags(labels)
            ratio = group.ratio(labels)
            note = Text(_ratio_words(ratio), style="dim")
            if flags:
                note = Text.assemble(sign("⚠"), " " + "; ".join(flags), style="bold yellow")
            for index, label in enumerate(labels):
                n = group.counts.get(label, 0)
                table.add_row(
                    Text(group.name(), style="bold") if index == 0 else "",
                    Text(value(label)),
                    count(n),
                    share(n, group.total),
                    sign(bar(n / group.total if group.total else 0, 10), "cyan"),
                    note if index == 0 else "",
                    end_section=index == len(labels) - 1,
                )
        out += [Text(""), table]
        if self.passed:
            words = (
                f"{self.about()} balanced" if self.whole else "no group is dominated by one label"
            )
            verdict = Text.assemble(sign("✔"), f" {words}", style="green")
        else:
            words = (
                self.unbalanced()
                if self.whole
                else f"{self.flagged_groups()}: "
                f"a model can learn the {self.by or 'group'} instead of the {self.label}"
            )
            verdict = Text.assemble(sign("⚠"), f" {words}", style="yellow")
        return [*out, Text(""), verdict]


def balance(data: Dataset, label: str, by: str | None = None, split: str | None = None) -> Balance:
    """Count `label` per value of `by` (and `split`) in one pass over the file."""
    if by == label:
        raise DataError(
            f"{data.name}: --by {by!r} is the label column; group by another (a domain, a source)"
        )
    if split == label:
        raise DataError(
            f"{data.name}: --split {split!r} is the label column; name the train/valid/test one"
        )
    if by is not None and by == split:
        raise DataError(
            f"{data.name}: --by and --split are both {by!r}; give two columns, or --by alone"
        )
    data.require(label, by, split)
    columns = {"y": label, "g": by, "s": split}
    flagged = 0
    overall: dict[str | None, int] = {}
    per_split: dict[str | None, dict[str | None, int]] = {}
    per_group: dict[tuple[str | None, str | None], dict[str | None, int]] = {}
    rows = data.rows(
        lambda: (
            "SELECT _bad IS NOT NULL AS bad, y, g, s, count(*) FROM ("
            f"{data.records(columns)}) GROUP BY ALL"
        )
    )
    for bad, y, g, s, n in rows:
        if bad:
            flagged += n
            continue
        overall[y] = overall.get(y, 0) + n
        per_split.setdefault(s, {})
        per_split[s][y] = per_split[s].get(y, 0) + n
        per_group.setdefault((g, s), {})[y] = n
    order = sorted(overall, key=lambda k: (-overall[k], k is None, str(k)))

    def ordered(counts: dict[str | None, int]) -> dict[str | None, int]:
        return {label: counts.get(label, 0) for label in order}

    groups = [LabelGroup(None, None, ordered(overall), everything=True)]
    if split and len(per_split) > 1:
        groups += [
            LabelGroup(None, s, ordered(c), everything=True, per_split=True)
            for s, c in _sorted(per_split)
        ]
    if by:
        several = len(per_split) > 1  # one split only: naming it on every row says nothing
        groups += [
            LabelGroup(g, s if several else None, ordered(c), per_split=several)
            for (g, s), c in _sorted(per_group)
        ]
    bad = data.bad_rows(flagged)
    return Balance(
        "balance",
        [data.path],
        name=data.name,
        unit=data.unit,
        label=label,
        by=by,
        split=split,
        bad=bad,
        groups=groups,
        empty=data.why_empty(groups[0].total, bad),
    )


def _sorted(groups: dict[Any, dict[str | None, int]]) -> list[tuple[Any, dict[str | None, int]]]:
    def key(item: tuple[Any, Any]) -> tuple[Any, ...]:
        name = item[0] if isinstance(item[0], tuple) else (item[0],)
        return tuple((part is None, str(part)) for part in name)

    return sorted(groups.items(), key=key)


def _ratio_words(ratio: float | None) -> str:
    """`5.3:1`, as the table and the flags both write it."""
    if ratio is None:
        return ""
    return "∞:1" if ratio == float("inf") else f"{ratio:,.1f}:1"


def _ratio_json(ratio: float | None) -> float | str | None:
    return "inf" if ratio == float("inf") else (round(ratio, 3) if ratio is not None else None)
