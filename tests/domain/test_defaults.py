"""Empty defaults that pydantic reads without `inspect` parsing a builtin's text signature
(`credo.domain.defaults`): its first parse compiles `tokenize`'s regular expressions, 11 ms
of every command that builds a model."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys

from pydantic import BaseModel

import credo
from credo.domain.defaults import empty_dict, empty_list


def credo_models() -> list[type[BaseModel]]:
    """Every pydantic model credo defines (modules that need an optional extra skipped)."""
    found: dict[str, type[BaseModel]] = {}
    for info in pkgutil.walk_packages(credo.__path__, "credo."):
        if info.name == "credo.__main__":
            continue  # runs the command line
        try:
            module = importlib.import_module(info.name)
        except ImportError:
            continue
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseModel)
                and value.__module__.startswith("credo.")
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return list(found.values())


def test_no_model_has_a_builtin_type_as_default_factory() -> None:
    models = credo_models()
    assert len(models) > 20  # the walk found them (Task, Run, ProjectConfig, ThemeFile...)
    builtin = [
        f"{model.__qualname__}.{name}"
        for model in models
        for name, field in model.model_fields.items()
        if inspect.isclass(field.default_factory) and field.default_factory.__module__ == "builtins"
    ]
    assert builtin == []


def test_the_empty_defaults_are_new_each_time() -> None:
    assert empty_list() == [] and empty_list() is not empty_list()
    assert empty_dict() == {} and empty_dict() is not empty_dict()


def test_building_the_everyday_models_compiles_no_tokenizer() -> None:
    code = (
        "import credo.cli, tokenize\n"
        "from credo.domain.models import Task, Experiment\n"
        "from credo.domain.config import ProjectConfig, UserConfig\n"
        "from credo.ui.themes import ThemeFile\n"
        "Task(id='abcdabcdabcdabcd', title='x'); Experiment.model_rebuild()\n"
        "ProjectConfig(); UserConfig(); ThemeFile.model_rebuild()\n"
        "print(tokenize._compile.cache_info().currsize)\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "0"
