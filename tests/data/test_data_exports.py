"""Data files as colleagues export them (Excel, European spreadsheets, gzip without its
suffix): each read as its own tools read it, or refused saying what to do."""

from __future__ import annotations

import csv
import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import zstandard
from datafiles import open_data

from credo.data.balance import balance
from credo.data.cues import cues
from credo.data.diff import diff
from credo.data.engine import DataError, Engine
from credo.data.look import SMALL, look
from credo.data.overlap import overlap
from credo.data.readers import HEAD_LINE, RETURNS_SNIFFED, BadRows

ROWS = [["olá", "pt-PT"], ["coração", "pt-BR"], ["bom dia", "pt-PT"]]


def written(path: Path, delimiter: str = ",") -> bytes:
    """ROWS under a header, as Python's csv module writes them (UTF-8)."""
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerows([["text", "label"], *ROWS])
    return path.read_bytes()


def test_a_gzipped_csv_named_csv_is_read_as_gzip(tmp_path: Path, engine: Engine) -> None:
    """`data.csv` that is gzip inside (a download, a pipeline's output) was one bad row,
    'line 1: not UTF-8', and no records."""
    path = tmp_path / "data.csv"
    path.write_bytes(gzip.compress(written(path)))
    found = balance(open_data(path, engine), "label")
    assert (found.records, found.bad.count) == (3, 0)
    assert dict(found.groups[0].counts) == {"pt-PT": 2, "pt-BR": 1}
    assert [s.raw for s in look(open_data(path, engine), [], n=5).groups[()]] == [
        "olá,pt-PT",
        "coração,pt-BR",
        "bom dia,pt-PT",
    ]


@pytest.mark.parametrize(
    ("name", "convert"),
    [
        ("export.txt", "iconv -f UTF-16 -t UTF-8 export.txt > export-utf8.tsv"),
        ("export.csv", "iconv -f UTF-16 -t UTF-8 export.csv > export-utf8.csv"),
    ],
)
def test_utf16_text_is_refused_saying_how_to_make_it_utf8(
    tmp_path: Path, engine: Engine, name: str, convert: str
) -> None:
    """Excel's 'Unicode text' (UTF-16, tab-separated) was one bad row, 'line 1: not
    UTF-8', and no records."""
    path = tmp_path / name
    path.write_bytes(written(tmp_path / "utf8", "\t").decode().encode("utf-16"))
    with pytest.raises(DataError) as refused:
        open_data(path, engine)
    assert refused.value.message.startswith(f"{name}: UTF-16 text")
    assert convert in refused.value.message


def test_a_european_csv_reads_its_decimal_commas_as_numbers(tmp_path: Path, engine: Engine) -> None:
    """A spreadsheet saved where the comma is the decimal mark writes `;` between fields
    and `0,75` for numbers: cues took the scores for words, skipped them as 'too many
    values', and said no feature gives the label away, though the score gives it all."""
    rows = [
        f"frase {i};{label};{score:.3f}".replace(".", ",")
        for i in range(60)
        for label, score in [("pt-PT", 0.6 + i / 200), ("pt-BR", 0.1 + i / 200)]
    ]
    path = tmp_path / "notas.csv"
    path.write_text("texto;rotulo;score\n" + "\n".join(rows) + "\n")
    found = cues(open_data(path, engine), "rotulo", "texto")
    assert not found.passed and found.records == 120
    assert {cue.feature for cue in found.strong} == {"score"}
    assert all(" to <" in str(cue.value) for cue in found.strong)  # ranges, not values


def bad_rows(path: Path, other: Path, engine: Engine, n: int = 5) -> list[BadRows]:
    """The bad rows each of the five commands found in `path` (`other`: the file that
    overlap and diff read beside it), in the order balance, cues, look, overlap, diff."""
    return [
        balance(open_data(path, engine), "label").bad,
        cues(open_data(path, engine), "label").bad,
        look(open_data(path, engine), [], n=n).bad,
        overlap(open_data(other, engine), open_data(path, engine), key="text").valid_bad,
        diff(open_data(path, engine), open_data(other, engine), key="text").before_bad,
    ]


def test_a_latin1_csv_has_the_same_bad_rows_in_every_command_and_says_to_convert_it(
    tmp_path: Path, engine: Engine
) -> None:
    """A CSV saved as latin-1 (`olá`, `coração`): look, overlap and diff said 2 bad rows,
    'not UTF-8', and 1 record; balance and cues, which read only some columns (DuckDB
    checks the text of those alone), counted 3 records, no bad row. None said what to do."""
    path = tmp_path / "notas.csv"
    path.write_bytes(written(path).decode().encode("latin-1"))
    other = tmp_path / "other.csv"
    other.write_text("text,label\nbom dia,pt-PT\n")
    found = bad_rows(path, other, engine)
    assert [[place.line for place, _ in bad.examples] for bad in found] == [[2, 3]] * 5
    assert balance(open_data(path, engine), "label").records == 1
    convert = "iconv -f WINDOWS-1252 -t UTF-8 < notas.csv > notas-utf8.csv"
    assert all(convert in bad.words("line") for bad in found)
    assert found[0].to_json()["advice"] == found[0].advice
    packed = tmp_path / "notas.csv.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    convert = "gzip -dc notas.csv.gz | iconv -f WINDOWS-1252 -t UTF-8 > notas-utf8.csv"
    assert convert in balance(open_data(packed, engine), "label").bad.advice


def test_a_tab_separated_txt_asked_for_a_column_says_to_name_it_tsv(
    tmp_path: Path, engine: Engine
) -> None:
    """Excel's 'Text (Tab delimited)' is a .txt: read as plain text (a record a line) its
    columns were only `text`, with no word of why; a .txt without tabs says nothing more."""
    path = tmp_path / "export.txt"
    written(path, "\t")
    with pytest.raises(DataError) as refused:
        balance(open_data(path, engine), "label")
    assert refused.value.message == (
        "export.txt has no column 'label'; its columns: text (read as plain text, a record a "
        "line, but its first line holds tabs: a table with a header is read as one once "
        "named .tsv: mv export.txt export.tsv)"
    )
    renamed = path.rename(tmp_path / "export.tsv")
    assert balance(open_data(renamed, engine), "label").records == 3
    plain = tmp_path / "corpus.txt"
    plain.write_text("olá\nbom dia\n")
    with pytest.raises(DataError) as refused:
        balance(open_data(plain, engine), "label")
    assert refused.value.message == "corpus.txt has no column 'label'; its columns: text"


@pytest.mark.parametrize("lines", [3, 100_001])  # read in order; read at random places
def test_look_groups_by_the_columns_as_read_a_bom_and_a_name_met_twice(
    tmp_path: Path, engine: Engine, lines: int
) -> None:
    """look found the --by column in the header line as written: Excel's BOM before the
    first name, or a name met twice (`label_3` to every command), was a ValueError
    traceback."""
    path = tmp_path / "export.csv"
    rows = "".join(f"news,texto {i},pt-PT,pt-BR\n" for i in range(lines))
    path.write_bytes("\ufeffdomain,text,label,label\n".encode() + rows.encode())
    data = open_data(path, engine)
    assert data.columns == ["domain", "text", "label", "label_4"]
    found = look(data, ["domain", "label_4"], n=2)
    assert list(found.groups) == [("news", "pt-BR")] and not found.bad.count
    assert all(sample.raw.startswith("news,texto ") for sample in found.groups[("news", "pt-BR")])


def test_a_semicolon_csv_whose_quoted_header_holds_a_comma_is_read_by_its_semicolons(
    tmp_path: Path, engine: Engine
) -> None:
    """`"rótulo, final";"score"`: the comma inside the quoted name made the header look
    comma-separated, so the file had one column, `texto;"rótulo, final";"score"`, and every
    command refused `--label 'rótulo, final'` (look found no group)."""
    rows = [
        f"frase {i};{label};{score:.3f}".replace(".", ",")
        for i in range(60)
        for label, score in [("pt-PT", 0.6 + i / 200), ("pt-BR", 0.1 + i / 200)]
    ]
    path = tmp_path / "notas.csv"
    path.write_text('"texto";"rótulo, final";"score"\n' + "\n".join(rows) + "\n")
    label = "rótulo, final"
    assert open_data(path, engine).columns == ["texto", label, "score"]
    found = balance(open_data(path, engine), label)
    assert (found.records, dict(found.groups[0].counts)) == (120, {"pt-PT": 60, "pt-BR": 60})
    looked = look(open_data(path, engine), [label], n=2)
    assert set(looked.groups) == {("pt-PT",), ("pt-BR",)} and not looked.bad.count
    assert {cue.feature for cue in cues(open_data(path, engine), label, "texto").strong} == {
        "score"
    }
    other = tmp_path / "other.csv"
    other.write_text('"texto";"rótulo, final";"score"\nfrase 3;pt-PT;0,5\n')
    assert overlap(open_data(path, engine), open_data(other, engine), key="texto").exact == 1
    assert diff(open_data(path, engine), open_data(other, engine), key="texto").dropped == 119


@pytest.mark.parametrize("width", [10, 90_000])  # read in order; over 8 MB, at random places
def test_json_lines_after_a_byte_order_mark_keep_their_first_record_in_every_command(
    tmp_path: Path, engine: Engine, width: int
) -> None:
    """A JSON Lines export that starts with a UTF-8 BOM: over 8 MB, look took the first
    line for no record (`\\ufeff{` is no JSON) and never showed it, while the other
    commands read it; here the only pt-PT record."""
    rows = [
        json.dumps({"id": i, "text": f"texto {i} " + "x" * width, "label": "pt-BR"})
        for i in range(100)
    ]
    rows[0] = rows[0].replace("pt-BR", "pt-PT")
    path = tmp_path / "export.jsonl"
    path.write_bytes("\ufeff".encode() + "".join(row + "\n" for row in rows).encode())
    assert (path.stat().st_size > SMALL) == (width > 10)
    looked = look(open_data(path, engine), ["label"], n=5)
    [first] = looked.groups[("pt-PT",)]
    assert first.raw == rows[0] and not looked.bad.count
    found = balance(open_data(path, engine), "label")
    assert dict(found.groups[0].counts) == {"pt-BR": 99, "pt-PT": 1} and not found.bad.count
    assert cues(open_data(path, engine), "label").records == 100
    head = tmp_path / "head.jsonl"
    head.write_text(rows[0] + "\n")
    assert overlap(open_data(path, engine), open_data(head, engine), key="text").exact == 1
    assert diff(open_data(path, engine), open_data(head, engine), key="id").dropped == 99


def every_command(path: Path, engine: Engine, label: str = "label") -> list[str]:
    """What each of the five commands says of `path` (columns text and `label`): its
    refusal, or `read` with its records."""
    other = path.with_name("other.csv")
    other.write_text("text,label\nbom dia,pt-PT\n")
    said = []
    for command in (
        lambda: sorted(look(open_data(path, engine), [label], n=2).groups),
        lambda: balance(open_data(path, engine), label).records,
        lambda: cues(open_data(path, engine), label).records,
        lambda: overlap(open_data(path, engine), open_data(other, engine), key="text").exact,
        lambda: diff(open_data(path, engine), open_data(other, engine), key="text").dropped,
    ):
        try:
            said.append(f"read {command()}")
        except DataError as error:
            said.append(error.message)
    return said


@pytest.mark.parametrize(
    ("first", "then", "why"),
    [
        ("\r\n", "\n", "ends in \\n where the lines before it end in \\r\\n (Windows)"),
        ("\n", "\r\n", "ends in \\r\\n (Windows) where the lines before it end in \\n"),
    ],
)
@pytest.mark.parametrize("rows", [3, 60_000])  # read in order; at random places
def test_a_csv_joined_from_two_exports_of_other_line_endings_is_refused_by_every_command(
    tmp_path: Path, engine: Engine, first: str, then: str, why: str, rows: int
) -> None:
    """A Windows export (\\r\\n) with another's rows (\\n) after it: balance, cues,
    overlap and diff said 'cannot be read as CSV ... are the usual causes', naming no line,
    while look read it (over 8 MB, at random places, as if nothing were wrong)."""
    head = "text,label" + first + "".join(f"texto {i},pt-PT{first}" for i in range(rows))
    path = tmp_path / "joined.csv"
    path.write_bytes((head + "".join(f"outro {i},pt-BR{then}" for i in range(rows))).encode())
    refusal = (
        f"joined.csv line {rows + 2:,} {why}: a file joined from two exports? credo data reads "
        "one kind a file: write a copy of one kind, tr -d '\\r' < joined.csv > joined-unix.csv, "
        "and read that"
    )
    assert every_command(path, engine) == [refusal] * 5
    packed = tmp_path / "joined.csv.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    unpacked = "gzip -dc joined.csv.gz | tr -d '\\r' > joined-unix.csv"
    assert all(unpacked in said for said in every_command(packed, engine))


@pytest.mark.parametrize("packing", ["", ".gz", ".zst"])
def test_the_advice_for_two_line_endings_writes_a_copy_every_command_reads(
    tmp_path: Path, engine: Engine, packing: str
) -> None:
    """The advice was `dos2unix joined.csv`, which rewrites the file as recorded (a run
    recorded on it no longer matches its fingerprint), and a zstd file was refused only
    with 'cannot be read as CSV ... are the usual causes', naming no line. Every packing
    names the line; the advised line, pasted, leaves the file and writes one credo reads."""
    text = "text,label\r\n" + "".join(f"texto {i},pt-PT\r\n" for i in range(3))
    original = (text + "".join(f"outro {i},pt-BR\n" for i in range(3))).encode()
    pack = {"": bytes, ".gz": gzip.compress, ".zst": zstandard.compress}[packing]
    path = tmp_path / f"joined.csv{packing}"
    recorded = pack(original)  # gzip's header holds the time: packed once
    path.write_bytes(recorded)
    said = every_command(path, engine)
    assert said[0].startswith(
        f"joined.csv{packing} line 5 ends in \\n where the lines before it end in \\r\\n"
    )
    assert said == [said[0]] * 5
    advised = said[0].split("write a copy of one kind, ")[1].removesuffix(", and read that")
    if not shutil.which(advised.split()[0]):
        pytest.skip(f"{advised.split()[0]} is not installed: the advised line is not run")
    subprocess.run(advised, shell=True, cwd=tmp_path, check=True)
    assert path.read_bytes() == recorded
    copy = tmp_path / "joined-unix.csv"
    assert copy.read_bytes() == original.replace(b"\r\n", b"\n")
    assert every_command(copy, engine) == [
        "read [('pt-BR',), ('pt-PT',)]",
        "read 6",
        "read 6",
        "read 0",
        "read 6",
    ]


def test_line_breaks_inside_quoted_fields_of_a_windows_csv_are_the_fields_own(
    tmp_path: Path, engine: Engine
) -> None:
    """Excel ends rows in \\r\\n and a line break typed in a cell in \\n: one kind of
    row ending, read by every command (a field's break is not a record's)."""
    path = tmp_path / "excel.csv"
    rows = "".join(f'"linha {i}\nsegunda, ""dita""",pt-PT\r\n' for i in range(3))
    path.write_bytes(f'text,label\r\n{rows}"a\r\nb",pt-BR\r\n'.encode())
    looked = "read [('pt-BR',), ('pt-PT',)]"
    assert every_command(path, engine) == [looked, "read 4", "read 4", "read 0", "read 4"]


def test_look_at_random_places_refuses_lines_of_another_ending_it_meets_in_the_middle(
    tmp_path: Path, engine: Engine
) -> None:
    """Three exports joined, the middle one's rows ending in \\n: look, reading blocks at
    random (all of them, asked for more records than there are), met both kinds and read
    on, while the other commands refused the file."""
    rows = [f"texto {i},pt-PT\r\n" for i in range(120_000)]
    rows[50_000:50_010] = [f"outro {i},pt-BR\n" for i in range(10)]
    path = tmp_path / "joined.csv"
    path.write_bytes(("text,label\r\n" + "".join(rows)).encode())
    with pytest.raises(DataError) as refused:
        look(open_data(path, engine), [], n=200_000)
    assert refused.value.message.startswith(
        "joined.csv line 50,002 ends in \\n where the lines before it end in \\r\\n (Windows)"
    )
    assert every_command(path, engine)[1] == refused.value.message


@pytest.mark.parametrize("packing", ["", ".gz", ".zst"])
def test_json_lines_joined_from_two_exports_name_the_lines_on_disk(
    tmp_path: Path, engine: Engine, packing: str
) -> None:
    """JSON Lines ending in \\n, then a Windows export's lines in \\r\\n: DuckDB counts a
    \\r\\n as two line breaks after a \\n, so every command named a bad line, and look
    each record, as many lines late as there were \\r\\n lines before it (line 10 for 7).
    A lone \\r (whitespace in JSON) cuts its line in two for DuckDB: both halves are that
    line, and the lines after it keep their numbers."""
    lines = [json.dumps({"text": f"texto {i}", "label": "ab"[i % 2]}).encode() for i in range(10)]
    lines[5] = b'{"text": broken'
    lines[6] = b'{"text": "caf\xe9", "label": "a"}'
    lines[7] = b'{"text": "meio",\r"label": "b"}'
    original = b"".join(line + b"\n" for line in lines[:3])
    original += b"".join(line + b"\r\n" for line in lines[3:])
    pack = {"": bytes, ".gz": gzip.compress, ".zst": zstandard.compress}[packing]
    path = tmp_path / f"joined.jsonl{packing}"
    path.write_bytes(pack(original))
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"text": "bom dia", "label": "a"}) + "\n")
    found = bad_rows(path, other, engine, n=10)
    named = [(6, "not valid JSON"), (7, "not UTF-8"), (8, "not valid JSON"), (8, "not valid JSON")]
    assert [[(p.line, why) for p, why in bad.examples] for bad in found] == [named] * 5
    looked = look(open_data(path, engine), [], n=10).groups[()]
    assert [(s.at.line if s.at else None, s.raw) for s in looked] == [
        (number, lines[number - 1].decode()) for number in (1, 2, 3, 4, 5, 9, 10)
    ]


def test_a_windows_line_break_inside_a_quoted_field_of_a_unix_csv_is_one_line(
    tmp_path: Path, engine: Engine
) -> None:
    """A \\n CSV whose quoted field holds a \\r\\n (text pasted from Windows): DuckDB's
    line reader counts it as two breaks, so balance, cues, overlap and diff named the bad
    row after it a line late (with the blank line after it, two) and look did too."""
    path = tmp_path / "pasted.csv"
    path.write_bytes(
        b'text,label\n"linha\r\noutra",pt-PT\n\nbom dia,pt-BR\nmais,pt-PT,x\nfim,pt-BR\n'
    )
    other = tmp_path / "other.csv"
    other.write_text("text,label\nbom dia,pt-PT\n")
    found = bad_rows(path, other, engine)
    named = [(6, "expected 2 fields, found 3")]
    assert [[(p.line, why) for p, why in bad.examples] for bad in found] == [named] * 5
    looked = look(open_data(path, engine), [], n=5).groups[()]
    assert [s.at.line for s in looked if s.at] == [2, 5, 7]


def stray_return(name: str, line: int, fix: str) -> str:
    """How a file holding a \\r that ends no line, where its lines end in \\r\\n, is refused."""
    return (
        f"{name} line {line} holds a \\r that ends no line, where its lines end in \\r\\n "
        "(Windows): DuckDB would take it for a line break and drop the character after it, "
        f"changing the record: write a copy without \\r, {fix}, and read that"
    )


@pytest.mark.parametrize(
    ("name", "text", "label"),
    [
        ("notas.txt", "bom dia\r\nolá\rmundo\r\nfim\r\n", "text"),
        (
            "notas.jsonl",
            '{"text": "a"}\r\n{"text": "olá",\r"label": "b"}\r\n{"text": "c"}\r\n',
            "text",
        ),
        ("notas.csv", "text,label\r\nolá\rmundo,pt-PT\r\nfim,pt-BR\r\n", "label"),
    ],
    ids=["text", "jsonl", "csv"],
)
@pytest.mark.parametrize("packing", ["", ".gz"])
def test_a_lone_carriage_return_in_a_windows_file_is_refused_naming_its_line(
    tmp_path: Path, engine: Engine, name: str, text: str, label: str, packing: str
) -> None:
    """In a file whose lines end in \\r\\n, DuckDB takes a \\r that ends no line for a
    line break and drops the character after it: plain text 'olá\\rmundo' was two records,
    'olá' and 'undo', to every command without a word; a JSON line was two bad rows and
    the lines after it named a line late; a CSV was 'cannot be read as CSV ... are the
    usual causes', naming no line. Every command now refuses the file naming the line;
    the advised line, pasted, writes a copy (the original kept) every command reads."""
    pack = {"": bytes, ".gz": gzip.compress}[packing]
    path = tmp_path / f"{name}{packing}"
    recorded = pack(text.encode())
    path.write_bytes(recorded)
    stem, suffix = name.split(".")
    copy = f"{stem}-unix.{suffix}"
    fix = (
        f"gzip -dc {path.name} | tr -d '\\r' > {copy}"
        if packing
        else f"tr -d '\\r' < {path.name} > {copy}"
    )
    assert every_command(path, engine, label) == [stray_return(path.name, 2, fix)] * 5
    subprocess.run(fix, shell=True, cwd=tmp_path, check=True)
    assert path.read_bytes() == recorded
    assert (tmp_path / copy).read_bytes() == text.replace("\r", "").encode()
    assert all(said.startswith("read") for said in every_command(tmp_path / copy, engine, label))


def test_a_lone_carriage_return_in_a_quoted_field_of_a_windows_csv_is_refused_where_misread(
    tmp_path: Path, engine: Engine
) -> None:
    """DuckDB's CSV reader keeps a \\r inside quotes whole, but its line reader, which look
    shows records by and credo numbers lines by, drops the character after it: look showed
    '"olá\\nundo"' and named the records after it a line late, as balance named the bad
    row after it. Both refuse it now naming its line; a file without bad rows after it is
    read by balance, the field whole."""
    path = tmp_path / "notas.csv"
    path.write_bytes(b'text,label\r\n"ol\xc3\xa1\rmundo",pt-PT\r\nfim,pt-BR\r\n')
    refusal = stray_return("notas.csv", 2, "tr -d '\\r' < notas.csv > notas-unix.csv")
    with pytest.raises(DataError, match=re.escape(refusal)):
        look(open_data(path, engine), [], n=5)
    found = balance(open_data(path, engine), "text")
    assert dict(found.groups[0].counts) == {"olá\rmundo": 1, "fim": 1}
    with open(path, "ab") as more:
        more.write(b"bom dia,pt-PT,x\r\n")
    with pytest.raises(DataError, match=re.escape(refusal)):
        balance(open_data(path, engine), "label")


@pytest.mark.parametrize("name", ["mac.csv", "mac.jsonl", "mac.csv.gz"])
@pytest.mark.parametrize("rows", [20, 200_000])  # read in order; 7 MB, a line a \r
def test_a_file_whose_lines_end_in_a_carriage_return_alone_is_refused_saying_so(
    tmp_path: Path, engine: Engine, name: str, rows: int
) -> None:
    """Lines that end in \\r alone (an old Mac export): DuckDB reads them, but credo names
    lines by \\n, as sed and grep count them: a file ending in \\r\\n had every bad row
    and every record look showed named 'line 1', and look said it read 'the first
    100,000 lines (None: no random access)' of a file it could read whole. Every command
    refuses it saying so; the advised line, pasted, writes a copy every command reads,
    its bad row named by its line."""
    if ".csv" in name:
        lines = ["text,label", *(f"texto {i},{'ab'[i % 2]}" for i in range(rows))]
        lines[7] = "oops,a,b"
    else:
        lines = [json.dumps({"text": f"texto {i}", "label": "ab"[i % 2]}) for i in range(rows)]
        lines[7] = "oops"
    original = ("\r".join(lines) + "\r\n").encode()
    path = tmp_path / name
    path.write_bytes(gzip.compress(original) if name.endswith(".gz") else original)
    stem, suffix = name.split(".")[0], "." + name.split(".")[1]
    copy = f"{stem}-unix{suffix}"
    fix = (
        f"gzip -dc {name} | tr '\\r' '\\n' > {copy}"
        if name.endswith(".gz")
        else f"tr '\\r' '\\n' < {name} > {copy}"
    )
    said = (
        f"{name}: its lines end in \\r alone (an old Mac export?): DuckDB reads them, but "
        "credo data names a line as sed and grep count it, by its \\n, and would call each "
        f"one line 1: write a copy whose lines end in \\n, {fix}, and read that"
    )
    assert every_command(path, engine) == [said] * 5
    subprocess.run(fix, shell=True, cwd=tmp_path, check=True)
    unix = tmp_path / copy
    assert unix.read_bytes() == original.replace(b"\r", b"\n")
    reason = "expected 2 fields, found 3" if ".csv" in name else "not valid JSON"
    found = balance(open_data(unix, engine), "label").bad.examples
    assert [(place.line, why) for place, why in found] == [(8, reason)]


@pytest.mark.parametrize("name", ["long.txt", "long.txt.gz"])
def test_a_first_line_longer_than_the_sniff_is_judged_by_its_own_line_break(
    tmp_path: Path, engine: Engine, name: str
) -> None:
    """Whether lines end in \\r alone was told from the first 64 KiB only: a text file whose
    lines end in \\n, its first line longer and holding a stray \\r, was refused as an old
    Mac export (the \\r was the one break seen), and a Mac file whose first record was as
    long was read, every record named line 1 (no break seen at all). The sniff reads on to
    the first \\n (or a second \\r) now: the one is read, each record named by its \\n line;
    the other refused."""
    path = tmp_path / name
    pack = gzip.compress if name.endswith(".gz") else bytes
    first = "a" * 40_000 + "\r" + "b" * 40_000
    path.write_bytes(pack(f"{first}\nsecond\nthird\n".encode()))
    found = look(open_data(path, engine), [], n=5).groups[()]
    assert sorted((s.at.line if s.at else 0, s.raw[:3]) for s in found) == [
        (1, "aaa"),
        (1, "bbb"),
        (2, "sec"),
        (3, "thi"),
    ]
    path.write_bytes(pack(first.replace("\r", "x").encode() + b"\rsecond\rthird\r"))
    with pytest.raises(DataError, match=re.escape("its lines end in \\r alone")):
        look(open_data(path, engine), [], n=5)
    # read on a MiB at a time: the \r of a \r\n split between two reads ends the line
    across = RETURNS_SNIFFED + HEAD_LINE - 1
    path.write_bytes(pack(b"a" * 70_000 + b"\r" + b"b" * (across - 70_001) + b"\r\nend\r\n"))
    assert open_data(path, engine).columns == ["text"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("notas.csv", 'text,label\n"olá\rmundo",pt-PT\nbom\rdia,pt-BR\nfim,pt-PT\n'),
        ("notas.tsv", "text\tlabel\nolá\tpt-PT\nbom\rdia\tpt-BR\nfim\tpt-PT\n"),
    ],
    ids=["csv", "tsv"],
)
def test_a_lone_carriage_return_outside_quotes_of_a_unix_csv_is_named_by_its_line(
    tmp_path: Path, engine: Engine, name: str, text: str
) -> None:
    """In a CSV whose lines end in \\n, a \\r outside quotes is a line break to DuckDB's
    CSV reader, which stops there: balance, cues, overlap and diff said only 'cannot be
    read as CSV: ... are the usual causes', naming no line, while look read on, two bad
    rows. Every command now names the line; a \\r inside quotes is the field's (read)."""
    path = tmp_path / name
    path.write_bytes(text.encode())
    fix = f"tr -d '\\r' < {name} > notas-unix.{name.split('.')[1]}"
    said = (
        f"{name} line 3 holds a \\r outside quotes that ends no line: DuckDB's CSV reader "
        f"takes it for a line break, and stops: write a copy without \\r, {fix}, and read that"
    )
    assert every_command(path, engine) == [said] * 5
    quoted = tmp_path / "quoted.csv"
    quoted.write_bytes(b'text,label\n"ol\xc3\xa1\rmundo",pt-PT\nfim,pt-BR\n')
    assert every_command(quoted, engine) == [
        "read [('pt-BR',), ('pt-PT',)]",
        "read 2",
        "read 2",
        "read 0",
        "read 2",
    ]
    assert dict(balance(open_data(quoted, engine), "text").groups[0].counts) == {
        "olá\rmundo": 1,
        "fim": 1,
    }
