"""Themes are data: TOML files validated here and turned into Textual themes.

Shipped themes live in `themes/` (the wheel carries them as `credo/themes/`); users add
their own in `<config folder>/themes/`. A broken file is reported once and skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from textual.color import Color, ColorParseError
from textual.css.errors import DeclarationError
from textual.css.parse import parse_declarations
from textual.css.tokenizer import TokenError
from textual.theme import Theme

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


class ThemeSet(NamedTuple):
    """The themes found, in load order, and one message per file that was skipped.
    (A tuple: see `actions.history.Step`; made with its own empty containers.)"""

    themes: dict[str, Theme]
    origins: dict[str, Path]
    problems: list[str]


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
            found.problems.append(f"themes in {folder} skipped: cannot read it ({error.strerror})")
            continue
        for path in paths:
            try:
                theme = read_theme(path)
            except BadFileError as error:
                found.problems.append(f"theme skipped: {error.message}")
                continue
            found.themes[theme.name] = theme
            found.origins[theme.name] = path
    return found


def _register(app: App[Any], themes: ThemeSet) -> list[str]:
    """Make `themes` available on `app`; the problems to tell."""
    for theme in themes.themes.values():
        app.register_theme(theme)
    return list(themes.problems)


def install_themes(app: App[Any], wanted: str | None) -> list[str]:
    """Register every theme file on `app` and start with `wanted`; the problems to show
    (bad files, an unknown saved theme) are returned, as the app is not running yet.

    Called before the app runs: a theme set once the stylesheet is parsed parses it
    all again (~25 ms of every start with a saved theme).
    """
    problems = _register(app, load_themes())
    if wanted:
        if wanted in app.available_themes:
            app.theme = wanted
        else:
            problems.append(f"theme {wanted!r} is not installed; using {app.theme!r}")
    return problems


def install_themes_later(app: App[Any]) -> None:
    """Register every theme file from a worker, once the app runs: for a start with no
    theme saved, which needs none of them before its first frame (reading and checking
    them cost about 20 M instructions, 1% of a 1,000-task board's start). A bad file is
    told when it is found."""

    def register(themes: ThemeSet) -> None:
        for problem in _register(app, themes):
            app.notify(problem, severity="error", timeout=10)

    @credo_work("Reading the theme files", group="themes")
    def load(into: App[Any]) -> None:
        into.call_from_thread(register, load_themes())

    load(app)


@credo_work("Saving the theme", group="save-theme", exclusive=True)
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
