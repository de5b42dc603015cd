"""The README's quick-add lines, typed as a person types them into a shell."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

Credo = Callable[..., subprocess.CompletedProcess[str]]
README = Path(__file__).parents[2] / "README.md"


def _in_an_interactive_bash(repo: Path, line: str) -> None:
    """Run `line` after another command, with bash's history expansion on as in an
    interactive shell, where `!!` in double quotes is the command before, and `credo`
    the console script under test."""
    script = f"set -o history -o histexpand\necho an earlier command\n{line}\n"
    on_path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PATH": on_path}
    subprocess.run(["bash", "-c", script], cwd=repo, env=env, check=True, capture_output=True)


def test_the_readme_shows_each_mark_typed_in_the_shell_and_it_works(
    repo: Path, credo: Credo
) -> None:
    """The quick-add table offers `!!` and `!^`, and a newcomer typed them in the double
    quotes of the README's example: `credo add "Fix the tokenizer bug !^"` in bash added
    "Fix the tokenizer bug <the last command's first word>", neither important nor urgent
    (history expansion), with no word of it. The README now says to use single quotes
    there and shows a line; that line, typed into bash, adds what it says."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Quick-add syntax") : text.index("## Runs")]
    lines = re.findall(r"^credo add '.*'$", section, re.MULTILINE)
    assert lines, "the quick-add section shows a line to type in the shell"
    marks = "".join(lines)
    assert "!^" in marks and 'due:"' in marks  # the marks history expansion and quotes hit
    credo(repo, "init")
    for line in lines:
        _in_an_interactive_bash(repo, line)
    (task,) = json.loads(credo(repo, "ls", "--json").stdout)
    assert task["title"] == "Fix the tokenizer" and task["important"] and task["urgent"]
    assert task["tags"] == ["code"] and task["due"] and task["assignee"] == "agent:codex"
