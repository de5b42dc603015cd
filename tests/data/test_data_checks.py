"""balance, overlap, cues and diff on planted data: they find what was planted, and only that."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
from datafiles import open_data, records, write_jsonl

from credo.data import engine as engine_module
from credo.data.balance import balance
from credo.data.cues import Feature, cues, strength
from credo.data.diff import diff
from credo.data.engine import DataError, Engine
from credo.data.look import look
from credo.data.overlap import Overlap, overlap
from credo.data.readers import Place, json_text
from credo.data.request import Request
from credo.data.show import plain


def ptvid_like(n_per: dict[tuple[str, str], int]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for (domain, label), n in n_per.items():
        rows += [
            {"text": f"{domain} {label} {i}", "label": label, "domain": domain} for i in range(n)
        ]
    return rows


def test_balance_flags_the_dominated_and_single_label_groups(
    tmp_path: Path, engine: Engine
) -> None:
    rows = ptvid_like(
        {
            ("journalistic", "pt-PT"): 43,
            ("journalistic", "pt-BR"): 33,
            ("legal", "pt-PT"): 296,
            ("legal", "pt-BR"): 4,
            ("social", "pt-PT"): 12,
        }
    )
    found = balance(open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label", "domain")
    by_name = {g.name(): g for g in found.groups}
    labels = found.labels
    assert labels == ["pt-PT", "pt-BR"]
    assert by_name["journalistic"].flags(labels) == []
    assert by_name["legal"].flags(labels) == ["pt-PT holds 98.7%"]
    assert by_name["legal"].ratio(labels) == 74.0
    assert by_name["social"].flags(labels) == ["only pt-PT"]
    assert not found.passed
    assert found.summary().endswith(
        "label by domain: 2 of 3 groups flagged (legal: pt-PT holds 98.7%; social: only pt-PT); "
        "all: pt-PT holds 90.5%"
    )
    data = found.to_json()
    assert data["groups"][2]["counts"] == [
        {"label": "pt-PT", "count": 296},
        {"label": "pt-BR", "count": 4},
    ]
    assert data["groups"][3]["ratio"] == "inf"
    shown = plain(found.render())
    assert "⚠ pt-PT holds 98.7%" in shown and "⚠ only pt-PT" in shown
    assert "⚠ 2 of 3 groups flagged: a model can learn the domain" in shown
    assert max(len(line) for line in shown.splitlines()) <= 80


def test_balance_per_split(tmp_path: Path, engine: Engine) -> None:
    rows = [dict(r, split="train") for r in ptvid_like({("web", "a"): 5, ("web", "b"): 5})]
    rows += [dict(r, split="valid") for r in ptvid_like({("web", "a"): 3})]
    found = balance(
        open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label", "domain", "split"
    )
    names = [g.name() for g in found.groups]
    assert names == ["all", "all · train", "all · valid", "web · train", "web · valid"]
    assert found.groups[-1].flags(found.labels) == ["only a"]


def test_balance_names_the_records_without_a_split_or_group(tmp_path: Path, engine: Engine) -> None:
    rows = [dict(r, split="train") for r in ptvid_like({("web", "a"): 5, ("web", "b"): 5})]
    rows += [dict(r, split="valid") for r in ptvid_like({("web", "a"): 3, ("web", "b"): 3})]
    rows += ptvid_like({("web", "a"): 2})  # no split
    rows += [{"text": "t", "label": "b", "split": "train"}]  # no domain
    found = balance(
        open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label", "domain", "split"
    )
    names = [g.name() for g in found.groups]
    assert names == [
        "all",
        "all · train",
        "all · valid",
        "all · (missing)",
        "web · train",
        "web · valid",
        "web · (missing)",
        "(missing) · train",
    ]
    assert found.summary().endswith(
        "3 of 7 groups flagged (all · (missing): only a; web · (missing): only a; "
        "(missing) · train: only b)"
    )


def test_a_balanced_file_of_one_group_is_not_said_all_1_group(
    tmp_path: Path, engine: Engine
) -> None:
    rows = ptvid_like({("web", "a"): 2, ("web", "b"): 2, ("news", "a"): 1, ("news", "b"): 1})
    data = open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine)
    assert balance(data, "label").summary() == "d.jsonl: label balanced"
    by_domain = balance(data, "label", "domain").summary()
    assert by_domain == "d.jsonl: label by domain balanced in both groups"  # not the "all" row
    law = ptvid_like({("law", "a"): 1, ("law", "b"): 1})
    three = open_data(write_jsonl(tmp_path / "three.jsonl", rows + law), engine)
    assert balance(three, "label", "domain").summary().endswith("balanced in all 3 groups")
    web = open_data(write_jsonl(tmp_path / "web.jsonl", rows[:4]), engine)
    assert balance(web, "label", "domain").summary() == "web.jsonl: label by domain balanced"
    # with no group to speak of, the verdict speaks of the file, as its summary does
    shown = plain(balance(data, "label").render())
    assert "✔ label balanced" in shown and "no group" not in shown
    assert "✔ no group is dominated by one label" in plain(
        balance(data, "label", "domain").render()
    )


def test_a_failing_file_of_one_group_says_what_is_wrong_not_1_of_1(
    tmp_path: Path, engine: Engine
) -> None:
    rows = ptvid_like({("web", "a"): 19, ("web", "b"): 1})
    data = open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine)
    assert balance(data, "label").summary() == "d.jsonl: label not balanced: a holds 95.0%"
    by_domain = balance(data, "label", "domain").summary()
    assert by_domain == "d.jsonl: label by domain not balanced: a holds 95.0%"
    shown = plain(balance(data, "label").render())
    assert "⚠ label not balanced: a holds 95.0%" in shown
    assert "flagged" not in shown  # not "1 of 1 group flagged": there is nothing to compare


def test_a_file_of_one_label_is_not_balanced_with_or_without_groups(
    tmp_path: Path, engine: Engine
) -> None:
    rows = ptvid_like({("web", "cat"): 2, ("news", "cat"): 2})
    data = open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine)
    alone = balance(data, "label")
    assert not alone.passed
    assert alone.summary() == "d.jsonl: label not balanced: only cat"
    assert "⚠ label not balanced: only cat" in plain(alone.render())
    by_domain = balance(data, "label", "domain")
    assert not by_domain.passed  # every group is one label: not 'no group is dominated'
    assert by_domain.summary() == "d.jsonl: label by domain not balanced: only cat"
    shown = plain(by_domain.render())
    assert "⚠ label by domain not balanced: only cat" in shown
    assert "a model can learn" not in shown  # with one label there is nothing to learn
    found = by_domain.to_json()
    assert found["passed"] is False
    assert [g["flags"] for g in found["groups"]] == [["only cat"]] * 3


def test_a_file_with_no_label_at_all_is_not_balanced(tmp_path: Path, engine: Engine) -> None:
    """A label column empty in every record (the valid file's, a wrong --label) passed
    with '✔ label balanced'."""
    rows = [{"text": f"t{i}", "label": None, "domain": "web"} for i in range(3)]
    data = open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine)
    found = balance(data, "label")
    assert not found.passed
    assert found.summary() == "d.jsonl: label not balanced: only (missing)"
    assert balance(data, "label", "domain").summary() == (
        "d.jsonl: label by domain not balanced: only (missing)"
    )


def test_records_without_a_label_are_shown_but_balance_no_class(
    tmp_path: Path, engine: Engine
) -> None:
    rows = ptvid_like({("web", "a"): 50, ("web", "b"): 50, ("news", "a"): 2, ("news", "b"): 2})
    rows.append({"text": "no label", "label": None, "domain": "web"})
    found = balance(open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label", "domain")
    assert found.passed and found.flagged == []  # not "unbalanced 50:1", not "no (missing)"
    assert [g.ratio(found.labels) for g in found.groups] == [1.0, 1.0, 1.0]
    assert "(missing)" in plain(found.render())  # still in the table, said as it is


def test_a_group_whose_records_have_no_label_has_no_ratio(tmp_path: Path, engine: Engine) -> None:
    """A group holding only records without a label showed '∞:1' beside its 0 and 0, as
    if one label outnumbered the other without end (unflagged, rightly: it has no class)."""
    rows = ptvid_like({("web", "a"): 3, ("web", "b"): 2})
    rows.append({"text": "no label", "label": None, "domain": "legal"})
    found = balance(open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label", "domain")
    legal = next(g for g in found.groups if g.name() == "legal")
    assert legal.ratio(found.labels) is None and legal.flags(found.labels) == []
    assert [g["ratio"] for g in found.to_json()["groups"] if g["name"] == "legal"] == [None]
    assert "∞" not in plain(found.render())


def test_overlap_finds_the_planted_duplicates_and_nothing_else(
    tmp_path: Path, engine: Engine
) -> None:
    train = records(200, seed=1)
    valid = [dict(r, id=1000 + i) for i, r in enumerate(records(50, seed=2))]
    valid[3]["text"] = train[10]["text"]  # exact copy of a train text
    valid[7]["text"] = train[20]["text"]
    valid[9]["text"] = str(train[30]["text"]).upper().replace(" ", "  ") + "!"  # near
    path_t = write_jsonl(tmp_path / "train.jsonl", train)
    path_v = write_jsonl(tmp_path / "valid.jsonl", valid, extra_lines={5: "{broken"})
    found = overlap(open_data(path_t, engine), open_data(path_v, engine), key="text")
    assert (found.exact, found.near) == (2, 1)
    assert (found.train_records, found.valid_records) == (200, 50)
    assert found.valid_bad.count == 1
    by_kind = {(m.kind, m.valid_at.line, m.train_at.line) for m in found.examples}
    # Valid lines shift by one after the broken line 5.
    assert by_kind == {("exact", 4, 11), ("exact", 9, 21), ("near", 11, 31)}
    near = next(m for m in found.examples if m.kind == "near")
    assert near.train_text == train[30]["text"]
    assert not found.passed and "2 exact, 1 near" in found.summary()


def _csv_overlap(tmp_path: Path, engine: Engine, rows: list[tuple[str, str]]) -> Overlap:
    """`overlap` of train.csv and valid.csv, made of the (train, valid) line pairs `rows`."""
    train, valid = tmp_path / "train.csv", tmp_path / "valid.csv"
    train.write_text("".join(t + "\n" for t, _ in rows))
    valid.write_text("".join(v + "\n" for _, v in rows))
    return overlap(open_data(train, engine), open_data(valid, engine))


def test_overlap_keeps_a_number_s_sign_and_decimal_point(tmp_path: Path, engine: Engine) -> None:
    """Near-duplicates set punctuation aside, and with it the minus sign and the decimal
    point: a table whose row `5,-3` in train and `5,3` in valid differ by a sign was
    named a leak, exit 1, as were `1.5` and `15`. A number keeps both; a hyphen inside
    a word (`GPT-4`) is still punctuation."""
    rows = [
        ("age,visits,label", "age,visits,label"),
        ("5,-3,1", "5,3,1"),
        ("7,1.5,0", "7,15,0"),
        ("9,-2.5,yes", "9,-2.5,Yes"),  # a near-duplicate
    ]
    found = _csv_overlap(tmp_path, engine, rows)
    assert (found.exact, found.near) == (0, 1), found.examples
    texts = [
        {"text": "GPT-4 beats the baseline", "n": "-3"},
        {"text": "gpt 4 beats the baseline!", "n": "3"},
    ]
    path_t = write_jsonl(tmp_path / "t.jsonl", texts[:1])
    path_v = write_jsonl(tmp_path / "v.jsonl", texts[1:])
    assert overlap(open_data(path_t, engine), open_data(path_v, engine), key="text").near == 1
    assert overlap(open_data(path_t, engine), open_data(path_v, engine), key="n").near == 0


def test_overlap_keeps_two_numbers_apart(tmp_path: Path, engine: Engine) -> None:
    """Near-duplicates set aside the comma of `1,000` and the hyphen of `3-5`, so a
    valid row `1,000 runs` was found in train as `1000 runs`, the range `3-5 people` as
    `35 people`, `3 5` as 35 too, and a JSON feature `[1, 2]` as `[12]`: each named a
    leak (exit 1). What stands between two digits is now one mark, whatever it is: `1,
    000` is still a near-duplicate of `1,000`, and `3 - 5` of `3-5`."""
    rows = [
        ("text,label", "text,label"),
        ('"1000 runs",a', '"1,000 runs",a'),
        ('"35 people",b', '"3-5 people",b'),
        ('"35 days",c', '"3 5 days",c'),
        ('"3 - 5 weeks",d', '"3-5 weeks",d'),  # a near-duplicate
        ('"1, 000 steps",e', '"1,000 steps",e'),  # a near-duplicate
    ]
    found = _csv_overlap(tmp_path, engine, rows)
    assert (found.exact, found.near) == (0, 2), found.examples
    assert [m.valid_at.line for m in found.examples] == [5, 6]
    features = [{"x": [1, 2], "y": "GPT-4"}, {"x": [12], "y": "gpt 4"}, {"x": [1, 2], "y": "gpt 4"}]
    path_t = write_jsonl(tmp_path / "t.jsonl", features[:1])
    path_v = write_jsonl(tmp_path / "v.jsonl", features[1:])
    found = overlap(open_data(path_t, engine), open_data(path_v, engine))
    assert (found.near, [m.valid_at.line for m in found.examples]) == (1, [2])


def test_whole_record_overlap_needs_the_same_record(tmp_path: Path, engine: Engine) -> None:
    train = records(20, seed=1)
    valid = [train[4], dict(train[5], id=999)]
    found = overlap(
        open_data(write_jsonl(tmp_path / "t.jsonl", train), engine),
        open_data(write_jsonl(tmp_path / "v.jsonl", valid), engine),
    )
    assert (found.exact, found.near) == (1, 0)


def test_whole_records_with_other_columns_are_refused_not_found_apart(
    tmp_path: Path, engine: Engine
) -> None:
    """Without --key, a train file with a column valid lacks said '✔ no validation record
    is in training': whole records with other columns are never equal, whatever the two
    files share. Records that do match (a column some records lack) are still counted."""
    train = records(20, seed=1)
    wider = [dict(r, source="web") for r in train]
    valid = write_jsonl(tmp_path / "v.jsonl", train[:5])
    with pytest.raises(DataError) as raised:
        overlap(
            open_data(write_jsonl(tmp_path / "t.jsonl", wider), engine), open_data(valid, engine)
        )
    said = raised.value.message
    assert said.startswith("whole records of v.jsonl cannot be found in t.jsonl: their columns")
    assert said.endswith("compare them by a column both have, with --key: " + ", ".join(train[0]))
    some = write_jsonl(tmp_path / "s.jsonl", train[:15] + wider[15:])
    assert overlap(open_data(some, engine), open_data(valid, engine)).exact == 5
    keyed = overlap(open_data(tmp_path / "t.jsonl", engine), open_data(valid, engine), key="text")
    assert keyed.exact == 5


def test_no_overlap_passes(tmp_path: Path, engine: Engine) -> None:
    found = overlap(
        open_data(write_jsonl(tmp_path / "t.jsonl", records(100, seed=1)), engine),
        open_data(write_jsonl(tmp_path / "v.jsonl", records(30, seed=9)), engine),
        key="text",
    )
    assert found.passed and (found.exact, found.near) == (0, 0)
    assert "no record of v.jsonl is in t.jsonl" in found.summary()


@pytest.mark.parametrize("kind", ["overlap", "diff"])
def test_a_file_compared_with_itself_is_refused(tmp_path: Path, engine: Engine, kind: str) -> None:
    """`credo data overlap F F` reported every record leaked (100%), not that the two
    inputs were one file."""
    write_jsonl(tmp_path / "t.jsonl", records(10, seed=1))
    with pytest.raises(DataError) as raised:
        Request(kind, ("t.jsonl", "./t.jsonl")).run(engine, tmp_path)
    assert raised.value.message == (
        f"t.jsonl and ./t.jsonl are the same file: {kind} compares two different ones"
    )


def test_an_empty_path_is_refused_not_the_project_folder(tmp_path: Path, engine: Engine) -> None:
    """`credo data look ""` (an unset variable) read every file of the project."""
    write_jsonl(tmp_path / "t.jsonl", records(10, seed=1))
    with pytest.raises(DataError) as raised:
        Request("look", ("",)).run(engine, tmp_path)
    assert raised.value.message == "an empty path: give a data file or folder"


def test_cues_put_the_planted_city_first(tmp_path: Path, engine: Engine) -> None:
    rows = records(3000, seed=5, planted="Lisboa")
    path = write_jsonl(tmp_path / "d.jsonl", rows)
    found = cues(open_data(path, engine), "label")
    top = found.cues[0]
    in_pt = sum(1 for r in rows if "Lisboa" in str(r["text"]).split())
    assert (top.feature, top.value, top.label) == ("token", "Lisboa", "pt-PT")
    assert (top.hits, top.support) == (in_pt, in_pt)
    assert found.strong == [top]  # nothing else gives the label away
    assert not found.passed
    assert f"has 'Lisboa' → pt-PT {in_pt:,}/{in_pt:,}" in found.summary()
    assert found.text == "text"
    assert {r.feature for r in found.rules} == {"domain", "split", "length", "id"}


def test_cues_read_columns_and_ranges_of_numbers(tmp_path: Path, engine: Engine) -> None:
    rows = records(2000, seed=3)
    for i, row in enumerate(rows):  # source and score give the label away; length does not
        row["source"] = "gov.pt" if row["label"] == "pt-PT" else "gov.br"
        row["score"] = 512 + i % 500 if row["label"] == "pt-PT" else 1 + i % 7
    found = cues(open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label")
    strong = {(c.feature, c.value) for c in found.strong}
    assert ("source", "gov.pt") in strong and ("score", "512–1,023") in strong
    rules = {r.feature: r.accuracy for r in found.rules}
    assert rules["source"] == 1.0 and rules["score"] == 1.0
    assert rules["length"] < 0.6
    # a column the model never sees can be left out, and the result says so
    path = tmp_path / "d.jsonl"
    left = cues(open_data(path, engine), "label", ignore=("source",))
    assert "source" not in {c.feature for c in left.cues} | {r.feature for r in left.rules}
    assert ("score", "512–1,023") in {(c.feature, c.value) for c in left.strong}
    assert left.ignored == ["source"] and "left out (--ignore): source" in plain(left.render())
    assert left.to_json()["ignored_columns"] == ["source"]


def test_a_title_names_a_column_called_as_its_role_once(tmp_path: Path, engine: Engine) -> None:
    """`--label label --split split` was titled `label label · split split`."""
    rows = [{"text": "a", "label": "x", "split": "train", "domain": "d"}]
    data = open_data(write_jsonl(tmp_path / "t.jsonl", rows), engine)
    found = plain(balance(data, "label", "domain", "split").render())
    assert "balance · t.jsonl · 1 record · label · by domain · split\n" in found
    found = plain(balance(data, "text", "split", "domain").render())
    assert "balance · t.jsonl · 1 record · label text · by split · split domain\n" in found


@pytest.mark.parametrize(
    ("by", "split", "says"),
    [
        (
            "label",
            None,
            "t.jsonl: --by 'label' is the label column; group by another (a domain, a source)",
        ),
        (
            None,
            "label",
            "t.jsonl: --split 'label' is the label column; name the train/valid/test one",
        ),
        (
            "domain",
            "domain",
            "t.jsonl: --by and --split are both 'domain'; give two columns, or --by alone",
        ),
    ],
)
def test_balance_refuses_a_column_counted_against_itself(
    tmp_path: Path, engine: Engine, by: str | None, split: str | None, says: str
) -> None:
    """`--label label --by label` flagged every group: 'a model can learn the label
    instead of the label'."""
    rows = [{"text": "a", "label": "x", "domain": "d"}]
    data = open_data(write_jsonl(tmp_path / "t.jsonl", rows), engine)
    with pytest.raises(DataError) as raised:
        balance(data, "label", by, split)
    assert raised.value.message == says


def test_strength_ranks_support_and_beats_the_prior() -> None:
    assert strength(41, 41, 0.5) > strength(10, 10, 0.5) > 0
    assert strength(3, 3, 0.5) == 0  # three in a row is no evidence yet
    assert strength(60, 100, 0.6) == 0  # no better than guessing the commonest label
    assert strength(95, 100, 0.05) > strength(95, 100, 0.5)


def test_one_record_is_counted_as_one(tmp_path: Path, engine: Engine) -> None:
    train = write_jsonl(tmp_path / "t.jsonl", [{"text": "Olá, mundo!", "label": "a"}])
    valid = write_jsonl(tmp_path / "v.jsonl", [{"text": "olá mundo", "label": "a"}])
    data = open_data(train, engine)
    assert "balance · t.jsonl · 1 record · label\n" in plain(balance(data, "label").render())
    assert "cues · t.jsonl · 1 record · label\n" in plain(cues(data, "label").render())
    assert look(data, [], n=1).how == "the only record"
    found = overlap(data, open_data(valid, engine), key="text")
    assert found.summary() == (
        "1 of 1 record of v.jsonl is in t.jsonl: 0 exact, 1 near-duplicate (key text)"
    )
    shown = plain(found.render())
    assert "1 record in v.jsonl, 1 in t.jsonl" in shown
    assert "1 near-duplicate (100.0%)" in shown


def test_diff_counts_exactly_what_was_dropped(tmp_path: Path, engine: Engine) -> None:
    rows = records(500, seed=4)
    kept = [r for r in rows if not (r["domain"] == "law" and int(str(r["id"])) % 2)]
    dropped = len(rows) - len(kept)
    kept[0] = dict(kept[0], text="cleaned text")
    before = write_jsonl(tmp_path / "raw.jsonl", rows)
    after = write_jsonl(tmp_path / "clean.jsonl", kept)
    found = diff(open_data(before, engine), open_data(after, engine), key="id", by="domain")
    assert (found.dropped, found.kept, found.changed, found.added) == (
        dropped,
        500 - dropped,
        1,
        0,
    )
    groups = {g.group: g for g in found.groups}
    assert groups["law"].dropped == dropped and groups["news"].dropped == 0
    assert len(found.dropped_samples) == 5
    for place, raw in found.dropped_samples:
        record = json.loads(raw)
        assert record == rows[place.line - 1] and record["domain"] == "law"
    assert found.summary().startswith(f"raw.jsonl → clean.jsonl: dropped {dropped} of 500")
    again = diff(open_data(before, engine), open_data(after, engine), key="id", by="domain")
    assert again.dropped_samples == found.dropped_samples  # same seed, same samples


def test_diff_by_group_puts_the_group_the_filter_took_most_of_first(
    tmp_path: Path, engine: Engine
) -> None:
    """Sorted by records dropped, "news" (1 of 3 dropped) came before "web" (its 1 record
    dropped): the share dropped comes first, then the count, in the table and in --json."""
    news = [{"text": f"news {i}", "domain": "news"} for i in range(3)]
    law = [{"text": f"law {i}", "domain": "law"} for i in range(10)]
    web = [{"text": "web 0", "domain": "web"}]
    blog = [{"text": f"blog {i}", "domain": "blog"} for i in range(2)]
    before = write_jsonl(tmp_path / "a.jsonl", [*news, *law, *web, *blog])
    after = write_jsonl(tmp_path / "b.jsonl", [*news[1:], *law[5:], *blog[1:]])
    found = diff(open_data(before, engine), open_data(after, engine), by="domain")
    order = ["web", "law", "blog", "news"]  # 100%; 50%: 5, then 1; 33.3%
    assert [g["group"] for g in found.to_json()["groups"]] == order
    table = plain(found.render()).split("domain", 1)[1].splitlines()[1:5]
    assert [line.split()[0] for line in table] == order
    assert table[0].split()[4] == "100.0%"


def test_diff_by_group_counts_kept_and_added_apart(tmp_path: Path, engine: Engine) -> None:
    """The "after" column counted the records new in after too: a web record the filter
    rewrote read "web: before 1, after 1, dropped 1". The columns now add up: before =
    kept + dropped, and what after holds that before did not is counted as added."""
    news = [{"text": f"news {i}", "domain": "news"} for i in range(3)]
    before = write_jsonl(tmp_path / "a.jsonl", [*news, {"text": "Web!", "domain": "web"}])
    after = write_jsonl(tmp_path / "b.jsonl", [*news[:2], {"text": "web", "domain": "web"}])
    found = diff(open_data(before, engine), open_data(after, engine), by="domain")
    rows = {g.group: (g.before, g.kept, g.dropped, g.added) for g in found.groups}
    assert rows == {"news": (3, 2, 1, 0), "web": (1, 0, 1, 1)}
    table = plain(found.render()).split("domain", 1)[1].splitlines()
    assert table[0].split() == ["before", "kept", "dropped", "added"]
    assert table[1].split()[:5] == ["web", "1", "0", "1", "100.0%"]
    assert table[1].split()[-1] == "1"
    groups = found.to_json()["groups"]
    assert groups[0] == {
        "group": "web",
        "before": 1,
        "after": 1,
        "dropped": 1,
        "kept": 0,
        "added": 1,
    }


def test_diff_without_a_key_counts_copies(tmp_path: Path, engine: Engine) -> None:
    rows = records(10, seed=4)
    before = write_jsonl(tmp_path / "a.jsonl", rows + rows[:3])  # three records twice
    after = write_jsonl(tmp_path / "b.jsonl", rows)  # the filter removed the copies
    found = diff(open_data(before, engine), open_data(after, engine))
    assert (found.dropped, found.kept, found.added) == (3, 10, 0)


def test_diff_and_overlap_read_json_lines_as_records_not_as_their_spacing(
    tmp_path: Path, engine: Engine
) -> None:
    """A filter that writes JSON with other spaces (Python's json.dumps) changed nothing,
    and a record so written is the same record."""
    rows = records(10, seed=4)
    before = tmp_path / "a.jsonl"
    before.write_text("".join(json.dumps(r, separators=(",", ":")) + "\n" for r in rows))
    after = tmp_path / "b.jsonl"
    edited = rows[:3] + [dict(rows[3], text="cleaned")] + rows[4:8]
    after.write_text("".join(json.dumps(r) + "\n" for r in edited))
    found = diff(open_data(before, engine), open_data(after, engine), key="id")
    assert (found.dropped, found.kept, found.changed, found.added) == (2, 8, 1, 0)
    found = diff(open_data(before, engine), open_data(after, engine))
    assert (found.dropped, found.kept, found.added) == (3, 7, 1)
    match = overlap(open_data(before, engine), open_data(after, engine))
    assert (match.exact, match.near) == (7, 0)


def test_diff_of_a_filter_that_dropped_everything(tmp_path: Path, engine: Engine) -> None:
    before = write_jsonl(tmp_path / "a.jsonl", records(10))
    (tmp_path / "b.jsonl").write_bytes(b"")
    found = diff(open_data(before, engine), open_data(tmp_path / "b.jsonl", engine), key="id")
    assert (found.dropped, found.kept, found.after_records) == (10, 0, 0)


def test_a_key_pairs_an_id_written_as_a_number_and_as_a_string(
    tmp_path: Path, engine: Engine
) -> None:
    """`17` in one file and `"17"` in another are one record to pair by, and a CSV's 17
    too (a label keeps them apart: see ..._the_same_digits_are_two_labels)."""
    rows = records(20, seed=2)
    numbers = write_jsonl(tmp_path / "n.jsonl", rows)
    strings = write_jsonl(tmp_path / "s.jsonl", [dict(r, id=str(r["id"])) for r in rows[:15]])
    table = tmp_path / "c.csv"
    with open(table, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for before in (numbers, table):
        found = diff(open_data(before, engine), open_data(strings, engine), key="id")
        assert (found.dropped, found.kept, found.added) == (5, 15, 0)
        match = overlap(open_data(before, engine), open_data(strings, engine), key="id")
        assert (match.exact, match.near) == (15, 0)
        assert match.examples[0].valid_text == match.examples[0].train_text == "0"


def test_csv_records_are_named_by_their_line(tmp_path: Path, engine: Engine) -> None:
    before, after = tmp_path / "a.csv", tmp_path / "b.csv"
    before.write_text("id,text\n1,hello\n2,world\n3,again\n")
    after.write_text("id,text\n1,hello\n3,again\n")
    found = diff(open_data(before, engine), open_data(after, engine), key="id")
    assert found.dropped == 1
    assert found.dropped_samples == [(Place(3), '{"id":"2","text":"world"}')]


def test_overlap_of_folder_trees_compares_file_contents(tmp_path: Path, engine: Engine) -> None:
    files = {
        "train/cat/a.png": b"\x89PNG one cat",
        "train/cat/c.png": b"\x89PNG a dog, filed as a cat",
        "valid/cat/a.png": b"\x89PNG another cat",  # the same name, other content: no leak
        "valid/dog/b.png": b"\x89PNG a dog, filed as a cat",  # the same content: a leak
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    found = overlap(open_data(tmp_path / "train", engine), open_data(tmp_path / "valid", engine))
    assert (found.exact, found.near, found.valid_records) == (1, 0, 2)
    [match] = found.examples
    assert (match.valid_text, match.train_text) == ("dog/b.png", "cat/c.png")
    shown = plain(found.render())
    assert "dog/b.png" in shown and "cat/c.png" in shown


def test_cues_read_a_numeric_column_with_few_values_in_ranges(
    tmp_path: Path, engine: Engine
) -> None:
    rows = records(2000, seed=3)
    scores = [round(1 + 7.3 * i, 2) for i in range(90)]  # 90 floats a label, 1 to 650.7
    for i, row in enumerate(rows):  # noise: no score says anything of the label
        row["score"] = scores[(i * 37) % len(scores)]
    rows[0]["score"], rows[1]["score"] = "nan", 1e300  # numbers too, each its own range
    found = cues(open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label")
    rule = next(r for r in found.rules if r.feature == "score")
    ranges = {2 ** math.floor(math.log2(score)) for score in scores}  # 1, 8–15, ... 512–1,023
    assert rule.values == len(ranges) + 2  # not 90 values, each memorised
    assert not [c for c in found.cues if c.feature == "score"]


def test_cues_read_a_score_between_0_and_1_in_several_ranges(
    tmp_path: Path, engine: Engine
) -> None:
    """A column like a teacher model's confidence gives the label away: its ranges below 1
    (halves, quarters...) show it, where one range 'under 1' hid it; below 0 too."""
    rows = records(2000, seed=4)
    for i, row in enumerate(rows):
        high = row["label"] == "pt-PT"
        row["confidence"] = round((0.55 if high else 0.05) + (i % 40) / 100, 2)
        row["offset"] = -((i % 7) + 1) * 1.5  # -1.5 to -10.5: no cue, four ranges
    found = cues(open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label")
    [leak] = [c for c in found.cues if c.feature == "confidence" and c.value == "0.5 to <1"]
    assert leak.label == "pt-PT" and leak.hits == leak.support
    rule = next(r for r in found.rules if r.feature == "offset")
    assert rule.values == len({2 ** math.floor(math.log2(k * 1.5)) for k in range(1, 8)})
    assert not [c for c in found.cues if c.feature == "offset"]
    ranged = Feature("offset", "offset", ranged=True)
    assert [ranged.words(v) for v in ("-4.0", "0.25", "0.0", "8.0", "1.0")] == [
        "-4 to >-8",
        "0.25 to <0.5",
        "0",
        "8 to <16",
        "1 to <2",
    ]
    whole = Feature("votes", "votes", ranged=True, integers=True)
    assert [whole.words(v) for v in ("-4.0", "1.0", "-1.0", "8.0", "1024.0")] == [
        "-4 to -7",
        "1",
        "-1",
        "8–15",
        "1,024–2,047",
    ]


def test_cues_name_ranges_exactly(tmp_path: Path, engine: Engine) -> None:
    """A range of whole numbers reads as its first and last (`8–15`, `1`); a range that
    holds fractions reads half-open: 7.5 is in `4 to <8`, never in `4–7`."""
    rows = records(2000, seed=7)
    for i, row in enumerate(rows):
        pt = row["label"] == "pt-PT"
        row["score"] = 4 + (i % 8) / 2 if pt else 16 + (i % 8) / 2  # 4 to 7.5, 16 to 19.5
        row["votes"] = 1 if pt else 100 + i % 900  # whole numbers, many of them
    found = cues(open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label")
    strong = {(c.feature, c.value, c.label) for c in found.strong}
    assert ("score", "4 to <8", "pt-PT") in strong and ("score", "16 to <32", "pt-BR") in strong
    assert ("votes", "1", "pt-PT") in strong
    assert "votes = 1 " in plain(found.render()) and "score = 4 to <8 " in plain(found.render())
    assert found.to_json()["cues"][0]["value"] in {"4 to <8", "16 to <32", "1"}


def test_cues_name_a_range_below_0_by_its_signed_ends(tmp_path: Path, engine: Engine) -> None:
    """A feature around -1.5 for one label and 1.5 for the other: the range of -1.5 reads
    `-1 to >-2`, where `minus 1 to <2` read as from -1 up to 2, the positive side's range
    and more; whole numbers below 0 read as their first and last, `-4 to -7`."""
    rows = records(2000, seed=9)
    for i, row in enumerate(rows):
        pt = row["label"] == "pt-PT"
        row["x1"] = (-1 if pt else 1) * (1 + (i % 10) / 10)  # ±1 to ±1.9
        row["votes"] = -4 - i % 4 if pt else 100 + i % 900
    found = cues(open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label")
    strong = {(c.feature, c.value, c.label) for c in found.strong}
    assert ("x1", "-1 to >-2", "pt-PT") in strong and ("x1", "1 to <2", "pt-BR") in strong
    assert ("votes", "-4 to -7", "pt-PT") in strong
    assert "x1 = -1 to >-2 " in plain(found.render()) and "minus" not in plain(found.render())
    ranged = Feature("offset", "offset", ranged=True)
    assert [ranged.words(v) for v in ("-0.25", "-1.0", "-4.0")] == [
        "-0.25 to >-0.5",
        "-1 to >-2",
        "-4 to >-8",
    ]
    whole = Feature("votes", "votes", ranged=True, integers=True)
    assert [whole.words(v) for v in ("-1.0", "-2.0", "-1024.0")] == [
        "-1",
        "-2 to -3",
        "-1,024 to -2,047",
    ]


def test_cues_read_a_few_whole_numbers_value_by_value(tmp_path: Path, engine: Engine) -> None:
    """Source ids 1 to 5 are categories: source 2 gives the label away on its own, where
    the range 2–3 (with source 3 as mixed as the rest) hid it."""
    rows = records(2000, seed=8)
    for i, row in enumerate(rows):
        row["source_id"] = 2 if row["label"] == "pt-PT" and i % 3 == 0 else [1, 3, 4, 5][i % 4]
    found = cues(open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label")
    by_value = {c.value: c for c in found.cues if c.feature == "source_id"}
    assert by_value["2"].label == "pt-PT" and by_value["2"].hits == by_value["2"].support
    assert by_value["2"] in found.strong
    assert next(r for r in found.rules if r.feature == "source_id").values == 5
    assert next(r for r in found.rules if r.feature == "id").values > 5  # 2,000 ids: ranges


def test_cues_refuse_the_label_as_text_or_ignored(tmp_path: Path, engine: Engine) -> None:
    data = open_data(write_jsonl(tmp_path / "d.jsonl", records(50)), engine)
    with pytest.raises(DataError) as raised:
        cues(data, "label", "label")
    assert raised.value.message == (
        "d.jsonl: --text 'label' is the label column; name the column that holds the text"
    )
    with pytest.raises(DataError) as raised:
        cues(data, "label", ignore=("domain", "label"))
    assert raised.value.message == (
        "d.jsonl: --ignore 'label' is the label column, never read as a cue; "
        "name the columns the model never sees"
    )


def test_an_ignored_column_is_never_read_as_the_text(tmp_path: Path, engine: Engine) -> None:
    """`--ignore text` (a raw text beside the cleaned one the model reads) went on reading
    `text` for words and length, while the result said it was left out."""
    rows = records(50)
    for row in rows:
        row["clean"] = f"{row['text']} cleaned and longer than the raw one"
    data = open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine)
    found = cues(data, "label", ignore=("text",))
    assert found.text == "clean" and found.ignored == ["text"]
    with pytest.raises(DataError) as raised:
        cues(data, "label", "text", ignore=("text",))
    assert raised.value.message == (
        "d.jsonl: --ignore 'text' is the text column (--text); "
        "name the columns the model never sees"
    )


def test_cues_leave_out_records_without_a_label(tmp_path: Path, engine: Engine) -> None:
    rows = records(400, seed=6)
    rows += [{"text": f"unlabelled orphan {i}", "label": None, "domain": "web"} for i in range(60)]
    found = cues(open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label")
    assert None not in found.labels and found.records == 400 and found.unlabelled == 60
    assert all(c.label is not None for c in found.cues)
    assert "orphan" not in {c.value for c in found.cues}
    assert "60 records without a label left out" in plain(found.render())
    assert found.to_json()["unlabelled"] == 60


@pytest.mark.parametrize("name", ["d.jsonl", "d.json"])
def test_a_number_and_a_string_of_the_same_digits_are_two_labels(
    tmp_path: Path, engine: Engine, name: str
) -> None:
    """In JSON Lines and in a JSON array alike (where DuckDB reads a column of mixed
    types as JSON text: the string pt must not show as "pt")."""
    rows: list[dict[str, object]] = [{"text": f"number {i}", "label": 1} for i in range(30)]
    rows += [{"text": f"string {i}", "label": "1"} for i in range(20)]
    rows += [{"text": f"word {i}", "label": "pt"} for i in range(10)]
    rows += [{"text": f"true {i}", "label": True} for i in range(5)]
    rows += [{"text": f"text true {i}", "label": "true"} for i in range(4)]
    path = tmp_path / name
    if name.endswith(".jsonl"):
        write_jsonl(path, rows)
    else:
        path.write_text(json.dumps(rows, indent=1))
    counts = {"1": 30, '"1"': 20, "pt": 10, "true": 5, '"true"': 4}
    assert dict(balance(open_data(path, engine), "label").groups[0].counts) == counts
    assert cues(open_data(path, engine), "label").labels == counts
    found = look(open_data(path, engine), ["label"], n=1)
    assert {group for (group,) in found.groups} == set(counts)
    for (group,), samples in found.groups.items():
        record = json.loads(samples[0].raw)
        assert record in rows and json_text(record["label"]) == group  # as written
    assert '"1"' in plain(balance(open_data(path, engine), "label").render())


def test_cues_on_too_few_records_do_not_claim_none_gives_the_label_away(
    tmp_path: Path, engine: Engine
) -> None:
    """Four records, the domain giving the label away: no value reached the support a cue
    needs, and the verdict said "no single feature gives label away"."""
    rows = [
        {"text": t, "domain": d, "label": y}
        for t, d, y in [("hello", "news", "a"), ("foo", "news", "a"), ("baz", "legal", "b")]
        + [("zip", "legal", "b")]
    ]
    found = cues(open_data(write_jsonl(tmp_path / "few.jsonl", rows), engine), "label")
    assert not found.passed and not found.strong
    assert "too few records to tell" in found.summary()
    shown = plain(found.render())
    assert "no single feature" not in shown and "--min-support" in shown
    assert found.to_json()["passed"] is False
    # enough records: the same check judges, and passes where nothing gives it away
    many = records(400, seed=3)
    assert cues(open_data(write_jsonl(tmp_path / "many.jsonl", many), engine), "label").passed


def test_cues_on_a_file_of_one_label_say_there_is_nothing_to_tell_apart(
    tmp_path: Path, engine: Engine
) -> None:
    """Every record 'cat': cues passed with "none with support of 0 or more…", though
    with one label no cue can be learnt (as balance said "balanced" of such a file)."""
    rows = ptvid_like({("web", "cat"): 30, ("news", "cat"): 30})
    found = cues(open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label")
    assert not found.passed
    assert found.summary() == "d.jsonl: only cat: with one label there is nothing to tell apart"
    shown = plain(found.render())
    assert "? only cat: with one label there is nothing to tell apart" in shown
    assert "support of 0" not in shown and "no single feature" not in shown
    assert found.to_json()["passed"] is False


def test_cues_on_a_label_column_empty_everywhere_say_only_missing(
    tmp_path: Path, engine: Engine
) -> None:
    """A label column empty in every record (a wrong --label) passed with "no records",
    though each record was there, as balance said "balanced" of it before."""
    rows = [{"text": f"t{i}", "label": None, "domain": "web"} for i in range(30)]
    path = write_jsonl(tmp_path / "d.jsonl", rows + [{"text": "no key", "domain": "law"}])
    found = cues(open_data(path, engine), "label")
    assert not found.passed and found.to_json()["passed"] is False
    said = "only (missing): with no label there is nothing to tell apart"
    assert found.summary() == f"d.jsonl: {said}"
    shown = plain(found.render())
    assert f"? {said}" in shown and "31 records without a label left out" in shown
    assert "no records" not in shown and "no single feature" not in shown


def test_a_parquet_file_of_no_rows_says_it_has_only_its_columns(
    tmp_path: Path, engine: Engine
) -> None:
    """A Parquet file written from an empty table said "no records" with nothing on why,
    as a CSV of only its header did."""
    import duckdb

    path = tmp_path / "e.parquet"
    duckdb.sql(f"COPY (SELECT 'a' AS text, 'x' AS label WHERE false) TO '{path}' (FORMAT parquet)")
    data = open_data(path, engine)
    why = "no records: the file has its columns but no rows"
    assert look(data, []).how == "the file has its columns but no rows"
    assert balance(data, "label").summary() == f"e.parquet: {why}"
    assert cues(data, "label").summary() == f"e.parquet: {why}"


def test_a_csv_of_a_header_only_says_it_holds_no_records(tmp_path: Path, engine: Engine) -> None:
    """look said "all 0 records" of a CSV holding only its header; balance and cues said
    "no records" with nothing on why, where the file says."""
    path = tmp_path / "h.csv"
    path.write_text("text,label\n")
    data = open_data(path, engine)
    why = "no records: the file holds only its header"
    assert look(data, []).how == "the file holds only its header"
    assert "all 0" not in plain(look(data, []).render())
    assert balance(data, "label").summary() == f"h.csv: {why}"
    assert f"{why}" in plain(balance(data, "label").render())
    assert cues(data, "label").summary() == f"h.csv: {why}"
    assert f"{why}" in plain(cues(data, "label").render())
    full = write_jsonl(tmp_path / "t.jsonl", [{"text": "a", "label": "x"}])
    shown = plain(overlap(open_data(full, engine), data, key="text").render())
    assert f"h.csv: {why}" in shown and "t.jsonl: no records" not in shown
    broken = tmp_path / "b.csv"
    broken.write_text('text,label\n"a,x\n')  # a bad row is no header alone
    assert "header" not in balance(open_data(broken, engine), "label").summary()


def test_diff_of_whole_records_with_other_columns_is_refused_not_all_dropped(
    tmp_path: Path, engine: Engine
) -> None:
    """Without --key, a filter that added a column reported every record dropped and
    every one added: whole records with other columns are never equal. It says so, as
    overlap does, and names the columns for --key; records that do pair still count."""
    rows = records(20, seed=2)
    tagged = [dict(r, score=0.5) for r in rows[:15]]
    before = write_jsonl(tmp_path / "raw.jsonl", rows)
    with pytest.raises(DataError) as raised:
        diff(
            open_data(before, engine), open_data(write_jsonl(tmp_path / "c.jsonl", tagged), engine)
        )
    said = raised.value.message
    assert said.startswith("whole records of c.jsonl cannot be found in raw.jsonl: their columns")
    assert said.endswith("compare them by a column both have, with --key: " + ", ".join(rows[0]))
    some = write_jsonl(tmp_path / "s.jsonl", rows[:10] + tagged[10:])
    assert diff(open_data(before, engine), open_data(some, engine)).dropped == 10
    keyed = diff(open_data(before, engine), open_data(tmp_path / "c.jsonl", engine), key="id")
    assert (keyed.dropped, keyed.changed) == (5, 15)


def test_a_ratio_is_written_one_way_in_the_table_and_the_flags(
    tmp_path: Path, engine: Engine
) -> None:
    """The table's column said `3.4 : 1` and, in the same column, a flag said
    `unbalanced 5.3:1`: one form, from one function."""
    rows = ptvid_like({("web", "a"): 53, ("web", "b"): 10, ("news", "a"): 34, ("news", "b"): 10})
    found = balance(open_data(write_jsonl(tmp_path / "d.jsonl", rows), engine), "label", "domain")
    shown = plain(found.render())
    assert "unbalanced 5.3:1" in shown and "3.4:1" in shown and " : 1" not in shown


def test_a_value_split_evenly_between_labels_reads_the_same_each_time() -> None:
    """The database gives a value's counts per label in no fixed order: a tie (50 of each)
    went to whichever label came first, so one file showed `domain = news → pt-BR` on
    one run and nothing on the next. It goes to the commoner label."""
    from credo.data.cues import _cue, _ties

    priors = {"pt-PT": 2 / 3, "pt-BR": 1 / 3}
    orders = [{"pt-PT": 50, "pt-BR": 50}, {"pt-BR": 50, "pt-PT": 50}]
    ties = _ties(priors)
    assert [_cue("domain", "news", counts, priors, ties, 10) for counts in orders] == [None, None]


def test_a_word_split_evenly_between_labels_reads_the_same_each_time(
    tmp_path: Path, engine: Engine
) -> None:
    """A word's counts per label come from the database in no fixed order, and a tie (50
    of each) went to whichever label came first: `has 'vote' → pt-BR` on one run could
    read `→ pt-AO` on the next. It goes to the commoner label, as a column value's does,
    whatever the order of the rows."""
    texts = {("law", "pt-PT"): 100, ("vote", "pt-AO"): 50, ("law", "pt-AO"): 10}
    texts[("vote", "pt-BR")] = 50  # pt-AO is the commoner label: 60 records to 50
    rows = [{"text": t, "label": y} for (t, y), n in texts.items() for _ in range(n)]
    shown = []
    for name, order in [("ab.jsonl", rows), ("ba.jsonl", rows[::-1])]:
        found = cues(open_data(write_jsonl(tmp_path / name, order), engine), "label")
        shown.append([(c.label, c.hits, c.support) for c in found.cues if c.value == "vote"])
    assert shown == [[("pt-AO", 50, 100)]] * 2


def test_the_progress_of_cues_never_goes_back_between_its_scans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cues reads the file three times (each column's shape, its values, the text's words):
    the Data screen's bar showed 60%, then 1% again, twice over a big file."""
    monkeypatch.setattr(engine_module, "PROGRESS_EVERY", 0.001)
    path = tmp_path / "big.jsonl"
    with Engine() as writer:  # a file each scan takes a while to read
        writer.rows(
            "COPY (SELECT i AS id, 'w' || (i % 5000) || ' x' || (i % 7) AS text, "
            "CASE WHEN i % 3 = 0 THEN 'a' ELSE 'b' END AS label FROM range(600000) t(i)) "
            f"TO '{path}' (FORMAT json)"
        )
    seen: list[float] = []
    with Engine(seen.append) as engine:
        cues(open_data(path, engine), "label")
    assert seen == sorted(seen), "the bar went back"
    thirds = {min(int(share * 3), 2) for share in seen}
    assert thirds == {0, 1, 2} and all(0 <= share <= 1 for share in seen)


def test_the_progress_of_overlap_does_not_say_done_while_it_reads_train(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB says 100% of the scan of train (it keeps the records `IN (SELECT ...)` of
    valid) from its start: the bar sat full through the long read. It reads valid in the
    first half, then says only that it reads (None), then goes on from the half."""
    monkeypatch.setattr(engine_module, "PROGRESS_EVERY", 0.001)
    train, valid = tmp_path / "train.jsonl", tmp_path / "valid.jsonl"
    with Engine() as writer:  # a train file that takes a while to read
        for path, rows in ((train, 400000), (valid, 1000)):
            writer.rows(
                f"COPY (SELECT i AS id, 'w' || (i % 5000) || ' x' || i AS text "
                f"FROM range({rows}) t(i)) TO '{path}' (FORMAT json)"
            )
    seen: list[float | None] = []
    with Engine(seen.append) as engine:
        found = overlap(open_data(train, engine), open_data(valid, engine), key="text")
    assert found.exact == 1000
    assert None in seen, "the read of train was not told"
    first, last = seen.index(None), len(seen) - seen[::-1].index(None)
    assert all(share is not None and share <= 0.5 for share in seen[:first])
    assert all(share is None for share in seen[first:last])
    assert all(share is not None and 0.5 <= share <= 1 for share in seen[last:])
