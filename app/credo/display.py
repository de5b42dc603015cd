"""Text from files (and commits) made safe to show: the one place both faces go through.

`.credo/` and commit messages travel through git, so any string in them may hold
terminal control sequences (a clipboard write, a window title, a screen clear) or
markup (`[/]` that crashes a renderer, `[link=...]` that makes a live link). What
credo shows is never obeyed: `visible` turns every control character into a sign
you can see; `escape` also makes markup brackets literal. The files keep their bytes.

Markup in credo is Rich markup: the interface hands it to Textual widgets as Rich
`Text` (`Text.from_markup`), never as a markup string, whose dialect differs.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `typing`'s: the commit hook imports this module, and not typing
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from rich.console import Console
    from rich.text import Text

_SIGNS = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ ␁ … ␛ … ␟
_SIGNS[0x7F] = "␡"
_SIGNS.update({code: "�" for code in range(0x80, 0xA0)})  # C1 controls (0x9b is CSI)
# Bidirectional overrides and isolates reorder what is shown ("Trojan source").
_SIGNS.update({code: "�" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_LINES = {code: sign for code, sign in _SIGNS.items() if code not in (0x09, 0x0A)}
"""Tabs and newlines kept (notes, logs); every other control character shown."""


def visible(text: str, *, lines: bool = True) -> str:
    """`text` with control characters shown as signs (ESC as ␛), never sent raw to a
    terminal; with `lines=False` newlines and tabs are shown too (one-line places)."""
    if text.isprintable():  # no control or format character at all: the common case, in C
        return text
    return text.translate(_LINES if lines else _SIGNS)


def bytes_in_repr(message: str) -> str:
    """`message` with a byte that was not text (held by Python as a surrogate) written as
    the streams write it (`\\xe9`: `credo.cli.streams`) where `repr` quoted it, which writes
    it `\\udce9` (credo's `{prefix!r}`, Click's `'caf\\udce9' is not one of`), and bytes
    that are UTF-8 as their text (`held_as_utf8`): one form in a message, whichever way it
    was quoted."""
    if "\\udc" not in message:
        return message
    import re  # rare: the commit hook imports this module

    def read(found: re.Match[str]) -> str:
        codes = found[0].split("\\udc")[1:]
        return held_as_utf8("".join(chr(0xDC00 + int(code, 16)) for code in codes))

    return re.sub(r"(?<!\\)(?:\\udc[89a-f][0-9a-f])+", read, message)


def held_as_utf8(text: str) -> str:
    """`text` as UTF-8 can hold it: bytes that were not text in the locale's encoding,
    which Python holds as surrogates, read as UTF-8 where they are (`café` typed under
    LC_ALL=C), each other byte as the characters `\\xe9` (`caf\\xe9` typed, or named, in
    latin-1): what a file, JSON and the streams hold of them (`credo.cli.streams`)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def one_line(text: str) -> str:
    """`text` for a one-line place: line breaks, tabs and runs of spaces as one space,
    every other control character shown (`visible`)."""
    if text.isprintable() and "  " not in text and text[:1] != " " != text[-1:]:
        return text  # the common case (a title): no whitespace but single inner spaces
    return visible(" ".join(text.split()), lines=False)


def escape(text: str) -> str:
    """`text` to put inside Rich markup: controls shown (`visible`), brackets literal."""
    from rich.markup import escape as escape_brackets  # Rich only when something is shown

    return escape_brackets(visible(text))


def rich_text(markup: str) -> Text:
    """credo's markup as Rich `Text`. Emoji codes stay as typed: a title's `:bug:` is
    shown as the file holds it, not as a picture (Rich's markup would swap it)."""
    from rich.text import Text

    return Text.from_markup(markup, emoji=False)


def cut(text: str, width: int) -> str:
    """`text` in at most `width` terminal cells (a wide character such as 日 or an emoji
    takes two): whole when it fits, else its start and `…`."""
    from rich.cells import cell_len, chop_cells

    if cell_len(text) <= width:
        return text
    if width < 2:
        return "…"[:width]
    return chop_cells(text, width - 1)[0] + "…"


def cut_at_a_word(text: str, width: int) -> str:
    """`cut`, before the word it would cut through (`skipped: quick look…`, not `skipped:
    quick lo…`), with no sign left dangling (`passed…` of `passed · 2 verified`); a first
    word too long is cut as `cut` does."""
    short = cut(text, width)
    if short == text or len(short) < 2:
        return short
    kept = short[:-1]
    if not text[len(kept)].isspace() and " " in kept:
        kept = kept[: kept.rindex(" ")]
    return kept.rstrip(" ·:;,") + "…"


def cut_in_the_middle(text: str, width: int) -> str:
    """`text` in at most `width` terminal cells: whole when it fits, else its start and
    its end with … between, where commands that share a start differ (`python train.py
    --c… --lr 0.3`). The end is whole words that never start on an option's value (`…
    --lr 0.3`, not `… 40 --lr 0.3` of `--steps 40 --lr 0.3`); in a narrow column they
    take the start's room (`pyth… --lr 0.3`); where none fit, the last cells of a last
    word that is no option's value, else no end (`python t…`, not `pyth… 0.3`)."""
    from rich.cells import cell_len, chop_cells

    if cell_len(text) <= width:
        return text
    if width < 2:
        return "…"[:width]
    half = (width - 1) // 2
    # the end takes half the cells, more if an option and its value need them, as long
    # as the start keeps its first word (`python…`), else all but the `…`
    first = cell_len(text.split(" ")[0])
    words = (
        _last_words(text, half - 1)
        or _last_words(text, width - 2 - first)
        or _last_words(text, width - 2)
    )
    *before, last = text.split(" ")
    if words:
        end = f" {words}"
    elif before and _is_option(before[-1]):  # its value alone would read as a bare number
        end = ""
    else:
        end = _last_cells(last, half)
    room = width - 1 - cell_len(end)
    return (chop_cells(text, room)[0] if room else "") + "…" + end


def cut_apart(texts: Sequence[str], width: int) -> list[str]:
    """Each of `texts` (a column's cells) in at most `width` cells, as `cut_in_the_middle`
    cuts it, but where they share their first words (a sweep's runs) the words where they
    differ stay in sight: `python tr… --lr 1e-3 --steps 15` from them on, or, when those
    run long, `python train.py --lr 1e-3 --c…` up to the last one that differs, or
    `python… --lr 1e-3 …` (`python… --lr 1e-3 --st…`) where even that does not fit."""
    split = [text.split(" ") for text in texts]
    shared = _shared_words(split)
    if shared > 1 and _is_option(split[0][shared - 1]):
        shared -= 1  # the option a differing value belongs to (`--lr 1e-3`)
    if shared < 2:  # no start alike, or nothing differs: each as it is cut alone
        return [cut_in_the_middle(text, width) for text in texts]
    same_end = _shared_words([words[: shared - 1 : -1] for words in split])
    return [
        _cut_apart(text, words, width, shared, same_end)
        for text, words in zip(texts, split, strict=True)
    ]


def _cut_apart(text: str, words: list[str], width: int, shared: int, same_end: int) -> str:
    """`text` (its `words`) cut as `cut_apart` cuts it, with its first `shared` words
    and its last `same_end` alike in every cell of its column."""
    from rich.cells import cell_len, chop_cells

    if cell_len(text) <= width or shared >= len(words):
        return cut_in_the_middle(text, width)
    from_there = " " + " ".join(words[shared:])
    room = width - 1 - cell_len(from_there)
    if room >= max(cell_len(words[0]), 1):  # a word kept: `python tr… --lr 1e-3 --steps 15`
        return chop_cells(text, room)[0] + "…" + from_there
    up_to_there = " ".join(words[: len(words) - same_end])
    if cell_len(up_to_there) < width:  # `python train.py --lr 1e-3 --c…`
        return chop_cells(text, width - 1)[0] + "…"
    if cell_len(window := f"{words[0]}… {up_to_there.split(' ', shared)[-1]} …") <= width:
        return window  # `python… --lr 1e-3 …`
    if cell_len(f"{words[0]}… {' '.join(words[shared : shared + 2])}") < width:
        return cut(f"{words[0]}…{from_there}", width)  # `python… --lr 1e-3 --st…`
    return cut_in_the_middle(text, width)


def _shared_words(split: list[list[str]]) -> int:
    """How many first words every one of `split` has alike (0 when they are all alike:
    nothing differs to keep in sight)."""
    shared = 0
    for words in zip(*split, strict=False):
        if len(set(words)) > 1:
            return shared
        shared += 1
    return 0 if len({len(words) for words in split}) == 1 else shared


def _last_words(text: str, width: int) -> str:
    """The most last words of `text` in at most `width` cells that do not start on the
    value of the option before them (empty when there are none)."""
    from rich.cells import cell_len

    words, kept = text.split(" "), ""
    for start in range(len(words) - 1, 0, -1):
        more = " ".join(words[start:])
        if cell_len(more) > width:
            break
        if not _is_option(words[start - 1]) or _is_option(words[start]):
            kept = more
    return kept


def _is_option(word: str) -> bool:
    """`-v`, `--lr`: not `-0.3` (a negative number) nor `-` (standard input)."""
    return word[:1] == "-" and word[1:2] not in ("", ".", *"0123456789")


def cut_at_the_start(text: str, width: int) -> str:
    """`text` in at most `width` terminal cells: whole when it fits, else `… ` and its last
    words, whole, where a command's flags are, from an option on, never its value (`…
    --limit 1 --epochs 300`, not `… overfit-one --limit 1 --epochs 300`); its last cells
    where that would keep its last option alone and drop a value before it, which may be
    all that tells two commands apart (`…mit 10 --epochs 300`, not `… --epochs 300`), or
    where its last word alone is too long."""
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    if kept := _last_words(text, width - 2):
        last = kept.split(" ")
        value = text.split(" ")[-len(last) - 1]  # before them: an option's, if it fits too
        if sum(map(_is_option, last)) > 1 or cell_len(f"{value} {kept}") > width - 2:
            return "… " + kept
    return "…"[:width] + _last_cells(text, width - 1)


def _last_cells(text: str, width: int) -> str:
    """The end of `text` in at most `width` cells."""
    from rich.cells import cell_len

    end = ""
    for char in reversed(text):
        if cell_len(char + end) > width:
            break
        end = char + end
    return end


def console(**options: Any) -> Console:
    """A Rich console for credo's text (Rich's options as given): emoji codes in what it
    prints stay as typed, as in `rich_text`."""
    from rich.console import Console

    return Console(emoji=False, **options)


def writes_utf8(stream: object) -> bool:
    """Whether `stream` (a text stream) encodes UTF-8, so takes every character: not
    where the locale is C without Python's coercion, latin-1, or PYTHONIOENCODING says."""
    import codecs

    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return False
    # the Linux console's (`credo.console_glyphs`) is UTF-8 with a few marks swapped
    return codecs.lookup(str(encoding)).name in ("utf-8", "utf-8-linux-console")
