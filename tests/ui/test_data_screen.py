"""The Data screen: D from the board, files with records and fingerprints, checks on keys,
evidence kept with r, snapshots."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import DataTable, Input, Static

from credo.data import engine as engine_module
from credo.data.engine import Cancelled, Engine
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.data import HINTS, DataScreen
from credo.ui.screens.help import HelpScreen
from pilots import said, screen_text, settle, until


def corpus(n: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i in range(n):
        domain = ("legal", "news", "web")[i % 3]
        label = "pt-PT" if domain == "legal" or i % 2 else "pt-BR"
        city = " em Lisboa" if label == "pt-PT" and i % 5 == 0 else ""
        rows.append(
            {"id": i, "text": f"texto {i} e {i % 11}{city}", "label": label, "domain": domain}
        )
    return rows


def write(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


@pytest.fixture
def data_store(tmp_path: Path) -> Store:
    root = tmp_path / "ptvid"
    root.mkdir()
    store, _ = Store.init(root)
    rows = corpus(300)
    write(root / "data" / "train.jsonl", rows)
    write(root / "data" / "valid.jsonl", rows[:4] + corpus(330)[300:])
    config = store.credo_dir / "config.toml"
    config.write_text(config.read_text().replace("data_paths = []", 'data_paths = ["data/"]'))
    return Store(root)


async def open_data(pilot: Any) -> DataScreen:
    await pilot.press("D")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DataScreen)
    return screen


def shown(screen: DataScreen) -> str:
    from credo.data.show import plain

    return plain(screen.query_one("#data-result", Static).content)  # type: ignore[arg-type]


async def test_files_are_listed_with_records_and_fingerprints(data_store: Store) -> None:
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        table = screen.query_one("#data-files", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[0].strip() for r in rows] == ["data/train.jsonl", "data/valid.jsonl"]
        assert [r[2] for r in rows] == ["300", "34"]
        assert all(len(r[3]) == 8 for r in rows)
        assert screen.facts["data/train.jsonl"].columns == ["id", "text", "label", "domain"]


async def test_the_hint_wraps_between_its_items_at_80_columns(data_store: Store) -> None:
    """At 80 columns the hint (markup in a Static) broke inside its items: '…in the selected
    one (leaks) and d' on one line, 'shows what a filter dropped from it' on the next."""
    app = CredoApp(data_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_data(pilot)
        lines = [line.strip() for line in screen_text(app).replace("\xa0", " ").splitlines()]
        first = next(i for i, line in enumerate(lines) if line.startswith("l look at raw"))
        hint = lines[first : lines.index("", first)]
        assert len(hint) > 1  # it does wrap at this width
        assert [item for line in hint for item in line.split(" · ")] == list(HINTS)


async def test_coming_back_lists_the_data_as_it_is_now(data_store: Store) -> None:
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        table = screen.query_one("#data-files", DataTable)
        table.move_cursor(row=1)  # valid.jsonl
        await pilot.press("escape")
        await settle(pilot)
        # meanwhile, a prepare script writes a new split and rewrites one
        write(data_store.project_root / "data" / "test.jsonl", corpus(7))
        write(data_store.project_root / "data" / "valid.jsonl", corpus(12))
        assert await open_data(pilot) is screen
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[0].strip() for r in rows] == [
            "data/test.jsonl",
            "data/train.jsonl",
            "data/valid.jsonl",
        ]
        assert [r[2] for r in rows] == ["7", "300", "12"]
        assert screen.selected() is not None and screen.selected().name == "data/valid.jsonl"


@pytest.mark.parametrize("data_paths", [[], ["corpus/train.csv", "splits/"]])
async def test_with_no_data_files_it_says_where_it_looked_and_how_to_add(
    tmp_path: Path, data_paths: list[str]
) -> None:
    """With no data files the view showed an empty table's header, and l or b said "No
    data file selected", with nothing on where credo looks or how to add a file."""
    root = tmp_path / "bare"
    root.mkdir()
    store, _ = Store.init(root)
    config = store.credo_dir / "config.toml"
    config.write_text(
        config.read_text().replace("data_paths = []", f"data_paths = {json.dumps(data_paths)}")
    )
    store = Store(root)
    looked = ["data/", "datasets/", "corpus/"] if not data_paths else data_paths
    app = CredoApp(store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        await until(pilot, lambda: "No data files" in screen_text(app), "the files listed")
        table = screen.query_one("#data-files", DataTable)
        assert not table.display  # no header of an empty table
        title = " ".join(screen_text(app).replace("│", " ").split())
        for words in [*looked, "data_paths", ".credo/config.toml", ".jsonl"]:
            assert words in title, words
        for key in ("l", "b", "m"):
            await pilot.press(key)
            await settle(pilot)
            notice = said(app)[-1]
            assert all(words in notice for words in [*looked, "data_paths"]), (key, notice)
        await pilot.press("escape")
        await settle(pilot)
        write(root / (data_paths[-1] if data_paths else "data/") / "train.jsonl", corpus(3))
        assert await open_data(pilot) is screen
        await until(pilot, lambda: table.display and table.row_count == 1, "the new file")
        assert "No data files" not in screen_text(app)


async def test_coming_back_reads_no_unchanged_file_again(
    data_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from credo.ui.screens import data as data_module

    read: list[str] = []
    count = data_module._count

    def counting(data: Any) -> tuple[int, int]:
        read.append(data.name)
        return count(data)

    monkeypatch.setattr(data_module, "_count", counting)
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        table = screen.query_one("#data-files", DataTable)
        table.move_cursor(row=1)
        assert sorted(read) == ["data/train.jsonl", "data/valid.jsonl"]
        await pilot.press("question_mark")  # the help over it, then back
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")  # the board, then back
        await settle(pilot)
        await open_data(pilot)
        assert sorted(read) == ["data/train.jsonl", "data/valid.jsonl"]  # counted once
        assert [str(table.get_row_at(i)[2]) for i in range(table.row_count)] == ["300", "34"]
        assert screen.selected() is not None and screen.selected().name == "data/valid.jsonl"


async def test_balance_and_cues_on_keys_then_kept_as_evidence(data_store: Store) -> None:
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        await pilot.press("b")
        await settle(pilot)
        text = shown(screen)
        assert "balance · data/train.jsonl · 300 records · label · by domain" in text
        assert "⚠ only pt-PT" in text
        title = str(screen.query_one("#data-title", Static).content)
        assert "credo data balance data/train.jsonl --label label --by domain" in title
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "has 'Lisboa'" in shown(screen)
    [saved] = [
        tomllib.loads(p.read_text()) for p in (data_store.credo_dir / "evidence").glob("*.toml")
    ]
    assert (saved["pack"], saved["item"], saved["passed"]) == ("data", "label-balance", False)
    assert saved["command"] == [
        "credo", "data", "balance", "data/train.jsonl", "--label", "label",
        "--by", "domain", "--record", "data/label-balance",
    ]  # fmt: skip
    assert list(saved["fingerprints"]) == ["data/train.jsonl"]


@pytest.mark.parametrize("asked", [None, 8], ids=["built-in", "project-pack"])
async def test_a_look_on_keys_is_kept_as_the_raw_samples_evidence(
    data_store: Store, asked: int | None
) -> None:
    """The screen's look drew 5 records per group, the data pack's raw-samples item asks
    for 20 (`-n 20` in its command): r after l was refused ("run it with -n 20 to keep
    it"), and the screen had no way to draw 20. A project's own data pack asking for 8
    gets 8: the number is read from the item's command."""
    if asked is not None:
        from credo.checklists.packs import BUILTIN_DIR

        pack = (BUILTIN_DIR / "data.toml").read_text().replace("-n 20", f"-n {asked}")
        (data_store.credo_dir / "checklists").mkdir(exist_ok=True)
        (data_store.credo_dir / "checklists" / "data.toml").write_text(pack)
    n = asked or 20
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert f"look · data/train.jsonl · by domain · {n} per group" in shown(screen)
        title = str(screen.query_one("#data-title", Static).content)
        assert f"credo data look data/train.jsonl --by domain -n {n}" in title
        await pilot.press("r", "1")  # a look answers raw-samples and provenance
        await settle(pilot)
        assert any("Kept as the evidence of data/raw-samples" in s for s in said(app))
    [saved] = [
        tomllib.loads(p.read_text()) for p in (data_store.credo_dir / "evidence").glob("*.toml")
    ]
    assert (saved["item"], saved["passed"]) == ("raw-samples", True)
    assert saved["command"] == [
        "credo", "data", "look", "data/train.jsonl", "--by", "domain", "-n", str(n),
        "--record", "data/raw-samples",
    ]  # fmt: skip
    from credo.actions.checks import code_state, pack_facts

    facts = pack_facts(data_store, "data", code_state(data_store), None, all_items=True)
    standing = facts.standing("raw-samples")
    assert standing is not None and standing.how == "verified"


async def test_r_keeps_a_look_for_the_check_chosen_and_reads_the_pack_in_the_scan(
    data_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """r kept every look as data/raw-samples: the provenance check, which a look answers
    too, could not be kept from the screen; and r read the data pack on the interface
    thread. r now asks which check when a result answers several, and the pack is read
    in the scan worker."""
    import threading

    from credo.checklists import packs

    threads: list[str] = []
    read_pack = packs.get_pack

    def get_pack(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return read_pack(*args, **kwargs)

    monkeypatch.setattr(packs, "get_pack", get_pack)
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_data(pilot)
        await pilot.press("l")
        await settle(pilot)
        threads.clear()
        await pilot.press("r")
        await settle(pilot)
        question = screen_text(app)
        assert "Keep this look as the evidence of which check?" in question
        assert "1 data/raw-samples" in question and "2 data/provenance" in question
        await pilot.press("2")
        await settle(pilot)
        assert any("Kept as the evidence of data/provenance" in s for s in said(app))
        assert threading.main_thread().name not in threads
        await pilot.press("r", "escape")  # asked again, and esc keeps nothing
        await settle(pilot)
    [saved] = [
        tomllib.loads(p.read_text()) for p in (data_store.credo_dir / "evidence").glob("*.toml")
    ]
    assert (saved["item"], saved["passed"]) == ("provenance", True)
    assert saved["command"][-2:] == ["--record", "data/provenance"]


async def test_mark_then_overlap_and_diff(data_store: Store) -> None:
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        await pilot.press("o")  # nothing marked yet: says so, runs nothing
        assert screen.shown is None
        await pilot.press("m", "down", "o")
        await settle(pilot)
        assert "4 exact" in shown(screen)
        assert screen.shown is not None and screen.shown[0].key == "text"
        await pilot.press("d")
        await settle(pilot)
        text = shown(screen)
        assert "diff · data/train.jsonl → data/valid.jsonl · paired by id" in text
        assert "296 dropped" in " ".join(text.split())


async def test_the_hint_and_the_help_say_which_way_o_looks(data_store: Store) -> None:
    """The hint said `o` finds the marked file's records in the selected one, the help
    the selected file's in the marked one: o looks for this file's records (valid) in the
    marked one (train), and both now say so."""
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        await pilot.press("m", "down", "o")  # train marked, valid selected
        await settle(pilot)
        assert shown(screen).startswith("overlap · data/valid.jsonl in data/train.jsonl")
        assert "o finds this file's records in the marked one (leaks)" in HINTS
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert ("o", "Overlap", "Records of this file also in the marked one") in app.screen.rows


async def test_the_files_move_with_j_and_k_as_every_list_does(data_store: Store) -> None:
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        table = screen.query_one("#data-files", DataTable)
        await pilot.press("j")
        assert table.cursor_row == 1
        await pilot.press("k")
        assert table.cursor_row == 0
        await pilot.press("m", "j", "o")  # train marked, valid selected: its leaks
        await settle(pilot)
        assert "4 exact" in shown(screen)


async def test_enter_or_a_double_click_on_a_file_looks_at_it(data_store: Store) -> None:
    """Enter on a data file, or a double click on one, did nothing (only `l` looked), where
    they open a row in the other views: both look at it, as `l` does."""
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "look · data/train.jsonl · by domain" in shown(screen)
        table = screen.query_one("#data-files", DataTable)
        await pilot.double_click(table, offset=(4, 2))  # the second file, under the titles
        await settle(pilot)
        assert table.cursor_row == 1
        assert "look · data/valid.jsonl · by domain" in shown(screen)


async def test_an_unguessable_label_is_asked_for(data_store: Store) -> None:
    rows = [{"text": r["text"], "dialect": r["label"]} for r in corpus(40)]
    write(data_store.project_root / "data" / "train.jsonl", rows)
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        await pilot.press("b")
        box = screen.query_one("#data-ask", Input)
        assert box.has_class("-open") and "text, dialect" in box.placeholder
        box.value = "dialect"
        await pilot.press("enter")
        await settle(pilot)
        assert "label dialect" in shown(screen)
        assert not box.has_class("-open")


async def test_group_by_is_asked_and_bad_columns_are_one_message(data_store: Store) -> None:
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert "domain=legal" in shown(screen)
        await pilot.press("g")
        screen.query_one("#data-ask", Input).value = "genre"
        await pilot.press("enter")
        await settle(pilot)
        assert "has no column 'genre'; its columns: id, text, label, domain" in shown(screen)


async def test_what_to_type_in_the_ask_box_is_never_cut(data_store: Store) -> None:
    """At 80 columns the group-by box read '…; empty for none, enter choose': its words
    came after the columns, so a file with a few columns cut them."""
    row = {"domain": "news", "source": "x", "variety": "pt-PT", "text": "t"}
    write(data_store.project_root / "data" / "train.jsonl", [{"id": i, **row} for i in range(40)])
    app = CredoApp(data_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_data(pilot)
        box = screen.query_one("#data-ask", Input)
        for key in "gL":
            await pilot.press(key)
            await settle(pilot)
            end = box.placeholder.find("enter chooses") + len("enter chooses")
            assert len("enter chooses") <= end <= box.content_size.width
            await pilot.press("escape")


async def test_keys_are_in_the_help_and_the_palette(data_store: Store) -> None:
    from credo.ui.keys import binding_commands

    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        titles = {title for title, *_ in binding_commands(screen)}
        assert {"Look", "Balance", "Cues", "Overlap", "Diff", "Mark", "Keep"} <= titles
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert ("l", "Look", "Random raw records") in help_screen.rows
        await pilot.press("escape", "escape")
        assert app.current_mode == "board"


def test_progress_is_reported_and_a_read_can_be_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "PROGRESS_EVERY", 0.001)
    seen: list[float] = []
    with Engine(seen.append) as engine:
        engine.rows("SELECT sum(hash(i)) FROM range(30000000) t(i)")
    assert seen and all(0 <= share <= 1 for share in seen)
    with Engine(lambda share: engine.cancel()) as engine, pytest.raises(Cancelled):
        engine.rows("SELECT sum(hash(i)) FROM range(100000000000) t(i)")


def test_data_screen_snapshot(data_store: Store, snap_compare: Any) -> None:
    async def balance(pilot: Any) -> None:
        await open_data(pilot)
        await pilot.press("b")
        await settle(pilot)

    assert snap_compare(CredoApp(data_store), terminal_size=(120, 36), run_before=balance)


def test_data_screen_narrow_snapshot(data_store: Store, snap_compare: Any) -> None:
    async def cues(pilot: Any) -> None:
        await open_data(pilot)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(CredoApp(data_store), terminal_size=(80, 30), run_before=cues)


def test_every_binding_has_an_id_a_description_and_a_tooltip() -> None:
    from textual.binding import Binding

    for binding in DataScreen.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.id and binding.id.startswith("data.")
        assert binding.description and binding.tooltip, binding


async def test_the_checklists_view_shows_evidence_apart_from_ticks(data_store: Store) -> None:
    from textual.widgets import OptionList

    from credo.actions.checks import record_review
    from credo.actions.evidence import record_evidence
    from credo.data.request import Request
    from credo.domain.models import Mark
    from credo.gitlink.state import capture
    from credo.ui.screens.checklists import ChecklistsScreen

    look = Request("look", ("data/train.jsonl",), by=("domain",), n=20)
    with Engine() as engine:
        found = look.run(engine, data_store.project_root)
    record_evidence(data_store, "data/raw-samples", found, look.command("data/raw-samples"))
    balance = Request("balance", ("data/train.jsonl",), label="label", by=("domain",))
    with Engine() as engine:
        found = balance.run(engine, data_store.project_root)
    record_evidence(data_store, "data/label-balance", found, balance.command())
    git = capture(data_store.project_root).to_git_state()
    record_review(data_store, "data", {"provenance": (Mark.CHECKED, "source field")}, git, None)
    app = CredoApp(data_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("C")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChecklistsScreen)
        while screen.pack_name != "data":
            await pilot.press("tab")
            await settle(pilot)
        items = screen.query_one("#checks-items", OptionList)
        text = {
            i: str(items.get_option(i).prompt)
            for i in ("raw-samples", "label-balance", "provenance")
        }
        assert "✔ verified" in text["raw-samples"]
        assert "✔ by hand" in text["provenance"]
        assert "✗ data/train.jsonl: label by domain" in text["label-balance"]
        assert screen.facts is not None
        items.highlighted = [i.id for i in screen.facts.pack.items].index("raw-samples")
        await pilot.pause()
        detail = Text.from_markup(str(screen.query_one("#checks-detail", Static).content)).plain
        assert "evidence verified" in detail
        assert (
            "credo data look data/train.jsonl --by domain -n 20 --record data/raw-samples" in detail
        )
        assert "look · data/train.jsonl · by domain" in detail


def cues_read_for_ever(monkeypatch: pytest.MonkeyPatch, *, measured: bool) -> None:
    """`c` (cues) starts a read that never ends, telling its progress often: one whose
    share DuckDB measures, or one whose share is unknown (overlap's read of train)."""
    from contextlib import nullcontext

    from credo.data import cues as cues_module

    monkeypatch.setattr(engine_module, "PROGRESS_EVERY", 0.01)

    def endless(data: Any, *args: Any, **kwargs: Any) -> Any:
        with nullcontext() if measured else data.engine.unmeasured():
            data.engine.rows("SELECT sum(hash(i)) FROM range(100000000000) t(i)")

    monkeypatch.setattr(cues_module, "cues", endless)


async def test_a_long_read_shows_progress_and_x_stops_it(
    data_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import ProgressBar

    cues_read_for_ever(monkeypatch, measured=True)
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        await pilot.press("c")
        bar = screen.query_one("#data-progress", ProgressBar)
        for _ in range(500):  # until the read reports how far it is
            await pilot.pause(0.01)
            if (bar.progress or 0) > 0:
                break
        assert bar.has_class("-running") and (bar.progress or 0) > 0
        await pilot.press("x")
        await settle(pilot)
        assert not bar.has_class("-running") and screen.running is None
        assert "stopped" in str(screen.query_one("#data-title", Static).content)
        assert screen.query_one("#data-hint").display  # what the keys do, again


async def test_x_between_two_queries_stops_the_check_and_shows_no_finding(
    data_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """x pressed while no DuckDB query ran (credo's own pass over a file, or between two
    queries): DuckDB forgot the interrupt, the check ran its queries on and its finding
    replaced the screen's "stopped", as if no one had pressed x. It stays stopped now."""
    import threading

    from credo.data import cues as cues_module

    entered, pressed = threading.Event(), threading.Event()
    real = cues_module.cues

    def between(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        assert pressed.wait(60)  # x lands here, between two queries
        return real(*args, **kwargs)

    monkeypatch.setattr(cues_module, "cues", between)
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        await pilot.press("c")
        await until(pilot, entered.is_set, "the check started")
        await pilot.press("x")
        pressed.set()
        await settle(pilot)
        assert screen.shown is None and screen.running is None
        assert "stopped" in str(screen.query_one("#data-title", Static).content)


async def test_a_read_of_unknown_share_pulses_the_bar_instead_of_filling_it(
    data_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """overlap's read of train is one DuckDB says is 100% done from its start: the bar sat
    full through it. While a read's share is unknown the bar pulses (no total)."""
    from textual.widgets import ProgressBar

    cues_read_for_ever(monkeypatch, measured=False)
    app = CredoApp(data_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        await pilot.press("c")
        bar = screen.query_one("#data-progress", ProgressBar)
        for _ in range(500):  # until the read reports
            await pilot.pause(0.01)
            if bar.total is None:
                break
        assert bar.has_class("-running") and bar.total is None and not bar.percentage
        await pilot.press("x")
        await settle(pilot)
        assert not bar.has_class("-running") and screen.running is None


@pytest.mark.parametrize("size", [(100, 30), (120, 36)])
async def test_a_result_has_the_width_its_table_needs(
    data_store: Store, size: tuple[int, int]
) -> None:
    """Beside the file list, at 100 and 120 columns, the balance table was squeezed into
    half the screen: headers folded ("la/bel"), counts cut ("reco…") and each flag broken
    over lines. Under 140 columns the files go on top, and the result has the width."""
    app = CredoApp(data_store)
    async with app.run_test(size=size) as pilot:
        await open_data(pilot)
        await pilot.press("b")
        await settle(pilot)
        lines = screen_text(app).replace("\xa0", " ").splitlines()
        header = next(line for line in lines if "records" in line and "share" in line)
        assert header.split() == ["domain", "label", "records", "share"]
        assert any(line.strip().endswith("██████████   ⚠ only pt-PT") for line in lines)


async def test_records_and_bad_rows_are_counted_as_look_counts_them(tmp_path: Path) -> None:
    """The list said `3 +1 bad` for a JSON Lines file with an object left open and a line
    of no JSON (`credo data look`: 2 records, 2 bad rows), and `4` with no bad row for a
    CSV with two rows of the wrong number of fields (look: 4 records, 2 bad rows): one
    column read alone passed the open object, and the CSV reader's rejects were not
    asked."""
    root = tmp_path / "p"
    (root / "data").mkdir(parents=True)
    store, _ = Store.init(root)
    (root / "data" / "t.jsonl").write_text(
        '{"text":"a","label":"x"}\n{"text":"b","label":"y"\n{"text":"c","label":"x"}\nnot json\n'
    )
    (root / "data" / "train.csv").write_text(
        "text,label,domain\nhello,pos,news\nbad day,neg,news\nok,pos,legal,extra\nfine,neg\n"
        "great,pos,social\nnice,,legal\n"
    )
    config = store.credo_dir / "config.toml"
    config.write_text(config.read_text().replace("data_paths = []", 'data_paths = ["data/"]'))
    app = CredoApp(Store(root))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_data(pilot)
        table = screen.query_one("#data-files", DataTable)
        await until(
            pilot,
            lambda: (
                len(screen.facts) == 2 and all(f.rows is not None for f in screen.facts.values())
            ),
            "both files counted",
        )
        counted = {name: (f.rows, f.bad) for name, f in screen.facts.items()}
        assert counted == {"data/t.jsonl": (2, 2), "data/train.csv": (4, 2)}
        cells = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert cells == ["2 +2 bad", "4 +2 bad"]
