"""The footer of every view: Textual's own, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's Footer rebuilds all its key widgets (~15 ms) at each bindings signal,
    and focus moves and screen resumes send them with the same keys: three at
    start-up, and one each time the filter box or a form takes the focus."""

    _keys: tuple[object, ...] | None = None
    """What the last rebuild showed."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        palette = screen.app.COMMAND_PALETTE_BINDING
        keys = tuple(
            (key, binding.key_display, binding.description, binding.group, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )
        if keys == self._keys:
            return
        # As Textual's Footer decides: it rebuilds only for its own screen, with the app
        # focused (an unfocused app's signal must not count as shown).
        if screen.app.app_focus and screen is self.screen:
            self._keys = keys
        super().bindings_changed(screen)
