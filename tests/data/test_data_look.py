"""look: raw records per group as on disk, reproducible by seed, a big file never read whole."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from datafiles import copy_to, open_data, records, write_jsonl

from credo.data import look as look_module
from credo.data.balance import balance
from credo.data.engine import DataError, Engine
from credo.data.look import look
from credo.data.readers import Place
from credo.data.show import plain, visible


def test_small_file_samples_per_group_as_on_disk(tmp_path: Path, engine: Engine) -> None:
    rows = records(60, seed=2)
    path = write_jsonl(tmp_path / "d.jsonl", rows, extra_lines={4: "not json at all"})
    lines = path.read_text().splitlines()
    found = look(open_data(path, engine), ["domain"], n=3, seed=7)
    assert list(found.groups) == [("law",), ("news",), ("web",)]
    for (domain,), samples in found.groups.items():
        assert len(samples) == 3
        assert found.totals[(domain,)] == sum(1 for r in rows if r["domain"] == domain)
        for sample in samples:
            assert sample.at is not None
            assert sample.raw == lines[sample.at.line - 1]  # the line itself, uncleaned
            assert json.loads(sample.raw)["domain"] == domain
    assert found.how == "all 60 records"
    again = look(open_data(path, engine), ["domain"], n=3, seed=7)
    assert again.groups == found.groups
    other = look(open_data(path, engine), ["domain"], n=3, seed=8)
    assert other.groups != found.groups


def test_a_big_file_is_sampled_by_jumping(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(look_module, "SMALL", 10_000)
    path = write_jsonl(tmp_path / "big.jsonl", records(3000, seed=3))
    content = path.read_bytes()
    found = look(open_data(path, engine), ["label"], n=4, seed=1)
    assert "random places" in found.how and "not read whole" in found.how
    assert set(found.groups) == {("pt-PT",), ("pt-BR",)}
    for (label,), samples in found.groups.items():
        assert len(samples) == 4
        for sample in samples:
            assert sample.offset is not None and sample.at is None
            assert content[sample.offset - 1 : sample.offset] == b"\n"  # a whole line
            end = content.index(b"\n", sample.offset)
            assert content[sample.offset : end].decode() == sample.raw
            assert json.loads(sample.raw)["label"] == label
    assert look(open_data(path, engine), ["label"], n=4, seed=1).groups == found.groups


def test_a_small_file_of_many_lines_is_sampled_at_random_places_not_its_start(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 2 MB labels file of 200,000 lines was sampled from its first 100,000 lines only,
    'the first 100,000 lines (None: no random access)': a label kept to the second half
    was never seen."""
    monkeypatch.setattr(look_module, "FIRST_LINES", 50)
    rows = [{"label": "early"}] * 100 + [{"label": "late"}] * 100
    path = write_jsonl(tmp_path / "labels.jsonl", rows)
    found = look(open_data(path, engine), ["label"], n=3)
    assert set(found.groups) == {("early",), ("late",)}
    assert "random places" in found.how and "None" not in found.how


def test_compressed_files_are_sampled_from_their_start(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(look_module, "FIRST_LINES", 50)
    path = write_jsonl(tmp_path / "d.jsonl.gz", records(200))
    found = look(open_data(path, engine), [], n=5)
    assert found.how == "the first 50 lines (gzip: no random access)"
    assert all(s.at is not None and s.at.line <= 50 for s in found.groups[()])


def test_parquet_binary_values_are_named_not_dumped(tmp_path: Path, engine: Engine) -> None:
    import duckdb

    path = tmp_path / "images.parquet"
    duckdb.sql(
        "COPY (SELECT i AS id, 'cat' AS label, repeat('\\x00\\xff', 500)::BLOB AS pixels "
        f"FROM range(3) t(i)) TO '{path}' (FORMAT parquet)"
    )
    found = look(open_data(path, engine), ["label"], n=2)
    [samples] = found.groups.values()
    record = json.loads(samples[0].raw)
    assert record["pixels"] == "<binary, 1,000 bytes>"
    assert found.totals[("cat",)] == 3


def test_folder_layout_shows_paths_and_text(tmp_path: Path, engine: Engine) -> None:
    root = tmp_path / "corpus"
    (root / "train" / "pos").mkdir(parents=True)
    (root / "train" / "neg").mkdir(parents=True)
    (root / "train" / "pos" / "a.txt").write_text("a lovely film\n")
    (root / "train" / "neg" / "b.bin").write_bytes(bytes(range(256)) * 4)
    found = look(open_data(root, engine), ["label"], n=1)
    shown = plain(found.render())
    assert "train/pos/a.txt  (14 bytes)\na lovely film" in shown
    assert "train/neg/b.bin  (binary, 1,024 bytes)" in shown


def test_missing_group_values_and_control_characters(tmp_path: Path, engine: Engine) -> None:
    rows: list[dict[str, object]] = [
        {"text": "bell \x07 and escape \x1b[31m red", "source": "web"},
        {"text": "no source here"},
    ]
    path = write_jsonl(tmp_path / "d.jsonl", rows)
    found = look(open_data(path, engine), ["source"], n=5)
    assert set(found.groups) == {("web",), (None,)}
    shown = plain(found.render())
    assert "source=(missing)" in shown
    assert "\x1b" not in shown and "\x07" not in shown
    assert visible("a\x1bb\u200bc\u00a0d\te") == "a\\x1bb\\u200bc\\xa0d\\te"


def test_empty_and_csv_files(tmp_path: Path, engine: Engine) -> None:
    (tmp_path / "e.parquet").write_bytes(b"")
    assert look(open_data(tmp_path / "e.parquet", engine), [], n=2).how == "the file is empty"
    path = tmp_path / "d.csv"
    path.write_text('text,label\n"a, quoted",x\nplain,y\n')
    found = look(open_data(path, engine), ["label"], n=2)
    assert found.groups[("x",)][0].raw == '"a, quoted",x'
    assert found.groups[("x",)][0].at == Place(2)


def test_a_quote_inside_a_field_is_a_character(tmp_path: Path, engine: Engine) -> None:
    """A quote opens a field only at its start: `he said "hi` had look join it with the
    next line and stop on a traceback from Python's csv."""
    path = tmp_path / "d.csv"
    path.write_text('text,label\nhe said "hi,a\n5" screen,b\nplain,a\n')
    found = look(open_data(path, engine), ["label"], n=5)
    assert found.totals == {("a",): 2, ("b",): 1} and not found.bad.count
    assert [(s.at, s.raw) for s in found.groups[("b",)]] == [(Place(3), '5" screen,b')]


def test_a_csv_field_over_128_kib_is_read_as_the_other_commands_read_it(
    tmp_path: Path, engine: Engine
) -> None:
    """A document of 200,000 characters in one quoted CSV field was a bad row to look
    ('field larger than field limit (131072)', Python's csv) and no records, while
    balance, which reads with DuckDB, counted it."""
    from credo.data.balance import balance

    path = tmp_path / "docs.csv"
    path.write_text(f'text,label\n"{"word " * 40_000}",legal\nshort,news\n')
    found = look(open_data(path, engine), ["label"], n=5)
    assert not found.bad.count and found.totals == {("legal",): 1, ("news",): 1}
    assert dict(balance(open_data(path, engine), "label").groups[0].counts) == {
        "legal": 1,
        "news": 1,
    }


def test_a_csv_record_over_several_lines_is_one_record(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "d.csv"
    path.write_text('id,text,label\n1,one,a\n2,"two\n\nlines",b\n3,"say ""hi""",a\n4,four,b\n')
    everything = look(open_data(path, engine), [], n=10)
    assert [(s.at, s.raw) for s in everything.groups[()]] == [
        (Place(2), "1,one,a"),
        (Place(3), '2,"two\n\nlines",b'),
        (Place(6), '3,"say ""hi""",a'),
        (Place(7), "4,four,b"),
    ]
    assert everything.how == "all 4 records"
    by_label = look(open_data(path, engine), ["label"], n=10)
    assert by_label.totals == {("a",): 2, ("b",): 2}
    assert [s.at for s in by_label.groups[("b",)]] == [Place(3), Place(7)]


def test_a_big_csv_with_records_over_several_lines_samples_whole_records(
    tmp_path: Path, engine: Engine
) -> None:
    """Over 8 MB a CSV was sampled line by line at byte offsets: a record spanning lines was
    cut, and a line inside a quoted field could pass for a record (here, of label z)."""
    path = tmp_path / "big.csv"
    rows = [f'{i},"first {i}\nx,fake,z\nend",{"ab"[i % 2]}\n' for i in range(260_000)]
    path.write_text("id,text,label\n" + "".join(rows))
    assert path.stat().st_size > look_module.SMALL
    found = look(open_data(path, engine), ["label"], n=5, seed=3)
    assert set(found.groups) == {("a",), ("b",)}
    for (label,), samples in found.groups.items():
        assert len(samples) == 5
        for sample in samples:
            [record] = list(csv.reader(io.StringIO(sample.raw)))
            number = int(record[0])
            assert record == [str(number), f"first {number}\nx,fake,z\nend", label]
    assert found.how == "the first 100,000 lines (quoted fields span lines: no random access)"


def test_lines_that_are_no_records_are_named_not_hidden(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"label": "a"}\n{"label": "b"}\n{"label": \n\n[1, 2]\n{"label": "a"}\n')
    for by in ([], ["label"]):
        found = look(open_data(path, engine), by, n=5)
        assert sum(found.totals.values()) == 3
        assert found.bad.examples == [(Place(3), "not valid JSON"), (Place(5), "not a JSON object")]
        assert "2 bad rows (line 3: not valid JSON; line 5: not a JSON object)" in plain(
            found.render()
        )
    path = tmp_path / "d.csv"
    path.write_text("\n\n")  # lines, and not even a header
    assert look(open_data(path, engine), [], n=5).groups == {}
    path.write_text("text,label\none,a\ntwo\nthree,b,extra\nfour,b\n")
    for by in ([], ["label"]):
        found = look(open_data(path, engine), by, n=5)
        assert sum(found.totals.values()) == 2
        assert found.bad.examples == [
            (Place(3), "expected 2 fields, found 1"),
            (Place(4), "expected 2 fields, found 3"),
        ]


def test_parquet_groups_are_sampled_in_one_pass(tmp_path: Path, engine: Engine) -> None:
    path = copy_to(tmp_path / "d.parquet", records(100), "FORMAT parquet")
    found = look(open_data(path, engine), ["domain", "label"], n=2, seed=3)
    assert len(found.groups) == 6
    assert sum(found.totals.values()) == 100
    assert all(len(s) == 2 for s in found.groups.values())


def test_small_file_lines_after_an_undecodable_line_are_the_lines_on_disk(
    tmp_path: Path, engine: Engine
) -> None:
    path = write_jsonl(tmp_path / "d.jsonl", records(20, seed=2))
    path.write_bytes(b"\xff\xfe not utf-8\n" + path.read_bytes())
    lines = path.read_bytes().split(b"\n")
    found = look(open_data(path, engine), [], n=20)
    assert len(found.groups[()]) == 20
    for sample in found.groups[()]:
        assert sample.at is not None and lines[sample.at.line - 1] == sample.raw.encode()


def test_small_file_names_the_lines_it_could_not_read(tmp_path: Path, engine: Engine) -> None:
    path = write_jsonl(tmp_path / "d.jsonl", records(10, seed=2))
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[6] = b"\xff\xfe latin-1 caf\xe9"
    path.write_bytes(b"\n".join(lines))
    found = look(open_data(path, engine), [], n=3)
    assert found.bad.count == 2 and [place.line for place, _ in found.bad.examples] == [3, 7]
    shown = plain(found.render())
    assert "2 bad rows (line 3: " in shown and "line 7: " in shown
    assert found.to_json()["bad_rows"]["count"] == 2


def test_every_line_of_a_big_file_belongs_to_one_block_whatever_its_length(
    tmp_path: Path,
) -> None:
    path = tmp_path / "d.txt"  # short lines after long ones: a jump lands in the long ones
    lines = [(b"x" * (3000 if i % 2 else 1)) + b"\n" for i in range(200)] + [b"no newline"]
    path.write_bytes(b"".join(lines))
    starts = [sum(len(line) for line in lines[:i]) for i in range(len(lines))]
    for size in (4096, 1000, 7):
        with open(path, "rb") as handle:
            met = [
                (offset, raw)
                for block in range(-(-path.stat().st_size // size))
                for offset, raw in look_module.lines_starting_in(handle, block, size)
            ]
        assert [offset for offset, _ in met] == starts  # each line once: all equally likely
        assert [raw for _, raw in met] == lines


def test_a_big_file_can_show_every_line_the_first_too(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(look_module, "SMALL", 10_000)
    path = write_jsonl(tmp_path / "big.jsonl", records(300, seed=3))
    content = path.read_bytes()
    starts = [0] + [i + 1 for i, byte in enumerate(content[:-1]) if byte == ord("\n")]
    found = look(open_data(path, engine), [], n=1000)  # never full: every block is read
    assert [s.offset for s in found.groups[()]] == starts


def test_a_file_of_bad_lines_only_is_not_said_to_be_all_0_records(
    tmp_path: Path, engine: Engine
) -> None:
    """Every line unreadable, look said '…: no records: all 0 records' (the words of
    where samples come from, given as the reason there were none)."""
    path = tmp_path / "d.jsonl"
    path.write_bytes(b"\xff\xfe not text\n\xc3\x28 nor this\n")
    found = look(open_data(path, engine), [])
    assert not found.groups and found.bad.count == 2
    assert found.summary() == "d.jsonl: no records"
    assert "all 0 records" not in plain(found.parts())


def test_a_big_file_sampled_says_a_bad_row_elsewhere_in_it_is_not_seen(
    tmp_path: Path, engine: Engine
) -> None:
    """A quote left open on line 250,002 of a 260,000-row CSV: balance, cues, overlap and
    diff stopped there, naming the line; look read a few hundred lines at random places,
    none of them that one, and showed its samples with no bad row and no word that the
    rest of the file went unchecked. Read whole, look names the line as the others do."""
    rows = [f"texto {i},{'ab'[i % 2]}\n" for i in range(260_000)]
    rows[250_000] = '"oops,a\n'
    path = tmp_path / "big.csv"
    path.write_text("text,label\n" + "".join(rows))
    with pytest.raises(DataError, match="big.csv line 250,002: a quote opens a field here"):
        balance(open_data(path, engine), "label")
    found = look(open_data(path, engine), ["label"], n=5)
    assert "random places" in found.how and not found.bad.count  # it did not meet it
    assert not found.whole and found.to_json()["read_whole"] is False
    assert found.unread().startswith("a bad row in the lines not read (a quote left open")
    assert found.unread() in plain(found.render()).replace("\n", " ")
    path.write_text("text,label\n" + "".join(rows[249_000:251_000]))  # read whole
    whole = look(open_data(path, engine), ["label"], n=5)
    assert [place.line for place, _ in whole.bad.examples] == [1_002]
    assert whole.whole and whole.to_json()["read_whole"] and not whole.unread()
    assert "lines not read" not in plain(whole.render())


def test_lines_met_at_random_places_that_are_no_records_are_named_by_their_lines(
    tmp_path: Path, engine: Engine
) -> None:
    """Over 100,000 lines, look met lines that are not JSON, or not UTF-8, left them out of
    its samples and said nothing, while balance named each by its line."""
    lines = [json.dumps({"id": i, "label": "ab"[i % 2]}).encode() for i in range(150_000)]
    broken = {number: "not valid JSON" for number in range(20, 150_000, 20)}
    broken |= {number: "not UTF-8" for number in range(30, 150_000, 40)}
    for number, why in broken.items():
        lines[number - 1] = b'{"id": broken' if why == "not valid JSON" else b'{"t": "caf\xe9"}'
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    found = look(open_data(path, engine), ["label"], n=5)
    assert "random places" in found.how and found.bad.count > 10
    for place, why in found.bad.examples:
        assert broken[place.line] == why
    assert {why for _, why in found.bad.examples} == {"not valid JSON", "not UTF-8"}
    assert "iconv -f WINDOWS-1252 -t UTF-8 < big.jsonl > big-utf8.jsonl" in found.bad.advice
    counted = balance(open_data(path, engine), "label").bad
    assert counted.count == len(broken) and counted.advice == found.bad.advice


def test_a_look_without_groups_names_what_it_drew_from_once(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "two.csv"
    path.write_text("a,b\n1,x\n2,y\n")
    shown = plain(look(open_data(path, engine), [], n=5).render()).splitlines()
    assert shown[1:3] == ["both records", "sample  2 of 2 " + "─" * 65]


def test_a_look_without_groups_heads_its_records_not_groups(tmp_path: Path, engine: Engine) -> None:
    """Without --by there are no groups: the head said `5 per group`. Then it said `5
    records` of a file of two, the -n asked for, which reads as the file's count: it says
    how many records it shows."""
    path = tmp_path / "two.csv"
    path.write_text("a,b\n1,x\n2,y\n")
    head = plain(look(open_data(path, engine), [], n=5).render()).splitlines()[0]
    assert head == "look · two.csv · 2 records · seed 0"
    head = plain(look(open_data(path, engine), [], n=1).render()).splitlines()[0]
    assert head == "look · two.csv · 1 record · seed 0"
    by_b = plain(look(open_data(path, engine), ["b"], n=1).render()).splitlines()[0]
    assert by_b == "look · two.csv · by b · 1 per group · seed 0"
