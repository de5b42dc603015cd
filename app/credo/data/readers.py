"""Data files as records: what format a path holds, its columns, and the SQL that reads it.

Every format becomes the same shape of record: `_line` (its number in the order read,
which `Dataset.on_disk` turns into the line a text editor shows), `_bad` (why the row
is unusable, or NULL), `_raw` (the record as text, for hashing and showing) and the
asked columns as text. A malformed row is counted and named by its line, never a traceback.
"""

from __future__ import annotations

import bisect
import csv
import functools
import gzip
import io
import itertools
import json
import operator
import os
import re
import shlex
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

from credo.data.engine import NOT_CSV, DataError, Engine, ident, quote
from credo.display import held_as_utf8
from credo.wording import counted

COMPRESSIONS = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}
FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".txt": "text",
    ".text": "text",
}
MAGIC = {b"\x1f\x8b": "gzip", b"\x28\xb5\x2f\xfd": "zstd"}
"""The first bytes of a compressed file, which its name may not say."""
UTF16 = (b"\xff\xfe", b"\xfe\xff")
"""The byte order marks that start UTF-16 text (with a NUL byte among the first
SNIFFED: a separator or line break is one in UTF-16, never in UTF-8 text)."""
SNIFFED = 256
LINE_FORMATS = ("jsonl", "csv", "tsv", "text")
_HOLDS_NO_ROWS = {
    "csv": "holds only its header",
    "tsv": "holds only its header",
    "parquet": "has its columns but no rows",
}
"""What a file of no records but not empty holds, by format (`Dataset.why_empty`)."""
HF_MARKS = ("dataset_dict.json", "state.json")
"""What Hugging Face `datasets` writes beside its Arrow files (`save_to_disk`)."""
ARROW_ADVICE = (
    "credo data does not read Arrow, what Hugging Face datasets saves to disk: write it "
    "as Parquet once (`datasets.load_from_disk(FOLDER)`, then `.to_parquet('train.parquet')` "
    "on it or on each of its splits) and give that"
)
SPLIT_NAMES = {"train", "training", "valid", "validation", "val", "dev", "test", "eval"}
COLUMN_SAMPLE = 1000
"""JSON Lines columns are the keys of this many first records."""
MAX_LINE = 32 * 1024 * 1024
"""Longer lines are bad rows; DuckDB reads in buffers of twice this."""
csv.field_size_limit(MAX_LINE)  # Python's csv, which `fields` reads with, stops at 128 KiB
KEPT_TEXT = 10_000
"""DuckDB keeps this many characters of a rejected row's text (`csv_line`)."""
BAD_EXAMPLES = 5
_SIZES = f"max_line_size = {MAX_LINE}, buffer_size = {2 * MAX_LINE}"
RETURNS_SNIFFED = 64 * 1024
"""A line file's first bytes, which say whether its lines end in \\r alone (read on
where they cannot tell: `_first_line_alone`)."""
HEAD_LINE = 1024 * 1024
"""The first lines (columns, a CSV header) are read in small buffers: a peek, not a scan."""
SHARD = 1 << 40
"""In a folder of shards, the n-th file's `_line`s start at n times this (file order)."""
_COUNTER = itertools.count()


@dataclass(frozen=True)
class Place:
    """Where a record starts on disk: its line (record, file) and, in a folder of shards,
    its file."""

    line: int
    file: str | None = None
    shard: int = 0
    """The file's place in its folder (sorts places in the order read)."""

    def words(self, unit: str, name: str = "") -> str:
        """`line 7`, `data/train/part-00003.jsonl line 7`, or `NAME line 7`; a shard's
        name on one line, its control characters shown (a name can forge a line)."""
        from credo.data.show import value

        shard = value(self.file) if self.file else ""
        return " ".join(filter(None, [shard or name, unit, f"{self.line:,}"]))

    def to_json(self) -> dict[str, object]:
        return {"line": self.line} | ({"file": self.file} if self.file else {})


@dataclass
class BadRows:
    """Rows that could not be read as records: how many, and the first few by line."""

    count: int = 0
    examples: list[tuple[Place, str]] = field(default_factory=list)
    advice: str = ""
    """What to do about them, when one thing does (a file not in UTF-8: convert it)."""

    def words(self, unit: str) -> str:
        """`2 bad rows (line 7: not valid JSON; line 12: ...)` (then the advice), or empty."""
        if not self.count:
            return ""
        shown = "; ".join(f"{place.words(unit)}: {why}" for place, why in self.examples)
        more = ", …" if self.count > len(self.examples) else ""
        advice = f"; {self.advice}" if self.advice else ""
        return f"{counted(self.count, 'bad row')} ({shown}{more}){advice}"

    def add(self, found: list[tuple[Place, str]]) -> None:
        """Count more bad rows, (place, why) each, keeping the first few in the order read."""
        self.count += len(found)
        examples = sorted(self.examples + found, key=lambda bad: (bad[0].shard, bad[0].line))
        self.examples = examples[:BAD_EXAMPLES]

    def to_json(self) -> dict[str, object]:
        return {
            "count": self.count,
            "examples": [place.to_json() | {"reason": why} for place, why in self.examples],
        } | ({"advice": self.advice} if self.advice else {})


@dataclass
class Dataset:
    """One data file (or folder-per-class tree) ready to be read by SQL."""

    path: Path
    name: str
    """The path as shown to people (as given)."""
    format: str
    compression: str | None
    size: int
    columns: list[str]
    engine: Engine
    unit: str = "line"
    """What `_line` counts: `line`, `record` or `file`."""
    layout_depth: int = 0
    """Folder layouts: 3 for split/label/file, 2 for label/file."""
    serial: int = field(default_factory=lambda: next(_COUNTER))
    """Names this dataset's rejects table (two datasets of one command never share it)."""
    delimiter: str = ","
    """CSV: what separates fields (TSV: a tab); read from the header line."""
    strict: bool = False
    """JSON Lines: check that every line is JSON before reading it (twice the work).
    Off until a line turns out malformed: then the query is run again, checking."""
    shards: list[Dataset] = field(default_factory=list)
    """A folder of shards: its files, in order, read as one dataset."""
    shard: int = 0
    """A shard: its place in its folder, from 1 (its `_line`s start at this times SHARD)."""
    _layout: tuple[list[int], list[int], list[int]] | None = field(default=None, init=False)
    """CSV: the blank rows, and where rows stop being lines (see `_csv_rows`)."""
    empty_array: bool = False
    """A JSON array with nothing in it (`[]`): no record, though the file is not empty."""
    _disk_lines: DiskLines | None = field(default=None, init=False)
    """From DuckDB's line numbers to the lines on disk, read as far as asked."""

    @property
    def source(self) -> str:
        """The path as DuckDB opens it (`utf8_name`; `open` refuses any other)."""
        return utf8_name(self.path) or str(self.path)

    @property
    def blank(self) -> bool:
        """Nothing to read: an empty file, or an empty JSON array."""
        return not self.size or self.empty_array

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, engine: Engine, name: str | None = None) -> Dataset:
        """Detect the format and read the columns; a clear error when it cannot. Its name
        (`name`, or the path) is shown on one line, as typed names can hold a line break."""
        shown = name_shown(name or str(path))
        try:
            st = path.stat()
        except FileNotFoundError:
            raise DataError(f"{shown}: no such file or folder") from None
        except OSError as error:
            raise DataError(f"{shown}: cannot be read ({error.strerror})") from None
        if utf8_name(path) is None:
            raise _not_utf8(shown)
        if path.is_dir():
            if any((path / mark).is_file() for mark in HF_MARKS):
                raise DataError(f"{shown}: a Hugging Face datasets folder; {ARROW_ADVICE}")
            return _folder(path, shown, engine) or _shards(path, shown, engine)
        fmt, compression = detect(path, shown)
        unit = "line" if fmt in LINE_FORMATS else "record"
        data = cls(path, shown, fmt, compression, st.st_size, [], engine, unit)
        if st.st_size:
            data.refuse_returns_alone()
            data.columns = data._read_columns()
        return data

    def _read_columns(self) -> list[str]:
        if self.format == "text":
            return ["text"]
        if self.format == "jsonl":
            return self._keys()
        if self.format in ("csv", "tsv"):
            first = self.engine.rows(
                f"SELECT line FROM ({self.lines_sql(head=True)}) LIMIT 1", self.name, peek=True
            )
            if not first or first[0][0] is None:
                return []
            self.delimiter = _delimiter_of(first[0][0], self.format)
            return _column_names(self.fields(first[0][0]))
        try:
            rows = self.engine.rows(f"DESCRIBE SELECT * FROM {self._table()}", self.name)
        except DataError:  # DuckDB reads `[]` as an array of no records, and refuses it
            if self.format != "json" or self._array_length():
                raise
            self.empty_array = True
            return []
        return [row[0] for row in rows]

    def _array_length(self) -> int:
        """How many values a JSON array holds (read only when DuckDB refused it)."""
        path, compression = quote(self.source), quote(self.compression or "none")
        [(length,)] = self.engine.rows(
            f"SELECT count(*) FROM read_json_objects({path}, format = 'array', "
            f"maximum_object_size = {MAX_LINE}, compression = {compression})",
            self.name,
        )
        return int(length)

    def _keys(self, at: list[str] | None = None) -> list[str]:
        """The keys of the objects found `at` these keys (none: the records' own keys) in
        the first COLUMN_SAMPLE records that hold one there, each once, in the order met."""
        if self.shards:
            return list(
                dict.fromkeys(
                    key for shard in self.shards if not shard.blank for key in shard._keys(at)
                )
            )
        value = f"json_extract(line, {quote(pointer(at))})" if at else "line"
        rows: list[tuple[Any, ...]] = []
        heads = (True, False) if self.format == "jsonl" else (False,)
        for head in heads:  # lines too long for a peek: read them whole
            lines = (
                self.lines_sql(head)
                if self.format == "jsonl"
                else f"SELECT to_json(r)::VARCHAR AS line FROM {self._table()} r"
            )
            rows = self.engine.rows(
                f"SELECT json_keys({value}) FROM ({lines}) WHERE "
                f"CASE WHEN json_valid(line) THEN json_type({value}) = 'OBJECT' END "
                f"LIMIT {COLUMN_SAMPLE}",
                self.name,
                peek=True,
            )
            if rows:
                break
        found: dict[str, None] = {}
        for (keys,) in rows:
            found.update(dict.fromkeys(keys))
        return list(found)

    # -- reading -----------------------------------------------------------------

    @property
    def decimal_comma(self) -> bool:
        """A CSV separated by `;` is a spreadsheet saved where the comma is the decimal
        mark: its numbers are written `0,75`."""
        return self.format == "csv" and self.delimiter == ";"

    @property
    def quoted(self) -> bool:
        """CSV quotes a field (`"a, b"`, over lines too); a TSV has no quoting: a quote in
        it is a character, wherever it is, and a record is a line."""
        return self.format == "csv"

    def fields(self, line: str, strict: bool = False) -> list[str]:
        """A CSV or TSV line's fields, as every reader takes them. `strict`: a record, read
        as DuckDB reads one: a quoted field that goes on after its closing quote, or never
        closes, raises csv.Error."""
        if not self.quoted:
            return line.split(self.delimiter)
        return next(csv.reader([line], delimiter=self.delimiter, strict=strict), [])

    def key_path(self, name: str) -> list[str]:
        """The keys that lead to column `name` in a JSON record: the record's own key of
        that name, else `meta.source` is the key `source` of the object `meta` holds."""
        nested = self.format in ("jsonl", "json") and name not in self.columns
        return name.split(".") if nested else [name]

    def require(self, *names: str | None) -> None:
        """Refuse a column the file does not have, naming those it has (of a nested one,
        the first key missing: `meta has no key 'labl'; its keys: ...`)."""
        for name in names:
            if name is None or name in self.columns or self.blank:
                continue
            path = self.key_path(name)
            if path[0] not in self.columns:
                has = ", ".join(self.columns) or "none"
                raise DataError(
                    f"{self.name} has no column {name!r}; its columns: {has}{self._tabbed()}"
                )
            for depth in range(1, len(path)):
                keys, held, key = self._keys(path[:depth]), ".".join(path[:depth]), path[depth]
                if not keys:
                    raise DataError(f"{self.name}: {held} holds no object, so no key {key!r}")
                if key not in keys:
                    has = ", ".join(keys)
                    raise DataError(f"{self.name}: {held} has no key {key!r}; its keys: {has}")

    def _tabbed(self) -> str:
        """Plain text whose first line holds tabs is likely a table (Excel's 'Text (Tab
        delimited)' is a .txt): how to have it read as one, or nothing."""
        if self.format != "text" or self.shards:
            return ""
        first = self.engine.rows(
            f"SELECT line FROM ({self.lines_sql(head=True)}) LIMIT 1", self.name, peek=True
        )
        if not first or "\t" not in (first[0][0] or ""):
            return ""
        tsv = Path(self.name).with_suffix(".tsv").as_posix()
        return (
            " (read as plain text, a record a line, but its first line holds tabs: a table "
            f"with a header is read as one once named .tsv: mv {shlex.quote(self.name)} "
            f"{shlex.quote(tsv)})"
        )

    def rows(self, build: Callable[[], str]) -> list[tuple[Any, ...]]:
        """Run the query `build` makes over this file's records; when a JSON line turns
        out malformed, build it again checking every line, and run that."""
        for data in self.shards or [self]:
            if data.format == "text":  # its lines are its records: each would be read cut
                data.refuse_stray_returns()
        try:
            return self.engine.rows(build(), self.name)
        except DataError as error:
            if NOT_CSV in error.message:  # DuckDB names no line: the one of another ending
                for data in self.shards or [self]:
                    data.refuse_stray_returns()
                    data.refuse_mixed_endings()
            if self.format != "jsonl" or self.strict or "Malformed JSON" not in error.message:
                raise
        for data in [self, *self.shards]:
            data.strict = True
        return self.engine.rows(build(), self.name)

    def holding(self, numbers: Collection[int]) -> Dataset:
        """Only the shards that hold these `_line`s (some): records read back by number
        need not read every shard again. A file is itself."""
        if not self.shards:
            return self
        wanted = {number // SHARD for number in numbers}
        return replace(self, shards=[shard for shard in self.shards if shard.shard in wanted])

    def one(self, build: Callable[[], str]) -> tuple[Any, ...]:
        found = self.rows(build)
        return found[0] if found else ()

    def records(
        self,
        columns: Mapping[str, str | None],
        raw: bool = False,
        digest: bool = False,
        keys: tuple[str, ...] = (),
    ) -> str:
        """A SQL subquery: `_line`, `_bad`, (`_raw`,) then each alias -> column as text.

        A column of None gives NULL (a command's optional grouping). `digest`: folder
        layouts add `_digest`, the md5 of each file's content (every file is read).
        `keys`: aliases read as their value alone, a JSON string without its quotes (ids
        that pair records across files: `17` and `"17"` alike; labels keep them apart)."""
        if self.shards:  # a column one shard lacks is NULL there (JSON: any key is asked)
            return " UNION ALL BY NAME ".join(
                "SELECT * FROM ("
                + shard.records(
                    {
                        alias: name
                        if name in shard.columns or shard.format in ("jsonl", "json")
                        else None
                        for alias, name in columns.items()
                    },
                    raw,
                    digest,
                    keys,
                )
                + ")"
                for shard in self.shards
            )
        if self.shard:
            found = self._records(columns, raw, digest, keys)
            return f"SELECT * REPLACE (_line + {self.shard * SHARD} AS _line) FROM ({found})"
        return self._records(columns, raw, digest, keys)

    def _records(
        self, columns: Mapping[str, str | None], raw: bool, digest: bool, keys: tuple[str, ...]
    ) -> str:
        wanted = {alias: name for alias, name in columns.items() if name is not None}
        empty = [f"NULL::VARCHAR AS {ident(alias)}" for alias, n in columns.items() if n is None]
        if self.blank:
            parts = ["NULL::BIGINT AS _line", "NULL::VARCHAR AS _bad", "NULL::VARCHAR AS _raw"]
            parts += [f"NULL::VARCHAR AS {ident(alias)}" for alias in columns]
            return f"SELECT {', '.join(parts)} WHERE false"
        keep = ["_line", "_bad"] + (["_raw"] if raw else []) + empty
        if self.format == "jsonl":
            at = {alias: pointer(self.key_path(name)) for alias, name in wanted.items()}
            paths = ", ".join(quote(path) for path in at.values())
            picked = []
            for i, alias in enumerate(wanted):
                item = f"_v[{i + 1}]"
                text = item if alias in keys else _json_text(item, at[alias])
                picked.append(f"{text} AS {ident(alias)}")
            values = (
                f"CASE WHEN _bad IS NULL THEN json_extract_string(line, [{paths}]) END AS _v"
                if wanted
                else "NULL AS _v"
            )
            # Not strict: only a line that is no object, told by its first character, is
            # parsed to say why (its words as strict ones); a malformed object makes the
            # extraction fail (then `rows` runs it strictly).
            why = (
                "CASE WHEN NOT json_valid(line) THEN 'not valid JSON' "
                "WHEN json_type(line) <> 'OBJECT' THEN 'not a JSON object' END"
            )
            check = (
                why
                if self.strict
                else "CASE WHEN NOT starts_with(line, '{') AND NOT starts_with(ltrim(line), '{') "
                f"THEN {why} END"
            )
            return (
                f"SELECT {', '.join(keep + picked)} FROM ("
                f"SELECT _line, _bad, line AS _raw, {values} FROM ("
                f"SELECT _line, line, {check} AS _bad "
                f"FROM ({self.lines_sql()}) WHERE line IS NOT NULL))"
            )
        if self.format == "text":
            picked = [f"line AS {ident(alias)}" for alias in wanted]
            return (
                f"SELECT {', '.join(keep + picked)} FROM (SELECT _line, NULL::VARCHAR AS _bad, "
                f"line AS _raw, line FROM ({self.lines_sql()}) WHERE line IS NOT NULL)"
            )
        if self.format == "folder":
            picked = [f"{ident(name)} AS {ident(alias)}" for alias, name in wanted.items()]
            keep += ["_digest"] if digest else []
            return f"SELECT {', '.join(keep + picked)} FROM ({self._files(digest)})"
        picked = [
            f"CAST(r.{ident(name)} AS VARCHAR) AS {ident(alias)}" for alias, name in wanted.items()
        ]
        if self.format == "json":  # values as in JSON Lines (a mixed column is JSON text)
            picked = []
            for alias, name in wanted.items():
                where = pointer(self.key_path(name))
                text = f"json_extract_string(_raw, {quote(where)})"
                text = text if alias in keys else _json_text(text, where)
                picked.append(f"{text} AS {ident(alias)}")
        # CSV counts the header line: `on_disk` turns numbers into lines.
        first = 1 if self.format in ("csv", "tsv") else 0
        # DuckDB checks the text of the columns a query reads only: a CSV row is read
        # whole, so that one not in UTF-8 is a bad row whichever columns a command asks.
        whole = (
            f" WHERE coalesce({', '.join(f'r.{ident(c)}' for c in self.columns)}, '') IS NOT NULL"
            if first and self.columns
            else ""
        )
        return (
            f"SELECT {', '.join(keep + picked)} FROM (SELECT row_number() OVER () + {first} "
            f"AS _line, NULL::VARCHAR AS _bad, to_json(r)::VARCHAR AS _raw, r.* "
            f"FROM {self._table()} r{whole}) r"
        )

    def content(self) -> str:
        """SQL over `records(raw=True)`: a record as two files are compared by, a JSON
        line by its value (`{"id": 1}` is `{"id":1}`: a filter may write other spaces)."""
        return "CASE WHEN _bad IS NULL THEN json(_raw) END" if self.format == "jsonl" else "_raw"

    def why_empty(self, records: int, bad: BadRows) -> str:
        """Why reading gave no record, where the disk says: `the file is empty`, `the file
        holds only its header` (CSV, TSV), `the file has its columns but no rows`
        (Parquet); else nothing (some records, or bad rows)."""
        if records or bad.count:
            return ""
        if not self.size:
            return "the file is empty"
        if self.empty_array:
            return "the JSON array is empty"
        holds = _HOLDS_NO_ROWS.get(self.format)
        if holds:
            return f"{'each file' if self.shards else 'the file'} {holds}"
        return ""

    def bad_rows(self, flagged: int) -> BadRows:
        """The bad rows of the scans so far: `flagged` is how many a command's own query
        counted (`_bad`); lines the readers themselves rejected (undecodable, wrong number
        of fields) come from DuckDB's rejects tables."""
        bad = BadRows()
        if flagged and self.format in ("jsonl", "folder"):
            on_disk = self.on_disk()
            bad.examples = [
                (on_disk(int(line)), str(why))
                for line, why in self.rows(
                    lambda: (
                        f"SELECT _line, _bad FROM ({self.records({})}) "
                        f"WHERE _bad IS NOT NULL ORDER BY _line LIMIT {BAD_EXAMPLES}"
                    )
                )
            ]
            bad.count = flagged
        tables = self._tables()
        for data in self.shards or [self]:
            rejected = data._rejected_lines(tables)
            bad.add([(data.place(line), why) for line, why in rejected])
            if not bad.advice and any(why == NOT_UTF8 for _, why in rejected):
                bad.advice = data.convert_advice()
        return bad

    def convert_advice(self) -> str:
        """How to make a file that is not UTF-8 readable: what it likely is (a spreadsheet
        saved as latin-1 or Windows-1252, which hold Portuguese accents) and the iconv line
        that converts it."""
        line = self.copy_through("iconv -f WINDOWS-1252 -t UTF-8", "utf8")
        return (
            f"{self.name} is not all UTF-8 (probably latin-1 or Windows-1252, as Excel saves "
            f"CSV): convert it, {line}, and read that"
        )

    def copy_through(self, command: str, tag: str) -> str:
        """The shell line that writes this file through `command` (a filter) to a new file
        beside it, uncompressed: the file as recorded stays, so its fingerprint (and the
        runs recorded on it) still match. gzip and zstd alike: -dc writes it out."""
        name, new = shlex.quote(self.name), self._beside(tag)
        if self.compression:
            return f"{self.compression} -dc {name} | {command} > {new}"
        return f"{command} < {name} > {new}"

    def _beside(self, tag: str) -> str:
        """A new file's name beside this one, for the shell: `notas-utf8.csv` (uncompressed)."""
        path = Path(self.name).with_suffix("") if self.compression else Path(self.name)
        return shlex.quote(path.with_name(f"{path.stem}-{tag}{path.suffix}").as_posix())

    def refuse_stray_returns(self, lines: int | None = None) -> None:
        """Refuse a line file that holds a \\r ending no line where its lines end in \\r\\n
        (Windows), naming its line (`DiskLines` reads it). Read past its first block only
        when its first line break is \\r\\n; `lines`: only the first so many (what look
        reads)."""
        if self.format not in LINE_FORMATS or not self.size:
            return
        disk_line = self.disk_lines()
        disk_line(1)  # its first block: DuckDB's kind of line break
        if disk_line.kind == b"\r\n":
            disk_line(lines or sys.maxsize)

    def _stray_return(self, line: int) -> NoReturn:
        """Refuse the file for the \\r on `line` that ends no line, where its lines end in
        \\r\\n: DuckDB takes it for a line break and drops the character after it, so a
        record would be read changed without a word (no option of its reader keeps it)."""
        fix = self.copy_through(r"tr -d '\r'", "unix")
        raise DataError(
            f"{self.name} line {line:,} holds a \\r that ends no line, where its lines end "
            "in \\r\\n (Windows): DuckDB would take it for a line break and drop the "
            f"character after it, changing the record: write a copy without \\r, {fix}, and "
            "read that"
        )

    def refuse_returns_alone(self) -> None:
        """Refuse a line file whose lines end in \\r alone (an old Mac export), told by
        most line breaks of its first RETURNS_SNIFFED bytes (or, where those hold no \\n
        and one \\r at most, by its first line: `_first_line_alone`): DuckDB reads it, but
        credo counts lines by \\n, as sed and grep do, and look reads a big one by them."""
        if self.format not in LINE_FORMATS:
            return
        with unpacked(self.path, self.compression) as handle:
            head = handle.read(RETURNS_SNIFFED)
            if b"\n" not in head and head.count(b"\r") < 2:
                alone = _first_line_alone(head, handle)
            else:
                alone = head.count(b"\r") - head.count(b"\r\n") > head.count(b"\n")
        if not alone:
            return
        fix = self.copy_through(r"tr '\r' '\n'", "unix")
        raise DataError(
            f"{self.name}: its lines end in \\r alone (an old Mac export?): DuckDB reads them, "
            "but credo data names a line as sed and grep count it, by its \\n, and would call "
            f"each one line 1: write a copy whose lines end in \\n, {fix}, and read that"
        )

    def refuse_mixed_endings(self, lines: int | None = None) -> None:
        """Refuse a CSV or TSV whose records end in both \\r\\n and \\n (a file joined from
        two exports, a Windows one and another), or that holds a \\r outside quotes that
        ends no line, naming the first line that ends otherwise than the first, or holds
        it: DuckDB's CSV reader reads one kind a file, and stops at the other (a line break
        inside a quoted field is the field's, any kind). `lines`: only the first so many
        are read (what look reads)."""
        if self.format not in ("csv", "tsv"):
            return
        with unpacked(self.path, self.compression) as handle:
            if _one_ending(handle, lines, self.engine.stop_if_cancelled):
                return
        with unpacked(self.path, self.compression) as handle:  # a stream cannot go back
            every = _line_blocks(handle, self.engine.stop_if_cancelled)
            found = _other_ending(every, self.delimiter if self.quoted else None, lines)
        if found is None:
            return
        number, ending = found
        fix = self.copy_through(r"tr -d '\r'", "unix")  # \r\n as \n, in a new file
        if ending == b"\r":
            raise DataError(
                f"{self.name} line {number:,} holds a \\r outside quotes that ends no line: "
                "DuckDB's CSV reader takes it for a line break, and stops: write a copy "
                f"without \\r, {fix}, and read that"
            )
        kinds = ("\\r\\n (Windows)", "\\n") if ending == b"\r\n" else ("\\n", "\\r\\n (Windows)")
        raise DataError(
            f"{self.name} line {number:,} ends in {kinds[0]} where the lines before it end in "
            f"{kinds[1]}: a file joined from two exports? credo data reads one kind a file: "
            f"write a copy of one kind, {fix}, and read that"
        )

    def _rejected_lines(self, tables: set[str]) -> list[tuple[int, str]]:
        """(line on disk, why) of each line or row a reader rejected."""
        disk_line = self.disk_lines()
        rejected = [
            (disk_line(line), why) for line, why, _ in self._rejected(self._rejects(), tables)
        ]
        rows = self._rejected(self._rejects("rows"), tables)  # rows: DuckDB counts rows before
        if rows:
            row_line = self._csv_rows()[1]
            rejected += [(row_line(row), why) for row, why, _ in rows]
        return rejected

    def place(self, line: int) -> Place:
        """A line of this file on disk as a place (a shard's names its file)."""
        return Place(line, self.name if self.shard else None, self.shard)

    def on_disk(self) -> Callable[[int], Place]:
        """From `_line` of `records()` to where the record starts on disk: the line a text
        editor shows (records and files keep their numbers). Rejected lines are not
        numbered by the reader, a CSV record can span lines: ask after the scans."""
        if self.shards:
            asked: dict[int, Callable[[int], Place]] = {}  # a shard's is read when needed

            def in_shard(number: int) -> Place:
                index = number // SHARD - 1
                if index not in asked:
                    asked[index] = self.shards[index].on_disk()
                return asked[index](number)

            return in_shard
        line = self._line_on_disk()
        return lambda number: self.place(line(number - self.shard * SHARD))

    def _line_on_disk(self) -> Callable[[int], int]:
        if self.format in ("csv", "tsv"):
            blank, row_line = self._csv_rows()
            rejected = [row for row, *_ in self._rejected(self._rejects("rows"), self._tables())]
            to_row = _skipping(sorted(set(blank) | set(rejected)))
            return lambda number: row_line(to_row(number))
        if self.format in LINE_FORMATS:
            return self.lines_on_disk()
        return lambda number: number

    def lines_on_disk(self) -> Callable[[int], int]:
        """From `_line` of `lines_sql()` to the line on disk (after the lines it rejected)."""
        read = _skipping([line for line, *_ in self._rejected(self._rejects(), self._tables())])
        disk_line = self.disk_lines()
        return lambda number: disk_line(read(number))

    def disk_lines(self) -> DiskLines:
        """From a line as DuckDB's line reader counts it to the line on disk."""
        if self._disk_lines is None:
            self._disk_lines = DiskLines(
                self.path, self.compression, self._stray_return, self.engine.stop_if_cancelled
            )
        return self._disk_lines

    def _tables(self) -> set[str]:
        """The rejects tables the scans so far made (one look for a thousand shards)."""
        found = self.engine.rows(
            "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, 'rejects_')"
        )
        return {name for (name,) in found}

    def _rejected(self, table: str, tables: set[str]) -> list[tuple[int, str, int]]:
        """(line or row, why, how many lines on disk it took) of what a reader rejected so
        far, in order (`tables`: those there are). DuckDB's text of a row may begin or end
        with a line break that is not the row's: it is left out of the count."""
        if not self.size or table not in tables:
            return []
        text = "trim(csv_line, chr(13) || chr(10))"
        rows = self.engine.rows(
            f"SELECT line, any_value(error_type), any_value(error_message), "
            f"max(length({text}) - length(replace({text}, chr(10), ''))) + 1 FROM {table} "
            "GROUP BY line ORDER BY line",
            self.name,
        )
        return [
            (int(line), _why(str(kind), str(message), int(taken or 1)), int(taken or 1))
            for line, kind, message, taken in rows
        ]

    def _swallowed(self) -> dict[int, tuple[int, bool]]:
        """Rows rejected for a quote DuckDB does not say the end of: (where it starts, in
        bytes, and whether its text was cut) by row. DuckDB keeps 10,000 characters of a
        row's text, and of a row it cut at MAX_LINE bytes it keeps one line, maybe another."""
        table = self._rejects("rows")
        if table not in self._tables():
            return {}
        found = self.engine.rows(
            f"SELECT line, min(line_byte_position), max(length(csv_line)) >= {KEPT_TEXT} "
            f"FROM {table} WHERE error_type = 'UNQUOTED VALUE' GROUP BY line HAVING "
            f"max(length(csv_line)) >= {KEPT_TEXT} OR NOT bool_or(contains("
            "trim(csv_line, chr(13) || chr(10)), chr(10)))",
            self.name,
        )
        return {int(row): (int(at), bool(cut)) for row, at, cut in found}

    def _refuse_swallowed(self, line: int, where: tuple[int, bool]) -> None:
        """Refuse a CSV whose quote opened on `line` took in lines DuckDB does not count
        (its text cut, or MAX_LINE bytes read on): every count would miss them. A quote
        left open on the last line takes nothing in."""
        at, cut = where
        if cut or (not self.compression and self.size - at > MAX_LINE // 2):
            raise DataError(
                f"{self.name} line {line:,}: a quote opens a field here and never closes: it "
                f"takes in the lines after it (up to {MAX_LINE // (1024 * 1024)} MB) as one "
                "bad row, and every count would miss them; close the quote (a quote inside a "
                'field is written twice: "") and run again'
            )

    def _csv_rows(self) -> tuple[list[int], Callable[[int], int]]:
        """A CSV file's rows as DuckDB counts them (the header is row 1): the blank ones
        (skipped, not rejected), and from a row to the line it starts on. Only the lines
        with an odd number of quotes (that may open or close a field over several lines;
        not in a TSV) and blank lines are read back (`_layout_lines`). A rejected
        row takes the lines DuckDB says it read (a quote that never closes takes in the
        lines after it, and DuckDB starts again past them, not where quotes pair up)."""
        if self._layout is None:
            disk_line = self.disk_lines()
            events = [(disk_line(number), text) for number, text in self._layout_lines()]
            unknown = self._swallowed()
            taken = [
                (row, lines)
                for row, _, lines in self._rejected(self._rejects("rows"), self._tables())
                if lines > 1 and row not in unknown
            ]
            blank: list[int] = []
            starts: list[int] = []  # the first row after a field over several lines
            extra: list[int] = []  # and how many lines the rows before it spanned
            inside, opened, spanned, skipped = False, 0, 0, 0
            for line, text in [*events, (None, None)]:
                while taken and not inside and (line is None or taken[0][0] + spanned <= line):
                    row, lines = taken.pop(0)  # a rejected row over lines: past it, afresh
                    skipped = row + spanned + lines - 1
                    spanned += lines - 1
                    starts.append(skipped + 1 - spanned)
                    extra.append(spanned)
                if line is None:
                    break
                if line <= skipped:
                    continue
                if text is None:
                    if not inside:
                        blank.append(line - spanned)
                    continue
                if not inside and line - spanned in unknown and field_open(text, self.delimiter):
                    self._refuse_swallowed(line, unknown[line - spanned])
                # inside a field, the line goes on from its opening quote
                if field_open(('"' if inside else "") + text, self.delimiter) == inside:
                    continue  # a quote inside a field (`he said "hi`) opens nothing
                if inside:
                    spanned += line - opened
                    starts.append(line + 1 - spanned)
                    extra.append(spanned)
                opened, inside = line, not inside
            self._layout = (blank, starts, extra)
        blank, starts, extra = self._layout

        def row_line(row: int) -> int:
            at = bisect.bisect_right(starts, row)
            return row + (extra[at - 1] if at else 0)

        return blank, row_line

    def _layout_lines(self) -> list[tuple[int, str | None]]:
        """The blank lines (None) and, in a CSV, those of an odd number of quotes, with
        their text, numbered as DuckDB's line reader counts every line (`DiskLines`: after
        a first \\r\\n, a line a \\n; else every \\r and \\n a break). Read from disk in
        Python, each byte a character (latin-1: only quotes matter): DuckDB's reader leaves
        out the lines that are not UTF-8, and keeping them as rejects to count them back in
        cost a file all in latin-1 15 times the read (its latin-1 refuses bytes 0x80-0x9F,
        which the UTF-8 of € or ★ holds)."""
        disk_line = self.disk_lines()
        disk_line(1)  # its first block: DuckDB's kind of line break
        crlf = disk_line.kind == b"\r\n"
        found: list[tuple[int, bytes | None]] = []
        number = 0
        with unpacked(self.path, self.compression) as handle:
            carry = b""
            # stopped between blocks when the Data screen moved on
            for block in _blocks(handle, self.engine.stop_if_cancelled):
                data = carry + block if carry else block
                end = data.rfind(b"\n") + 1
                carry = data[end:]
                lines = _duckdb_lines(data[:end], crlf)
                found += _blank_or_odd(lines, number, self.quoted)
                number += len(lines)
            if carry:  # the last line, ending in no \n (a \r last ends it alike)
                last = _duckdb_lines(carry.removesuffix(b"\r") + b"\n", crlf)
                found += _blank_or_odd(last, number, self.quoted)
        return [(n, None if text is None else text.decode("latin-1")) for n, text in found]

    # -- the readers -------------------------------------------------------------

    def lines_sql(self, head: bool = False) -> str:
        """Each line as `line` (NULL when empty), numbered from 1 in the order read: lines
        it cannot read are left out (`lines_on_disk` says where the others are). `head`:
        for reading the first lines only (small buffers), keeping no rejected line.
        Lines may end in \r\n and \n alike (not strict): a CSV row ends in \r\n and a
        text inside it in \n."""
        sizes = f"max_line_size = {HEAD_LINE}, buffer_size = {2 * HEAD_LINE}" if head else _SIZES
        rejects = "" if head else f", store_rejects = true, {self._rejects_options()}"
        return (
            f"SELECT row_number() OVER () AS _line, line FROM read_csv({quote(self.source)}, "
            "columns = {'line': 'VARCHAR'}, delim = chr(0), quote = '', escape = '', "
            f"header = false, auto_detect = false, strict_mode = false, {sizes}, "
            f"compression = {quote(self.compression or 'none')}, ignore_errors = true{rejects})"
        )

    def typed_sql(self) -> str:
        """Parquet as its typed columns, each row numbered `_line` (a folder's shards one
        after the other, empty ones left out)."""
        if self.shards:
            return " UNION ALL BY NAME ".join(
                f"SELECT * FROM ({shard.typed_sql()})" for shard in self.shards if not shard.blank
            )
        offset = self.shard * SHARD
        return f"SELECT row_number() OVER () + {offset} AS _line, * FROM {self._table()}"

    def _table(self) -> str:
        """The file as a typed table (CSV, TSV, Parquet, JSON arrays)."""
        path = quote(self.source)
        if self.format == "parquet":
            return f"read_parquet({path})"
        if self.format == "json":
            return (
                f"read_json({path}, format = 'array', records = true, "
                f"maximum_object_size = {MAX_LINE}, "
                f"compression = {quote(self.compression or 'none')})"
            )
        columns = ", ".join(f"{quote(name)}: 'VARCHAR'" for name in self.columns)
        quoting = quote('"' if self.quoted else "")
        return (
            f"read_csv({path}, header = true, auto_detect = false, columns = {{{columns}}}, "
            f"delim = {quote(self.delimiter)}, quote = {quoting}, escape = {quoting}, "
            f"{_SIZES}, compression = {quote(self.compression or 'none')}, "
            f"store_rejects = true, ignore_errors = true, {self._rejects_options('rows')})"
        )

    def _files(self, digest: bool = False) -> str:
        """Folder layouts: one record per file (`split/label/name` or `label/name`); its
        content is read only for a `digest`."""
        root = self.source.rstrip("/")
        depth = self.layout_depth
        parts = "string_split(rel, '/')"
        split = "CASE WHEN len(p) = 3 THEN p[1] END" if depth == 3 else "NULL"
        return (
            f"SELECT row_number() OVER (ORDER BY rel) AS _line, "
            f"CASE WHEN len(p) <> {depth} THEN 'not in a {self._layout_words()} folder' END "
            f"AS _bad, rel AS _raw, rel AS path, {split} AS split, p[{depth - 1}] AS label, "
            "p[len(p)] AS name, lower(regexp_extract(p[len(p)], '\\.([^.]+)$', 1)) AS ext, "
            f"CAST(size AS VARCHAR) AS bytes{', _digest' if digest else ''} FROM ("
            f"SELECT *, {parts} AS p FROM (SELECT substr(filename, "
            f"{len(root) + 2}) AS rel, size{', md5(content) AS _digest' if digest else ''} "
            f"FROM read_blob({quote(root + '/**')})) "
            "WHERE NOT starts_with(rel, '.') AND NOT contains(rel, '/.'))"
        )

    def _layout_words(self) -> str:
        return "split/label/file" if self.layout_depth == 3 else "label/file"

    def _rejects(self, reader: str = "lines") -> str:
        """The table where DuckDB keeps what the `lines` or `rows` (CSV) reader rejected."""
        return f"rejects_{reader}_{self.serial}"

    def _rejects_options(self, reader: str = "lines") -> str:
        table = self._rejects(reader)
        return f"rejects_table = {quote(table)}, rejects_scan = {quote(table + '_scans')}"


def refuse_other_columns(within: Dataset, sought: Dataset) -> None:
    """When no whole record of `sought` was found in `within`, raise if their columns
    differ: such records are never equal, so 'none found' would be a false all-clear.
    Names the columns both have, for --key. (Folder trees compare files' contents.)"""
    if "folder" in (within.format, sought.format) or within.columns == sought.columns:
        return
    named = "; ".join(f"{d.name}: {', '.join(d.columns)}" for d in (within, sought))
    both = [c for c in sought.columns if c in within.columns]
    how = (
        f"compare them by a column both have, with --key: {', '.join(both)}"
        if both
        else "they share no column to compare them by"
    )
    raise DataError(
        f"whole records of {sought.name} cannot be found in {within.name}: "
        f"their columns differ ({named}); {how}"
    )


def detect(path: Path, shown: str) -> tuple[str, str | None]:
    """(format, compression) from the name, or from the first bytes when it says nothing;
    a compressed file is read as one whatever its name says (`data.csv` gzipped)."""
    suffixes = [s.lower() for s in path.suffixes]
    compression = COMPRESSIONS.get(suffixes[-1]) if suffixes else None
    if compression:
        suffixes = suffixes[:-1]
    head = _head(path)
    compression = compression or next(
        (kind for magic, kind in MAGIC.items() if head.startswith(magic)), None
    )
    if head.startswith(UTF16) and b"\0" in head:
        # Excel's 'Unicode text' is tab-separated: a .tsv once UTF-8
        tabbed = bool(suffixes) and FORMATS.get(suffixes[-1]) == "text"
        utf8 = f"{path.stem}-utf8{'.tsv' if tabbed else path.suffix}"
        raise DataError(
            f"{shown}: UTF-16 text (what Excel saves as 'Unicode text'); credo data reads "
            "UTF-8: save it as 'CSV UTF-8', or convert it: "
            f"iconv -f UTF-16 -t UTF-8 {shlex.quote(shown)} > {shlex.quote(utf8)}"
        )
    fmt = FORMATS.get(suffixes[-1]) if suffixes else None
    if suffixes and suffixes[-1] == ".arrow":
        raise DataError(f"{shown}: an Arrow file; {ARROW_ADVICE}")
    if fmt == "json" or fmt is None:
        first = _first_byte(path) if compression is None else None
        if fmt is None and first is None:
            if _is_parquet(path):
                return "parquet", None
            raise DataError(
                f"{shown}: cannot tell its format from the name; credo data reads "
                f"{', '.join(sorted(FORMATS))} files (also .gz or .zst) and "
                "folder-per-class trees"
            )
        if first == "{":
            return "jsonl", compression
        if fmt is None:
            if first == "[":
                return _array(path, shown, None)
            if _is_parquet(path):
                return "parquet", None
            raise DataError(
                f"{shown}: cannot tell its format; name it .jsonl, .json, .csv, .tsv, "
                ".parquet or .txt"
            )
        return _array(path, shown, compression)
    return fmt, compression


def _array(path: Path, shown: str, compression: str | None) -> tuple[str, str | None]:
    """A JSON array file, refused when it is cut short: DuckDB reads one up to the cut
    without a word (a compressed one is not looked into)."""
    if compression is None and not _closed(path):
        raise DataError(
            f"{shown}: the JSON array is not closed (the file does not end with ']'): "
            "it was probably cut short; write it again whole"
        )
    return "json", compression


def _closed(path: Path) -> bool:
    """The file ends with `]` (an empty one has no records to lose)."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - 4096))
            tail = handle.read().rstrip()
    except OSError:
        return True  # the reader says why it cannot read it
    return not tail or tail.endswith(b"]")


def utf8_name(path: Path) -> str | None:
    """The path as DuckDB takes it: its bytes read as UTF-8, as they were written. Under a
    locale that is not UTF-8 (LC_ALL=C), Python holds a name's bytes beyond ASCII as
    surrogates, which DuckDB refuses; None for a name that is not UTF-8 at all."""
    try:
        return os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        return None


def name_shown(name: str) -> str:
    """A file's name (or path) as a person reads it, on one line: the bytes Python holds as
    surrogates read as UTF-8 where they are (a name beyond ASCII under LC_ALL=C), each other
    as `\\xe9` (a name in latin-1), not `\\udce9` (`held_as_utf8`); control characters as
    `show.value` shows them."""
    from credo.data.show import value

    return value(held_as_utf8(name))


def _not_utf8(shown: str) -> DataError:
    """The refusal of a file or folder (`shown`) whose name is not UTF-8."""
    return DataError(
        f"{shown}: its name is not UTF-8 (written in another encoding, latin-1 perhaps), "
        "and DuckDB, which credo data reads with, opens UTF-8 names only: rename it (or "
        "the folder) with a UTF-8 name"
    )


def unpacked(path: Path, compression: str | None) -> io.BufferedIOBase:
    """The file's bytes as DuckDB reads them, unpacked (gzip, or zstd of any number of
    frames); `zstandard` comes with credo[data], as DuckDB does."""
    if compression == "gzip":
        return gzip.open(path)
    if compression == "zstd":
        try:
            import zstandard
        except ImportError:
            raise DataError(
                "credo data reads a .zst file's lines with zstandard: pip install "
                "'credo[data]' (or: pip install zstandard)"
            ) from None
        reader = zstandard.ZstdDecompressor().stream_reader(
            open(path, "rb"), read_across_frames=True, closefd=True
        )
        return io.BufferedReader(reader)
    return open(path, "rb")


def _first_line_alone(head: bytes, handle: io.BufferedIOBase) -> bool:
    """Whether a line file whose first bytes, `head`, hold no \\n and one \\r at most (a
    long first line, or a Mac file's first record) has lines that end in \\r alone, read
    on from `handle` to its first \\n: two lone \\r before it outnumber it, one is a stray
    \\r; without a \\n (to MAX_LINE: longer is a bad row anyway), any \\r is a break."""
    lone, last, read = head.count(b"\r"), head[-1:], len(head)
    # a \r last in what was read may be a \r\n's: not counted as alone before the next byte
    while lone - (last == b"\r") < 2 and read < MAX_LINE and (block := handle.read(HEAD_LINE)):
        read += len(block)
        end = block.find(b"\n")
        lone += block.count(b"\r", 0, None if end < 0 else end)
        if end >= 0:  # the \r of a \r\n ends the line: not alone
            return lone - (block[end - 1 : end] == b"\r" or (end == 0 and last == b"\r")) > 1
        last = block[-1:]
    return lone > 0


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(SNIFFED)
    except OSError:
        return b""  # the reader says why it cannot read it


def _first_byte(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).lstrip()
    except OSError:
        return None
    return chr(head[0]) if head and head[0] in b"{[" else None


def _is_parquet(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PAR1"
    except OSError:
        return False


def readable(path: Path) -> bool:
    """Whether the name says a format credo data reads."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSIONS:
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in FORMATS


def _entries(path: Path, shown: str) -> tuple[list[str], list[str]]:
    """A folder's sub-folders and files, without hidden ones and the marks tools leave
    beside shards (`_SUCCESS`, `.crc` checksums); files in natural order (shard_10 after
    shard_9)."""
    try:
        entries = [e for e in os.scandir(path) if not e.name.startswith(".")]
        dirs = [e.name for e in entries if e.is_dir()]
        files = [
            e.name
            for e in entries
            if e.is_file() and not e.name.startswith("_") and not e.name.endswith(".crc")
        ]
    except OSError as error:
        raise DataError(f"{shown}: cannot be read ({error.strerror})") from None
    return dirs, sorted(files, key=_natural)


def _natural(name: str) -> list[tuple[int, str]]:
    """Names by their numbers as numbers: `shard_9` before `shard_10`."""
    return [(int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", name)]


def _folder(path: Path, shown: str, engine: Engine) -> Dataset | None:
    """A folder-per-class tree: `split/label/file` when the top folders are splits; None
    for a folder without sub-folders (a folder of shards). A file beside the class
    folders (`classes.txt`) is no shard: the tree counts it as a bad row."""
    tops = _entries(path, shown)[0]
    if not tops:
        return None
    depth = 3 if all(t.lower() in SPLIT_NAMES for t in tops) else 2
    columns = ["path"] + (["split"] if depth == 3 else []) + ["label", "name", "ext", "bytes"]
    size = 0  # any entry: an empty tree reads as empty
    for entry in path.rglob("*"):  # DuckDB lists them all, and fails at such a name
        if utf8_name(entry) is None:
            raise _not_utf8(f"{shown.rstrip('/')}/{name_shown(str(entry.relative_to(path)))}")
        size += 1
    return Dataset(path, shown, "folder", None, size, columns, engine, "file", depth)


def _shards(path: Path, shown: str, engine: Engine) -> Dataset:
    """A folder of files of one format (`part-00000.jsonl`, ...) as one dataset, in file
    order. A refusal names the files found on one line (a name can forge a line)."""
    from credo.data.show import value

    folder = shown.rstrip("/")
    shards: list[Dataset] = []
    formats: dict[str, list[str]] = {}
    for name in _entries(path, shown)[1]:
        try:
            shard = Dataset.open(path / name, engine, name=f"{folder}/{name}")
        except DataError as error:
            if readable(path / name):  # a data file that cannot be read says why, on one line
                raise DataError(value(error.message)) from None
            formats.setdefault("unknown", []).append(name_shown(name))
            continue
        shard.shard = len(shards) + 1
        shards.append(shard)
        formats.setdefault(shard.format, []).append(name_shown(name))
    if not shards:
        others = f" (only {', '.join(formats['unknown'])})" if formats else ""
        raise DataError(
            f"{shown} holds no data files{others}; credo data reads a folder of files of one "
            "format (shards: part-00000.jsonl, ...) or of label/file or split/label/file folders"
        )
    if len(formats) > 1:
        found = ", ".join(
            f"{fmt} ({names[0] if len(names) == 1 else counted(len(names), 'file')})"
            for fmt, names in sorted(formats.items())
        )
        raise DataError(
            f"{shown} holds files of several formats: {found}; credo data reads a folder "
            "whose files are all one format (move the others out)"
        )
    columns = list(dict.fromkeys(c for shard in shards for c in shard.columns))
    first = shards[0]
    size = sum(shard.size for shard in shards)
    data = Dataset(path, shown, first.format, None, size, columns, engine, first.unit)
    data.shards = shards
    return data


def _delimiter_of(header: str, fmt: str) -> str:
    """A comma, unless the header has none and a semicolon, tab or bar separates its
    names (a spreadsheet saved where the comma is the decimal mark writes `;`). A quoted
    name's characters separate nothing (`"label, final";"score"` is `;`)."""
    if fmt == "tsv":
        return "\t"
    unquoted = _QUOTED.sub("", header)
    if "," not in unquoted:
        for other in (";", "\t", "|"):
            if other in unquoted:
                return other
    return ","


_QUOTED = re.compile(r'"(?:[^"]|"")*"')
"""A quoted CSV field (a quote inside it written twice)."""


def _column_names(header: list[str]) -> list[str]:
    """A CSV header's names, each one once: a blank one is `column4`, a name met again
    gets its place (`label_3`), as a table cannot have two columns of one name."""
    names: list[str] = []
    for i, name in enumerate(header, 1):
        name = name.strip() or f"column{i}"
        while name in names:
            name = f"{name}_{i}"
        names.append(name)
    return names


def field_open(text: str, delimiter: str) -> bool:
    """Whether CSV text leaves a quoted field open: a quote opens a field only at its
    start (inside one it is a character, as the readers take it: `he said "hi`), and two
    in a quoted field are one."""
    return '"' in text and _closed_fields(delimiter).fullmatch(text) is None


@functools.cache
def _closed_fields(delimiter: str) -> re.Pattern[str]:
    """CSV text whose quoted fields are all closed: fields, each quoted (to its closing
    quote, then anything to the next delimiter or line break), unquoted (not starting with
    a quote) or empty. Possessive: a field is read one way only, in C."""
    other = f"[^{re.escape(delimiter)}\\n]*+"
    field = f'(?:"(?:[^"]++|"")*+"{other}|[^"{re.escape(delimiter)}\\n]{other}|)'
    return re.compile(f"(?:{field}[{re.escape(delimiter)}\\n])*+{field}")


def _blocks(handle: io.BufferedIOBase, stop: Callable[[], None]) -> Iterator[bytes]:
    """`handle` read in blocks of HEAD_LINE bytes: `stop` is called before each (it raises
    to stop the read: `Engine.stop_if_cancelled`)."""
    while True:
        stop()
        if not (block := handle.read(HEAD_LINE)):
            return
        yield block


def _one_ending(handle: io.BufferedIOBase, limit: int | None, stop: Callable[[], None]) -> bool:
    """Whether every line break (of the first `limit` lines, about) is of one kind, and
    every \\r half of a \\r\\n or none, counted in blocks: most files, told in a few
    milliseconds without looking at their quotes (`_blocks`: `stop`)."""
    breaks = pairs = returns = 0
    last = b""
    for block in _blocks(handle, stop):
        breaks += block.count(b"\n")
        pairs += block.count(b"\r\n") + (last == b"\r" and block[:1] == b"\n")
        returns += block.count(b"\r")
        last = block[-1:]
        if limit is not None and breaks > limit:
            break
    return pairs in (0, breaks) and returns == pairs


_FIRST_BREAK = re.compile(rb"\r\n|\r(?=.)|\n", re.DOTALL)
"""A line break, as DuckDB takes its kind from a file's first one (a \\r last in what
is read so far may be half of a \\r\\n)."""
_LONE_RETURN = re.compile(rb"\r(?!\n)")


def _lone_return(data: bytes, end: int) -> int | None:
    """Where the first \\r that ends no line is in `data[:end]` (None: each is half of a
    \\r\\n), told first by counting \\r against \\r\\n."""
    if data.count(b"\r", 0, end) == data.count(b"\r\n", 0, end):
        return None
    lone = _LONE_RETURN.search(data, 0, end)
    return lone.start() if lone else None


def _line_blocks(handle: io.BufferedIOBase, stop: Callable[[], None]) -> Iterator[bytes]:
    """The bytes of `handle` in blocks of whole lines, each ending in \\n (the last may end
    without), read in `_blocks` (`stop`)."""
    begun: list[bytes] = []  # a line begun in the blocks before
    for block in _blocks(handle, stop):
        end = block.rfind(b"\n") + 1
        if end:
            yield b"".join((*begun, block[:end]))
            begun = []
        begun.append(block[end:])
    if rest := b"".join(begun):
        yield rest


def _other_ending(
    blocks: Iterable[bytes], delimiter: str | None, limit: int | None
) -> tuple[int, bytes] | None:
    """The first line (from 1) that ends where a record ends, in \\r\\n where the first line
    ends in \\n or the other way, or holds a \\r outside quotes that ends no line, and
    which: b"\\r\\n", b"\\n" or b"\\r"; None for none. A CSV's quoted field (`delimiter`;
    None: a TSV, no quoting) takes its line breaks in, found as `_csv_rows` finds them:
    only a line of an odd number of quotes can open or close one.

    `blocks` of whole lines (`_line_blocks`). Only a line that may change the answer is
    looked at in Python: one of an odd number of quotes, or a \\r that ends no line, or
    that ends otherwise than the line before it (else it is inside a field or outside as
    that line, ending as it did); the rest are told apart in C loops."""
    kind, inside, before, last = None, False, 0, None  # `last`: the line before ends in \r\n
    for block in blocks:
        lines = block.split(b"\n")  # the last: what follows the last \n, mostly nothing
        crlf = list(map(bytes.endswith, lines, itertools.repeat(b"\r")))
        strays = [False] * len(lines)  # a \r other than the one of a \r\n: mostly none
        if block.count(b"\r") != block.count(b"\r\n"):
            strays = list(map(operator.ne, map(bytes.count, lines, itertools.repeat(b"\r")), crlf))
        odd = list(_odd_quotes(lines)) if delimiter is not None else strays
        changed = map(operator.ne, crlf, [last, *crlf])
        *looked_at, _ = map(operator.or_, map(operator.or_, strays, odd), changed)
        for at in itertools.compress(range(len(lines) - 1), looked_at):
            number = before + at + 1
            if limit is not None and number > limit:
                return None
            raw = lines[at] + b"\n"
            if strays[at] and (found := _stray_outside(raw, inside, delimiter)):
                return number, found
            if delimiter is not None and odd[at]:
                inside = field_open(('"' if inside else "") + raw.decode("latin-1"), delimiter)
            if inside:  # the line ends within a field
                continue
            ending = b"\r\n" if crlf[at] else b"\n"
            if kind is None:
                kind = ending
            elif ending != kind:
                return number, ending
        before, last = before + len(lines) - 1, crlf[-2] if len(lines) > 1 else last
        if lines[-1]:  # a last line with no \n: the file's end
            if limit is not None and before + 1 > limit:
                return None
            found = _stray_outside(lines[-1], inside, delimiter)
            return (before + 1, found) if found else None
    return None


def _stray_outside(raw: bytes, inside: bool, delimiter: str | None) -> bytes | None:
    """b"\\r" where the line `raw` (begun `inside` a quoted field) holds a \\r outside
    quotes that ends no line; else None."""
    for stray in _LONE_RETURN.finditer(raw):
        before = ('"' if inside else "") + raw[: stray.start()].decode("latin-1")
        if delimiter is None or not field_open(before, delimiter):
            return b"\r"
    return None


def _duckdb_lines(data: bytes, crlf: bool) -> list[bytes]:
    """The lines of `data` (whole lines, each ending in \\n) as DuckDB's line reader takes
    them, without their breaks: after a first \\r\\n (`crlf`), one a \\n; else every \\r
    is a break of its own too (a \\r\\n two, the second line empty)."""
    if not crlf:
        return data.replace(b"\r", b"\n").split(b"\n")[:-1]
    return [line.removesuffix(b"\r") for line in data.split(b"\n")[:-1]]


def _blank_or_odd(
    lines: list[bytes], before: int, quoted: bool
) -> Iterator[tuple[int, bytes | None]]:
    """(number, None) of each empty line and, `quoted`, (number, text) of each holding an
    odd number of quotes, numbered on from `before`; in C loops (a million lines a pass)."""
    numbered = zip(itertools.count(before + 1), lines)
    odd = _odd_quotes(lines) if quoted else itertools.repeat(0)
    kept = map(operator.or_, map(operator.not_, lines), odd)
    return ((n, line or None) for n, line in itertools.compress(numbered, kept))


def _odd_quotes(lines: list[bytes]) -> Iterator[int]:
    """1 for each line holding an odd number of quotes, 0 for each other, in a C loop."""
    return map(operator.and_, map(bytes.count, lines, itertools.repeat(b'"')), itertools.repeat(1))


def _skipping(skipped: list[int]) -> Callable[[int], int]:
    """From the n-th number kept to the number itself, when the sorted `skipped` were
    left out of a count from 1 (the j-th skipped has `skipped[j] - j` kept before it)."""
    kept_before = [number - j for j, number in enumerate(skipped, 1)]
    return lambda n: n + bisect.bisect_left(kept_before, n)


class DiskLines:
    """From a line as DuckDB's line reader counts it to the line on disk (as `sed -n` and
    look's byte offsets count them: a line ends in \\n), the file read only as far as asked:
    a file whose bad rows are never named is not read.

    DuckDB takes its kind of line break from the first one. After a \\r\\n, a \\r\\n and a
    \\n are one break each, and its count is the disk's; a \\r that ends no line is one
    too, and the character after it is lost: the file is refused (`stray`), its lines read
    on as far as asked to see one. After a \\n (or a lone \\r), every \\r is a break of
    its own, as every \\n: a \\r\\n is two (its second line empty, left out) and a lone
    \\r cuts its line in two, so DuckDB runs a line ahead at each \\r. The lines are kept
    as runs of lines that DuckDB counts alike (`step`: as how many), so a file joined from
    two exports takes two runs, whatever its length."""

    def __init__(
        self,
        path: Path,
        compression: str | None,
        stray: Callable[[int], NoReturn],
        stop: Callable[[], None],
    ) -> None:
        self.stray = stray
        """Refuses the file for the line of a \\r that ends no line, after a first \\r\\n:
        DuckDB takes it for a break, and drops the character after it."""
        self.stop = stop
        """Called between blocks; raises to stop the read (`Engine.stop_if_cancelled`)."""
        self.kind = b""
        """DuckDB's kind of line break, once read: the file's first one."""
        self.starts = [1]
        """Where each run starts, counted as DuckDB counts."""
        self.lines = [1]
        """The line on disk each run starts at."""
        self.steps = [1]
        """How many of DuckDB's lines a line of each run is."""
        self.next = (1, 1)
        """(DuckDB's, the disk's) number of the first line not read yet."""
        self._reading: Iterator[None] | None = self._read(path, compression)

    def __call__(self, number: int) -> int:
        while self._reading is not None and number >= self.next[0]:
            if next(self._reading, False) is False:
                self._reading = None
        at = bisect.bisect_right(self.starts, number) - 1
        return self.lines[at] + (number - self.starts[at]) // self.steps[at]

    def _read(self, path: Path, compression: str | None) -> Iterator[None]:
        with unpacked(path, compression) as handle:
            carry = b""  # the end of a block after its last \n, when it counts
            for block in _blocks(handle, self.stop):
                data = carry + block if carry else block
                if not self.kind:  # DuckDB's kind of line break: its first one
                    first = _FIRST_BREAK.search(data)
                    if first is None:  # none yet, or a \r whose \n may come next
                        carry = data
                        continue
                    self.kind = first.group()
                if self.kind == b"\r\n":  # one break each: the count is the disk's
                    end = len(data) - data.endswith(b"\r")  # a \r last: its \n may follow
                    lone = _lone_return(data, end)
                    if lone is not None:
                        self.stray(self.next[1] + data.count(b"\n", 0, lone))
                    self._run(data.count(b"\n", 0, end), 1)
                    carry = data[end:]
                    yield None
                    continue
                if b"\r" not in data:  # most blocks: a line each \n, nothing to carry
                    self._run(data.count(b"\n"), 1)
                    carry = b""
                    yield None
                    continue
                end = data.rfind(b"\n") + 1
                returns, breaks = data.count(b"\r", 0, end), data.count(b"\n", 0, end)
                if returns == breaks == data.count(b"\r\n", 0, end):  # \r\n lines only
                    self._run(breaks, 2)
                else:
                    for line in data[:end].split(b"\n")[:-1]:
                        self._run(1, line.count(b"\r") + 1)
                carry = data[end:]
                yield None

    def _run(self, lines: int, step: int) -> None:
        """The next `lines` lines on disk, each `step` of DuckDB's."""
        if not lines:
            return
        counted, line = self.next
        if step != self.steps[-1]:
            if self.starts[-1] == counted:  # the last run holds no line yet
                self.steps[-1] = step
            else:
                self.starts.append(counted)
                self.lines.append(line)
                self.steps.append(step)
        self.next = (counted + lines * step, line + lines)


def _json_text(text: str, path: str) -> str:
    """SQL: the `text` JSON gives for the value at `path` of `_raw`, made its own: a string
    that reads as JSON (`"1"`, not the number 1) keeps its quotes. The type is looked up
    only then: most strings (`pt-PT`) are no JSON at all. As `json_text` in Python."""
    return (
        f"CASE WHEN json_valid({text}) AND json_type(_raw, {quote(path)}) = 'VARCHAR' "
        f"THEN to_json({text})::VARCHAR ELSE {text} END"
    )


def json_text(item: object) -> str | None:
    """A JSON value as text, each value its own: a string as it is, unless it reads as
    JSON itself (`"1"`, not the number 1), null as None. As `_json_text` in SQL."""
    if item is None:
        return None
    if isinstance(item, str):
        try:
            json.loads(item)
        except ValueError:
            return item
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def pointer(keys: list[str]) -> str:
    """A JSON pointer to the value these keys lead to (any characters allowed in a key)."""
    return "".join("/" + key.replace("~", "~0").replace("/", "~1") for key in keys)


def _why(kind: str, message: str, lines: int = 1) -> str:
    """Why DuckDB rejected a row, in the words look uses (its own, cut to a line, else);
    a quote that took in the `lines` after it says how many were lost."""
    if kind == "UNQUOTED VALUE" and lines > 1:
        return never_closes(lines)
    if kind in ("TOO MANY COLUMNS", "MISSING COLUMNS"):
        found = re.findall(r"\d+", message)
        if len(found) == 2:
            return f"expected {found[0]} fields, found {found[1]}"
    if kind == "UNQUOTED VALUE":  # DuckDB says 'unterminated' of `"Great" movie` too
        return UNQUOTED
    if kind == "INVALID ENCODING":
        return NOT_UTF8
    return message.strip().splitlines()[0][:120] if message.strip() else "unreadable"


NOT_UTF8 = "not UTF-8"
UNQUOTED = "a quoted field goes on after its closing quote, or never closes"


def never_closes(lines: int) -> str:
    """Why a row whose quoted field took in the lines after it is bad: how many lines
    it swallowed (none of them counted), and what to do."""
    return (
        f"a quote opens a field here and does not close where it should: the {lines:,} "
        "lines from here were read as this one bad row, none of them counted; close the "
        'quote (a quote inside a field is written twice: "")'
    )
