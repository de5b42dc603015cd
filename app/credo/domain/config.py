"""Settings: the project's (shared through git) and the user's (personal)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from credo.domain.defaults import empty_dict, empty_list
from credo.domain.durations import Duration

CODE_PATHS = (
    "*.py", "*.ipynb", "*.sh", "*.c", "*.cpp", "*.cu", "*.h", "*.rs", "*.jl", "*.R",
    "*.yaml", "*.yml", "*.toml", "*.cfg", "*.json", "Makefile", "Dockerfile", "requirements*.txt",
)  # fmt: skip
"""Code and its configuration; docs, `.credo/` and `data_paths` never count."""
SBATCH_OPTION = r"^-[^\s=]+(=\S*(\s+[^\s-]\S*)*\s*)?$"
"""One sbatch option per item, its value after `=`: sbatch reads `--partition gpu` as
an option it does not know (and `-p gpu` as partition ` gpu`), and `--gpus=1 --time=5`
as a GPU count of `1 --time=5` (words in a value, `--comment=two words`, are fine)."""


class ProjectConfig(BaseModel):
    """`.credo/config.toml`: shared with the team through git."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    name: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\r\n]*$")] | None = Field(
        default=None,
        description=(
            "The project's name, the report's title in every clone (unset: the name of "
            "the origin remote's repository, else the project's folder)."
        ),
        examples=["lm-pretraining"],
    )
    urgency_horizon_days: int = Field(
        default=2, ge=0, le=365, description="A task due within this many days counts as urgent."
    )
    default_timebox: Duration = Field(
        default=timedelta(minutes=25), description="Timebox of a new experiment when none is given."
    )
    gate_packs: list[str] = Field(
        default_factory=lambda: ["training-recipe"],
        description="Checklist packs the gate reads before a run (a failed check there holds it).",
    )
    gate_blocking: list[str] = Field(
        default_factory=empty_list,
        description='Checks a run waits for after its experiment\'s first run ("pack/item").',
    )
    code_paths: list[str] = Field(
        default_factory=lambda: list(CODE_PATHS),
        description="Files whose change makes code checks stale: globs, or folders ending in /.",
    )
    gate_require_clean: StrictBool = Field(
        default=False,
        description="Refuse runs on a tree with uncommitted changes to tracked files.",
    )
    run_checks_hold_commits: int = Field(
        default=0,
        ge=0,
        description="How many commits a `run`-scoped tick survives (0: only the code reviewed).",
    )
    data_paths: list[str] = Field(
        default_factory=empty_list,
        description="Files and folders (relative to the repository) fingerprinted for each run.",
    )
    tensorboard_dir: str | None = Field(
        default=None,
        description="Folder with TensorBoard event files to read scalar metrics from.",
        examples=["runs"],
    )
    env_keep: list[str] = Field(
        default_factory=empty_list,
        description='More environment variables to record with each run: names or globs ("OPT_*").',
    )
    share_run_artifacts: StrictBool = Field(
        default=False,
        description="Share runs' output, patches and metrics through git (else only run.toml).",
    )
    lost_after: Duration = Field(
        default=timedelta(minutes=15),
        description="A run on another host silent for this long shows as lost?.",
    )
    patch_limit_bytes: int = Field(
        default=5_000_000,
        ge=0,
        description=(
            "Uncommitted diffs larger than this are cut when saved with a run; untracked "
            "files with no room left under it are named, not read."
        ),
    )
    sbatch: list[Annotated[str, Field(pattern=SBATCH_OPTION)]] = Field(
        default_factory=empty_list,
        description='sbatch options of every --slurm job: ["--partition=gpu", "--gpus=1"].',
    )


class UserConfig(BaseModel):
    """`config.toml` in the user's config folder: personal choices."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    theme: str | None = Field(default=None, description="Name of the theme to start with.")
    keymap: dict[str, str] = Field(
        default_factory=empty_dict, description='Binding id -> keys, e.g. `{"board.add" = "n"}`.'
    )


RUN_SETTINGS = (
    "gate_packs", "gate_blocking", "gate_require_clean", "code_paths", "run_checks_hold_commits",
    "sbatch",
)  # fmt: skip
"""The settings that say how runs go (the gate's, and SLURM's options): a near miss of one
not set (`gate_bloking`) holds runs, as a value that does not fit does, rather than
letting them go on with a default the team did not choose."""
