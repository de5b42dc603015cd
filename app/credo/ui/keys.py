"""Keys shown to people: the help screen and the command palette read the same bindings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def key_label(app: Any, key: str) -> str:
    """`question_mark` -> `?`, `ctrl+r` -> `^r`, as the footer writes them."""
    return str(app.get_key_display(_binding_for(key)))


def _binding_for(key: str) -> Any:
    from textual.binding import Binding

    return Binding(key, "")


def in_declared_order(active_bindings: dict[str, Any]) -> list[Any]:
    """A screen's active bindings, node by node from the focused one to the app, each
    node's in the order it declares them.

    Textual moves a key the keymap rebinds to the end of its node's keys, so a
    remapped Add fell off the footer's right edge; here it keeps its place.
    """
    actives = list(active_bindings.values())
    # The focused widget's keys first, the app's last, as Textual's binding chain goes:
    # in its map a priority binding of the app that takes a widget's key (ctrl+z, from
    # a text area) takes that key's place, which put the app's keys before the view's.
    return sorted(
        actives,
        key=lambda a: (-len(a.node.ancestors_with_self), _declared_place(a.node, a.binding)),
    )


def _declared_place(node: Any, binding: Any) -> int:
    places, declared_key = _key_places(type(node))
    key = declared_key.get(binding.id, binding.key) if binding.id else binding.key
    return places.get(key, len(places))


_KEY_PLACES: dict[type, tuple[dict[str, int], dict[str, str]]] = {}


def _key_places(node_class: type) -> tuple[dict[str, int], dict[str, str]]:
    """Where Textual's merge of a class's BINDINGS puts each key (a subclass's key keeps
    its parent's place, as in Textual's own order), and the key each binding id was
    declared with. Once per class: the footer asks at every bindings signal."""
    from textual.binding import Binding

    if node_class in _KEY_PLACES:
        return _KEY_PLACES[node_class]
    places: dict[str, int] = {}
    declared_key: dict[str, str] = {}
    for cls in reversed(node_class.__mro__):
        for entry in vars(cls).get("BINDINGS", ()):
            declared = entry if isinstance(entry, Binding) else Binding(*entry)
            for key in (part.strip() for part in declared.key.split(",")):
                places.setdefault(key, len(places))
                if declared.id:
                    declared_key.setdefault(declared.id, key)
    _KEY_PLACES[node_class] = places, declared_key
    return places, declared_key


def keys_taken(node_class: type, keymap: Mapping[str, str]) -> list[tuple[Any, str, str]]:
    """(binding, key, taker) for each key of `node_class`'s bindings that the keymap gives
    to another of its bindings: Textual drops the binding's key without a word (its own
    clash check misses it), and a binding left with no key cannot be reached."""
    from textual.binding import Binding

    bindings = [
        entry if isinstance(entry, Binding) else Binding(*entry)
        for cls in reversed(node_class.__mro__)
        for entry in vars(cls).get("BINDINGS", ())
    ]
    ids = {binding.id for binding in bindings if binding.id}
    given = {
        key.strip(): binding_id
        for binding_id, keys in keymap.items()
        if binding_id in ids
        for key in keys.split(",")
    }
    return [
        (binding, key, given[key])
        for binding in bindings
        if binding.id not in keymap
        for key in (part.strip() for part in binding.key.split(","))
        if given.get(key, binding.id) != binding.id
    ]


BINDING_IDS = frozenset(
    f"{scope}.{name}"
    for scope, names in {
        "app": "checklists commits experiments help palette quit report suspend theme",
        "board": "add clear_filter data detail done down drop edit experiment filter"
        " in_progress left move_delegate move_do move_eliminate move_schedule pin problems"
        " redo reorder_down reorder_up right runs today_only undo undo_agent up",
        "exp": "abandon back baseline clear_filter close extend filter metric next open_run"
        " pause problems redo runs search start tab_details tab_diff tab_metrics tab_output"
        " undo undo_agent",
        "runs": "back clear_filter column_left column_right compare curves down filter first"
        " last mark open page_down page_up problems sort up",
        "run": "back search tab_diff tab_metrics tab_output tab_params tab_verdicts",
        "chart": "log metric smooth x zoom zoom_close",
        "compare": "back curve",
        "curves": "back",
        "checks": "acknowledge back leave_review na next_pack note old save still_true toggle",
        "data": "back balance by cues diff label look mark overlap record stop",
        "report": "close copy day month week",
        "commits": "back detail linked more open problems",
        "commit-detail": "close",
        "add": "cancel",
        "edit": "cancel save",
        "assignee": "skip",
        "choice": "cancel",
        "exp-start": "cancel start",
        "exp-close": "cancel close",
        "exp-abandon": "abandon cancel",
        "exp-extend": "add cancel",
        "detail": "close",
        "box": "close",
        "help": "close",
        "problems": "close",
        "list": "down up",
    }.items()
    for name in names.split()
)
"""The id of every binding of credo's interface, which a user's `[keymap]` may name:
known without importing every view for its BINDINGS (tests/ui/test_board_imports.py checks
that they have these ids, no more, no fewer)."""


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """A line for each id of the user's `[keymap]` that no binding of credo's has (a typo,
    or a binding renamed since), with its line and the closest id there is: Textual ignores
    it without a word, and the key stays as it was."""
    from credo.store.files import unknown_field
    from credo.store.userconfig import user_config_path

    unknown = [name for name in keymap if name not in BINDING_IDS]
    path = user_config_path()
    try:  # read again for the lines (the app read it on start): gone since, no line
        text = path.read_text("utf-8", "replace") if unknown else None
    except OSError:
        text = None
    known = sorted(BINDING_IDS)
    return [
        unknown_field(str(path), name, known, "[keymap] ", text, inside=("keymap",))
        for name in unknown
    ]


def described_bindings(screen: Any) -> list[tuple[str, str, str]]:
    """(keys, description, tooltip) of credo's bindings (those with an id), keymap applied,
    the command palette's among them (as the footer shows it: `^p palette`).

    Textual's own scroll and focus keys have no id and stay out of the way. A pair of moves (a
    `Binding.Group`: the lists' j/k, the board's arrows and h/j/k/l, K/J, the runs table's
    home/end and pages) is one row, each move's keys together, in the order the row's words
    name them (`↓/j/↑/k  Down/up`). The app's keys (the other views, help, quit, the
    palette) come first: on a small terminal they are the ones a newcomer looks for, and
    they would be below the fold.
    """
    keys: dict[tuple[object, Any], dict[str, list[str]]] = {}
    said: dict[tuple[object, Any], tuple[str, str]] = {}
    actives = in_declared_order(screen.active_bindings)
    for active in sorted(actives, key=lambda active: active.node is not screen.app):
        binding = active.binding
        if not binding.description or not binding.id:
            continue
        group = binding.group
        slot = (group or binding.action, active.node)
        labels = keys.setdefault(slot, {})
        label = key_label(screen.app, binding.key)
        if not any(label in shown for shown in labels.values()):
            labels.setdefault(binding.id, []).append(label)
        words = group.description if group else binding.description
        said[slot] = (words, said.get(slot, ("", ""))[1] or binding.tooltip)
    return [
        ("/".join(_by_move(node, labels)), *said[kind, node])
        for (kind, node), labels in keys.items()
    ]


def _by_move(node: Any, keys: dict[str, list[str]]) -> list[str]:
    """The keys of a row's bindings (by id), each binding's together, in the order the
    node declares them: `↓/j/↑/k` (Down, then Up). Taken in turns (`↓/↑/j/k`), a pair
    the keymap left uneven read wrong: `"board.up" = "w"` gave `↓/w/j`, now `↓/j/w`."""
    declared = list(_key_places(type(node))[1])
    return [key for binding_id in sorted(keys, key=declared.index) for key in keys[binding_id]]


def binding_commands(screen: Any) -> list[tuple[str, str, Any, str]]:
    """(title, help, node, action) for the command palette, from the screen's bindings.

    The action runs on the node that declared the binding (the app's own keys, such as
    Report or Help, are the app's actions, not the screen's), as the key runs it. The
    palette reads the help as markup: a key shown as `[/]` or `[T]` would be a tag.
    """
    rows = []
    seen = {"command_palette"}  # the palette's own key (app.palette): it is open already
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or not binding.id or binding.action in seen:
            continue
        seen.add(binding.action)
        help_text = f"{binding.tooltip} [{key_label(screen.app, key)}]".strip()
        rows.append(
            (binding.description, help_text.replace("[", "\\["), active.node, binding.action)
        )
    return rows
