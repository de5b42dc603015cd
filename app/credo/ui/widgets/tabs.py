"""Tabs labelled with their keys (`Details 1`) that fit the width they are given."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.widgets import Tab, TabbedContent, Tabs

from credo.display import cut


class KeyedTabs(TabbedContent):
    """A TabbedContent whose tab labels, each a word and its key (`Metrics 4`), fit its
    width: Textual's cut the last ones without a sign (`Metr`), and a tab out of sight
    could not be clicked. Too narrow for them, the labels drop their keys (`?` lists
    them), then every word is cut alike, each cut one ending in `…`."""

    keyed: tuple[str, ...] = ()
    """The labels as the panes give them."""

    def on_mount(self) -> None:
        self.keyed = tuple(tab.label_text for tab in self._tabs())
        # A click on a tab took the keys to the tab bar, where j/k and the arrows did
        # nothing (the experiment log's list stopped moving): a click shows the tab as
        # its key does, and the keys stay where they were.
        self.query_one(Tabs).can_focus = False

    def on_resize(self, event: events.Resize) -> None:
        for tab, label in zip(self._tabs(), fitted(self.keyed, event.size.width), strict=True):
            if tab.label_text != label:
                tab.label = label

    def _tabs(self) -> list[Tab]:
        return list(self.query_one(Tabs).query(Tab))


def fitted(labels: tuple[str, ...], width: int) -> tuple[str, ...]:
    """`labels` (`Details 1`...) as `width` cells show them whole, a tab padding its label
    with a cell on each side: as given, else without their keys, else each word cut to
    the longest length that fits, with `…` for the letters cut."""
    room = width - 2 * len(labels)
    if sum(map(cell_len, labels)) <= room:
        return labels
    return cut_alike(tuple(label.rsplit(" ", 1)[0] for label in labels), room)


def cut_alike(words: tuple[str, ...], room: int) -> tuple[str, ...]:
    """`words` in `room` cells together: whole when they fit, else each cut to the
    longest length that fits (a short word stays whole), with `…` for the letters cut;
    at most down to two cells each."""
    longest = max(map(cell_len, words), default=0)
    cuts = (tuple(cut(word, most) for word in words) for most in range(longest - 1, 1, -1))
    for shown in (words, *cuts):
        if sum(map(cell_len, shown)) <= room:
            break
    return shown
