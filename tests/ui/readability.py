"""How readable the screens are, measured on what reaches the terminal.

Each cell's colours are read from the compositor's segments, after Textual's filters:
`dim`, `$text-muted` and `$foreground 50%` are solid colours blended into the
background by then, and ANSI names (`[green]` in Rich markup) are the theme's truecolor.
Every distinct (foreground, background) pair of text is listed with the text it colours
and its WCAG 2 contrast ratio.

Floors (WCAG 2 AA; the high-contrast theme AAA): 4.5:1 for text a person must read,
3:1 for muted text (a colour between the background and a text colour, as `dim` and
`$text-muted` make: hints, secondary facts, rows shown dimmer on purpose), 7:1 for all
text in the high-contrast theme. Lines and blocks (borders, scrollbars, bars, charts)
are not text and are left out.

The selected row of a list is measured as any other: its marks (▶ ✔ ★) and dim words
included.

Run it to measure the demo in every shipped theme (or in 256 colours, or under NO_COLOR):
    PYTHONPATH=app python tests/ui/readability.py [--256 | --no-color] [--all]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.filter import ANSIToTruecolor
from textual.geometry import Region

HIGH_CONTRAST = "credo-contrast"
BODY, MUTED, AAA = 4.5, 3.0, 7.0
SIZE = (120, 40)

Visit = tuple[str, Callable[[Any], Awaitable[None]]]


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_text(character: str) -> bool:
    """A character a person reads: not a space, a line, a block, a shade, braille or an
    emoji (drawn in its own colours)."""
    point = ord(character)
    drawn = 0x2500 <= point <= 0x259F or 0x2800 <= point <= 0x28FF or point >= 0x1F000  # emoji
    return not (character.isspace() or drawn)


def blended_toward(
    colour: tuple[int, int, int], background: tuple[int, int, int], text: tuple[int, int, int]
) -> bool:
    """Whether `colour` is `text` partly blended into `background` (under 80% of it): the
    muted text `dim`, `$text-muted` (`auto 60%`) and `$foreground 50%` draw."""
    spans = [t - b for t, b in zip(text, background, strict=True)]
    widest = max(range(3), key=lambda i: abs(spans[i]))
    if abs(spans[widest]) < 24:
        return False
    amount = (colour[widest] - background[widest]) / spans[widest]
    if not 0.05 < amount < 0.8:
        return False
    return all(abs(background[i] + spans[i] * amount - colour[i]) <= 3 for i in range(3))


@dataclass
class Pair:
    """One foreground on one background, with where it was seen."""

    fg: tuple[int, int, int]
    bg: tuple[int, int, int]
    muted: bool
    samples: dict[str, str] = field(default_factory=dict)
    """Screen name -> a piece of the text in these colours there."""

    @property
    def ratio(self) -> float:
        return contrast(self.fg, self.bg)

    def floor(self, theme: str) -> float:
        return AAA if theme == HIGH_CONTRAST else MUTED if self.muted else BODY

    def describe(self) -> str:
        fg, bg = (Color(*c).hex for c in (self.fg, self.bg))
        where = "; ".join(f"{s}: {t!r}" for s, t in list(self.samples.items())[:3])
        kind = "muted" if self.muted else "text"
        more = f" (+{len(self.samples) - 3} more)" if len(self.samples) > 3 else ""
        return f"{self.ratio:5.2f}:1 {kind} {fg} on {bg}  {where}{more}"


def _triplet(colour: RichColor | None, rounded: bool) -> tuple[int, int, int] | None:
    """A segment's colour as the terminal draws it (`rounded`: one of 256 colours)."""
    if colour is None or colour.is_default:
        return None
    return in_256(colour) if rounded else tuple(colour.get_truecolor())  # type: ignore[return-value]


def in_256(colour: RichColor) -> tuple[int, int, int]:
    """The colour a terminal of 256 colours draws: Rich, which writes Textual's output,
    rounds a truecolor to the nearest of the palette's colours 16 to 255."""
    return tuple(colour.downgrade(ColorSystem.EIGHT_BIT).get_truecolor())  # type: ignore[return-value]


@contextmanager
def terminal(colours: str) -> Iterator[None]:
    """Apps made meanwhile see a terminal of `colours`: "truecolor", "256" (TERM=
    xterm-256color without COLORTERM, as macOS Terminal.app says), or "no-color" (a
    truecolor one with NO_COLOR set: Textual draws in greys)."""
    saved = {name: os.environ.get(name) for name in ("TERM", "COLORTERM", "NO_COLOR")}
    os.environ["TERM"] = "xterm-256color"
    os.environ.pop("NO_COLOR", None)
    if colours == "256":
        os.environ.pop("COLORTERM", None)
    else:
        os.environ["COLORTERM"] = "truecolor"
    if colours == "no-color":
        os.environ["NO_COLOR"] = "1"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


Sent = Callable[[tuple[int, int, int], tuple[int, int, int]], tuple[Any, Any]]


def sent_in_256(app_256: App[Any], app: App[Any]) -> Sent:
    """How `app_256`, made in a 256-colour terminal, sends a pair `app` (truecolor) draws:
    through the line filters `app` has not, then Rich's rounding of each colour."""
    own = {type(f) for f in app.get_line_filters()}
    extra = [f for f in app_256.get_line_filters() if type(f) not in own]

    def sent(fg: tuple[int, int, int], bg: tuple[int, int, int]) -> tuple[Any, Any]:
        style = Style(color=RichColor.from_rgb(*fg), bgcolor=RichColor.from_rgb(*bg))
        segments = [Segment("x", style)]
        for line_filter in extra:
            segments = line_filter.apply(segments, Color(*bg))
        drawn = segments[0].style
        assert drawn is not None and drawn.color is not None and drawn.bgcolor is not None
        return in_256(drawn.color), in_256(drawn.bgcolor)

    return sent


def _kept_regions(app: App[Any]) -> list[Region] | None:
    """Where a dialog's own widgets are: the screens behind it are faded on purpose."""
    screen = app.screen
    if not app._background_screens:
        return None
    visible = screen._compositor.visible_widgets
    return [region.intersection(clip) for w, (region, clip) in visible.items() if w is not screen]


def cells(app: App[Any]) -> Iterator[tuple[Any, Any, str]]:
    """(foreground, background, text) of each run of text the terminal is sent now."""
    rounded = app.console.color_system == "256"
    theme = app.current_theme
    default_fg = Color.parse(theme.foreground or "#ffffff").rgb
    default_bg = Color.parse(theme.background or "#000000").rgb
    kept = _kept_regions(app)
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    for y, line in enumerate(update.strips):  # type: ignore[union-attr]
        x = 0
        for strip in line:
            for segment in strip:
                style, text = segment.style, segment.text
                start, x = x, x + segment.cell_length
                if style is None or not any(is_text(c) for c in text):
                    continue
                if kept is not None and not any(r.contains(start, y) for r in kept):
                    continue
                fg = _triplet(style.color, rounded) or default_fg
                bg = _triplet(style.bgcolor, rounded) or default_bg
                if style.reverse:
                    fg, bg = bg, fg
                yield fg, bg, text.strip()


@contextmanager
def dim_recorded() -> Iterator[set[tuple[Any, Any]]]:
    """The (foreground, background) colours Textual turns `dim` text into, while open."""
    original = ANSIToTruecolor.truecolor_style
    dimmed: set[tuple[Any, Any]] = set()

    def recorded(self: ANSIToTruecolor, style: Style, background: RichColor) -> Style:
        result = original(self, style, background)
        if style.dim and result.color is not None and result.bgcolor is not None:
            dimmed.add((result.color.triplet, result.bgcolor.triplet))
        return result

    ANSIToTruecolor.truecolor_style = recorded  # type: ignore[method-assign]
    try:
        yield dimmed
    finally:
        ANSIToTruecolor.truecolor_style = original  # type: ignore[method-assign]


def measure(
    app: App[Any],
    screen: str,
    pairs: dict[Any, Pair],
    dimmed: set[tuple[Any, Any]],
    sent: Sent | None = None,
) -> None:
    """Add the text pairs of the screen shown now to `pairs` (as `sent` sends them)."""
    for fg, bg, text in cells(app):
        muted = is_muted(app, fg, bg, dimmed)
        if sent is not None:  # muted or not as drawn in truecolor, measured as sent
            fg, bg = sent(fg, bg)
        key = (fg, bg, muted)
        if key not in pairs:
            pairs[key] = Pair(fg, bg, muted)
        pairs[key].samples.setdefault(screen, text[:40])


def is_muted(app: App[Any], fg: Any, bg: Any, dimmed: set[tuple[Any, Any]]) -> bool:
    """Whether text in `fg` on `bg` is drawn muted: `dim` (as `dimmed` recorded it),
    `$text-muted`, or a text colour blended into the background."""
    theme = app.current_theme
    texts = [Color.parse(theme.foreground or "#ffffff").rgb, (255, 255, 255), (0, 0, 0)]
    return (
        (fg, bg) in dimmed
        or fg == _solid(app.theme_variables["text-muted"])
        or any(blended_toward(fg, bg, t) for t in texts)
    )


def _solid(value: str) -> tuple[int, int, int] | None:
    """A theme variable's colour, when it is one solid colour (not `auto 60%`)."""
    try:
        colour = Color.parse(value)
    except Exception:
        return None
    return colour.rgb if colour.a == 1 else None


def below_floor(theme: str, pairs: dict[Any, Pair]) -> list[Pair]:
    """The pairs under their floor, worst first."""
    return sorted((p for p in pairs.values() if p.ratio < p.floor(theme)), key=lambda p: p.ratio)


# -- the screens -------------------------------------------------------------------


async def back_to_board(pilot: Any) -> None:
    from textual.widgets import Input, Label

    from credo.ui.screens.board import BoardScreen
    from credo.ui.screens.task_forms import ChoiceScreen

    for _ in range(8):
        screen = pilot.app.screen
        if isinstance(screen, BoardScreen) and not isinstance(screen.focused, Input):
            break
        leave = isinstance(screen, ChoiceScreen) and "Leave" in str(
            screen.query_one(Label).render()
        )
        await pilot.press("y" if leave else "escape")  # a typed form asks before it drops
        await pilot.pause()
    board = pilot.app.screen
    assert isinstance(board, BoardScreen), board


def keys(*pressed: str) -> Callable[[Any], Awaitable[None]]:
    async def visit(pilot: Any) -> None:
        from pilots import settle

        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return visit


async def toasts(pilot: Any) -> None:
    from pilots import settle

    for severity in ("information", "warning", "error"):
        pilot.app.notify(f"a {severity} toast", severity=severity, timeout=60)
    await settle(pilot)


VISITS: list[Visit] = [
    ("board", keys()),
    ("board filter", keys("slash", "d", "a", "t", "a")),
    ("add dialog", keys("a", "P", "l", "o", "t", "space", "exclamation_mark")),
    ("drop dialog", keys("d")),
    ("help", keys("question_mark")),
    ("palette", keys("ctrl+p", "t", "h", "e")),
    ("toasts", toasts),
    ("experiments", keys("E")),
    ("experiments output", keys("E", "o")),
    ("checklists", keys("C")),
    ("commits", keys("H")),
    ("data", keys("D")),
    ("report", keys("R")),
    ("runs", keys("r")),
    ("run", keys("r", "enter")),
    ("run diff", keys("r", "enter", "d")),
]
"""Every main view and a dialog, toast, filter bar and palette, each from the board."""


async def measure_theme(
    app_class: Any, store: Any, theme: str, colours: str = "truecolor", visits: list[Visit] = VISITS
) -> dict[Any, Pair]:
    """Every text pair of `visits` in a new app started in `theme` (as a saved choice),
    back on the board after each, as a terminal of `colours` (see `terminal`) gets it."""
    from credo.store.userconfig import save_user_config
    from pilots import settle

    save_user_config(theme=theme)
    pairs: dict[Any, Pair] = {}
    with dim_recorded() as dimmed:
        with terminal("no-color" if colours == "no-color" else "truecolor"):
            app = app_class(store)
        sent = None
        if colours == "256":
            with terminal("256"):
                sent = sent_in_256(app_class(store), app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.theme == theme, app.theme
            for name, visit in visits:
                await visit(pilot)
                measure(app, name, pairs, dimmed, sent)
                app.clear_notifications()
                await back_to_board(pilot)
    return pairs


def shipped() -> list[str]:
    from credo.ui.themes import shipped_themes_dir

    return sorted(p.stem for p in shipped_themes_dir().glob("*.toml"))


async def _main(colours: str, everything: bool) -> None:
    from credo.demo import build_demo
    from credo.store import Store
    from credo.ui.app import CredoApp

    with tempfile.TemporaryDirectory() as home:
        for var in ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "CREDO_CONFIG_DIR"):
            os.environ[var] = f"{home}/{var.lower()}"
        built = build_demo(Path(home) / "ptvid", now=datetime.now(UTC))
        for theme in shipped():
            pairs = await measure_theme(CredoApp, Store.open(built.path), theme, colours)
            low = below_floor(theme, pairs)
            print(f"\n== {theme}: {len(pairs)} pairs, {len(low)} under the floor")
            chosen = sorted(pairs.values(), key=lambda p: p.ratio) if everything else low
            for pair in chosen:
                print("  " + pair.describe())


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parents[1]))
    colours = "256" if "--256" in sys.argv else "no-color" if "--no-color" in sys.argv else ""
    asyncio.run(_main(colours or "truecolor", "--all" in sys.argv))
