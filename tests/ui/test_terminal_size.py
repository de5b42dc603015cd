"""The board follows its window's size on a real pseudo-terminal, whatever size the
shell exported."""

from __future__ import annotations

import re
from pathlib import Path

from credo.store import Store
from terminal import PROMPT, Shell

ROWS_DRAWN = re.compile(rb"\x1b\[(\d+);\d+H")
"""Where a frame puts each of its lines (Textual moves the cursor to each)."""


def test_a_resize_is_drawn_with_columns_and_lines_exported(store: Store, repo: Path) -> None:
    """An rc file that exports COLUMNS and LINES (the size the window had when the shell
    started): Textual takes them before the terminal's own size, and a window resized
    was never drawn anew. The board follows the window."""
    shell = Shell(repo, columns=120)
    try:
        shell.run("export COLUMNS=120 LINES=40")
        shell.type("credo; echo rc=$?\n")
        shell.expect("palette")  # the board's footer: it is open
        mark = len(shell.seen)
        shell.resize(30, 100)
        shell.expect("palette")  # drawn again, down to its footer
        assert max(int(row) for row in ROWS_DRAWN.findall(shell.seen[mark:])) == 30
        shell.type("q")
        assert shell.expect(r"rc=\d+").endswith("rc=0")
        shell.expect(re.escape(PROMPT))
    finally:
        shell.close()
