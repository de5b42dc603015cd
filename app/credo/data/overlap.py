"""`credo data overlap TRAIN VALID`: validation records that are also in training.

Exact: the same record (or the same `--key` value; in folder trees, a file with the
same content). Near: the same once case, whitespace and punctuation are set aside (a
number's sign and decimal point are not punctuation, nor what stands between two numbers).
Both files are read once; only the records that match keep their text, for the examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.console import RenderableType
from rich.text import Text

from credo.data.engine import quote
from credo.data.readers import BadRows, Dataset, Place, refuse_other_columns
from credo.data.show import (
    Finding,
    count,
    no_records,
    record_text,
    share,
    sign,
    title,
    value,
)
from credo.wording import agrees, counted

EXAMPLES = 3
# Characters removed before comparing near-duplicates (fixed strings: far faster than a
# regular expression over every record of a big file).
IGNORED = [" ", "\t", "\r", "\n", ",", ".", ";", ":", "!", "?", '"', "'", "-", "(", ")", "\u00a0"]
IGNORED += ["«", "»", "“", "”", "‘", "’", "…", "–", "—", "[", "]", "/", "*", "_", "`"]
_BETWEEN = "[" + "".join("\\" + c if c in "\\[]^-" else c for c in IGNORED) + "]+"
"""A regular expression: what `IGNORED` may stand between two digits."""
_APART = f"([0-9]){_BETWEEN}([0-9])"
"""A regular expression: two digits with spaces or punctuation between them."""


def with_normalised(source: str) -> str:
    """SQL: `source` plus `n`, its text `k` lower-cased without whitespace and punctuation.

    One level per character, replacing only where the text has it: a `replace` copies
    every text it is given, a `contains` only reads it (twice as fast on 1M records)."""
    sql = f"SELECT *, lower(k) AS n FROM ({source})"
    # A number's sign and decimal point are no punctuation (-3 is not 3, nor 1.5 15): each
    # becomes a control character before the punctuation goes (a hyphen after a letter,
    # GPT-4, is still punctuation). Nor are the spaces and punctuation between two digits:
    # `1,000` may be a CSV row's two fields, `1,5` is 1.5 written the French way, `3-5` a
    # range, `3 5` two numbers, where 1000, 15 and 35 are one; they become one mark (so
    # `1, 000` is still `1,000`).
    signed = (
        "regexp_replace(regexp_replace(n, '(^|[^[:alnum:]])-([0-9])', '\\1' || chr(1) || "
        "'\\2', 'g'), '\\.([0-9])', chr(2) || '\\1', 'g')"
    )
    # Twice: a match takes the digit after its gap, so the first leaves the gap after a
    # single digit (`1,2,3`). All of it only where one quick test finds a number.
    once = "regexp_replace({}, " + quote(_APART) + ", '\\1' || chr(3) || '\\2', 'g')"
    sql = (
        "SELECT * REPLACE (CASE WHEN regexp_matches(n, '[-.][0-9]|[0-9][^[:alnum:]]+[0-9]') "
        f"THEN {once.format(once.format(signed))} ELSE n END AS n) FROM ({sql})"
    )
    for char in IGNORED:
        found = quote(char)
        sql = (
            f"SELECT * REPLACE (CASE WHEN contains(n, {found}) THEN replace(n, {found}, '') "
            f"ELSE n END AS n) FROM ({sql})"
        )
    return sql


@dataclass
class Match:
    """A validation record found in training."""

    kind: str
    """`exact` or `near`."""
    valid_at: Place
    train_at: Place
    valid_text: str
    train_text: str


@dataclass
class Overlap(Finding):
    train: str = ""
    valid: str = ""
    unit: str = "line"
    key: str | None = None
    train_records: int = 0
    valid_records: int = 0
    exact: int = 0
    near: int = 0
    train_bad: BadRows = field(default_factory=BadRows)
    valid_bad: BadRows = field(default_factory=BadRows)
    train_empty: str = ""
    valid_empty: str = ""
    """Why a file has no records, where the disk says (`Dataset.why_empty`)."""
    examples: list[Match] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not (self.exact or self.near or self.empty())

    def empty(self, shown: bool = False) -> list[str]:
        """Each file of no records, said as `no_records` says it (`shown`: its name as
        shown): with nothing to compare, no leak can be ruled out."""
        files = [
            (self.train, self.train_records, self.train_empty),
            (self.valid, self.valid_records, self.valid_empty),
        ]
        return [
            no_records(value(name) if shown else name, why)
            for name, records, why in files
            if not records
        ]

    @property
    def what(self) -> str:
        return f"key {self.key}" if self.key else "whole records"

    def summary(self) -> str:
        if self.empty():
            return "; ".join(self.empty())
        if self.passed:
            return f"no record of {self.valid} is in {self.train} ({self.what})"
        return (
            f"{count(self.exact + self.near)} of {counted(self.valid_records, 'record')} of "
            f"{self.valid} {agrees(self.exact + self.near, 'is', 'are')} in {self.train}: "
            f"{count(self.exact)} exact, {counted(self.near, 'near-duplicate')} ({self.what})"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "overlap",
            "train": self.train,
            "valid": self.valid,
            "key": self.key,
            "train_records": self.train_records,
            "valid_records": self.valid_records,
            "exact": self.exact,
            "near": self.near,
            "train_bad_rows": self.train_bad.to_json(),
            "valid_bad_rows": self.valid_bad.to_json(),
            "examples": [
                {
                    "kind": m.kind,
                    "valid_line": m.valid_at.line,
                    "train_line": m.train_at.line,
                    **({"valid_file": m.valid_at.file} if m.valid_at.file else {}),
                    **({"train_file": m.train_at.file} if m.train_at.file else {}),
                    "valid": m.valid_text,
                    "train": m.train_text,
                }
                for m in self.examples
            ],
            "passed": self.passed,
            "summary": self.summary(),
        }

    def parts(self) -> list[RenderableType]:
        out: list[RenderableType] = [
            title("overlap", f"{self.valid} in {self.train}", self.what),
        ]
        for name, bad in ((self.train, self.train_bad), (self.valid, self.valid_bad)):
            if bad.count:
                out.append(Text(f"{name}: {bad.words(self.unit)}", style="yellow"))
        out.append(Text(""))
        found = self.exact + self.near
        numbers = Text()
        numbers.append(f"{count(self.valid_records)} ", style="bold")
        numbers.append(
            f"{agrees(self.valid_records, 'record', 'records')} in {self.valid}, "
            f"{count(self.train_records)} in {self.train}\n"
        )
        numbers.append(f"{count(self.exact):>12} ", style="bold red" if self.exact else "bold")
        numbers.append(f"exact ({share(self.exact, self.valid_records)})\n")
        numbers.append(f"{count(self.near):>12} ", style="bold red" if self.near else "bold")
        numbers.append(
            f"{agrees(self.near, 'near-duplicate', 'near-duplicates')} "
            f"({share(self.near, self.valid_records)}): same text once "
            "case, spaces and punctuation are set aside"
        )
        out.append(numbers)
        for match in self.examples:
            out.append(Text(""))
            head = Text(f"{match.kind} ", style="bold red")
            head.append(match.valid_at.words(self.unit, self.valid), style="bold")
            head.append(f"  =  {match.train_at.words(self.unit, self.train)}", style="dim")
            out.append(head)
            out.append(record_text(match.valid_text, 600, self.unit))
            if match.train_text != match.valid_text:  # near, or a file of another name
                out.append(Text("in train:", style="dim"))
                out.append(record_text(match.train_text, 600, self.unit))
        out.append(Text(""))
        if self.empty():
            out += [Text(f"? {words}", style="yellow") for words in self.empty(shown=True)]
        elif found:
            out.append(
                Text.assemble(
                    sign("⚠"),
                    f" {counted(found, 'validation record')} {agrees(found, 'is', 'are')} in "
                    f"training: scores on {self.valid} will flatter the model",
                    style="yellow",
                )
            )
        else:
            out.append(
                Text.assemble(sign("✔"), " no validation record is in training", style="green")
            )
        return out


def overlap(train: Dataset, valid: Dataset, key: str | None = None) -> Overlap:
    """Count the records of `valid` found in `train` (exactly, or nearly)."""
    train.require(key)
    valid.require(key)
    engine = train.engine
    compared = '"key"' if key else valid.content()
    engine.stage = (0, 2)
    valid.rows(lambda: f"CREATE OR REPLACE TEMP TABLE v AS {_hashes(valid, key)}")
    # One pass over train: its hashes, and the text of the records valid also has.
    with engine.unmeasured():
        train.rows(
            lambda: (
                "CREATE OR REPLACE TEMP TABLE t AS SELECT _line, bad, ex, nr, "
                f"CASE WHEN nr IN (SELECT nr FROM v) THEN k END AS k FROM ({_hashes(train, key)})"
            )
        )
    engine.stage = (1, 2)
    t_bad, t_records = engine.one("SELECT count(*) FILTER (bad), count(*) FILTER (NOT bad) FROM t")
    v_bad, v_records = engine.one("SELECT count(*) FILTER (bad), count(*) FILTER (NOT bad) FROM v")
    engine.rows(
        "CREATE OR REPLACE TEMP TABLE m AS SELECT v._line, "
        "CASE WHEN e.line IS NOT NULL THEN 'exact' ELSE 'near' END AS kind, "
        "coalesce(e.line, n.line) AS train_line FROM v "
        "LEFT JOIN (SELECT ex, min(_line) AS line FROM t WHERE NOT bad GROUP BY ex) e "
        "ON v.ex = e.ex "
        "LEFT JOIN (SELECT nr, min(_line) AS line FROM t WHERE NOT bad GROUP BY nr) n "
        "ON v.nr = n.nr WHERE NOT v.bad AND (e.line IS NOT NULL OR n.line IS NOT NULL)"
    )
    exact, near = engine.one(
        "SELECT count(*) FILTER (kind = 'exact'), count(*) FILTER (kind = 'near') FROM m"
    )
    picked = engine.rows(
        "SELECT * FROM (SELECT _line, kind, train_line, row_number() OVER "
        "(PARTITION BY kind ORDER BY _line) AS n FROM m) "
        f"WHERE n <= {EXAMPLES} ORDER BY kind, _line"
    )
    examples = []
    if picked:
        numbers = [line for line, *_ in picked]
        lines = ", ".join(map(str, numbers))
        valid_text = dict(
            valid.rows(
                lambda: (
                    f"SELECT _line, {compared} FROM ({_keyed(valid.holding(numbers), key)}) "
                    f"WHERE _line IN ({lines})"
                )
            )
        )
        wanted = ", ".join(str(train_line) for _, _, train_line, _ in picked)
        train_text = dict(engine.rows(f"SELECT _line, k FROM t WHERE _line IN ({wanted})"))
        valid_at, train_at = valid.on_disk(), train.on_disk()
        examples = [
            Match(
                kind,
                valid_at(line),
                train_at(t_line),
                str(valid_text.get(line, "")),
                str(train_text.get(t_line) or ""),
            )
            for line, kind, t_line, _ in picked
        ]
    engine.rows("DROP TABLE IF EXISTS v; DROP TABLE IF EXISTS t; DROP TABLE IF EXISTS m")
    if not (key or exact or near) and t_records and v_records:
        refuse_other_columns(train, valid)
    train_bad, valid_bad = train.bad_rows(t_bad), valid.bad_rows(v_bad)
    return Overlap(
        "overlap",
        [train.path, valid.path],
        train=train.name,
        valid=valid.name,
        unit=valid.unit,
        key=key,
        train_records=t_records,
        valid_records=v_records,
        exact=exact,
        near=near,
        train_bad=train_bad,
        valid_bad=valid_bad,
        train_empty=train.why_empty(t_records, train_bad),
        valid_empty=valid.why_empty(v_records, valid_bad),
        examples=examples,
    )


def _keyed(data: Dataset, key: str | None) -> str:
    """SQL: the records, raw, with the `key` by its value alone (`17` and `"17"` pair)."""
    return data.records({"key": key} if key else {}, raw=True, keys=("key",))


def _hashes(data: Dataset, key: str | None) -> str:
    """SQL: each record's line, whether it is bad, the text `k` it is compared by (the
    key's value or the whole record) and two hashes of it: as it is (`ex`) and
    normalised (`nr`). A record without the key, or with nothing left once normalised,
    matches nothing. Files of a folder layout are compared by content, named by path."""
    if data.format == "folder" and not key:  # a file: the same content under any name
        return (
            "SELECT _line, _bad IS NOT NULL AS bad, _raw AS k, hash(_digest) AS ex, "
            f"hash(_digest) AS nr FROM ({data.records({}, raw=True, digest=True)})"
        )
    compared = '"key"' if key else data.content()
    texts = f"SELECT _line, _bad IS NOT NULL AS bad, {compared} AS k FROM ({_keyed(data, key)})"
    return (
        "SELECT _line, bad, k, CASE WHEN k IS NOT NULL THEN hash(k) END AS ex, "
        f"CASE WHEN n <> '' THEN hash(n) END AS nr FROM ({with_normalised(texts)})"
    )
