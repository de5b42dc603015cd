"""The footer of every view: the screen's keys, drawn by one widget as Textual's Footer
draws them."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from credo.ui.keys import in_declared_order


class Hint(NamedTuple):
    """One key the footer shows."""

    key: str
    """What a click presses."""
    shown: str
    """The key as written for people (`^r`, `?`)."""
    description: str
    enabled: bool
    tooltip: str
    action: str = ""


class KeysFooter(Widget):
    """Textual's Footer, drawn as one line by one widget.

    Textual's makes a FooterKey widget per key and styles each several times as it
    mounts (~50 ms of the board's start); then it rebuilds them all at each bindings
    signal, and focus moves and screen resumes send those with the same keys. This one
    looks the same (the same component classes and theme variables, composed as the
    FooterKey widgets composed them) and acts the same: a click presses the key, a
    disabled key only beeps, hovering highlights a key and shows its tooltip, and the
    command palette's key stays on the right. It draws again only when the keys change.
    A footer too narrow for its keys shows, in their order, those that fit whole beside
    esc (the way back) and the help key (which lists them all), never cut (Textual's
    scrolls, and cut `esc Board` and `? Help` off). Under a dialog it shows the
    dialog's keys (`dialog_over`). Binding groups are not drawn as groups (credo's, pairs of
    moves that `?` lists in one row, are not shown here).
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key",
        "footer-key--hover",
        "footer-key--disabled",
        "footer-key--key",
        "footer-key--description",
        "footer-key--palette-edge",
    }
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .footer-key {
            background: $footer-item-background;
        }
        .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .footer-key--disabled {
            text-style: dim;
        }
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--palette-edge {
            color: $foreground 20%;
        }
    }
    """

    _shown: tuple[tuple[Hint, ...], Hint | None] = ((), None)
    """The keys, and the command palette's key, as last drawn."""
    _pointer: int | None = None
    """The mouse's column over the footer."""
    _places: tuple[tuple[int, int, Hint], ...] = ()
    """The cells each key took in the last drawing (end excluded)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        # As Textual's Footer decides: an unfocused app's signal must not count as shown.
        if not screen.app.app_focus:
            return
        shown = keys_of(dialog_over(screen))
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        hints, palette = self._shown
        places: list[tuple[int, int, Hint]] = []
        palette_drawn = self._palette(palette) if palette else Strip([])
        room = max(0, width - palette_drawn.cell_length)
        start = 0
        drawn: list[Segment] = []
        for hint in fitting(hints, room):
            if start >= room:
                break
            end = min(room, start + key_width(hint))
            hovered = self._hovered(start, end)
            drawn += self._key(hint, hovered, f" {hint.shown} ", f"{hint.description} ")
            places.append((start, end, hint))
            start += key_width(hint)
        if palette:
            places.append((room, width, palette))
        self._places = tuple(places)
        blank = Style(background=self.visual_style.background).rich_style  # as a container's
        keys = Strip(drawn).adjust_cell_length(room, blank)
        return Strip.join([keys, palette_drawn]).crop(0, width)

    def _hovered(self, start: int, end: int) -> bool:
        return self._pointer is not None and start <= self._pointer < end

    def _layers(self, hint: Hint, hovered: bool) -> tuple[str, ...]:
        """The component classes that stand for the FooterKey widget under a key's text."""
        item = "footer-key--hover" if hovered else "footer-key"
        return (item,) if hint.enabled else (item, "footer-key--disabled")

    def _key(self, hint: Hint, hovered: bool, key: str, description: str) -> list[Segment]:
        layers = self._layers(hint, hovered)
        return [
            Segment(key, self.get_visual_style(*layers, "footer-key--key").rich_style),
            Segment(
                description, self.get_visual_style(*layers, "footer-key--description").rich_style
            ),
        ]

    def _palette(self, hint: Hint) -> Strip:
        """The palette's key as Textual draws it: compact (`^p palette`), a thin edge on
        its left and a space after (in the key's background only, as Textual pads)."""
        width = self.size.width
        hovered = self._hovered(width - key_width(hint), width)
        item = self.get_visual_style(self._layers(hint, hovered)[0]).background
        edge = (
            self.visual_style.background
            + self.get_component_styles("footer-key--palette-edge").color
        )
        return Strip(
            [
                Segment("▏", Style(background=item, foreground=edge).rich_style),
                *self._key(hint, hovered, hint.shown, f" {hint.description}"),
                Segment(" ", Style(background=item).rich_style),
            ]
        )

    def _hint_at(self, x: int | None) -> Hint | None:
        if x is None:
            return None
        return next((hint for start, end, hint in self._places if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._point(event.x)

    def on_leave(self, event: events.Leave) -> None:
        self._point(None)

    def _point(self, x: int | None) -> None:
        before, after = self._hint_at(self._pointer), self._hint_at(x)
        self._pointer = x
        if after is before:
            return
        self.tooltip = after.tooltip if after and after.tooltip else None
        self.styles.pointer = "pointer" if after else "default"
        self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.press(event.x)

    def press(self, x: int) -> None:
        """A click at `x`: presses the key drawn there (a disabled one beeps)."""
        hint = self._hint_at(x)
        if hint is None:
            return
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()


def fitting(hints: tuple[Hint, ...], room: int) -> tuple[Hint, ...]:
    """The keys a footer of `room` cells shows: all when they fit; else, in their order,
    the way back (esc) and the help key, whatever the room, and those before them that
    fit whole beside them."""
    if sum(map(key_width, hints)) <= room:
        return hints
    left = room - sum(key_width(hint) for hint in hints if always_shown(hint))
    shown: list[Hint] = []
    for hint in hints:
        if not always_shown(hint):
            left -= key_width(hint)  # once short, short for every key after
            if left < 0:
                continue
        shown.append(hint)
    return tuple(shown)


SWITCHED_OFF = "(False)"
"""How the action of a switch's key ends while the switch narrows the view (`switch_bindings`)."""


def always_shown(hint: Hint) -> bool:
    """The keys a narrow footer never cuts: esc, the way back (or out of a box); the key
    that turns off a switch narrowing the view (`T Every task`), the way back from it:
    cut at 120 columns, nothing said how to see every task again; and the help key,
    which lists the keys cut."""
    return hint.key == "escape" or hint.action == "help" or hint.action.endswith(SWITCHED_OFF)


def key_width(hint: Hint) -> int:
    """The cells a key takes: ` key description ` (or the palette's `▏key description `)."""
    return cell_len(hint.shown) + cell_len(hint.description) + 3


def dialog_over(screen: Screen[object]) -> Screen[object]:
    """The screen whose keys `screen`'s footer shows: the dialog open over it (a modal
    screen, which lets the footer show through) or, with none, `screen` itself. Under a
    dialog only the dialog's keys work: the view's would type their letters into it."""
    stack = screen.app.screen_stack
    above = stack[stack.index(screen) + 1 :] if screen in stack else []
    return above[-1] if above and all(over.is_modal for over in above) else screen


def keys_of(screen: Screen[object]) -> tuple[tuple[Hint, ...], Hint | None]:
    """What Textual's Footer shows for `screen`'s bindings: one key per action (the
    first bound), then the command palette's key."""
    app = screen.app
    active = screen.active_bindings
    hints: dict[str, Hint] = {}
    for _, binding, enabled, tooltip in in_declared_order(active):
        if binding.show and binding.action not in hints:
            shown = app.get_key_display(binding)
            hints[binding.action] = Hint(
                binding.key, shown, binding.description, enabled, tooltip, binding.action
            )
    palette = None
    # Found by its action: `[keymap]` may give it another key than ctrl+p (`app.palette`).
    for _, binding, enabled, _ in active.values():
        if app.ENABLE_COMMAND_PALETTE and binding.action == "command_palette":
            tooltip = binding.tooltip or binding.description
            shown = app.get_key_display(binding)
            palette = Hint(binding.key, shown, binding.description, enabled, tooltip)
            break
    return tuple(hints.values()), palette
