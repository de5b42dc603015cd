"""Text beyond latin-1 (€ ★ ✓, emoji) and names beyond ASCII, read by the real CLI:
`credo data overlap` and `diff` find what is there, naming each record's line."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from credo.data.engine import DataError, Engine
from credo.data.readers import Dataset
from processes import CREDO

HEADER = "id,text,label\n"
ROWS = [
    '1,"Preço 5€ ★ ótimo ✓",pos\n',
    "2,unquoted 5€ ★ ✓ 😀,neg\n",
    '3,"a review over\ntwo lines 😀 ★",pos\n',  # lines 4 and 5
    '4,"quoted, with a comma ✓",neg\n',
    "5,plain,pos\n",
]
"""Lines 2 to 7 of a CSV under HEADER: each holds bytes 0x80-0x9F in UTF-8 (€ is
E2 82 AC), which DuckDB's latin-1 refuses."""


def data(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Any:
    """What `credo data ARGS --json` prints, run as a user runs it."""
    done = subprocess.run(
        [CREDO, "data", *args, "--json"],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1) and done.stdout, done.stderr.decode(errors="replace")
    return json.loads(done.stdout)


def text(record: str) -> str:
    """The `text` field of a CSV record as the commands show it (a JSON object)."""
    return str(json.loads(record)["text"])


def write(path: Path, rows: list[str], packed: bool) -> Path:
    text = (HEADER + "".join(rows)).encode()
    path.write_bytes(gzip.compress(text) if packed else text)
    return path


@pytest.mark.parametrize("packed", [False, True], ids=["plain", "gzip"])
def test_overlap_finds_records_of_any_utf8_text_by_their_lines(
    tmp_path: Path, packed: bool
) -> None:
    """overlap of two CSVs holding € ★ ✓ said 'File is not latin-1 encoded' and stopped."""
    suffix = ".csv.gz" if packed else ".csv"
    train = write(tmp_path / f"train{suffix}", ROWS, packed)
    valid = write(tmp_path / f"valid{suffix}", ["9,new ★,pos\n", ROWS[4], ROWS[2], ROWS[1]], packed)
    found = data(["overlap", train.name, valid.name], tmp_path)
    assert (found["exact"], found["near"], found["valid_records"]) == (3, 0, 4)
    assert found["train_bad_rows"]["count"] == found["valid_bad_rows"]["count"] == 0
    assert [
        (m["valid_line"], m["train_line"], text(m["valid"]), text(m["train"]))
        for m in found["examples"]
    ] == [
        (3, 7, "plain", "plain"),  # after a field over two lines: line 7, not 6
        (4, 4, "a review over\ntwo lines 😀 ★", "a review over\ntwo lines 😀 ★"),
        (6, 3, "unquoted 5€ ★ ✓ 😀", "unquoted 5€ ★ ✓ 😀"),
    ]
    keyed = data(["overlap", train.name, valid.name, "--key", "text"], tmp_path)
    assert [(m["valid_line"], m["train_line"], m["valid"]) for m in keyed["examples"]] == [
        (3, 7, "plain"),
        (4, 4, "a review over\ntwo lines 😀 ★"),
        (6, 3, "unquoted 5€ ★ ✓ 😀"),
    ]


@pytest.mark.parametrize("packed", [False, True], ids=["plain", "gzip"])
def test_diff_names_what_a_filter_dropped_in_any_utf8_text(tmp_path: Path, packed: bool) -> None:
    """diff of two CSVs holding € ★ ✓ said 'File is not latin-1 encoded' and stopped."""
    suffix = ".csv.gz" if packed else ".csv"
    before = write(tmp_path / f"before{suffix}", ROWS, packed)
    after = write(tmp_path / f"after{suffix}", [ROWS[0], ROWS[3]], packed)
    found = data(["diff", before.name, after.name, "--key", "id"], tmp_path)
    assert (found["before_records"], found["dropped"], found["kept"]) == (5, 3, 2)
    assert sorted((s["line"], text(s["record"])) for s in found["dropped_samples"]) == [
        (3, "unquoted 5€ ★ ✓ 😀"),
        (4, "a review over\ntwo lines 😀 ★"),
        (7, "plain"),
    ]
    assert sorted((s["line"], text(s["record"])) for s in found["kept_samples"]) == [
        (2, "Preço 5€ ★ ótimo ✓"),
        (3, "quoted, with a comma ✓"),
    ]


def test_a_row_not_in_utf8_among_utf8_ones_is_a_bad_row_named_by_its_line(
    tmp_path: Path,
) -> None:
    """A Windows-1252 row (“smart quotes”, bytes 0x93 0x94) opening a quoted field over
    two lines, among rows of € ★: the line numbers after it were read by latin-1, which
    refused the file whole. It is one bad row, named by its line, with what to do, and
    the rows after it keep their lines."""
    smart = '6,"\u201cshe said\u201d, then\nleft",neg\n'.encode("cp1252")
    rows = (HEADER + "".join(ROWS)).encode() + smart + "7,after €,pos\n".encode()
    (tmp_path / "before.csv").write_bytes(rows)
    (tmp_path / "after.csv").write_text(HEADER + ROWS[0])
    found = data(["diff", "before.csv", "after.csv", "--key", "id"], tmp_path)
    bad = found["before_bad_rows"]
    assert bad["count"] == 1 and [e["line"] for e in bad["examples"]] == [8]
    assert "iconv -f WINDOWS-1252 -t UTF-8 < before.csv" in bad["advice"]
    assert (found["before_records"], found["dropped"]) == (6, 5)
    dropped = sorted((s["line"], text(s["record"])) for s in found["dropped_samples"])
    assert dropped[-2:] == [(7, "plain"), (10, "after €")]


C_LOCALE = {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
"""A locale that is not UTF-8 (a cron job, a bare container): Python holds the bytes of a
name beyond ASCII as surrogates."""


def test_names_beyond_ascii_are_read_under_a_c_locale(tmp_path: Path) -> None:
    """Under LC_ALL=C, every data command on `données.csv` (or any file under `então/`)
    said 'Python Conversion Failure: cannot encode str as UTF-8, surrogate'."""
    folder = tmp_path / "então"
    folder.mkdir()
    write(folder / "données.csv", ROWS, False)
    write(folder / "validação.csv.gz", ["9,new,pos\n", ROWS[4]], True)
    found = data(["overlap", "données.csv", "validação.csv.gz"], folder, C_LOCALE)
    assert [(m["valid_line"], m["train_line"]) for m in found["examples"]] == [(3, 7)]
    found = data(["diff", "données.csv", "validação.csv.gz", "--key", "id"], folder, C_LOCALE)
    assert (found["before_records"], found["dropped"], found["added"]) == (5, 4, 1)
    for split, rows in (("train", ROWS), ("valid", ROWS[:2])):  # a folder-per-class tree
        for i, row in enumerate(rows):
            (folder / "árvore" / split / row[-4:-1]).mkdir(parents=True, exist_ok=True)
            (folder / "árvore" / split / row[-4:-1] / f"nº{i}.txt").write_text(row)
    found = data(["balance", "árvore", "--label", "label", "--split", "split"], folder, C_LOCALE)
    assert found["records"] == 7 and not found["bad_rows"]["count"]


def test_a_name_not_in_utf8_is_refused_saying_to_rename_it(tmp_path: Path) -> None:
    """A file named in latin-1 (`donn\\xe9es.csv`, copied from an old disk) said 'Python
    Conversion Failure' under any locale: DuckDB opens names in UTF-8 only. The refusal
    named it `donn\\udce9es.csv`, as Python holds the byte; it shows the byte, `\\xe9`."""
    name = b"donn\xe9es.csv"
    (tmp_path / os.fsdecode(name)).write_text(HEADER + ROWS[4])
    for env in ({}, C_LOCALE):
        done = subprocess.run(
            [CREDO.encode(), b"data", b"balance", name, b"--label", b"label"],
            cwd=tmp_path,
            capture_output=True,
            env={**os.environ, **env},
            timeout=120,
            check=False,
        )
        said = done.stderr.decode(errors="replace")
        assert done.returncode == 2 and "Traceback" not in said, said
        assert "donn\\xe9es.csv: its name is not UTF-8" in said
        assert "rename it" in said


@pytest.mark.parametrize("locale", ["utf-8", "ascii"], ids=["utf8", "C"])
def test_a_refused_name_shows_its_bytes_as_a_person_reads_them(tmp_path: Path, locale: str) -> None:
    """A name that is not UTF-8 was shown as Python holds its bad byte (`caf\\udce9.txt`);
    under LC_ALL=C (an ASCII locale: Python holds every byte beyond ASCII so) the UTF-8
    folder above it read `ent\\udcc3\\udca3o` too. A name is shown as its bytes read as
    UTF-8, the byte that is not as `\\xe9`, the same for a file named alone and one found in
    a tree."""
    folder, file = b"ent\xc3\xa3o", b"caf\xe9.txt"
    for label in (b"pos", b"neg"):
        (tmp_path / os.fsdecode(folder) / os.fsdecode(label)).mkdir(parents=True)
    (tmp_path / os.fsdecode(folder + b"/neg/" + file)).write_text("ol\u00e1\n")
    held = (tmp_path / folder.decode(locale, "surrogateescape")).relative_to(tmp_path)
    named = f"{held}/neg/{file.decode(locale, 'surrogateescape')}"
    with Engine() as engine:
        for path in (named, str(held)):  # the file alone; the tree it is in
            with pytest.raises(DataError) as refused:
                Dataset.open(tmp_path / path, engine, name=path)
            said = "ent\u00e3o/neg/caf\\xe9.txt: its name is not UTF-8"
            assert refused.value.message.startswith(said), refused.value.message


@pytest.mark.parametrize("packed", [False, True], ids=["plain", "gzip"])
def test_a_csv_all_in_latin1_is_named_line_by_line_each_line_kept_once(
    tmp_path: Path, packed: bool
) -> None:
    """A CSV saved in latin-1 throughout (é as 0xE9) took 15 times as long to name its
    bad rows as its UTF-8 twin (19.4 s against 1.3 s for 81 MB): to count its lines,
    DuckDB's line reader kept each one as a reject, then each was read back. Its bad rows
    keep their lines (a quoted field over two lines, a blank line) and DuckDB keeps each
    line once, as the bad row it is."""
    rows = ['1,"café, olá",pos\n', "\n", '2,"ação\nsobre duas",neg\n', "3,é só,pos\n"]
    body = (HEADER + "".join(rows)).encode("latin-1")
    path = tmp_path / ("notas.csv.gz" if packed else "notas.csv")
    path.write_bytes(gzip.compress(body) if packed else body)
    with Engine() as engine:
        found = Dataset.open(path, engine)
        found.rows(lambda: f"SELECT count(*) FROM ({found.records({'text': 'text'})})")
        bad = found.bad_rows(0)
        assert (bad.count, [place.line for place, _ in bad.examples]) == (3, [2, 4, 6])
        kept = [
            count
            for (table,) in engine.rows("SELECT table_name FROM duckdb_tables()")
            if table.startswith("rejects_") and not table.endswith("_scans")
            for ((count,),) in [engine.rows(f"SELECT count(DISTINCT line) FROM {table}")]
        ]
        assert sum(kept) == bad.count


def test_a_name_not_in_utf8_inside_a_tree_is_refused_saying_to_rename_it(
    tmp_path: Path,
) -> None:
    """In a folder-per-class tree, a file or label folder named in latin-1 (`caf\\xe9.txt`)
    was not looked at as a file's own name is: look and overlap stopped with DuckDB's
    'Invalid unicode (byte sequence mismatch) detected in value construction', naming no
    file, under any locale. It is refused as a file's own name is, naming it (its byte as
    `\\xe9`, as a file's own name shows it)."""
    for name in (b"train/pos/a.txt", b"test/pos/b.txt", b"test/neg/caf\xe9.txt"):
        entry = tmp_path / "tree" / os.fsdecode(name)
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text("olá\n")
    (tmp_path / "labels" / "pos").mkdir(parents=True)
    (tmp_path / "labels" / os.fsdecode(b"n\xe3o")).mkdir()
    for folder in ("labels/pos", os.fsdecode(b"labels/n\xe3o")):
        (tmp_path / folder / "c.txt").write_text("olá\n")
    for args, named in (
        ([b"look", b"tree"], "tree/test/neg/caf\\xe9.txt"),
        ([b"overlap", b"tree/train", b"tree/test"], "tree/test/neg/caf\\xe9.txt"),
        ([b"balance", b"labels", b"--label", b"label"], "labels/n\\xe3o"),
    ):
        for env in ({}, C_LOCALE):
            done = subprocess.run(
                [CREDO.encode(), b"data", *args],
                cwd=tmp_path,
                capture_output=True,
                env={**os.environ, **env},
                timeout=120,
                check=False,
            )
            said = done.stderr.decode(errors="replace")
            assert done.returncode == 2 and "Traceback" not in said, said
            assert f"{named}: its name is not UTF-8" in said and "rename it" in said, said
