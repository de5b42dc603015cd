"""The core imports without Textual (and without GitPython until it is needed)."""

import pkgutil
import subprocess
import sys

import credo

CORE_PACKAGES = (
    "domain",
    "store",
    "gitlink",
    "runs",
    "checklists",
    "actions",
    "cli",
    "agents",
    "data",
    "text",
)


def core_modules() -> list[str]:
    names = ["credo", "credo.errors", "credo.abandoned_reads"]
    for info in pkgutil.walk_packages(credo.__path__, "credo."):
        top = info.name.split(".")[1]
        if top in CORE_PACKAGES or top in ("demo", "display"):
            names.append(info.name)
    return sorted(set(names))


def test_core_modules_are_found() -> None:
    modules = core_modules()
    assert "credo.store.store" in modules and "credo.cli.tasks" in modules


def test_no_core_module_loads_textual() -> None:
    code = (
        "import importlib, sys\n"
        "bad = []\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "    if 'textual' in sys.modules:\n"
        "        bad.append(name); break\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_each_core_module_alone_loads_no_textual() -> None:
    for name in core_modules():
        code = f"import sys, {name}; assert 'textual' not in sys.modules, {name!r}"
        subprocess.run([sys.executable, "-c", code], check=True)


def test_credo_package_is_tiny_for_training_scripts() -> None:
    heavy = ("pydantic", "git", "textual", "rich")
    code = f"import sys, credo; print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy}))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_module_loads_duckdb_until_a_data_command_reads() -> None:
    """DuckDB is the optional `data` extra: only `Engine()` imports it."""
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print('duckdb' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_models_load_no_pydantic_module_they_do_not_need() -> None:
    """Every command and the board import the models: a duration's text form is given to
    pydantic-core directly, not through `PlainSerializer`, whose module (eight dataclasses
    made as it loads) nothing else of credo's start needs."""
    loaded = "'pydantic.functional_serializers' in sys.modules"
    code = f"import sys, credo.domain.models; print({loaded})"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
