"""Themes: shipped TOML files load, a broken one is skipped and reported, the choice sticks."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from boards import TODAY
from readability import cells
from textual.color import Color

from credo.store import Store
from credo.store.userconfig import save_user_config, user_config_dir, user_config_path
from credo.ui.app import CredoApp
from credo.ui.themes import (
    DEFAULT_THEME,
    load_themes,
    read_theme,
    shipped_themes_dir,
    user_themes_dir,
)
from full_disk import room_here_for
from pilots import said, settle, workers_done

SHIPPED = sorted(p.stem for p in shipped_themes_dir().glob("*.toml"))

GOOD_USER_THEME = """
name = "my-lab"
dark = true
primary = "#ff8800"
background = "#101010"
"""


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        r, g, b = (c / 255 for c in Color.parse(colour).rgb)

        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_shipped_themes_two_dark_two_light_one_high_contrast() -> None:
    found = load_themes([shipped_themes_dir()])
    assert found.problems == []
    assert set(found.themes) == set(SHIPPED)
    dark = [t for t in found.themes.values() if t.dark]
    light = [t for t in found.themes.values() if not t.dark]
    assert len(dark) >= 2 and len(light) >= 2
    ratios = {
        t.name: contrast(t.foreground or "#ffffff", t.background or "#000000")
        for t in found.themes.values()
    }
    assert max(ratios.values()) >= 15, ratios  # the high-contrast one
    assert min(ratios.values()) >= 7, ratios  # every shipped theme is readable (WCAG AAA)


def test_each_shipped_file_name_is_its_theme_name() -> None:
    for path in shipped_themes_dir().glob("*.toml"):
        assert read_theme(path).name == path.stem


def write_user_theme(name: str, text: str) -> Path:
    folder = user_themes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_theme_files_are_skipped_with_file_line_and_field() -> None:
    write_user_theme("my-lab.toml", GOOD_USER_THEME)
    write_user_theme("broken.toml", 'name = "broken"\nprimary = \n')
    write_user_theme("badcolour.toml", 'name = "bad-colour"\ndark = true\nprimary = "#12345z"\n')
    write_user_theme("typo.toml", 'name = "typo"\nprimary = "#123456"\nbackgrund = "#000000"\n')
    found = load_themes()
    assert "my-lab" in found.themes and found.themes["my-lab"].primary == "#ff8800"
    assert set(SHIPPED) <= set(found.themes)
    assert {"broken", "bad-colour", "typo"}.isdisjoint(found.themes)
    assert len(found.problems) == 3
    [toml_error] = [p for p in found.problems if "broken.toml" in p]
    assert "not valid TOML" in toml_error and "line 2" in toml_error
    [colour_error] = [p for p in found.problems if "badcolour.toml" in p]
    assert "'primary' (line 3) '#12345z' is not a colour" in colour_error
    [typo_error] = [p for p in found.problems if "typo.toml" in p]
    assert "field 'backgrund' (line 3) is not a field credo knows (a typo?)" in typo_error
    assert "Extra inputs" not in typo_error  # pydantic's words, and its URL, said it


def test_a_bad_theme_value_is_told_in_credo_s_words() -> None:
    write_user_theme("odd.toml", 'name = "Odd Name"\ndark = "maybe"\nprimary = "#123456"\n')
    [problem] = load_themes().problems
    assert "field 'name' (line 1) should be lower-case letters, digits and - (like" in problem
    assert "not 'Odd Name'" in problem
    assert "field 'dark' (line 2) should be true or false, not 'maybe'" in problem
    assert "should match" not in problem and "Input should" not in problem


def test_user_theme_overrides_a_shipped_one_of_the_same_name() -> None:
    write_user_theme("mine.toml", 'name = "credo-night"\nprimary = "#00ff00"\n')
    found = load_themes()
    assert found.themes["credo-night"].primary == "#00ff00"
    assert found.origins["credo-night"].parent == user_themes_dir()


@pytest.fixture
def small_store(tmp_path: Path) -> Store:
    root = tmp_path / "proj"
    root.mkdir()
    store, _ = Store.init(root)
    return store


async def test_app_starts_with_a_bad_theme_reported_once(small_store: Store) -> None:
    write_user_theme("broken.toml", "name = [\n")
    write_user_theme("my-lab.toml", GOOD_USER_THEME)
    app = CredoApp(small_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await workers_done(app)
        await pilot.pause()
        messages = said(app)
        assert sum("broken.toml" in m for m in messages) == 1
        assert sorted(app.available_themes) == sorted([*SHIPPED, "my-lab"])  # not Textual's
        assert app.theme == DEFAULT_THEME


async def test_a_saved_textual_theme_says_why_it_is_gone(small_store: Store) -> None:
    save_user_config(theme="nord")  # offered by credo before, and maybe chosen
    app = CredoApp(small_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert said(app) == [
            "theme 'nord' is one of Textual's own, which credo no longer offers: their text "
            f"is hard to read in credo's views; using {DEFAULT_THEME!r}"
        ]


async def test_saved_theme_is_used_at_start(small_store: Store) -> None:
    save_user_config(theme="credo-paper")
    app = CredoApp(small_store)
    assert app.theme == "credo-paper"  # before the stylesheet is parsed: parsed once
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "credo-paper"
        assert not app.current_theme.dark


async def test_unknown_saved_theme_warns_and_starts(small_store: Store) -> None:
    save_user_config(theme="no-such-theme")
    app = CredoApp(small_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert said(app) == [f"theme 'no-such-theme' is not installed; using {DEFAULT_THEME!r}"]
    # the setting is not silently rewritten
    assert tomllib.loads(user_config_path().read_text())["theme"] == "no-such-theme"


async def test_a_saved_theme_whose_file_is_broken_is_said_once(small_store: Store) -> None:
    """The saved theme's own file broken said two things: "theme skipped: FILE: ..." and
    "theme 'my-lab' is not installed", which sent the person to install what was there.
    One line now: the theme, the file, why and what to do."""
    path = write_user_theme("my-lab.toml", GOOD_USER_THEME + "dark = = true\n")
    save_user_config(theme="my-lab")
    app = CredoApp(small_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await workers_done(app)
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        [message] = said(app)
    assert message.startswith(
        f"theme 'my-lab' cannot be read ({DEFAULT_THEME!r} is used): {path}: "
    )
    assert "is not valid TOML" in message and message.endswith("fix or remove it")


def test_what_was_skipped_is_kept_once_by_file_and_why() -> None:
    """One list of what went wrong: each file by its theme's name, with why; the messages
    said are made from it."""
    write_user_theme("broken.toml", "name = [\n")
    found = load_themes([user_themes_dir()])
    [broken] = found.skipped
    assert broken.name == "broken" and not broken.folder
    assert broken.why.startswith(f"{user_themes_dir() / 'broken.toml'}: ")
    assert found.problems == [f"theme skipped: {broken.why}"]


async def test_a_broken_saved_theme_is_said_last_and_the_others_as_found(
    small_store: Store,
) -> None:
    """The saved theme's broken file is said once, as why it is not used, after what else
    was skipped, in the order found."""
    write_user_theme("a-broken.toml", "name = [\n")
    write_user_theme("my-lab.toml", GOOD_USER_THEME + "dark = = true\n")
    write_user_theme("z-broken.toml", "name = [\n")
    save_user_config(theme="my-lab")
    app = CredoApp(small_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await workers_done(app)
        await pilot.pause()
        messages = said(app)
    folder = user_themes_dir()
    assert [m.partition(".toml")[0] for m in messages] == [
        f"theme skipped: {folder / 'a-broken'}",
        f"theme skipped: {folder / 'z-broken'}",
        f"theme 'my-lab' cannot be read ({DEFAULT_THEME!r} is used): {folder / 'my-lab'}",
    ]


async def test_switch_with_key_and_palette_is_saved_for_next_start(small_store: Store) -> None:
    app = CredoApp(small_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await workers_done(app)  # the theme files, read after the first frame
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press(*"credo-contrast")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "credo-contrast"
        await workers_done(app)
    saved = tomllib.loads((user_config_dir() / "config.toml").read_text())
    assert saved["theme"] == "credo-contrast"
    again = CredoApp(small_store)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "credo-contrast"


async def test_the_theme_list_says_which_themes_are_light(small_store: Store) -> None:
    """ctrl+t listed credo-paper beside credo-night with no word of which is light: picked
    on a dark terminal, it dazzled. A light theme says so, from its own `dark` flag (a
    user's theme too), and is still picked by its name."""
    from textual.command import CommandList

    write_user_theme("my-day.toml", 'name = "my-day"\ndark = false\nprimary = "#005f87"\n')
    app = CredoApp(small_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await workers_done(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        shown = app.screen.query_one(CommandList)
        listed = [str(shown.get_option_at_index(i).prompt) for i in range(shown.option_count)]
        assert listed == [
            "credo-contrast",
            "credo-daylight (light)",
            "credo-night",
            "credo-paper (light)",
            "my-day (light)",
        ]
        await pilot.press(*"my-day")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "my-day"


async def test_theme_command_is_in_the_palette(small_store: Store) -> None:
    app = CredoApp(small_store)
    async with app.run_test(size=(100, 30)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Theme" in titles


@pytest.mark.parametrize("theme", SHIPPED)
def test_board_snapshot_in_theme(snap_compare: Any, board_store: Store, theme: str) -> None:
    save_user_config(theme=theme)  # the saved choice, as the next start reads it
    app = CredoApp(board_store, today=TODAY)
    assert app.theme == theme
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


@pytest.mark.parametrize("theme", SHIPPED)
async def test_the_quadrant_hints_are_drawn_muted(board_store: Store, theme: str) -> None:
    """The hints beside the quadrant titles are markup in `$text-muted`: a theme that left it
    to Textual (`auto 60%`) had them in pure white, brighter than the titles (credo-night)."""
    save_user_config(theme=theme)
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        drawn = {text: fg for fg, _, text in cells(app)}
    assert drawn["important, not urgent"] == drawn["Eliminate"]  # `color: $text-muted` in CSS


async def test_a_theme_variable_textual_cannot_use_skips_the_theme(small_store: Store) -> None:
    path = write_user_theme(
        "odd-vars.toml",
        'name = "odd-vars"\nprimary = "#123456"\n[variables]\n'
        '"block-cursor-background" = "notacolour"\n"block-cursor-text-style" = "wibble"\n'
        '"footer-background" = "#123456 50%"\n"link-style-hover" = "b not underline"\n',
    )
    [problem] = load_themes().problems  # told here, or Textual stops the app at the switch
    assert str(path) in problem
    assert "'variables.block-cursor-background' (line 4) 'notacolour' is not a colour" in problem
    assert "'variables.block-cursor-text-style' (line 5) 'wibble' is not a text style" in problem
    assert "footer-background" not in problem and "link-style-hover" not in problem
    save_user_config(theme="odd-vars")  # chosen before: the next start must still open
    app = CredoApp(small_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert sum("odd-vars.toml" in m for m in said(app)) == 1


async def test_a_theme_the_disk_refuses_to_save_is_said_and_the_file_kept(
    small_store: Store,
) -> None:
    save_user_config(theme="credo-paper")
    before = user_config_path().read_bytes()
    app = CredoApp(small_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await workers_done(app)
        with room_here_for(0):
            app.theme = "credo-contrast"
            deadline = time.monotonic() + 30  # the save is a worker's
            while not said(app) and time.monotonic() < deadline:
                await pilot.pause()
        assert app.is_running and app.theme == "credo-contrast"
        assert said(app) == [
            f"cannot write {user_config_path()}: File too large (theme not saved, the file is "
            "as it was); the file size limit (ulimit -f) is too low for it: raise it, then try "
            "again"
        ]
        [toast] = app._notifications  # a refusal credo explains, under what was being done
        assert toast.title == "Saving the theme"  # not "Background task failed"
    assert user_config_path().read_bytes() == before
    assert [p.name for p in user_config_dir().iterdir()] == ["config.toml"]  # no temp file
