"""Themes are data: TOML files validated here and turned into Textual themes.

Shipped themes live in `themes/` (the wheel carries them as `credo/themes/`); users add
their own in `<config folder>/themes/`. A broken file is reported once and skipped.

These are the only themes offered: Textual's own (textual-dark, nord, dracula...) are
made for Textual's widgets, and in credo's views every one of them drew text under
readable contrast (signal colours as text, the selected row's text on its bar: 1.9:1 to
4.4:1), while the shipped ones are measured on every view (tests/ui/readability.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from textual.color import Color, ColorParseError
from textual.css.errors import DeclarationError
from textual.css.parse import parse_declarations
from textual.css.tokenizer import TokenError
from textual.theme import BUILTIN_THEMES, Theme, ThemeProvider

from credo.domain.defaults import empty_dict
from credo.errors import BadFileError, NoHomeError
from credo.store.files import read_model
from credo.store.userconfig import save_user_config, user_config_dir
from credo.ui.workers import credo_work

if TYPE_CHECKING:
    from textual.app import App


def _colour(value: str) -> str:
    try:
        Color.parse(value)
    except ColorParseError:
        hint = "'{value}' is not a colour (try '#1b2b34' or 'rgb(27,43,52)')"
        raise PydanticCustomError("colour", hint, {"value": value}) from None
    return value


Colour = Annotated[str, AfterValidator(_colour)]


def _variables(values: dict[str, str]) -> dict[str, str]:
    """Each design variable as Textual's CSS will read it (one named `...-style...` is a text
    style, any other a colour): a value it cannot read would stop the app at the switch."""
    problems = []
    for name, value in values.items():
        rule, words = (
            ("text-style", "a text style (like 'bold', 'none' or 'b reverse')")
            if "style" in name.split("-")
            else ("color", "a colour (try '#1b2b34', 'rgb(27,43,52)' or '#1b2b34 50%')")
        )
        try:
            parse_declarations(f"{rule}: {value};", ("theme", name))
        except (DeclarationError, TokenError):
            hint = "'{value}' is not " + words
            error = PydanticCustomError("css_value", hint, {"value": value})
            problems.append(InitErrorDetails(type=error, loc=(name,), input=value))
    if problems:
        raise ValidationError.from_exception_data("variables", problems)
    return values


class ThemeFile(BaseModel):
    """One theme file: the colours Textual builds its palette from."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    dark: StrictBool = True
    primary: Colour
    secondary: Colour | None = None
    accent: Colour | None = None
    background: Colour | None = None
    surface: Colour | None = None
    panel: Colour | None = None
    boost: Colour | None = None
    foreground: Colour | None = None
    success: Colour | None = None
    warning: Colour | None = None
    error: Colour | None = None
    luminosity_spread: float = Field(default=0.15, ge=0, le=1)
    text_alpha: float = Field(default=0.95, ge=0, le=1)
    variables: Annotated[dict[str, str], AfterValidator(_variables)] = Field(
        default_factory=empty_dict
    )
    """Textual design variables (`footer-key-foreground`, `block-cursor-background`...)."""

    def to_theme(self) -> Theme:
        return Theme(**self.model_dump())


class Skipped(NamedTuple):
    """What could not be read, and why: a theme file (`name`: its name without `.toml`,
    the theme's name by custom; `why` names the file, line and field), or a whole folder
    of them (`folder`; `name`: the folder)."""

    name: str
    why: str
    folder: bool = False

    @property
    def said(self) -> str:
        """As the app says it once it opens."""
        if self.folder:
            return f"themes in {self.name} skipped: cannot read it ({self.why})"
        return f"theme skipped: {self.why}"


class ThemeSet(NamedTuple):
    """The themes found, in load order, and what was skipped, in the order found. (A
    tuple: see `actions.history.Step`; made with its own empty containers.)"""

    themes: dict[str, Theme]
    origins: dict[str, Path]
    skipped: list[Skipped]

    @property
    def problems(self) -> list[str]:
        """One message per file or folder skipped."""
        return [each.said for each in self.skipped]


def shipped_themes_dir() -> Path:
    """`credo/themes` inside an installed wheel, or the repository's `themes/` in a checkout."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "themes"
    if installed.is_dir():
        return installed
    return package.parents[1] / "themes"


def user_themes_dir() -> Path:
    return user_config_dir() / "themes"


def read_theme(path: Path) -> Theme:
    """One theme file as a Textual theme; BadFileError names the file, line and field."""
    return read_model(ThemeFile, path).to_theme()


def load_themes(folders: Iterable[Path] | None = None) -> ThemeSet:
    """Every `*.toml` theme in the shipped then the user folder (a later one wins a name)."""
    found = ThemeSet({}, {}, [])
    if folders is None:
        folders = [shipped_themes_dir()]
        with suppress(NoHomeError):  # a user with no home has no themes of their own
            folders.append(user_themes_dir())
    for folder in folders:
        try:
            paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError as error:  # a folder the user may not look in (another's home)
            found.skipped.append(Skipped(str(folder), str(error.strerror), folder=True))
            continue
        for path in paths:
            try:
                theme = read_theme(path)
            except BadFileError as error:
                found.skipped.append(Skipped(path.stem, error.message))
                continue
            found.themes[theme.name] = theme
            found.origins[theme.name] = path
    return found


DEFAULT_THEME = "credo-night"
"""The theme of a start with none saved."""


def install_themes(app: App[Any], wanted: str | None) -> list[str]:
    """Offer the theme files on `app` in place of Textual's own themes and start with
    `wanted` (else DEFAULT_THEME); the problems to show (bad files, an unknown saved
    theme) are returned, as the app is not running yet.

    Called before the app runs: a theme set once the stylesheet is parsed parses it
    all again (~25 ms of every start).
    """
    themes = load_themes()
    for name in BUILTIN_THEMES:
        app.unregister_theme(name)
    for theme in themes.themes.values():
        app.register_theme(theme)
    problems = themes.problems
    if wanted and wanted not in app.available_themes:
        # Its own file could not be read (the last of that name: the last one wins a name):
        # said once, as why.
        broken = [each for each in themes.skipped if each.name == wanted and not each.folder]
        if broken:
            problems = [each.said for each in themes.skipped if each != broken[-1]]
            problems.append(
                f"theme {wanted!r} cannot be read ({DEFAULT_THEME!r} is used): {broken[-1].why}"
            )
        else:
            why = (
                "is one of Textual's own, which credo no longer offers: their text is hard "
                "to read in credo's views"
                if wanted in BUILTIN_THEMES
                else "is not installed"
            )
            problems.append(f"theme {wanted!r} {why}; using {DEFAULT_THEME!r}")
        wanted = None
    app.theme = wanted or DEFAULT_THEME
    return problems


class ThemeList(ThemeProvider):
    """ctrl+t's list: each theme by name, a light one marked so (its own `dark` flag): picked
    on a dark terminal, it dazzles."""

    @property
    def commands(self) -> list[tuple[str, Callable[[], None]]]:
        def switch(name: str) -> None:
            self.app.theme = name

        themes = sorted(self.app.available_themes.values(), key=attrgetter("name"))
        return [
            (theme.name if theme.dark else f"{theme.name} (light)", partial(switch, theme.name))
            for theme in themes
        ]


@credo_work("Saving the theme", group="save-theme", exclusive=True, writes=True)
def save(app: App[Any], name: str) -> None:
    save_user_config(theme=name)


def remember_theme_changes(app: App[Any]) -> None:
    """Save the theme the user switches to (in a worker), once the app runs."""
    saved = [app.theme]

    def remember(theme: Theme) -> None:
        if theme.name == saved[0]:
            return
        saved[0] = theme.name
        save(app, theme.name)

    app.theme_changed_signal.subscribe(app, remember)
