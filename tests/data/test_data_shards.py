"""A folder of shards (`part-00000.jsonl ...`) read as one dataset, in file order."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from datafiles import copy_to, records, write_jsonl

from credo.data.balance import balance
from credo.data.diff import diff
from credo.data.engine import DataError, Engine
from credo.data.look import look
from credo.data.overlap import overlap
from credo.data.readers import SHARD, Dataset
from credo.data.show import plain


def shards(folder: Path, rows: list[dict[str, object]], each: int, name: str) -> Path:
    """`rows` written `each` a file, as `name.format(i)` (a .gz name is compressed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(0, len(rows), each):
        write_jsonl(folder / name.format(i // each), rows[i : i + each])
    return folder


def open_folder(folder: Path, engine: Engine) -> Dataset:
    return Dataset.open(folder, engine, name=folder.name + "/")


def test_balance_counts_every_shard_and_skips_hidden_and_marker_files(
    tmp_path: Path, engine: Engine
) -> None:
    rows = records(250)
    folder = shards(tmp_path / "train", rows, 100, "part-{:05d}.jsonl")
    (folder / "_SUCCESS").write_text("")
    (folder / ".part-00000.jsonl.crc").write_bytes(b"\x00\x01")
    (folder / "part-00000.jsonl.crc").write_bytes(b"\x00\x01")
    found = balance(open_folder(folder, engine), "label")
    expected = {label: sum(r["label"] == label for r in rows) for label in ("pt-PT", "pt-BR")}
    assert found.groups[0].counts == expected and found.records == 250


def test_a_bad_line_is_named_by_its_shard_and_line(tmp_path: Path, engine: Engine) -> None:
    folder = tmp_path / "train"
    folder.mkdir()
    write_jsonl(folder / "shard_0.jsonl.gz", records(10))
    write_jsonl(folder / "shard_1.jsonl.gz", records(10, seed=2), {3: "not json"})
    found = balance(open_folder(folder, engine), "label")
    assert found.records == 20 and found.bad.count == 1
    assert "train/shard_1.jsonl.gz line 3: not valid JSON" in plain(found.render())
    assert found.to_json()["bad_rows"]["examples"] == [
        {"line": 3, "file": "train/shard_1.jsonl.gz", "reason": "not valid JSON"}
    ]


def test_shards_are_read_in_the_order_their_numbers_say(tmp_path: Path, engine: Engine) -> None:
    """shard_10 comes after shard_9: a diff against the same records in one file drops
    nothing, and its samples are named by shard and line."""
    rows = records(110)
    folder = shards(tmp_path / "train", rows, 10, "shard_{}.jsonl")
    single = write_jsonl(tmp_path / "train.jsonl", rows[:-5])
    found = diff(open_folder(folder, engine), Dataset.open(single, engine), samples=10)
    assert (found.dropped, found.kept) == (5, 105)
    assert [(p.file, p.line) for p, _ in found.dropped_samples] == [
        ("train/shard_10.jsonl", line) for line in range(6, 11)
    ]


def test_overlap_finds_leaks_between_a_train_and_a_test_folder(
    tmp_path: Path, engine: Engine
) -> None:
    rows = records(300)
    train = shards(tmp_path / "train", rows[:200], 50, "train-{:05d}-of-00004.jsonl")
    test_rows = rows[200:]
    test_rows[30] = rows[120]  # in train's third shard, its 21st line
    test = shards(tmp_path / "test", test_rows, 40, "test-{:05d}.jsonl")
    found = overlap(open_folder(train, engine), open_folder(test, engine))
    assert (found.exact, found.valid_records, found.train_records) == (1, 100, 200)
    [match] = found.examples
    assert (match.valid_at.file, match.valid_at.line) == ("test/test-00000.jsonl", 31)
    assert (match.train_at.file, match.train_at.line) == ("train/train-00002-of-00004.jsonl", 21)
    shown = plain(found.render())
    assert "test/test-00000.jsonl line 31  =  train/train-00002-of-00004.jsonl line 21" in shown


def test_look_samples_across_all_shards_and_says_so(tmp_path: Path, engine: Engine) -> None:
    rows = records(400)
    folder = shards(tmp_path / "train", rows, 100, "part-{:05d}.jsonl.gz")
    found = look(open_folder(folder, engine), ["label"], n=20, seed=3)
    assert "all 400 records of 4 files" in found.how
    files = set()
    for (label,), samples in found.groups.items():
        assert found.totals[(label,)] == sum(r["label"] == label for r in rows)
        for sample in samples:
            assert sample.at is not None and sample.at.file is not None
            index = int(sample.at.file.split("-")[1].split(".")[0])
            assert json.loads(sample.raw) == rows[100 * index + sample.at.line - 1]
            files.add(sample.at.file)
    assert len(files) > 1  # not the first shard only
    again = look(open_folder(folder, engine), ["label"], n=20, seed=3)
    assert again.groups == found.groups


def test_csv_and_parquet_shards(tmp_path: Path, engine: Engine) -> None:
    rows = records(60)
    folder = tmp_path / "csv"
    folder.mkdir()
    for i in range(3):
        with gzip.open(folder / f"shard_{i:03d}.csv.gz", "wt", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows[20 * i : 20 * i + 20])
    found = balance(open_folder(folder, engine), "label", by="domain")
    assert found.records == 60
    parquet = tmp_path / "pq"
    parquet.mkdir()
    for i in range(2):
        copy_to(
            parquet / f"train-{i:05d}-of-00002.parquet",
            rows[30 * i : 30 * i + 30],
            "FORMAT parquet",
        )
    assert balance(open_folder(parquet, engine), "label").records == 60


def test_look_shows_csv_shards_rows_as_on_disk(tmp_path: Path, engine: Engine) -> None:
    """A folder of CSV files showed each row as JSON, every value quoted
    (`{"x1":"-2.588",...}`), though a single CSV file shows its lines as they are."""
    folder = tmp_path / "train"
    folder.mkdir()
    (folder / "part-0.csv").write_text('x1,note,label\n-2.588,plain,a\n0.50,"b, c",b\n')
    with gzip.open(folder / "part-1.csv.gz", "wt", newline="") as out:
        out.write('x1,note,label\r\n3,"two\r\nlines",a\r\n7,x,b\r\n')
    found = look(open_folder(folder, engine), [], n=10)
    shown = {(s.at.file, s.at.line): s.raw for s in found.groups[()] if s.at}
    assert shown == {
        ("train/part-0.csv", 2): "-2.588,plain,a",
        ("train/part-0.csv", 3): '0.50,"b, c",b',
        ("train/part-1.csv.gz", 2): '3,"two\nlines",a',
        ("train/part-1.csv.gz", 4): "7,x,b",
    }
    assert 'train/part-0.csv line 3\n0.50,"b, c",b' in plain(found.render())


def test_a_folder_of_several_formats_is_refused_naming_them(tmp_path: Path, engine: Engine) -> None:
    folder = shards(tmp_path / "train", records(20), 10, "part-{}.jsonl")
    (folder / "extra.csv").write_text("text,label\na,b\n")
    (folder / "README.md").write_text("# about\n")
    with pytest.raises(DataError) as error:
        open_folder(folder, engine)
    message = error.value.message
    assert message.startswith("train/ holds files of several formats: ")
    assert "csv (extra.csv)" in message and "jsonl (2 files)" in message
    assert "unknown (README.md)" in message


def test_a_refused_folder_names_its_files_on_one_line(tmp_path: Path, engine: Engine) -> None:
    """The names credo found on disk are shown as a shard's name is: a committed name
    with a line break and an escape forged a line of the message and cleared the screen."""
    folder = shards(tmp_path / "train", records(2), 2, "part\x1b[2J\nforged{}.jsonl")
    (folder / "notes\nforged.bin").write_text("zz")
    with pytest.raises(DataError) as error:
        open_folder(folder, engine)
    message = error.value.message
    assert "jsonl (part\\x1b[2J\\x0aforged0.jsonl)" in message
    assert "unknown (notes\\x0aforged.bin)" in message and "\n" not in message
    (folder / "part\x1b[2J\nforged0.jsonl").unlink()
    with pytest.raises(DataError) as alone:
        open_folder(folder, engine)
    assert "no data files (only notes\\x0aforged.bin)" in alone.value.message
    (folder / "cut\nshort.json").write_text('[{"a": 1}')  # a data file that cannot be read
    with pytest.raises(DataError) as cut:
        open_folder(folder, engine)
    assert cut.value.message.startswith("train/cut\\x0ashort.json: the JSON array is not closed")


def test_an_empty_folder_is_refused(tmp_path: Path, engine: Engine) -> None:
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "_SUCCESS").write_text("")
    with pytest.raises(DataError, match="train/ holds no data files"):
        open_folder(tmp_path / "train", engine)


def test_records_read_back_come_from_the_shards_that_hold_them(
    tmp_path: Path, engine: Engine
) -> None:
    """Reading a few picked records back through every shard took a minute for a thousand
    small shards (DuckDB pushes the filter into each); only the shards holding them are read."""
    data = open_folder(shards(tmp_path / "train", records(100), 10, "part-{:05d}.jsonl"), engine)
    held = data.holding([3 * SHARD + 1, 3 * SHARD + 2, 7 * SHARD + 5])
    assert [shard.name for shard in held.shards] == [
        "train/part-00002.jsonl",
        "train/part-00006.jsonl",
    ]
    lines = f"SELECT count(*) FROM ({held.records({}, raw=True)})"
    assert held.one(lambda: lines) == (20,)


def test_look_names_binary_values_in_parquet_shards(tmp_path: Path, engine: Engine) -> None:
    """Images in Parquet shards (as Hugging Face writes them) were dumped as escaped bytes;
    a single Parquet file named them by their size."""
    import duckdb

    folder = tmp_path / "train"
    folder.mkdir()
    for i in range(2):
        duckdb.sql(
            "COPY (SELECT {'bytes': repeat('x', 2000)::BLOB, 'path': 'a.png'} AS image, "
            f"r AS label FROM range(3) t(r)) TO '{folder}/train-{i:05d}-of-00002.parquet' "
            "(FORMAT parquet)"
        )
    (folder / "empty.parquet").write_bytes(b"")
    found = look(open_folder(folder, engine), [], n=6)
    samples = found.groups[()]
    assert len(samples) == 6 and found.totals[()] == 6
    for sample in samples:
        assert json.loads(sample.raw)["image"]["bytes"] == "<binary, 2,000 bytes>"
    assert {s.at.file for s in samples if s.at} == {
        f"train/train-{i:05d}-of-00002.parquet" for i in range(2)
    }
