"""What every credo screen shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from credo.ui.app import CredoApp


class CredoScreen(Screen[None]):
    """A screen of the credo app, with typed access to it (store, history, today)."""

    @property
    def credo(self) -> CredoApp:
        from credo.ui.app import CredoApp

        assert isinstance(self.app, CredoApp)
        return self.app
