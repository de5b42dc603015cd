"""Parsed CSS kept between starts (`credo.ui.css_cache`): a second start parses none of
it and looks the same; a change, a damaged entry or an entry someone else could have
written is parsed again, never read."""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.css.stylesheet import StylesheetParseError

from credo.domain.models import Task
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.css_cache import CACHE_ENV, CssCache, cache_root
from credo.ui.widgets.textual_internals import SteadyStylesheet
from pilots import screen_text, settle
from ui.conftest import TODAY


async def start(store: Store, theme: str | None = None) -> str:
    """A board's first screen, as an SVG."""
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        if theme is not None:
            app.theme = theme
            await settle(pilot)
        return app.export_screenshot()


@pytest.fixture
def noteless(board_store: Store) -> Store:
    """The board without its one task's notes. Their Markdown blocks are mounted once a
    thread of asyncio's executor, which the start-up workers share, has parsed them:
    before the first frame or after it, as loaded as the machine is; after it their CSS
    is parsed as a view opened later parses its own, and not kept. Without them, every
    start's first frame holds the same widgets."""
    board_store.update(Task, "t001aaaabbbbcccc", lambda task: task.model_copy(update={"notes": ""}))
    return board_store


def entries() -> list[Path]:
    return sorted(cache_root().glob("css-*/*"))


def test_the_cache_lives_in_the_users_cache_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache_root() == Path(os.environ["XDG_CACHE_HOME"]) / "credo"
    monkeypatch.setenv(CACHE_ENV, "/elsewhere")
    assert cache_root() == Path("/elsewhere")


async def test_a_second_start_parses_no_css_and_looks_the_same(
    noteless: Store, parsed: list[str]
) -> None:
    first = await start(noteless)
    assert "credo.tcss" in parsed and "TaskList.DEFAULT_CSS" in parsed
    kept = entries()
    assert len(kept) >= len(set(parsed))
    for entry in kept:
        assert oct(entry.stat().st_mode & 0o777) in ("0o600", "0o644", "0o640")
    assert oct(kept[0].parent.stat().st_mode & 0o777) == "0o700"  # private folder
    parsed.clear()
    second = await start(noteless)
    assert parsed == []
    assert second == first


async def test_another_theme_is_parsed_with_its_own_colours(
    noteless: Store, parsed: list[str]
) -> None:
    await start(noteless)
    parsed.clear()
    await start(noteless, theme="credo-paper")
    assert "credo.tcss" in parsed  # never the rules made with the other theme's colours
    parsed.clear()
    paper = await start(noteless)  # the theme chosen: kept by its first frame
    assert "credo.tcss" in parsed and "TaskList.DEFAULT_CSS" in parsed
    parsed.clear()
    assert await start(noteless) == paper
    assert parsed == []


def test_a_changed_source_is_a_new_entry(tmp_path: Path) -> None:
    cache = CssCache(tmp_path)
    theme = cache.variables_key({"primary": "#ff0000"})
    source = ("Screen { color: $primary; }", ("app.tcss", ""), False, 0, "")
    cache.put(cache.name(source, theme), ["rules"])
    assert cache.get(cache.name(source, theme)) == ["rules"]
    edited = ("Screen { color: $accent; }", *source[1:])
    assert cache.get(cache.name(edited, theme)) is None
    other_theme = cache.variables_key({"primary": "#00ff00"})
    assert cache.get(cache.name(source, other_theme)) is None


def test_css_with_errors_is_not_kept(tmp_path: Path) -> None:
    sheet = SteadyStylesheet(cache=CssCache(tmp_path))
    sheet.add_source("Screen { colr: red; }", read_from=("broken.tcss", ""))
    with pytest.raises(StylesheetParseError):
        sheet.parse()
    assert list(tmp_path.glob("css-*/*")) == []
    sheet.add_source("Screen { color: red; }", read_from=("fixed.tcss", ""))
    assert list(tmp_path.glob("css-*/*")) == []  # only parsed when asked
    sheet2 = SteadyStylesheet(cache=CssCache(tmp_path))
    sheet2.add_source("Screen { color: red; }", read_from=("fixed.tcss", ""))
    sheet2.parse()
    assert len(list(tmp_path.glob("css-*/*"))) == 1


async def test_a_damaged_entry_is_parsed_again_and_replaced(
    noteless: Store, parsed: list[str]
) -> None:
    first = await start(noteless)
    for entry in entries():
        entry.write_bytes(b"not a pickle")
    parsed.clear()
    assert await start(noteless) == first
    assert "credo.tcss" in parsed
    parsed.clear()
    await start(noteless)
    assert parsed == []  # written again, whole


class Planted:
    """What a hostile entry would hold: loading it runs code (it leaves a file)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.marker,))


def test_an_entry_someone_else_could_write_is_never_loaded(tmp_path: Path) -> None:
    cache = CssCache(tmp_path)
    cache.put("x", ["rules"])
    entry = cache.folder / "x"
    marker = tmp_path / "ran"
    entry.write_bytes(pickle.dumps(Planted(marker)))
    entry.chmod(0o664)  # group-writable
    assert cache.get("x") is None and not marker.exists()
    entry.chmod(0o646)  # anyone may write
    assert cache.get("x") is None and not marker.exists()
    if os.getuid() == 0:  # root can give the file away, as another user's would be
        entry.chmod(0o644)
        os.chown(entry, 65534, -1)
        assert cache.get("x") is None and not marker.exists()
        os.chown(entry, 0, -1)
    entry.chmod(0o600)  # the user's own: loaded (the check above is what kept it out)
    cache.get("x")
    assert marker.exists()


def test_an_entry_behind_a_link_is_not_followed(tmp_path: Path) -> None:
    cache = CssCache(tmp_path)
    cache.put("x", ["rules"])
    (cache.folder / "y").symlink_to(cache.folder / "x")
    assert cache.get("y") is None and cache.get("x") == ["rules"]


def test_other_code_s_entries_are_removed_with_their_folder(tmp_path: Path) -> None:
    old = tmp_path / "css-0123456789abcdef"
    old.mkdir()
    (old / "x").write_bytes(pickle.dumps(["old rules"]))
    unrelated = tmp_path / "other-cache"
    unrelated.mkdir()
    cache = CssCache(tmp_path)
    assert cache.folder != old and cache.get("x") is None
    cache.put("y", ["rules"])
    assert not old.exists() and unrelated.exists()


async def test_an_unwritable_cache_is_skipped(
    board_store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    screen = await start(board_store)
    assert "Do" in screen and blocked.read_text() == "not a folder"


def test_a_full_cache_starts_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from credo.ui import css_cache

    monkeypatch.setattr(css_cache, "LIMIT", 3)
    cache = CssCache(tmp_path)
    for name in ("a", "b", "c"):
        cache.put(name, [name])
    assert sorted(p.name for p in cache.folder.iterdir()) == ["a", "b", "c"]
    cache.put("d", ["d"])
    assert [p.name for p in cache.folder.iterdir()] == ["d"]
    assert cache.get("d") == ["d"] and cache.get("a") is None


def test_the_app_starts_with_its_theme_s_colours_worked_out(store: Store) -> None:
    """Textual's own start works out its default theme's variables (a colour system of a
    few hundred values); credo's theme, set after, is worked out once more as the app is
    made, and the steady stylesheet starts with those: made with the default's, it was
    parsed again as the app started."""

    class Counting(CredoApp):
        made = 0

        def get_css_variables(self) -> dict[str, str]:
            Counting.made += 1
            return super().get_css_variables()

    app = Counting(store)
    assert Counting.made == 2
    assert app.stylesheet._variables == app.get_css_variables()


async def test_once_the_board_is_up_the_interface_thread_never_waits_on_the_cache(
    board_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is in the user's home, maybe on a network mount that hangs: read there
    as each view or form opened (a dozen opens and reads for the experiment log), it
    froze the board. Only the first frame reads it; later views parse their CSS."""
    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:  # a first session keeps them all
        for key in ("E", "escape", "enter", "escape", "question_mark", "escape"):
            await pilot.press(key)
            await settle(pilot)
    read = len(entries())
    on_the_interface: list[str] = []

    def counted(call: Any) -> Any:
        def watched(self: CssCache, name: str, *args: Any) -> Any:
            if threading.current_thread() is threading.main_thread():
                on_the_interface.append(call.__name__)
            return call(self, name, *args)

        return watched

    monkeypatch.setattr(CssCache, "get", counted(CssCache.get))
    monkeypatch.setattr(CssCache, "put", counted(CssCache.put))
    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert on_the_interface  # the first frame's, read back
        on_the_interface.clear()
        for key in ("E", "escape", "enter", "escape", "question_mark", "escape"):
            await pilot.press(key)
            await settle(pilot)
        app.theme = "credo-paper"
        await settle(pilot)
        assert "Do" in screen_text(app)
    assert on_the_interface == []
    assert len(entries()) == read  # nothing written after the first frame either
