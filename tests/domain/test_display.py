"""credo.display: control characters shown as signs, markup made literal, text cut to
the terminal cells it takes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from credo.display import (
    cut,
    cut_apart,
    cut_at_the_start,
    cut_in_the_middle,
    escape,
    one_line,
    visible,
)


def test_control_characters_become_visible_signs() -> None:
    osc52 = "\x1b]52;c;cHduZWQ=\x07"
    assert visible(osc52) == "␛]52;c;cHduZWQ=␇"
    assert visible("a\x9b2Jb\x7f") == "a�2Jb␡"  # C1's CSI, DEL
    assert visible("right\u202eleft") == "right�left"  # a bidi override
    assert visible("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert visible("one\nline", lines=False) == "one␊line"
    assert visible("plain text, ünïcödé, 中文") == "plain text, ünïcödé, 中文"


@given(st.text(alphabet=st.sampled_from(" a\t\n\x1b\xa0\u3000\u2028\u202e日")) | st.text())
def test_one_line_is_the_text_with_its_whitespace_as_single_spaces_and_controls_shown(
    text: str,
) -> None:
    """`one_line` returns a title as it is when there is nothing to change (every TAB
    that offers ids takes it of each title): whatever the text, as it was made before."""
    assert one_line(text) == visible(" ".join(text.split()), lines=False)
    assert one_line(" two  spaces\u3000and\nlines ") == "two spaces and lines"


def test_escaped_markup_reads_back_as_the_text() -> None:
    for text in ("[/]", "[link=https://e.x]x[/link]", "[b]x", "ends with \\", "[WIP] a"):
        assert Text.from_markup(f"[b]{escape(text)}[/]").plain == text
    assert Text.from_markup(escape("\x1b[2J[/]")).plain == "␛[2J[/]"


def test_a_cut_counts_terminal_cells_not_characters() -> None:
    """A wide character (日, an emoji) takes two cells: a cut by characters overflowed."""
    from rich.cells import cell_len

    assert cut("Details", 7) == "Details"
    assert cut("Details", 4) == "Det…"
    assert cut("日本語日本語", 5) == "日本…"  # 4 + 1 cells
    assert cut("日本語日本語", 6) == "日本…"  # half of 語 does not show: one cell short
    assert cut("run 🔥🔥🔥", 6) == "run …"
    assert [cut("Details", n) for n in (0, 1, 2)] == ["", "…", "D…"]
    for text in ("日本語のラベル", "🔥 loss went nan 🔥", "naïve café"):
        assert all(cell_len(cut(text, n)) <= n for n in range(12))


def test_a_cut_in_the_middle_keeps_both_ends_in_its_cells() -> None:
    from rich.cells import cell_len

    command = "python train.py --config configs/base.yaml --lr 0.1"
    assert cut_in_the_middle(command, 60) == command
    assert cut_in_the_middle(command, 30) == "python train.py --co… --lr 0.1"
    assert cut_in_the_middle("日本語日本語日本語", 7) == "日本…語"  # wide: 4 + 1 + 2 cells
    assert cut_in_the_middle("日本語日本語日本語", 8) == "日本…語"  # not "日本 …語"
    assert [cut_in_the_middle(command, n) for n in (0, 1, 2)] == ["", "…", "p…"]
    emoji = "train 🔥🔥🔥🔥🔥 done"
    assert all(cell_len(cut_in_the_middle(emoji, n)) <= n for n in range(20))


def test_a_cut_in_the_middle_shows_no_value_without_its_option() -> None:
    """The runs table cut `--steps 40 --lr 0.3` to `… 40 --lr 0.3`: a 40 of nothing, or
    `…m 4 --alpha 1` for `--ngram 4`. Its end is whole words now, from an option on."""
    steps = "python train.py --steps 40 --lr 0.3"
    assert cut_in_the_middle(steps, 26) == "python train.py … --lr 0.3"
    assert cut_in_the_middle(steps, 30) == "python train.py --st… --lr 0.3"
    ngram = "python nb.py --ngram 4 --alpha 1 --lr -0.3"  # a negative number is a value
    assert cut_in_the_middle(ngram, 34) == "python nb.py --ngram 4 … --lr -0.3"


def test_commands_cut_together_keep_where_they_differ_in_sight() -> None:
    """A sweep's commands share their start and their end: each cut in the middle, they
    read alike (`python train.py --l… --steps 15`, the rate cut out of every one)."""
    sweep = [f"python train.py --lr {lr} --steps 15" for lr in ("1e-3", "3e-3", "1e-2")]
    assert cut_apart(sweep, 40) == sweep
    assert cut_apart(sweep, 31)[0] == "python tr… --lr 1e-3 --steps 15"
    assert cut_apart(sweep, 20) == [f"python… --lr {lr} …" for lr in ("1e-3", "3e-3", "1e-2")]
    long_end = [f"python train.py --lr {lr} --config configs/base.yaml" for lr in ("0.1", "0.3")]
    assert cut_apart(long_end, 30) == [
        "python train.py --lr 0.1 --co…",
        "python train.py --lr 0.3 --co…",
    ]
    mixed = ["python train.py --steps 200", *sweep]  # one run of the user's before it
    assert cut_apart(mixed, 24)[1:] == [
        f"python… --lr {lr} --ste…" for lr in ("1e-3", "3e-3", "1e-2")
    ]
    other = ["python nb.py --ngram 4 --alpha 1", "python train.py --rung overfit-one"]
    assert cut_apart(other, 20) == [cut_in_the_middle(text, 20) for text in other]
    assert cut_apart([sweep[0]], 20) == [cut_in_the_middle(sweep[0], 20)]  # nothing differs
    spaced = [" a b --lr 1 --steps 5", " a b --lr 2 --steps 5"]  # its first word: empty
    for width in range(1, 24):
        assert all(cell_len(cell) <= width for cell in cut_apart(spaced, width))


def test_a_narrow_cut_in_the_middle_shows_no_value_without_its_option() -> None:
    """In a column of 9 to 15 cells the end fell back to the command's last cells, a value
    cut from its option: `pyth… 0.3`, `pytho…r 0.3`, `python…lr 0.3`. The whole words
    take the start's room now (`… --lr 0.3`), and where they cannot fit, no end is shown
    rather than a bare value (`python t…`); a last word that is no option's value (a
    script's path) still shows its end."""
    steps = "python train.py --steps 40 --lr 0.3"
    shown = [cut_in_the_middle(steps, n) for n in (9, 10, 12, 15)]
    assert shown == ["python t…", "… --lr 0.3", "py… --lr 0.3", "pytho… --lr 0.3"]
    ends = {cut_in_the_middle(steps, n).partition("…")[2] for n in range(2, len(steps))}
    assert ends == {"", " --lr 0.3"}
    assert cut_in_the_middle("python /very/long/path/to/the/script.py", 14) == "python …ipt.py"


def test_a_cut_at_the_start_keeps_a_commands_last_words_whole() -> None:
    """A rung's command, cut in the middle, hid what tells rungs apart: `python train.py
    --…it 1 --epochs 300` and `--…t 10 --epochs 300`, the rung and its limit gone. Cut
    at the start, the last words stay, whole."""
    from rich.cells import cell_len

    one = "python train.py --rung overfit-one --limit 1 --epochs 300"
    assert cut_at_the_start(one, 60) == one
    assert cut_at_the_start(one, 36) == "… --limit 1 --epochs 300"
    assert cut_at_the_start(one, 44) == "… --rung overfit-one --limit 1 --epochs 300"
    assert cut_at_the_start("python --a-flag-too-long-to-keep", 10) == "…g-to-keep"
    assert cut_at_the_start("日本語日本語 日本語", 8) == "… 日本語"  # wide: 2 + 6 cells
    assert cut_at_the_start("日本語日本語日本語", 8) == "…日本語"  # 1 + 6 cells, not 8
    assert [cut_at_the_start(one, n) for n in (0, 1, 2)] == ["", "…", "…0"]
    emoji = "train 🔥🔥🔥🔥🔥 done"
    assert all(cell_len(cut_at_the_start(emoji, n)) <= n for n in range(20))


def test_a_cut_at_the_start_starts_at_an_option_and_keeps_rungs_apart() -> None:
    """It started on whatever word fit first, often a value: `… 10 --epochs 300`, a 10
    of nothing, or `… overfit-one --limit 1`. It starts at an option now, where one fits
    (`… --lr 10 --epochs 300`); where that would keep the last option alone and drop the
    value before it, which tells the rungs apart, the value stays with its option's end."""
    lr = "python train.py --lr 10 --epochs 300"
    assert cut_at_the_start(lr, 22) == "… --lr 10 --epochs 300"
    assert cut_at_the_start(lr, 19) == "…lr 10 --epochs 300"
    assert cut_at_the_start(lr, 14) == "… --epochs 300"  # no room for the value's option
    one = "python train.py --rung overfit-one --limit 1 --epochs 300"
    ten = "python train.py --rung overfit-ten --limit 10 --epochs 300"
    assert cut_at_the_start(one, 20) == "…imit 1 --epochs 300"
    assert cut_at_the_start(ten, 20) == "…mit 10 --epochs 300"
    for width in range(20, 60):  # rung_command's narrowest and up
        cuts = cut_at_the_start(one, width), cut_at_the_start(ten, width)
        assert cuts[0] != cuts[1], width
        for each in cuts:
            assert not each.startswith(("… 1", "… overfit")), (width, each)
