"""Board fixtures: a store with known tasks on a fixed day, outside git (stable header)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from boards import TODAY, make_task

from credo.store import Store
from credo.ui.app import CredoApp


@pytest.fixture(autouse=True)
def truecolor_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The apps see a truecolor terminal, whatever runs the tests: in one of 256 colours
    credo picks other colours (ui/palette256.py), and the snapshots would differ."""
    monkeypatch.setenv("COLORTERM", "truecolor")


@pytest.fixture
def board_store(tmp_path: Path) -> Store:
    """Tasks in every quadrant, some due, one overdue, one recurring, tags and notes."""
    root = tmp_path / "ptvid"
    root.mkdir()
    store, _ = Store.init(root)
    make_task(
        store,
        1,
        "Check label balance per domain",
        important=True,
        urgent=True,
        tags=["data"],
        notes="Count **EP** vs **BP** per domain.\n\n- news\n- legal",
    )
    make_task(
        store,
        2,
        "Fix leakage between train and valid",
        important=True,
        due=date(2026, 11, 22),
        tags=["data"],
    )
    make_task(store, 3, "Write the related-work section", important=True, tags=["paper"])
    make_task(store, 4, "Overfit ten examples", important=True, due=date(2026, 12, 10))
    make_task(store, 5, "Answer reviewer email", urgent=True)
    make_task(store, 6, "Weekly sync notes", due=date(2026, 11, 26), every="week")
    make_task(store, 7, "Try a fancier tokenizer", tags=["someday"])
    return store


@pytest.fixture
def board_app(board_store: Store) -> CredoApp:
    return CredoApp(board_store, today=TODAY, refresh_seconds=0.2)


@pytest.fixture(autouse=True)
def notices_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every notification an app makes is kept in `app.said` (see `pilots.said`): a
    toast's timer (2-5 s) can run out before a loaded machine reaches the assertion."""
    from textual.app import App

    notify = App.notify

    def kept(self: App[object], message: str, *args: object, **kwargs: object) -> None:
        self.__dict__.setdefault("said", []).append(str(message))
        notify(self, message, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(App, "notify", kept)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of each CSS source Textual parses (each parse no cache spared)."""
    import textual.css.stylesheet as stylesheet

    names: list[str] = []
    parse = stylesheet.parse

    def counted(scope: str, css: str, read_from: tuple[str, str], **options: object) -> object:
        names.append(read_from[1] or read_from[0].rsplit("/", 1)[-1])
        return parse(scope, css, read_from, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(stylesheet, "parse", counted)
    return names
