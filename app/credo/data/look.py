"""`credo data look`: random raw records per group, as they are on disk.

A big uncompressed line file (over 8 MB or 100,000 lines) is never read whole: credo
reads blocks at random places (from the seed), meets the lines that start in them, and
stops once every group it met has its records; then it picks at random among the lines
met. Compressed files cannot be jumped into, nor a CSV whose quoted fields span lines (a
line met at random may be inside a record): their first lines are sampled, and the
output says so, and that a bad row elsewhere is not seen. Other formats are sampled in
one pass by DuckDB.
"""

from __future__ import annotations

import csv
import json
import math
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from rich.console import RenderableType
from rich.rule import Rule
from rich.text import Text

from credo.data.engine import ident
from credo.data.readers import (
    LINE_FORMATS,
    NOT_UTF8,
    UNQUOTED,
    BadRows,
    Dataset,
    Place,
    field_open,
    json_text,
    never_closes,
    unpacked,
)
from credo.data.show import Finding, count, no_records, record_text, title, value
from credo.wording import all_of, counted

PER_GROUP = 5
SMALL = 8 * 1024 * 1024
"""Files up to this size and FIRST_LINES (and compressed ones) are sampled from their
lines read in order."""
FIRST_LINES = 100_000
"""How many first lines of a compressed file are sampled."""
BLOCK = 4096
"""A big file is read in blocks of at least this many bytes, picked at random; a line
belongs to the block it starts in, so every line is as likely to be met, whatever its
length or place (the first line too)."""
MAX_READ = 64 * 1024 * 1024
"""Bytes of a big file read at most."""
SETTLED = 300
"""Stop reading blocks when every group met is full and this many lines met no new group."""
SHOWN = 1500
"""Characters of one record shown (the rest is counted)."""
HEAD_BYTES = 600
"""How much of each file of a folder layout is shown."""

Group = tuple[str | None, ...]


@dataclass
class Sample:
    raw: str
    at: Place | None = None
    offset: int | None = None
    """Byte offset where the line starts, when its number was not counted."""

    def where(self, unit: str) -> str:
        if self.at is not None:
            return self.at.words(unit)
        return f"byte {self.offset:,}"


@dataclass
class Look(Finding):
    name: str = ""
    unit: str = "line"
    by: list[str] = field(default_factory=list)
    per_group: int = PER_GROUP
    seed: int = 0
    how: str = ""
    """Where the samples come from, in words."""
    groups: dict[Group, list[Sample]] = field(default_factory=dict)
    totals: dict[Group, int] = field(default_factory=dict)
    """Records per group when the whole file was read (else empty)."""
    bad: BadRows = field(default_factory=BadRows)
    """Lines that could not be read (not UTF-8, too long), when read in order."""
    whole: bool = True
    """Whether every line was read, so that its bad rows are the file's, as the other
    commands find them; a big file's lines read at random places, or a compressed one's
    first lines, are not all (a quote left open further on is not seen)."""

    @property
    def shown(self) -> int:
        return sum(len(s) for s in self.groups.values())

    @property
    def passed(self) -> bool:
        """Looking at no record is not looking: `--record` keeps it holding the item open."""
        return bool(self.groups)

    def group_words(self, group: Group) -> str:
        if not self.by:  # the line above names what it was drawn from: `both records`
            return "sample"
        return " · ".join(f"{col}={value(v)}" for col, v in zip(self.by, group, strict=True))

    def unread(self) -> str:
        """What a look at part of the file does not say (empty when it read it whole)."""
        if self.whole:
            return ""
        return (
            "a bad row in the lines not read (a quote left open, a line not UTF-8) is not "
            "seen here; balance, cues, overlap and diff read every row and name them"
        )

    def summary(self) -> str:
        if not self.groups:
            return no_records(self.name, self.how)
        per = f"{self.per_group} per {', '.join(self.by)}" if self.by else f"{self.per_group}"
        return (
            f"looked at {counted(self.shown, 'raw record')} of {self.name} "
            f"({per}, seed {self.seed}; {self.how})"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "look",
            "file": self.name,
            "by": self.by,
            "n": self.per_group,
            "seed": self.seed,
            "how": self.how,
            "passed": self.passed,
            "read_whole": self.whole,
            "bad_rows": self.bad.to_json(),
            "groups": [
                {
                    "group": dict(zip(self.by, group, strict=True)),
                    "total": self.totals.get(group),
                    "records": [
                        (s.at.to_json() if s.at else {"line": None})
                        | {"offset": s.offset, "raw": s.raw}
                        for s in samples
                    ],
                }
                for group, samples in self.groups.items()
            ],
            "summary": self.summary(),
        }

    def parts(self) -> list[RenderableType]:
        # no groups: the records shown (a file of two shows two, whatever -n asked)
        many = counted(self.shown, "record")
        head = [f"by {', '.join(self.by)}", f"{self.per_group} per group"] if self.by else [many]
        out: list[RenderableType] = [title("look", self.name, *head, f"seed {self.seed}")]
        if self.groups:
            out.append(Text(self.how, style="dim"))
        if self.bad.count:
            out.append(Text(self.bad.words(self.unit), style="yellow"))
        if self.unread():
            out.append(Text(self.unread(), style="yellow"))
        if not self.groups:
            out.append(Text(f"? {no_records(value(self.name), self.how)}", style="yellow"))
        for group, samples in self.groups.items():
            total = self.totals.get(group)
            label = Text(self.group_words(group), style="bold")
            label.append(
                f"  {len(samples)}" + (f" of {count(total)}" if total is not None else ""),
                style="dim",
            )
            if len(samples) < self.per_group and total is None:
                label.append("  (rare: only these met)", style="yellow")
            out.append(Rule(label, align="left", style="dim"))
            for index, sample in enumerate(samples):
                if index:
                    out.append(Text(""))
                if self.unit != "file":  # a file's path heads its sample
                    out.append(Text(sample.where(self.unit), style="dim"))
                out.append(record_text(sample.raw, SHOWN))
        return out


def look(data: Dataset, by: list[str], n: int = PER_GROUP, seed: int = 0) -> Look:
    """`n` random records of each group of `by` (all records as one group without `by`)."""
    data.require(*by)
    found = Look("look", [data.path], name=data.name, unit=data.unit, by=by, per_group=n, seed=seed)
    if data.blank:
        found.how = data.why_empty(0, found.bad)
        return found
    if data.format in LINE_FORMATS and not data.shards:
        data.refuse_stray_returns(FIRST_LINES + 1)  # as the others refuse it: these lines
        if data.compression is None and (data.size > SMALL or _over_first_lines(data)):
            if not _probe(data, found):
                _first_lines(data, found, "quoted fields span lines")
        else:
            _first_lines(data, found, str(data.compression))
    else:
        _by_sql(data, found)
    found.groups = dict(sorted(found.groups.items(), key=lambda kv: _order(kv[0])))
    if not found.groups:  # `all 0 records` is no reason: the disk's, if it gives one
        found.how = data.why_empty(0, found.bad)
    return found


def _over_first_lines(data: Dataset) -> bool:
    """Whether a small file has more lines than are sampled in order (it is then sampled
    at random places, as a big one)."""
    with open(data.path, "rb") as handle:
        return handle.read(SMALL + 1).count(b"\n") > FIRST_LINES


def _order(group: Group) -> tuple[tuple[bool, str], ...]:
    return tuple((part is None, str(part)) for part in group)


class NotARecord(ValueError):
    """A line that is no record of its file's format; says why, as bad rows do."""


def _parser(data: Dataset, by: list[str]) -> Callable[[str], Group | None]:
    """A function from one raw line to its group: None for a blank line, NotARecord for
    one that is no record (not JSON, a CSV row of the wrong number of fields)."""

    def blank_or(parse: Callable[[str], Group]) -> Callable[[str], Group | None]:
        return lambda line: parse(line) if line.strip() else None

    if data.format == "text":
        return blank_or(lambda line: tuple(None for _ in by))
    if data.format == "jsonl":

        def from_json(line: str) -> Group:
            try:
                record = json.loads(line)
            except ValueError:
                raise NotARecord("not valid JSON") from None
            if not isinstance(record, dict):
                raise NotARecord("not a JSON object")
            return tuple(json_text(_held(record, data.key_path(col))) for col in by)

        return blank_or(from_json)
    header = data.columns  # as read by DuckDB: a BOM left out, a name met twice `label_3`
    where = [header.index(col) for col in by]

    def from_csv(line: str) -> Group:
        try:
            fields = data.fields(line, strict=True)
        except csv.Error as error:  # a quote as DuckDB rejects it, or a lone \r
            if '"' not in str(error) and "end of data" not in str(error):
                raise NotARecord(str(error)) from None
            lines = line.count("\n") + 1
            raise NotARecord(never_closes(lines) if lines > 1 else UNQUOTED) from None
        if len(fields) != len(header):
            raise NotARecord(f"expected {len(header)} fields, found {len(fields)}")
        return tuple(fields[i] for i in where)

    return blank_or(from_csv)


def _held(record: object, keys: list[str]) -> object:
    """The value these keys lead to in a JSON record (None where one is missing)."""
    for key in keys:
        record = record.get(key) if isinstance(record, dict) else None
    return record


def _probe(data: Dataset, found: Look) -> bool:
    """Read blocks of a big file picked at random, and sample the lines that start in them;
    False, with nothing sampled, for a CSV with a record over several lines."""
    rng = random.Random(found.seed)
    pools: dict[Group, list[int]] = {}
    malformed: list[tuple[int, str]] = []
    table = data.format in ("csv", "tsv")
    met = since_new = read = 0
    with open(data.path, "rb") as handle:
        header = handle.readline() if table else b""
        start = handle.tell()
        # a file joined from two exports ends in another kind of line break than its header
        endings = {_ending_of(header), _last_ending(handle)} if table else set()
        _refuse_two_endings(data, endings)
        parse = _parser(data, found.by)
        size = block_size(handle)
        first, blocks = start // size, -(-data.size // size)
        for block in rng.sample(range(first, blocks), min(blocks - first, MAX_READ // size + 1)):
            lines = lines_starting_in(handle, block, size, start)
            read += max(size, sum(len(raw) for _, raw in lines))
            for offset, raw in lines:
                text = _text(raw, offset)
                if data.quoted and _quotes_open(text):  # part of a longer record
                    return False
                if table:
                    endings.add(_ending_of(raw))
                met += 1
                since_new += 1
                try:
                    if "\ufffd" in text and not _utf8(raw):
                        raise NotARecord(NOT_UTF8)
                    group = parse(text)
                except NotARecord as why:  # in a CSV, maybe a line inside a record: not named
                    if not data.quoted:
                        malformed.append((offset, str(why)))
                    continue
                if group is None:
                    continue
                if group not in pools:
                    pools[group] = []
                    since_new = 0
                pools[group].append(offset)
            full = all(len(p) >= found.per_group for p in pools.values())
            if (full and since_new >= SETTLED) or read >= MAX_READ:
                break
        _refuse_two_endings(data, endings)
        _name_bad_lines(data, found.bad, handle, sorted(malformed))
        for group in sorted(pools, key=_order):
            picked = sorted(rng.sample(pools[group], min(found.per_group, len(pools[group]))))
            found.groups[group] = [Sample(_line_at(handle, at), offset=at) for at in picked]
    mb = data.size / (1024 * 1024)
    found.whole = False
    found.how = (
        f"{met:,} lines at random places of a {mb:,.0f} MB file (not read whole); "
        "places are byte offsets: tail -c +OFFSET+1 FILE | head -1"
    )
    return True


def _name_bad_lines(
    data: Dataset, bad: BadRows, handle: BinaryIO, malformed: list[tuple[int, str]]
) -> None:
    """Count the lines met at random places that are no record, (byte offset, why) each in
    order, named by their lines as the other commands name them (the file is read up to the
    last one to number them)."""
    if not malformed:
        return
    handle.seek(0)
    line, at, found = 1, 0, []
    for offset, why in malformed:
        while at < offset:  # in blocks: memory stays bounded whatever the file's size
            block = handle.read(min(MAX_READ, offset - at))
            if not block:  # cut short since it was read
                break
            line, at = line + block.count(b"\n"), at + len(block)
        found.append((Place(line), why))
    bad.add(found)
    if any(why == NOT_UTF8 for _, why in malformed):
        bad.advice = data.convert_advice()


def _utf8(raw: bytes) -> bool:
    """Whether a line is UTF-8 (a line read with its bad bytes replaced may be)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _refuse_two_endings(data: Dataset, endings: set[bool | None]) -> None:
    """Records met that end in \\r\\n and in \\n: refused as the other commands refuse
    the file, naming the first line of the other kind (read for it)."""
    if len(endings - {None}) > 1:
        data.refuse_mixed_endings()


def _last_ending(handle: BinaryIO) -> bool | None:
    """Whether a file's last line break is \\r\\n (None: it has none in its last block)."""
    handle.seek(max(0, handle.seek(0, os.SEEK_END) - BLOCK))
    tail = handle.read()
    return _ending_of(tail[: tail.rfind(b"\n") + 1])


def _ending_of(line: bytes) -> bool | None:
    """Whether a line ends in \\r\\n (None: it ends in no line break)."""
    return line.endswith(b"\r\n") if line.endswith(b"\n") else None


def block_size(handle: BinaryIO) -> int:
    """Blocks hold a few lines: a power of two from the lines at the start of the file (so
    it is the same whatever the seed), at least BLOCK."""
    handle.seek(0)
    head = handle.read(BLOCK * 256)
    mean = len(head) / max(1, head.count(b"\n"))
    return max(BLOCK, 1 << math.ceil(math.log2(8 * mean)))


def lines_starting_in(
    handle: BinaryIO, block: int, size: int, start: int = 0
) -> list[tuple[int, bytes]]:
    """(offset, line) of each line that starts in the `block`-th block of `size` bytes,
    from `start` on: a line belongs to one block only, whatever its length."""
    low = block * size
    before = 1 if low else 0  # the byte before the block says whether a line starts at it
    handle.seek(low - before)
    chunk = handle.read(size + before)
    if not chunk[before:]:
        return []
    cuts = [i + 1 for i in _newlines(chunk, before)]
    starts = ([before] if not before or chunk[0:1] == b"\n" else []) + cuts
    starts = [i for i in starts if i < len(chunk)]
    found = []
    for index, at in enumerate(starts):
        if index + 1 < len(starts):
            line = chunk[at : starts[index + 1]]
        else:  # the last line goes on past the block
            line = chunk[at:] + (handle.readline() if not chunk.endswith(b"\n") else b"")
        if low - before + at >= start:
            found.append((low - before + at, line))
    return found


def _newlines(chunk: bytes, start: int) -> list[int]:
    found, at = [], chunk.find(b"\n", start)
    while at != -1:
        found.append(at)
        at = chunk.find(b"\n", at + 1)
    return found


def _line_at(handle: BinaryIO, offset: int) -> str:
    handle.seek(offset)
    return _text(handle.readline(), offset)


def _text(raw: bytes, offset: int) -> str:
    """A line as text, without its line break, nor the byte order mark some exports start
    a file with (the first line is then a record, as the other commands read it)."""
    text = _decode(raw).rstrip("\r\n")
    return text.removeprefix("\ufeff") if offset == 0 else text


def _first_lines(data: Dataset, found: Look, jump: str) -> None:
    """Sample from the lines read in order: the whole file, or the start of one that
    cannot be jumped into (`jump` says why, when it is cut)."""
    data.refuse_mixed_endings(FIRST_LINES + 1)  # as the others refuse it: these lines
    lines = data.engine.rows(
        f"SELECT _line, line FROM ({data.lines_sql()}) LIMIT {FIRST_LINES + 1}", data.name
    )
    cut = len(lines) > FIRST_LINES
    lines = lines[:FIRST_LINES]
    rows = _csv_records(lines, data.delimiter) if data.quoted else _filled(lines)
    found.bad = data.bad_rows(0)
    if data.format in ("csv", "tsv"):
        rows = rows[1:]
    parse = _parser(data, found.by)
    on_disk = data.lines_on_disk()
    pools: dict[Group, list[Sample]] = {}
    malformed: list[tuple[Place, str]] = []
    for line, raw in rows:
        try:
            group = parse(raw)
        except NotARecord as why:
            malformed.append((Place(on_disk(line)), str(why)))
            continue
        if group is not None:
            pools.setdefault(group, []).append(Sample(raw, Place(on_disk(line))))
    found.bad.add(malformed)
    rng = random.Random(found.seed)
    for group in sorted(pools, key=_order):
        pool = pools[group]
        picked = rng.sample(range(len(pool)), min(found.per_group, len(pool)))
        found.groups[group] = [pool[i] for i in sorted(picked)]
        if not cut:
            found.totals[group] = len(pool)
    found.whole = not cut
    if cut:
        found.how = f"the first {FIRST_LINES:,} lines ({jump}: no random access)"
    else:
        found.how = all_of(sum(len(p) for p in pools.values()), "record")


def _filled(lines: list[tuple[int, str | None]]) -> list[tuple[int, str]]:
    return [(line, raw) for line, raw in lines if raw is not None]


def _csv_records(lines: list[tuple[int, str | None]], delimiter: str) -> list[tuple[int, str]]:
    """CSV lines joined into the records they make, each at its first line: a quoted
    field can hold line breaks (blank lines too), so a record goes on while one is open."""
    found: list[tuple[int, str]] = []
    start, pending = 0, None
    for line, raw in lines:
        if pending is None:
            if raw is None:
                continue
            start, pending = line, raw
        else:
            pending += "\n" + (raw or "")
        if not field_open(pending, delimiter):
            found.append((start, pending))
            pending = None
    if pending is not None:  # quotes that never close: the rest, as read
        found.append((start, pending))
    return found


def _quotes_open(text: str) -> bool:
    """Whether CSV text may leave a quoted field open (its quotes do not pair up): its
    record may go on past the line (or began before it)."""
    return text.count('"') % 2 == 1


def _by_sql(data: Dataset, found: Look) -> None:
    """Parquet, JSON arrays, class trees, folders of shards: one pass counts each group and
    keeps the numbers of its records picked at random; a second reads those back."""
    by = [f"_g{i}" for i in range(len(found.by))]

    def source(of: Dataset = data) -> str:
        if data.format != "parquet":  # values as JSON Lines' are
            return of.records(dict(zip(by, found.by, strict=True)), raw=True)
        picked = "".join(
            f"CAST({ident(col)} AS VARCHAR) AS {alias}, "
            for alias, col in zip(by, found.by, strict=True)
        )
        return f"SELECT {picked}NULL AS _bad, * FROM ({of.typed_sql()})"

    counted_groups = data.rows(
        lambda: (
            f"SELECT _bad IS NOT NULL, {''.join(g + ', ' for g in by)}count(*), "
            f"min_by(_line, (hash(_line + {int(found.seed)}), _line), {int(found.per_group)}) "
            f"FROM ({source()}) GROUP BY ALL"
        )
    )
    flagged, lines = 0, []
    for bad, *values, n, picked in counted_groups:
        if bad:
            flagged += n
            continue
        found.totals[tuple(values)] = n
        lines += picked
    found.bad = data.bad_rows(flagged)
    on_disk = data.on_disk()
    names: list[str] = []
    rows: list[tuple[Any, ...]] = []
    if lines:  # read back from the shards that hold them
        names, rows = data.engine.table(
            f"SELECT * FROM ({source(data.holding(lines))}) "
            f"WHERE _line IN ({', '.join(map(str, lines))}) ORDER BY _line",
            data.name,
        )
    for row in rows:
        fields = dict(zip(names, row, strict=True))
        group: Group = tuple(fields[alias] for alias in by)
        if data.format == "folder":
            text = _file_head(data, fields["_raw"])
        elif "_raw" in fields:
            text = fields["_raw"]
        else:
            record = {k: v for k, v in fields.items() if k not in by and k not in ("_line", "_bad")}
            text = json.dumps(
                {k: _shown(v) for k, v in record.items()}, ensure_ascii=False, default=str
            )
        found.groups.setdefault(group, []).append(Sample(text, on_disk(fields["_line"])))
    if data.format in ("csv", "tsv"):
        _as_on_disk(data, found)
    files = f" of {counted(len(data.shards), 'file')}" if data.shards else ""
    found.how = all_of(sum(found.totals.values()), "record") + files


def _as_on_disk(data: Dataset, found: Look) -> None:
    """A folder of CSV files: each record shown as its lines on disk, as a single file's
    are (DuckDB gives its fields, not its text)."""
    wanted: dict[int, set[int]] = {}
    for samples in found.groups.values():
        for sample in samples:
            if sample.at is not None:
                wanted.setdefault(sample.at.shard, set()).add(sample.at.line)
    texts = {shard: _records_at(data.shards[shard - 1], lines) for shard, lines in wanted.items()}
    for samples in found.groups.values():
        for sample in samples:
            if sample.at is not None:
                sample.raw = texts[sample.at.shard].get(sample.at.line, sample.raw)


def _records_at(data: Dataset, lines: set[int]) -> dict[int, str]:
    """The CSV records that start at these lines on disk, as their text (a quoted field
    can hold line breaks); the file is read up to the last one."""
    found: dict[int, str] = {}
    start, pending = 0, None
    with unpacked(data.path, data.compression) as handle:
        for number, raw in enumerate(handle, 1):
            if pending is None:
                if number not in lines:
                    continue
                start, pending = number, _text(raw, number - 1)
            else:
                pending += "\n" + _text(raw, number - 1)
            if not field_open(pending, data.delimiter):
                found[start], pending = pending, None
                if len(found) == len(lines):
                    break
    return found


def _shown(item: object) -> object:
    """Binary values are named by their size, never dumped."""
    if isinstance(item, bytes | bytearray | memoryview):
        return f"<binary, {len(bytes(item)):,} bytes>"
    if isinstance(item, dict):
        return {k: _shown(v) for k, v in item.items()}
    if isinstance(item, list):
        return [_shown(v) for v in item]
    return item


def _file_head(data: Dataset, relative: str) -> str:
    """A folder layout's file: its path and the start of its text (binary files: named)."""
    path = data.path / relative
    name = value(relative)  # on one line: a name can hold a line break
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as error:
        return f"{name}  (cannot be read: {error.strerror})"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end
            return f"{name}  (binary, {size:,} bytes)"
        text = head[: error.start].decode("utf-8")
    if "\x00" in text:
        return f"{name}  (binary, {size:,} bytes)"
    more = f" … (+{size - len(head):,} bytes)" if size > len(head) else ""
    return f"{name}  ({size:,} bytes)\n{text.rstrip()}{more}"


def _decode(line: bytes) -> str:
    return line.decode("utf-8", "replace")
