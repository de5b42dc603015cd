"""Any choice of test folders collects: pytest (prepend import mode, no packages) imports
each test file and helper by its bare name, and every folder's conftest.py as `conftest`."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).parent


def test_no_test_imports_conftest_and_no_two_modules_share_a_name() -> None:
    """`from conftest import TODAY` in tests/ui got tests/hostile/conftest.py when that
    folder's was loaded last (`pytest tests/ui tests/hostile`): helpers live in modules
    of their own, each name used once."""
    files = sorted(TESTS.rglob("*.py"))
    importing = [
        str(path.relative_to(TESTS))
        for path in files
        for node in ast.walk(ast.parse(path.read_text()))
        if (isinstance(node, ast.ImportFrom) and node.module == "conftest")
        or (isinstance(node, ast.Import) and any(a.name == "conftest" for a in node.names))
    ]
    assert importing == []
    names = Counter(path.name for path in files if path.name != "conftest.py")
    assert [name for name, count in names.items() if count > 1] == []


def test_two_folders_with_their_own_conftest_collect_together() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
        + ["tests/ui/test_themes.py", "tests/hostile"],
        cwd=TESTS.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
