"""credo where researchers' terminals are not modern emulators: a notebook cell, where
Jupyter's `!` hands the command a pseudo-terminal no one types into; Emacs's M-x shell,
which says TERM=dumb; the Linux console, whose fonts lack most marks. Each on a real
pseudo-terminal, as there."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.console_glyphs import FALLBACK, SHOWN
from credo.domain.models import RunStatus
from credo.store import Store
from terminal import on_terminal

PY = sys.executable
Credo = Callable[..., subprocess.CompletedProcess[str]]
QUICK = 20
"""Seconds before a credo still waiting is killed: what it waits for never comes."""


@pytest.fixture
def notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment of a command a Jupyter kernel starts (jupyter_client marks it)."""
    monkeypatch.setenv("JPY_PARENT_PID", str(os.getpid()))
    monkeypatch.setenv("TERM", "xterm-color")  # as ipykernel sets it


@pytest.mark.usefixtures("notebook")
def test_a_notebook_cells_run_asks_nothing_and_is_recorded(store: Store, repo: Path) -> None:
    """`!credo run python train.py` in a cell, no experiment running: credo took Jupyter's
    pseudo-terminal for a person's, asked for a hypothesis, and the cell hung for ever."""
    command = ["run", "--", PY, "-c", "print('epoch 1 done')"]
    code, screen = on_terminal(repo, command, [], timeout=QUICK)
    assert code == 0, screen
    assert "Hypothesis" not in screen and "epoch 1 done" in screen
    assert "recording an ad-hoc run" in screen
    [run] = store.runs()
    assert run.experiment is None and run.status == RunStatus.SUCCEEDED
    assert store.experiments() == []


@pytest.mark.usefixtures("notebook")
@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([], "error: the interface needs a terminal, and a notebook cell takes no keys"),
        (["check"], "error: a notebook cell cannot answer the review's questions"),
        (["check", "training-recipe"], "--tick ID, --na ID=REASON or --not-yet ID"),
    ],
    ids=["board", "check", "check-pack"],
)
def test_in_a_notebook_cell_what_needs_keys_says_so(
    store: Store, repo: Path, args: list[str], said: str
) -> None:
    """`!credo` drew the board into the cell and waited for keys; `!credo check` asked
    its first question and waited: the cell never ended, nothing said why."""
    code, screen = on_terminal(repo, args, [], timeout=QUICK)
    assert code == (2 if args[:1] == ["check"] else 1), screen  # check: no answer
    assert said in " ".join(screen.split())  # the words, wherever the line was wrapped
    assert store.reviews() == []


def test_the_board_on_a_dumb_terminal_says_what_to_use(
    store: Store, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In Emacs's M-x shell (TERM=dumb) `credo` drew the board's cursor moves and colours
    as a screenful of garbage, and waited for keys the shell's buffer does not send."""
    monkeypatch.setenv("TERM", "dumb")
    code, screen = on_terminal(repo, [], [], timeout=QUICK)
    assert code == 1, screen
    said = " ".join(screen.split())
    assert "TERM=dumb says this one cannot" in said and "M-x vterm" in said
    assert "`credo ls` prints the board" in said


def test_every_mark_the_linux_console_lacks_has_one_it_draws_as_wide() -> None:
    from rich.cells import cell_len

    for mark, shown in FALLBACK.items():
        assert mark not in SHOWN and set(shown) <= SHOWN, mark
        assert cell_len(mark) == cell_len(shown), mark  # the layout stays as drawn


def linux_console_draws(screen: str) -> set[str]:
    """What on `screen` the Linux console's fonts cannot draw (shown as a blank box)."""
    return set(screen) - SHOWN - {"\n"}


def test_the_board_on_the_linux_console_draws_only_what_its_fonts_hold(
    store: Store, repo: Path, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the Linux console (TERM=linux) the running experiment's ⏱, the footer's ▏ edges
    and credo's other marks (★ ✓ ↻ ✦) were each the same blank box: its fonts hold about
    500 glyphs. Marks stay in what credo stores; only the terminal sees the swap."""
    credo(repo, "add", "Check the split ! #data")
    credo(repo, "exp", "start", "a warmup steadies the loss", "--timebox", "30m")
    monkeypatch.setenv("TERM", "linux")
    drawn = [("Check the split", b""), ("a warmup steadies the loss", b"q")]  # list, top line
    code, screen = on_terminal(repo, [], drawn, timeout=QUICK + 20)
    assert code == 0, screen
    assert "Check the split" in screen
    assert linux_console_draws(screen) == set(), screen
    assert "⊙" in screen  # the countdown's mark
    [task] = store.tasks()
    assert task.title == "Check the split"


def test_the_palette_and_checklists_on_the_linux_console_draw_only_what_its_fonts_hold(
    store: Store, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the Linux console the command palette's search icon (🔎), the checklists view's
    panes' edge (Textual's `vkey` border, ▕) and its footer's enter key (⏎ Note) were
    blank boxes."""
    monkeypatch.setenv("TERM", "linux")
    opened = [("Eliminate", b"C"), ("Past reviews", b"\x10"), ("Search for commands", b"\x11")]
    code, screen = on_terminal(repo, [], opened, timeout=QUICK + 20)
    assert code == 0 and "Past reviews" in screen, screen
    assert linux_console_draws(screen) == set(), screen


def attributes(screen: str) -> set[int]:
    """The attributes (1 bold, 3 italic...) the text on `screen` was drawn with."""
    found = set()
    for codes in re.findall(r"\x1b\[([0-9;]*)m", screen):
        numbers = [int(code) for code in codes.split(";") if code]
        while numbers:
            number = numbers.pop(0)
            if number in (38, 48):  # a colour of 256 or of RGB: the numbers after it
                del numbers[: 2 if numbers[:1] == [5] else 4]
            elif 1 <= number <= 9:
                found.add(number)
    return found


@pytest.mark.usefixtures("store")
@pytest.mark.parametrize(("term", "drawn"), [("linux", set()), ("xterm", {1, 3})])
def test_the_board_on_the_linux_console_draws_no_bold_or_italic(
    repo: Path, credo: Credo, monkeypatch: pytest.MonkeyPatch, term: str, drawn: set[int]
) -> None:
    """On the Linux console bold flips a colour's brightness: the board's bright red Do
    title and overdue dates came out dark red on black (2.7:1), the countdown's bright
    yellow brown, the selected row's black grey on grey (3.2:1); and italic turned the
    assignees green. Other terminals still draw both."""
    credo(repo, "add", "Check the split ! due:today @Ana")  # a bold title, an italic name
    monkeypatch.setenv("TERM", term)
    code, screen = on_terminal(repo, [], [("@Ana", b"q")], timeout=QUICK + 20, codes=True)
    assert code == 0, screen
    assert attributes(screen) & {1, 3} == drawn, attributes(screen)


def test_a_checklist_on_the_linux_console_shows_its_marks(
    store: Store, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`credo check --status` marked each item ✓ or ○, both a blank box on the console."""
    monkeypatch.setenv("TERM", "linux")
    code, screen = on_terminal(repo, ["check", "--status"], [], timeout=QUICK)
    assert code == 1, screen  # nothing reviewed yet: the gate's packs are not covered
    assert "☐" in screen and linux_console_draws(screen) == set(), screen


@pytest.mark.usefixtures("store")
def test_json_on_the_linux_console_holds_the_datas_own_marks(
    repo: Path, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--json` on the Linux console had its marks swapped as the tables' are (a title's ★
    read back as *): JSON is the data's, wherever it goes. The table still swaps them."""
    credo(repo, "add", "Check the ★ split ✓")
    credo(repo, "exp", "start", "warmup ↻ steadies ⏱ the loss", "--timebox", "30m")
    monkeypatch.setenv("TERM", "linux")
    code, screen = on_terminal(repo, ["ls", "--json"], [], timeout=QUICK)
    assert code == 0, screen
    assert [task["title"] for task in json.loads(screen)] == ["Check the ★ split ✓"]
    code, screen = on_terminal(repo, ["exp", "ls", "--json"], [], timeout=QUICK)
    assert code == 0, screen
    assert [e["hypothesis"] for e in json.loads(screen)] == ["warmup ↻ steadies ⏱ the loss"]
    code, screen = on_terminal(repo, ["ls"], [], timeout=QUICK)
    assert code == 0 and "Check the * split ☑" in screen, screen


def test_a_records_marks_on_the_linux_console_are_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`credo data look` on the Linux console showed a record's ★ ✓ ↻ as * ☑ ∞: JSON the
    file does not hold, read as the data. A record is the file's, as --json is; the
    words around it still swap their marks (balance's ⚠)."""
    record = '{"text": "the ★ split ✓ ↻", "label": "pos"}'
    (tmp_path / "train.jsonl").write_text(record + "\n", encoding="utf-8")
    monkeypatch.setenv("TERM", "linux")
    code, screen = on_terminal(tmp_path, ["data", "look", "train.jsonl"], [], timeout=QUICK)
    assert code == 0, screen
    assert record in screen.splitlines(), screen
    balance = ["data", "balance", "train.jsonl", "--label", "label"]
    code, screen = on_terminal(tmp_path, balance, [], timeout=QUICK)
    assert code == 1 and "not balanced: only pos" in screen, screen
    assert linux_console_draws(screen) == set(), screen  # its ⚠ as !


UTF8 = {"LC_ALL": "C.UTF-8"}
NOT_UTF8 = {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
"""A C locale Python takes as it says (left alone, it writes UTF-8 there: PEP 540)."""


def a_labelled_csv(folder: Path) -> None:
    (folder / "train.csv").write_text("text,label,source\na,pos,web\nb,neg,web\nc,pos,news\n")


@pytest.mark.parametrize(("locale", "line"), [(UTF8, "─"), (NOT_UTF8, "-")], ids=["utf-8", "C"])
def test_tables_on_the_linux_console_are_drawn_in_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: dict[str, str], line: str
) -> None:
    """On the Linux console in a UTF-8 locale, `credo data balance` drew its table as an
    ASCII grid (`|`, `-----+-----` under every group) and `look` its groups' rules as
    `-----`: Rich took the console's codec for one that cannot write ─, which every
    console font draws (the kernel's own, of code page 437, too). Not UTF-8: ASCII."""
    a_labelled_csv(tmp_path)
    monkeypatch.setenv("TERM", "linux")
    for name, value in locale.items():
        monkeypatch.setenv(name, value)
    balance = ["data", "balance", "train.csv", "--label", "label", "--by", "source"]
    code, screen = on_terminal(tmp_path, balance, [], timeout=QUICK)
    assert code == 1, screen  # not balanced: a finding
    rows = screen.splitlines()
    under_head = rows[next(i for i, row in enumerate(rows) if row.startswith("source")) + 1]
    assert set(under_head) - {" ", "+"} == {line}, screen
    assert ("|" in screen) == (line == "-"), screen  # ASCII's columns, no other
    code, screen = on_terminal(tmp_path, ["data", "look", "train.csv"], [], timeout=QUICK)
    assert code == 0, screen
    assert [row for row in screen.splitlines() if row.endswith(line * 20)], screen
    assert linux_console_draws(screen) == set(), screen


STARS = ["★★★★,✓,web", "★★★★,✓,web", "★★★★,↻,web", "★,✓,news", "★★,✓,news"]


def rated(folder: Path, name: str) -> None:
    """Reviews rated in stars, by source: ★★★★ only on the web."""
    (folder / name).write_text("stars,checked,source\n" + "\n".join(STARS) + "\n")


def test_names_and_labels_on_the_linux_console_are_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the Linux console, `credo data` showed a file `données ★.csv` as `données *.csv`
    and its labels ★★★★ and ✓ as **** and ☑, in its title, table, group rules and
    verdict: names and values the file does not hold (only records were shown as held).
    They are the data's now, as records are; credo's own marks around them (⚠ ✔, the bars'
    eighths) are still drawn as the console can."""
    name = "données ★.csv"
    rated(tmp_path, name)
    monkeypatch.setenv("TERM", "linux")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    balance = ["data", "balance", name, "--label", "stars", "--by", "source"]
    code, screen = on_terminal(tmp_path, balance, [], timeout=QUICK)
    assert code == 1, screen  # not balanced: a finding
    assert f"balance · {name} · 5 records" in screen, screen
    rows = screen.splitlines()
    assert [row.split()[:2] for row in rows if row.startswith("web")] == [["web", "★★★★"]]
    assert "! only ★★★★" in screen  # the group's flag: its ⚠ as the console draws it
    assert linux_console_draws(screen) == set("★"), screen  # no bar's eighths, no ⚠
    look = ["data", "look", name, "--by", "stars", "-n", "1"]
    code, screen = on_terminal(tmp_path, look, [], timeout=QUICK)
    assert code == 0, screen
    assert f"look · {name} · by stars" in screen, screen
    assert [row for row in screen.splitlines() if row.startswith("stars=★★★★  1 of 3 ─")]
    assert "★★★★,✓,web" in screen or "★★★★,↻,web" in screen, screen


def test_labels_on_the_linux_console_where_the_locale_is_not_utf8_are_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rated(tmp_path, "reviews.csv")
    monkeypatch.setenv("TERM", "linux")
    for variable, setting in NOT_UTF8.items():
        monkeypatch.setenv(variable, setting)
    balance = ["data", "balance", "reviews.csv", "--label", "stars", "--by", "source"]
    code, screen = on_terminal(tmp_path, balance, [], timeout=QUICK)
    assert code == 1, screen  # not balanced: a finding
    assert "only \\u2605\\u2605\\u2605\\u2605" in screen, screen
