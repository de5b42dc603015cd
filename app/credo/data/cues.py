"""`credo data cues`: a Clever Hans scan — what predicts the label on its own.

Features are the words of the text, the values of the other columns and the text's
length. For each one: the label it points to, its support (records that have it) and
purity (the share of those with that label). Cues are ranked by how much of the way
from guessing by the label's frequency to certainty they go, at 95% confidence (a
Wilson lower bound), so 41 out of 41 ranks above 3 out of 3. A one-feature rule (each
value of a column -> its commonest label) shows how far a model gets on that alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from credo.data.engine import DataError, ident, quote
from credo.data.readers import BadRows, Dataset
from credo.data.show import Finding, classes, no_records, role, share, sign, title, value
from credo.display import cut
from credo.wording import agrees, counted

TOP = 15
MAX_VALUES = 100
"""Columns with more distinct values than this a label (ids, free text) are not read as
cues; numbers are read in ranges (a few whole numbers: see `CODES`)."""
CODES = 16
"""A column of whole numbers with at most this many values in all is read value by
value, as categories: source ids, ratings, months. Past it, in ranges."""
STRONG = 0.5
"""A cue is flagged when it goes at least this far from the label's frequency to certainty."""
SHOWN = 0.05
"""Weaker cues are noise: not listed."""
TOKENS = "[^\\pL\\pN_]+"
"""Words: runs of letters, digits and underscores (any script)."""
Z = 1.96


def strength(hits: int, support: int, prior: float) -> float:
    """How far the label's share among `support` records goes beyond `prior` towards 1,
    at 95% confidence (Wilson lower bound); 0 when it does not beat the prior."""
    if not support or prior >= 1:
        return 0.0
    p = hits / support
    z2 = Z * Z
    low = p + z2 / (2 * support) - Z * math.sqrt(p * (1 - p) / support + z2 / (4 * support**2))
    low /= 1 + z2 / support
    return max(0.0, (low - prior) / (1 - prior))


@dataclass
class Cue:
    feature: str
    """`token`, `length` or a column name."""
    value: str | None
    label: str
    hits: int
    support: int
    strength: float

    def words(self) -> str:
        if self.feature == "token":
            return f"has {self.value!r}"
        if self.feature == "length":
            return f"length {self.value} chars"
        return f"{self.feature} = {value(self.value)}"


@dataclass
class Rule:
    """A one-feature rule: each value of the feature -> its commonest label."""

    feature: str
    values: int
    accuracy: float


@dataclass
class Cues(Finding):
    name: str = ""
    unit: str = "line"
    label: str = ""
    text: str | None = None
    records: int = 0
    """Records with a label: those without one (`(missing)`) are left out."""
    unlabelled: int = 0
    bad: BadRows = field(default_factory=BadRows)
    labels: dict[str, int] = field(default_factory=dict)
    cues: list[Cue] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Columns left out: too many distinct values, not numbers (ids, free text)."""
    ignored: list[str] = field(default_factory=list)
    """Columns left out on request: the model never sees them (a source, an id)."""
    min_support: int = 0
    empty: str = ""
    """Why there are no records, where the disk says (`Dataset.why_empty`)."""
    judged: bool = True
    """There are two labels or more, and some value (or word) was held by `min_support`
    records or more: on fewer, no cue can be seen, and finding none says nothing."""

    @property
    def baseline(self) -> float:
        return max(self.labels.values()) / self.records if self.records else 0.0

    @property
    def strong(self) -> list[Cue]:
        return [c for c in self.cues if c.strength >= STRONG]

    @property
    def passed(self) -> bool:
        return self.judged and not self.strong

    def unjudged(self) -> str:
        """Why there is no verdict."""
        if len(self.labels) < 2:  # one label, or none (every record `(missing)`)
            only = value(next(iter(self.labels), None))
            how_many = "one label" if self.labels else "no label"
            return f"only {only}: with {how_many} there is nothing to tell apart"
        return (
            f"too few records to tell: no value is held by {self.min_support} or more "
            "(--min-support sets how many a cue needs)"
        )

    def summary(self) -> str:
        if not self.records and not self.unlabelled:
            return no_records(self.name, self.empty)
        if not self.judged:
            return f"{self.name}: {self.unjudged()}"
        if self.passed:
            return f"{self.name}: no single feature gives {self.label} away"
        shown = ", ".join(
            f"{c.words()} → {value(c.label)} {c.hits:,}/{c.support:,}" for c in self.strong[:3]
        )
        give = agrees(len(self.strong), "gives", "give")
        return f"{self.name}: {counted(len(self.strong), 'cue')} {give} {self.label} away: {shown}"

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "cues",
            "file": self.name,
            "label": self.label,
            "text": self.text,
            "records": self.records,
            "unlabelled": self.unlabelled,
            "bad_rows": self.bad.to_json(),
            "labels": [{"label": k, "count": v} for k, v in self.labels.items()],
            "majority_baseline": round(self.baseline, 4),
            "min_support": self.min_support,
            "cues": [
                {
                    "feature": c.feature,
                    "value": c.value,
                    "label": c.label,
                    "hits": c.hits,
                    "support": c.support,
                    "purity": round(c.hits / c.support, 4),
                    "strength": round(c.strength, 4),
                    "strong": c.strength >= STRONG,
                }
                for c in self.cues
            ],
            "rules": [
                {"feature": r.feature, "values": r.values, "accuracy": round(r.accuracy, 4)}
                for r in self.rules
            ],
            "skipped_columns": self.skipped,
            "ignored_columns": self.ignored,
            "judged": self.judged,
            "passed": self.passed,
            "summary": self.summary(),
        }

    def parts(self) -> list[RenderableType]:
        out: list[RenderableType] = [
            title("cues", self.name, counted(self.records, "record"), role("label", self.label))
        ]
        if self.bad.count:
            out.append(Text(self.bad.words(self.unit), style="yellow"))
        if self.unlabelled:
            out.append(
                Text(f"{counted(self.unlabelled, 'record')} without a label left out", style="dim")
            )
        if not self.records and not self.unlabelled:
            return [*out, Text(f"? {no_records(value(self.name), self.empty)}", style="yellow")]
        if len(self.labels) < 2:
            return [*out, Text(""), Text(f"? {self.unjudged()}", style="yellow")]
        top = max(self.labels, key=lambda k: self.labels[k])
        priors = ", ".join(
            f"{value(k)} {share(v, self.records)}" for k, v in list(self.labels.items())[:6]
        )
        out.append(
            Text(
                f"{priors}; always guessing {value(top)} is right "
                f"{100 * self.baseline:.1f}% of the time",
                style="dim",
            )
        )
        if self.text:
            out.append(Text(f"words and length of {self.text}", style="dim"))
        out.append(Text(""))
        out.append(Text("Cues: features that point to one label", style="bold"))
        if self.cues:
            table = Table(box=None, pad_edge=False, header_style="dim", padding=(0, 1))
            table.add_column("cue", overflow="fold", max_width=32)
            table.add_column("→ label", overflow="fold", max_width=14)
            table.add_column("purity", justify="right")
            table.add_column("", justify="right")
            table.add_column("strength", justify="right")
            for cue in self.cues:
                style = "bold yellow" if cue.strength >= STRONG else ""
                table.add_row(
                    Text(cut(value(cue.words()), 40), style=style),
                    Text(value(cue.label)),
                    f"{cue.hits:,}/{cue.support:,}",
                    share(cue.hits, cue.support),
                    Text.assemble(
                        f"{cue.strength:.2f}",
                        sign(" ⚠") if cue.strength >= STRONG else "",
                        style=style,
                    ),
                )
            out.append(table)
        else:
            out.append(
                Text(
                    f"none with support of {self.min_support} or more points to a label much more "
                    "often than the label's own frequency",
                    style="dim",
                )
            )
        if self.rules:
            out += [
                Text(""),
                Text("One feature alone (each value → its commonest label)", style="bold"),
            ]
            rules = Table(box=None, pad_edge=False, header_style="dim", padding=(0, 1))
            rules.add_column("feature", overflow="fold", max_width=24)
            rules.add_column("values", justify="right")
            rules.add_column("accuracy", justify="right")
            rules.add_column(f"vs {100 * self.baseline:.1f}%", justify="right")
            for rule in self.rules:
                gain = 100 * (rule.accuracy - self.baseline)
                rules.add_row(
                    rule.feature,
                    str(rule.values),
                    f"{100 * rule.accuracy:.1f}%",
                    Text(f"{gain:+.1f}", style="bold yellow" if gain >= 10 else "dim"),
                )
            out.append(rules)
        if self.skipped:
            out.append(
                Text(f"not scanned (too many values): {', '.join(self.skipped)}", style="dim")
            )
        if self.ignored:
            out.append(Text(f"left out (--ignore): {', '.join(self.ignored)}", style="dim"))
        out.append(Text(""))
        if not self.judged:
            out.append(Text(f"? {self.unjudged()}", style="yellow"))
        elif self.passed:
            out.append(
                Text.assemble(
                    sign("✔"), f" no single feature gives {self.label} away", style="green"
                )
            )
        else:
            out.append(
                Text.assemble(
                    sign("⚠"),
                    f" {counted(len(self.strong), 'cue')} "
                    f"{agrees(len(self.strong), 'gives', 'give')} the label away: a model can "
                    "learn them instead of the task (a Clever Hans model)",
                    style="yellow",
                )
            )
        return out


def cues(
    data: Dataset,
    label: str,
    text: str | None = None,
    *,
    top: int = TOP,
    min_support: int | None = None,
    ignore: tuple[str, ...] = (),
) -> Cues:
    """Scan `data` for features that give `label` away (the `ignore` columns left out)."""
    if text == label:
        raise DataError(
            f"{data.name}: --text {label!r} is the label column; "
            "name the column that holds the text"
        )
    if label in ignore:
        raise DataError(
            f"{data.name}: --ignore {label!r} is the label column, never read as a cue; "
            "name the columns the model never sees"
        )
    if text is not None and text in ignore:
        raise DataError(
            f"{data.name}: --ignore {text!r} is the text column (--text); "
            "name the columns the model never sees"
        )
    data.require(label, text, *ignore)
    # a nested column comes with the object that holds it (`meta` of `meta.label`): that
    # object, read as a cue, would give the label away
    ignored = {data.key_path(name)[0] for name in ignore}
    text = text or guess_text(data, label, ignored)
    held = {data.key_path(name)[0] for name in (label, text) if name} | ignored
    others = [c for c in data.columns if c not in held and c != "path"]
    columns: dict[str, str | None] = {"y": label, "t": text}
    columns.update({f"c{i}": name for i, name in enumerate(others)})
    aliases = [ident(f"c{i}") for i in range(len(others))]
    numbers = [number(c, data.decimal_comma) for c in aliases]
    # Per label and in all (the last row): how many values each column has, how many
    # are not numbers, and how many are numbers with a fraction.
    shape = [
        f"approx_count_distinct({c}), count({c}) - count({n}), count(*) FILTER ({n} <> trunc({n}))"
        for c, n in zip(aliases, numbers, strict=True)
    ]
    scans = 3 if text else 2  # the shape of each column, its values, the text's words
    data.engine.stage = (0, scans)
    first = data.rows(
        lambda: (
            f"SELECT bad, y, count(*) {''.join(', ' + d for d in shape)} FROM ("
            f"SELECT _bad IS NOT NULL AS bad, * FROM ({data.records(columns)})) "
            "GROUP BY GROUPING SETS ((bad, y), ()) ORDER BY grouping(bad)"
        )
    )
    whole = first.pop()
    flagged = sum(row[2] for row in first if row[0])
    counts = {
        row[1]: row[2] for row in sorted(first, key=lambda r: (-r[2], str(r[1]))) if not row[0]
    }
    labels = {name: counts[name] for name in classes(counts)}
    good = [row for row in first if not row[0] and row[1] in labels]
    records = sum(labels.values())
    found = Cues("cues", [data.path], name=data.name, unit=data.unit, label=label, text=text)
    found.records, found.labels, found.unlabelled = records, labels, counts.get(None, 0)
    found.ignored = [c for c in data.columns if c in ignored]
    found.bad = data.bad_rows(flagged)
    found.empty = data.why_empty(records + found.unlabelled, found.bad)
    if len(labels) < 2:  # nothing to tell apart (or no records): no verdict
        found.judged = False
        return found
    support = min_support if min_support is not None else max(10, records // 10_000)
    found.min_support = support
    features: list[Feature] = []
    for i, name in enumerate(others):
        values, words, fractions = (sum(row[3 + 3 * i + k] for row in good) for k in range(3))
        integers = not words and not fractions
        if integers and whole[3 + 3 * i] <= CODES:  # codes: each value its own
            features.append(Feature(name, ident(f"c{i}")))
        elif not words:  # numbers, even a few: read in ranges (each value would be memorised)
            features.append(Feature(name, numbers[i], ranged=True, integers=integers))
        elif values <= MAX_VALUES * len(labels):
            features.append(Feature(name, ident(f"c{i}")))
        else:
            found.skipped.append(name)
    if text:
        features.append(Feature("length", "length(t)", ranged=True, integers=True))
    priors = {k: v / records for k, v in labels.items()}
    ties = _ties(priors)
    data.engine.stage = (1, scans)
    counts = _value_counts(data, columns, features)
    found.rules = _rules(counts, records)
    candidates = [
        cue
        for (feature, val), per_label in counts.items()
        if (cue := _cue(feature, val, per_label, priors, ties, support)) is not None
    ]
    if text:
        data.engine.stage = (2, scans)
        candidates += _token_cues(data, columns, priors, ties, support, top)
    found.judged = bool(candidates) or any(
        sum(per_label.values()) >= support for per_label in counts.values()
    )
    candidates.sort(key=lambda c: (-c.strength, -c.support, c.feature, str(c.value)))
    found.cues = candidates[:top]
    return found


def number(column: str, decimal_comma: bool = False) -> str:
    """SQL: the column's value as a number, or NULL; a number written as a JSON string
    (`"3.5"`) is a number too, and with a `decimal_comma` so is `0,75`."""
    value = f"trim({column}, '\"')"
    if decimal_comma:
        value = f"replace({value}, ',', '.')"
    return f"TRY_CAST({value} AS DOUBLE)"


def guess_text(data: Dataset, label: str, ignored: set[str]) -> str | None:
    """The column holding the text: `text` if there is one, else the longest strings;
    never an `ignored` column (one the model never sees)."""
    if "text" in data.columns and label != "text" and "text" not in ignored:
        return "text"
    if data.format == "folder":
        return "name"
    choices = [c for c in data.columns if c != data.key_path(label)[0] and c not in ignored]
    if not choices or not data.size:
        return None
    columns = {f"c{i}": name for i, name in enumerate(choices)}
    lengths = ", ".join(f"avg(length({ident(alias)}))" for alias in columns)
    row = data.one(
        lambda: (
            f"SELECT {lengths} FROM (SELECT * FROM ({data.records(columns)}) "
            "WHERE _bad IS NULL LIMIT 1000)"
        )
    )
    best = max(range(len(choices)), key=lambda i: row[i] or 0)
    return choices[best] if (row[best] or 0) >= 20 else None


@dataclass(frozen=True)
class Feature:
    """A column (or property) read as cues: its values, or its numbers in ranges."""

    name: str
    sql: str
    ranged: bool = False
    integers: bool = False
    """Ranged: every value is a whole number, so a range is named by its first and last
    (`4–7`, `-4 to -7`); else it is half-open (`4 to <8`: 7.5 is in it; `-4 to >-8`)."""

    def values(self) -> str:
        """SQL for the value as text; a range is its end nearer 0 in powers of two, signed
        (`4` for 4 to <8, `0.25` for 0.25 to <0.5, `-4` for -4 to >-8): ranges read well,
        need no sort of the column, and a score between 0 and 1 still falls in several."""
        if not self.ranged:
            return f"CAST({self.sql} AS VARCHAR)"
        return (
            f"CASE WHEN ({self.sql}) IS NULL THEN NULL "
            f"WHEN NOT isfinite({self.sql}) OR ({self.sql}) = 0 THEN CAST({self.sql} AS VARCHAR) "
            f"ELSE CAST(sign({self.sql}) * pow(2, floor(log2(abs({self.sql})))) AS VARCHAR) END"
        )

    def words(self, value: str | None) -> str | None:
        """The range from its end nearer 0, signed at both ends below 0 (`-4 to >-8`):
        `minus 4 to <8` read as from -4 up to 8."""
        if not self.ranged or value is None or not math.isfinite(float(value)):
            return value
        near = float(value)  # the range's end nearer 0
        size = abs(near)
        if size == 0:
            return "0"
        sign, beyond = ("", "<") if near > 0 else ("-", ">")
        if size < 1:
            return f"{sign}{size:g} to {beyond}{sign}{2 * size:g}"
        if size >= 2**50:  # past what reads well as a count
            return f"{sign}{size:.3g} to {beyond}{sign}{2 * size:.3g}"
        first = f"{sign}{int(size):,}"
        if not self.integers:
            return f"{first} to {beyond}{sign}{2 * int(size):,}"
        if size == 1:
            return first
        last = f"{sign}{2 * int(size) - 1:,}"
        return f"{first}–{last}" if near > 0 else f"{first} to {last}"


def _value_counts(
    data: Dataset, columns: dict[str, str | None], features: list[Feature]
) -> dict[tuple[str, str | None], dict[str, int]]:
    """Records per (feature, value, label), every feature in one pass over the file."""
    if not features:
        return {}
    pairs = ", ".join(f"{{'f': {i}, 'v': {f.values()}}}" for i, f in enumerate(features))
    rows = data.rows(
        lambda: (
            f"SELECT fv.f, fv.v, y, count(*) FROM (SELECT y, unnest([{pairs}]) AS fv "
            f"FROM ({data.records(columns)}) WHERE _bad IS NULL AND y IS NOT NULL) GROUP BY ALL"
        )
    )
    counts: dict[tuple[str, str | None], dict[str, int]] = {}
    for index, val, y, n in rows:
        feature = features[index]
        counts.setdefault((feature.name, feature.words(val)), {})[y] = n
    return counts


def _rules(counts: dict[tuple[str, str | None], dict[str, int]], records: int) -> list[Rule]:
    right: dict[str, int] = {}
    values: dict[str, int] = {}
    for (feature, _), per_label in counts.items():
        right[feature] = right.get(feature, 0) + max(per_label.values())
        values[feature] = values.get(feature, 0) + 1
    rules = [Rule(f, values[f], right[f] / records) for f in right]
    return sorted(rules, key=lambda r: (-r.accuracy, r.feature))  # ties: the same order each run


def _ties(priors: dict[str, float]) -> dict[str, int]:
    """Each label's rank when a value's (or a word's) counts tie between labels, 50 of
    each: the higher rank wins, the commoner label, then the later name. The database
    gives the counts in no fixed order, and the same file must show the same cues each
    time."""
    ranked = sorted(priors, key=lambda label: (priors[label], label))
    return {label: rank for rank, label in enumerate(ranked)}


def _cue(
    feature: str,
    val: str | None,
    per_label: dict[str, int],
    priors: dict[str, float],
    ties: dict[str, int],
    support: int,
) -> Cue | None:
    total = sum(per_label.values())
    if total < support:
        return None
    label, hits = max(per_label.items(), key=lambda pair: (pair[1], ties[pair[0]]))
    score = strength(hits, total, priors.get(label, 0.0))
    return Cue(feature, val, label, hits, total, score) if score >= SHOWN else None


def _token_cues(
    data: Dataset,
    columns: dict[str, str | None],
    priors: dict[str, float],
    ties: dict[str, int],
    support: int,
    top: int,
) -> list[Cue]:
    """The words that point to one label, best first (scored in SQL: there can be millions)."""
    prior_rows = ", ".join(f"({quote(k)}, {p!r}, {ties[k]})" for k, p in priors.items())
    wilson = (
        f"((p + {Z * Z} / (2 * n) - {Z} * sqrt(p * (1 - p) / n + {Z * Z} / (4 * n * n))) "
        f"/ (1 + {Z * Z} / n))"
    )
    rows = data.rows(
        lambda: (
            f"WITH priors(y, prior, tie) AS (VALUES {prior_rows}), "
            "words AS (SELECT y, unnest(list_distinct(regexp_split_to_array(t, "
            f"{quote(TOKENS)}))) AS w FROM ({data.records(columns)}) "
            "WHERE _bad IS NULL AND y IS NOT NULL AND t IS NOT NULL), "
            "per AS (SELECT w, y, count(*) AS c FROM words WHERE w <> '' GROUP BY ALL), "
            "best AS (SELECT w, sum(c) AS n, arg_max(y, (c, tie)) AS y, max(c) AS hits "
            f"FROM per JOIN priors USING (y) GROUP BY w HAVING sum(c) >= {support}) "
            f"SELECT w, best.y, hits, n FROM (SELECT *, hits / n AS p FROM best) best "
            "JOIN priors ON best.y IS NOT DISTINCT FROM priors.y "
            f"ORDER BY ({wilson} - prior) / (1 - prior) DESC, n DESC, w LIMIT {top}"
        )
    )
    found = []
    for word, label, hits, n in rows:
        score = strength(hits, n, priors.get(label, 0.0))
        if score >= SHOWN:
            found.append(Cue("token", word, label, hits, n, score))
    return found
