"""`credo data` through the real console script: output, JSON, errors, evidence."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import duckdb
import pytest

from credo.store import Store
from terminal import on_terminal

Credo = Callable[..., CompletedProcess[str]]


def ok(result: CompletedProcess[str]) -> CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def found(result: CompletedProcess[str]) -> CompletedProcess[str]:
    """A check that found something (exit 1), said on stdout, not as an error."""
    assert result.returncode == 1 and not result.stderr, result.stderr
    return result


def failed(result: CompletedProcess[str]) -> str:
    """The one line a failure prints (never a traceback): exit 2, as a usage error's."""
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    return line


def write(path: Path, rows: list[dict[str, object]], broken: int | None = None) -> Path:
    lines = [json.dumps(r) for r in rows]
    if broken:
        lines.insert(broken - 1, '{"text": "cut off')
    path.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return path


def corpus(n: int, city_every: int = 0) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i in range(n):
        label = "pt-PT" if i % 2 else "pt-BR"
        city = " Lisboa" if city_every and label == "pt-PT" and i % city_every == 1 else ""
        domain = "legal" if i % 10 == 1 else ("web" if i % 3 else "news")
        rows.append(
            {
                "id": i,
                "text": f"texto {i % 17} palavra {i % 5}{city}",
                "label": label,
                "domain": domain,
            }
        )
    return rows


def two_data_paths(repo: Path) -> None:
    """Set the settings' `data_paths` (written by `credo init`) to data/ and "raw text"."""
    config = repo / ".credo" / "config.toml"
    text = config.read_text()
    at = text.index("data_paths = [")
    end = text.index("]", at) + 1
    config.write_text(text[:at] + 'data_paths = ["data/", "raw text"]' + text[end:])


@pytest.fixture
def project(repo: Path, credo: Credo) -> Path:
    ok(credo(repo, "init"))
    write(repo / "data" / "train.jsonl", corpus(400, city_every=4))
    return repo


def test_every_command_prints_in_80_columns_and_as_json(project: Path, credo: Credo) -> None:
    valid = write(project / "data" / "valid.jsonl.gz", corpus(40)[::3], broken=2)
    commands = [
        (["look", "data/train.jsonl", "--by", "domain", "-n", "2"], ok),
        (["balance", "data/train.jsonl", "--label", "label", "--by", "domain"], found),
        (["overlap", "data/train.jsonl", "data/valid.jsonl.gz", "--key", "text"], found),
        (["cues", "data/train.jsonl", "--label", "label"], found),
        (["diff", "data/train.jsonl", "data/valid.jsonl.gz", "--key", "id", "--by", "domain"], ok),
    ]
    for command, exits in commands:
        shown = exits(credo(project, "data", *command, env={"COLUMNS": "80"})).stdout
        assert max(len(line) for line in shown.splitlines()) <= 80, command
        data = json.loads(exits(credo(project, "data", *command, "--json")).stdout)
        assert data["command"] == command[0]
    overlap = json.loads(found(credo(project, "data", *commands[2][0], "--json")).stdout)
    assert overlap["valid_bad_rows"] == {
        "count": 1,
        "examples": [{"line": 2, "reason": "not valid JSON"}],
    }
    assert overlap["exact"] == 14 and valid.exists()
    cues = json.loads(found(credo(project, "data", *commands[3][0], "--json")).stdout)
    assert (cues["cues"][0]["feature"], cues["cues"][0]["value"]) == ("token", "Lisboa")
    ignored = found(credo(project, "data", *commands[3][0], "--ignore", "domain", "--json"))
    assert json.loads(ignored.stdout)["ignored_columns"] == ["domain"]
    line = failed(credo(project, "data", *commands[3][0], "--ignore", "source"))
    assert line.endswith("has no column 'source'; its columns: id, text, label, domain")


def test_balance_words_and_json_name_each_row(project: Path, credo: Credo) -> None:
    """Without --by the passing verdict spoke of groups there were none of, two groups were
    'all 2 groups', and in JSON the whole file and the records with no split looked alike."""
    rows = [dict(r, split="train" if i % 3 else "valid") for i, r in enumerate(corpus(60))]
    write(project / "data" / "t.jsonl", rows)
    write(project / "data" / "s.jsonl", rows + corpus(10))  # 10 records with no split
    whole = ok(credo(project, "data", "balance", "data/t.jsonl", "--label", "label")).stdout
    assert "✔ label balanced" in whole and "no group" not in whole
    two = ["data", "balance", "data/t.jsonl", "--label", "label", "--by", "split", "--json"]
    assert json.loads(ok(credo(project, *two)).stdout)["summary"].endswith("in both groups")
    args = ["data", "balance", "data/s.jsonl", "--label", "label", "--split", "split"]
    assert "✔ no group is dominated by one label" in ok(credo(project, *args)).stdout
    found = json.loads(ok(credo(project, *args, "--json")).stdout)
    assert found["summary"] == "data/s.jsonl: label balanced in all 3 groups"
    assert [(g["name"], g["all"], g["per_split"], g["split"]) for g in found["groups"]] == [
        ("all", True, False, None),
        ("all · train", True, True, "train"),
        ("all · valid", True, True, "valid"),
        ("all · (missing)", True, True, None),
    ]


def test_exit_codes_tell_nothing_found_a_finding_and_an_error_apart(
    project: Path, credo: Credo
) -> None:
    """Every `credo data` command exited 0 whatever it found (a label only in one domain,
    leaks, a Clever Hans cue) and 1 when it could not read the file: a script could not
    tell a balanced file from an imbalanced one. Now 0: nothing found; 1: found something
    (what --record keeps as holding the item open); 2: could not say (as a usage error)."""
    balance = ["data", "balance", "--label", "label", "--by", "domain"]
    even = [dict(r, label="pt-PT" if i % 2 else "pt-BR") for i, r in enumerate(corpus(40))]
    write(project / "data" / "even.jsonl", [dict(r, domain="web") for r in even])
    for extra in ([], ["--json"]):
        ok(credo(project, *balance, "data/even.jsonl", *extra))
        assert "legal" in found(credo(project, *balance, "data/train.jsonl", *extra)).stdout
        failed(credo(project, *balance, "data/nope.jsonl", *extra))
    (project / "data" / "broken.parquet").write_bytes(b"PAR1 not parquet")
    assert "broken.parquet" in failed(credo(project, *balance, "data/broken.parquet"))
    assert credo(project, "data", "balance", "data/train.jsonl").returncode == 2  # no --label
    recorded = credo(project, *balance, "data/train.jsonl", "--record", "data/label-balance")
    assert "it holds the item open" in found(recorded).stdout
    write(project / "data" / "valid.jsonl", corpus(400)[:20])
    write(
        project / "data" / "other.jsonl", [dict(r, text=f"outro {i}") for i, r in enumerate(even)]
    )
    for command, code in [
        (["look", "data/train.jsonl"], 0),
        (["overlap", "data/valid.jsonl", "data/other.jsonl"], 0),
        (["overlap", "data/train.jsonl", "data/valid.jsonl"], 1),  # 20 leaks
        (["cues", "data/train.jsonl", "--label", "label"], 1),  # Lisboa
        (["diff", "data/train.jsonl", "data/valid.jsonl", "--key", "id"], 0),
    ]:
        assert credo(project, "data", *command).returncode == code, command
        unread = [command[0], "data/nope.jsonl", *command[2:]]
        assert credo(project, "data", *unread).returncode == 2, command


def test_cues_record_keeps_the_ignored_columns(project: Path, credo: Credo) -> None:
    args = ["data", "cues", "data/train.jsonl", "--label", "label", "--ignore", "domain"]
    found(credo(project, *args, "--record", "data/clever-hans"))
    [saved] = (project / ".credo" / "evidence").glob("*.toml")
    assert tomllib.loads(saved.read_text())["command"] == [
        "credo",
        *args,
        "--record",
        "data/clever-hans",
    ]


def test_bad_input_is_one_clear_line(project: Path, credo: Credo) -> None:
    line = failed(credo(project, "data", "balance", "data/train.jsonl", "--label", "variety"))
    assert line == (
        "error: data/train.jsonl has no column 'variety'; its columns: id, text, label, domain"
    )
    line = failed(credo(project, "data", "look", "data/nope.jsonl"))
    assert line == "error: data/nope.jsonl: no such file or folder"
    (project / "data" / "x.parquet").write_bytes(b"")
    shown = found(credo(project, "data", "balance", "data/x.parquet", "--label", "y")).stdout
    assert "0 records" in shown and "no records: the file is empty" in shown
    # rows ending in both \r\n and \n: DuckDB only says its parser "reached an invalid state"
    (project / "data" / "mixed.csv").write_bytes(b"text,label\nhello,a\r\nworld,b\n")
    line = failed(credo(project, "data", "balance", "data/mixed.csv", "--label", "label"))
    assert line.startswith(
        "error: data/mixed.csv line 2 ends in \\r\\n (Windows) where the lines before it end in"
    )
    assert "tr -d '\\r' < data/mixed.csv > data/mixed-unix.csv" in line
    assert failed(credo(project, "data", "look", "data/mixed.csv")) == line


def test_a_typed_path_with_a_line_break_is_shown_on_one_line(project: Path, credo: Credo) -> None:
    """A path typed with a line break in it (`$'a\\nb.jsonl'`) was printed as it is: the
    error and overlap's counts and matches broke in two, the rest of the name a line of
    its own. It is shown as the data commands show a file's name, `\\x0a` for the break."""
    line = failed(credo(project, "data", "look", "data/no\nsuch.jsonl"))
    assert line == "error: data/no\\x0asuch.jsonl: no such file or folder"
    write(project / "data" / "a\nb.jsonl", corpus(400)[:20])
    shown = found(credo(project, "data", "overlap", "data/train.jsonl", "data/a\nb.jsonl")).stdout
    assert "20 records in data/a\\x0ab.jsonl, 400 in data/train.jsonl" in shown
    assert not any(line.startswith("b.jsonl") for line in shown.splitlines()), shown


def test_each_commands_help_names_an_item_it_can_record(store: Store) -> None:
    """Every data command's --help gave `--record data/label-balance` as its example, which
    only balance may answer: `overlap --record data/label-balance` is refused."""
    import click

    from credo.actions.evidence import check_target
    from credo.cli.data import data

    for kind, command in data.commands.items():
        [record] = [p for p in command.params if p.name == "record"]
        assert isinstance(record, click.Option) and record.help is not None
        item = record.help.rpartition("(e.g. ")[2].rstrip(").")
        asked = ["credo", "data", kind, "-n", "20"]  # as many records as raw-samples asks
        assert check_target(store, item, asked) == tuple(item.split("/")), kind


def test_paths_are_read_from_the_C_folder(project: Path, credo: Credo) -> None:
    shown = ok(credo(project.parent, "-C", project.name, "data", "look", "data/train.jsonl"))
    assert "look · data/train.jsonl" in shown.stdout


def test_record_keeps_evidence_that_goes_stale_when_the_file_changes(
    project: Path, credo: Credo
) -> None:
    args = ["data", "balance", "data/train.jsonl", "--label", "label"]
    shown = ok(credo(project, *args, "--record", "data/label-balance")).stdout
    assert "kept as the evidence of data/label-balance" in shown
    [saved] = (project / ".credo" / "evidence").glob("*.toml")
    assert tomllib.loads(saved.read_text())["command"] == [
        "credo",
        *args,
        "--record",
        "data/label-balance",
    ]
    status = json.loads(credo(project, "check", "data", "--status", "--json").stdout)
    assert "label-balance" not in {i["item"] for i in status["open"]}
    write(project / "data" / "train.jsonl", corpus(401))
    status = json.loads(credo(project, "check", "data", "--status", "--json").stdout)
    [stale] = [i for i in status["open"] if i["item"] == "label-balance"]
    assert stale["reason"].startswith(
        "evidence is stale: data/train.jsonl changed since it was read"
    )


def test_a_data_check_its_record_failed_is_not_ticked_by_hand(project: Path, credo: Credo) -> None:
    """`credo data overlap ... --record data/no-leakage` found train and valid sharing
    texts, and `credo check data --tick no-leakage` still ticked it: the tick hid what the
    check found (a run's failure was refused so, a recorded check's was not). Refused
    alike, naming the command that answers it, in the walk too; n.a. still goes."""
    write(project / "data" / "valid.jsonl", corpus(40))
    args = ["overlap", "data/train.jsonl", "data/valid.jsonl", "--key", "text"]
    credo(project, "data", *args, "--record", "data/no-leakage")
    [record] = Store.open(project).evidence()
    assert record.passed is False
    reviews = project / ".credo" / "reviews"
    refused = credo(project, "check", "data", "--tick", "no-leakage")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "data/no-leakage failed its recorded check (" in refused.stderr
    again = "credo data " + " ".join(args) + " --record data/no-leakage"
    assert f"fix the data and record it again ({again})" in refused.stderr
    assert "--na no-leakage=REASON" in refused.stderr
    assert not reviews.exists() or not list(reviews.glob("*.toml"))  # nothing written
    walked = ok(credo(project, "check", "data", "--all", stdin="s\ns\nc\n"))  # 3rd: no c
    assert f"its data check failed it: no tick by hand; {again} answers it" in walked.stdout
    assert not reviews.exists() or not list(reviews.glob("*.toml"))
    ok(credo(project, "check", "data", "--na", "no-leakage=one corpus, no split"))
    assert len(list(reviews.glob("*.toml"))) == 1


def test_evidence_recorded_in_a_subfolder_names_files_from_the_root(
    project: Path, credo: Credo
) -> None:
    """From data/, `--record` kept `credo data balance train.jsonl` and 'train.jsonl:
    label ...' in the shared evidence: a command and a name that mean nothing from the
    project's root, where teammates and the report read them."""
    args = ["balance", "train.jsonl", "--label", "label", "--record", "data/label-balance"]
    shown = ok(credo(project / "data", "data", *args)).stdout
    assert shown.startswith("balance · data/train.jsonl")
    [saved] = (project / ".credo" / "evidence").glob("*.toml")
    kept = tomllib.loads(saved.read_text())
    assert kept["command"][3] == "data/train.jsonl" and kept["summary"].startswith("data/train")
    plain = ok(credo(project / "data", "data", *args[:4])).stdout  # no record: as typed
    assert plain.startswith("balance · train.jsonl")


def test_record_of_an_empty_file_does_not_answer_the_item(project: Path, credo: Credo) -> None:
    """balance, cues and overlap passed on an empty file, so --record kept evidence that
    answered the item: an empty dataset proves nothing."""
    (project / "data" / "empty.jsonl").write_text("")
    checks = [
        ("label-balance", ["balance", "data/empty.jsonl", "--label", "label"]),
        ("clever-hans", ["cues", "data/empty.jsonl", "--label", "label"]),
        ("no-leakage", ["overlap", "data/train.jsonl", "data/empty.jsonl"]),
        ("raw-samples", ["look", "data/empty.jsonl", "-n", "20"]),
        ("filter-output-read", ["diff", "data/empty.jsonl", "data/train.jsonl"]),
    ]
    for item, args in checks:
        shown = found(credo(project, "data", *args, "--record", f"data/{item}")).stdout
        assert "? data/empty.jsonl: no records: the file is empty" in shown
        assert "it holds the item open" in shown
    kept = {e.item: e for e in Store.open(project).evidence()}
    assert {item: kept[item].passed for item, _ in checks} == dict.fromkeys(kept, False)
    assert {e.summary for e in kept.values()} == {"data/empty.jsonl: no records: the file is empty"}
    status = json.loads(credo(project, "check", "data", "--status", "--json").stdout)
    still_open = {i["item"] for i in status["open"]}
    assert {item for item, _ in checks} <= still_open


def test_record_checks_the_item_before_reading(project: Path, credo: Credo) -> None:
    line = failed(credo(project, "data", "look", "data/train.jsonl", "--record", "data/look-at-it"))
    assert line.startswith("error: data has no item 'look-at-it'; its items: raw-samples,")
    outside = project.parent / "elsewhere"
    outside.mkdir()
    write(outside / "d.jsonl", corpus(5))
    line = failed(credo(outside, "data", "look", "d.jsonl", "--record", "data/raw-samples"))
    assert "run `credo init`" in line
    assert ok(credo(outside, "data", "look", "d.jsonl")).stdout  # no project needed without it


def test_a_look_of_fewer_records_than_the_item_asks_is_not_kept(
    project: Path, credo: Credo
) -> None:
    """data/raw-samples asks for 20 records per domain (its command says -n 20): a look at 2
    was kept as its evidence and ticked it."""
    look = ["data", "look", "data/train.jsonl", "--by", "domain"]
    for few in (["-n", "2"], []):  # without -n: 5
        line = failed(credo(project, *look, *few, "--record", "data/raw-samples"))
        assert line.startswith("error: data/raw-samples asks for 20 records per group (its ")
        assert line.endswith(
            f"this look draws {few[1] if few else 5}: run it with -n 20 to keep it"
        )
    assert Store.open(project).evidence() == []
    ok(credo(project, *look, "-n", "2", "--record", "data/provenance"))  # it asks no number
    ok(credo(project, *look, "-n", "20", "--record", "data/raw-samples"))
    [kept] = [e for e in Store.open(project).evidence() if e.item == "raw-samples"]
    assert kept.passed and "-n 20" in " ".join(kept.command)


@pytest.mark.parametrize(
    ("target", "answer"),
    [
        ("data/label-balance", "`credo data balance DATA --label LABEL"),
        ("training-recipe/loss-at-init", "each run answers it"),
        ("training-recipe/valid-not-augmented", "a person answers it (credo check)"),
    ],
)
def test_record_refuses_an_item_the_command_cannot_answer(
    project: Path, credo: Credo, target: str, answer: str
) -> None:
    """A `look` is no proof of label balance, nor of the loss at initialisation."""
    line = failed(credo(project, "data", "look", "data/train.jsonl", "--record", target))
    assert line.startswith(f"error: a `credo data look` result cannot answer {target}: ")
    assert answer in line
    assert Store.open(project).evidence() == []
    ok(credo(project, "data", "look", "data/train.jsonl", "--record", "data/provenance"))


def test_a_refused_record_names_the_projects_data_path_in_the_command(
    repo: Path, credo: Credo
) -> None:
    """With `data_paths = ["data/"]` in the settings, a refused --record still said
    `credo data balance DATA --label LABEL` answers it: it names the data path, as typed
    from where credo runs, as the review's walk does; with several, the ones DATA may be."""
    write(repo / "data" / "train.jsonl", corpus(40))
    ok(credo(repo, "init"))  # finds data/: data_paths = ["data/"]
    look = ["data", "look", "data/train.jsonl", "--record", "data/label-balance"]
    line = failed(credo(repo, *look))
    assert line.endswith(
        ": `credo data balance data --label LABEL --by DOMAIN --split SPLIT` answers it"
    )
    inside = failed(credo(repo / "data", "data", "look", "train.jsonl", *look[3:]))
    assert "`credo data balance . --label LABEL" in inside
    two_data_paths(repo)
    several = failed(credo(repo, *look))
    assert several.endswith(
        "`credo data balance DATA --label LABEL --by DOMAIN --split SPLIT` answers it; "
        "DATA: data or 'raw text' (data_paths)"
    )
    assert Store.open(repo).evidence() == []


def test_default_review_asks_the_data_items_next_with_their_commands(
    project: Path, credo: Credo
) -> None:
    result = ok(credo(project, "check", stdin="s\nq\n"))  # what the gate asks comes first
    assert result.stdout.index("what the gate asks") < result.stdout.index("Be obsessed with")
    assert result.stdout.index("Be obsessed with your data") < result.stdout.rindex("Nothing")
    assert "answer with: credo data look DATA --by DOMAIN" in result.stdout
    assert "Start simple" not in result.stdout  # the ladder comes after the data


def test_the_review_names_the_projects_data_paths_in_the_commands(repo: Path, credo: Credo) -> None:
    """With `data_paths = ["data/"]` in the settings, the walk still said `credo data look
    DATA --by DOMAIN`, leaving the reader to find what DATA is: it names the data path, as
    typed from where credo runs, and with several, the ones DATA may be."""
    write(repo / "data" / "train.jsonl", corpus(40))
    ok(credo(repo, "init"))  # finds data/: data_paths = ["data/"]
    walked = ok(credo(repo, "check", "data", stdin="q\n")).stdout
    assert "answer with: credo data look data --by DOMAIN -n 20 --record data/raw-samples" in walked
    inside = ok(credo(repo / "data", "check", "data", stdin="q\n")).stdout
    assert "answer with: credo data look . --by DOMAIN" in inside
    two_data_paths(repo)
    several = ok(credo(repo, "check", "data", stdin="q\n")).stdout
    assert "answer with: credo data look DATA --by DOMAIN" in several
    assert "DATA: data or 'raw text' (data_paths)" in several


def test_without_duckdb_the_commands_say_how_to_install_it(project: Path) -> None:
    code = (
        "import sys\nsys.modules['duckdb'] = None\nfrom credo.cli import main\n"
        "main(['data', 'balance', 'data/train.jsonl', '--label', 'label'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "error: credo data needs DuckDB: pip install 'credo[data]' (or: pip install duckdb)"
    )


def test_ls_and_the_checklists_never_import_duckdb(project: Path) -> None:
    code = (
        "import sys\nfrom credo.cli import main\n"
        "for args in (['ls'], ['check', 'data', '--status'], ['gate']):\n"
        "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
        "print('duckdb' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().endswith("False")


def test_ctrl_c_stops_a_long_read_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    duckdb.sql(
        "COPY (SELECT i AS id, 'texto ' || (i % 1000) || ' e ' || (i % 37) AS text, "
        "CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS label FROM range(2000000) t(i)) "
        f"TO '{big}' (FORMAT json)"
    )
    # The progress bar shows only while a query runs: ^C lands in the middle of one.
    code, screen = on_terminal(
        tmp_path, ["data", "cues", "big.jsonl", "--label", "label"], [("reading", b"\x03")]
    )
    assert code == 130, screen
    assert "Traceback" not in screen and "Cues:" not in screen


def test_overlap_pulses_its_bar_while_it_reads_train(tmp_path: Path) -> None:
    """DuckDB says 100% of overlap's read of train from its start: the bar stood at 99%
    through it. It pulses instead, with no share shown, until the read is done."""
    for name, rows in (("train.jsonl", 1000000), ("valid.jsonl", 1000)):
        duckdb.sql(
            f"COPY (SELECT i AS id, 'texto ' || (i % 1000) || ' e ' || i AS text "
            f"FROM range({rows}) t(i)) TO '{tmp_path / name}' (FORMAT json)"
        )
    code, screen = on_terminal(
        tmp_path, ["data", "overlap", "train.jsonl", "valid.jsonl", "--key", "text"], []
    )
    assert code == 1 and "1,000 exact" in screen.replace("\n", " "), screen  # leaks found
    frames = [frame.splitlines()[0].strip() for frame in screen.split("reading ")[1:]]
    assert any(frame.endswith("━") for frame in frames), frames  # no share: a pulse
    assert not any(frame.endswith(("99%", "100%")) for frame in frames), frames


def test_overlap_of_two_folders_of_shards_names_the_files(project: Path, credo: Credo) -> None:
    """A train folder and a test folder of shards were refused as 'a folder without
    sub-folders': the leak between splits could not be checked where the data lives."""
    rows = corpus(200)
    for i in range(4):
        write(project / "data" / "train" / f"part-{i:05d}.jsonl.gz", rows[50 * i : 50 * i + 50])
    (project / "data" / "train" / "_SUCCESS").write_text("")
    test = rows[120:121] + corpus(300)[250:]
    write(project / "data" / "test" / "part-00000.jsonl", test)
    args = ["data", "overlap", "data/train/", "data/test/"]
    shown = found(credo(project, *args, env={"COLUMNS": "100"})).stdout
    assert "data/test/part-00000.jsonl line 1  =  data/train/part-00002.jsonl.gz line 21" in shown
    leaks = json.loads(found(credo(project, *args, "--json", "--record", "data/no-leakage")).stdout)
    assert (leaks["exact"], leaks["train_records"], leaks["valid_records"]) == (1, 200, 51)
    assert leaks["examples"][0]["train_file"] == "data/train/part-00002.jsonl.gz"
    assert leaks["evidence"]["item"] == "no-leakage"


def test_record_while_an_experiment_is_paused_is_that_experiments(
    project: Path, credo: Credo
) -> None:
    """The checklists are answered for the experiment the header shows, the paused one
    when none runs (`credo check`, the view), but `credo data --record` kept its evidence
    for no experiment then: the report's data checks named none, and the gate of the
    experiment's next runs did not count it as answered in it."""
    ok(credo(project, "run", "--hypothesis", "h", "--", sys.executable, "-c", "pass"))
    ok(credo(project, "exp", "pause"))
    [exp] = Store.open(project).experiments()
    look = ["data", "look", "data/train.jsonl", "-n", "2", "--record", "data/provenance"]
    ok(credo(project, *look))
    [kept] = Store.open(project).evidence()
    assert kept.experiment == exp.id
    report = json.loads(ok(credo(project, "report", "--format", "json")).stdout)
    assert [check["experiment"] for check in report["data_checks"]] == [exp.id]
