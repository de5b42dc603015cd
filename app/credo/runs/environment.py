"""What a run ran in: chosen environment variables, the Python, the packages that matter.

Environment variables are kept by name allow-list only, and a value that looks like
a secret is never written, whatever its name.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from credo.errors import BadFileError
from credo.runs.background import joined
from credo.runs.launchers import PYTHON
from credo.store.confine import CONFIG_CAP, read_capped
from credo.store.files import parse_toml_bytes

ALLOWED_NAMES = frozenset(
    {
        "CUDA_VISIBLE_DEVICES",
        "CUBLAS_WORKSPACE_CONFIG",
        "PYTHONHASHSEED",
        "PYTHONPATH",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "TOKENIZERS_PARALLELISM",
        "WORLD_SIZE",
        "RANK",
        "LOCAL_RANK",
        "MASTER_PORT",
        "VIRTUAL_ENV",
        "CONDA_DEFAULT_ENV",
        "CONDA_PREFIX",
        "HF_HOME",
        "HF_DATASETS_OFFLINE",
        "TRANSFORMERS_OFFLINE",
        "WANDB_MODE",
        "WANDB_PROJECT",
        "LANG",
    }
)
ALLOWED_PREFIXES = (
    "CUDA_",
    "NCCL_",
    "TORCH_",
    "XLA_",
    "JAX_",
    "SLURM_",
    "PJRT_",
    # TensorFlow's own families, not all of `TF_`: Terraform uses it too (TF_CLI_CONFIG_FILE,
    # TF_VAR_*, TF_TOKEN_*), and its settings say nothing about a training run.
    "TF_CPP_",
    "TF_ENABLE_",
    "TF_FORCE_",
    "TF_XLA_",
    "TF_GPU_",
    "TF_CUDNN_",
    "TF_DETERMINISTIC_",
    "TF_NUM_INTEROP_",
    "TF_NUM_INTRAOP_",
    "TF_USE_LEGACY_KERAS",
)
_SECRET_NAME = re.compile(
    r"KEY|TOKEN|SECRET|PASSW|PASSPHRASE|CREDENTIAL|AUTH|PRIVATE|COOKIE|SESSION"
)
_SECRET_VALUE = re.compile(
    r"^(sk-|ghp_|gho_|ghs_|github_pat_|xox[abpr]-|AKIA|ASIA|hf_|eyJ|glpat-|AIza)"
    r"|-----BEGIN|://[^/\s:]+:[^@\s]+@"
)

WELL_KNOWN_PACKAGES = (
    "torch",
    "torchvision",
    "jax",
    "jaxlib",
    "flax",
    "tensorflow",
    "numpy",
    "scipy",
    "pandas",
    "scikit-learn",
    "transformers",
    "datasets",
    "tokenizers",
    "accelerate",
    "lightning",
    "pytorch-lightning",
    "xgboost",
    "lightgbm",
)
MAX_PACKAGES = 40


def looks_secret(value: str) -> bool:
    """A token, key or password-bearing URL: recognisable shapes, or long random text."""
    if _SECRET_VALUE.search(value):
        return True
    compact = value.strip()
    if len(compact) >= 32 and " " not in compact and "/" not in compact:
        kinds = sum(
            any(test(c) for c in compact) for test in (str.isupper, str.islower, str.isdigit)
        )
        return kinds >= 3 or bool(re.fullmatch(r"[0-9a-fA-F]{32,}", compact))
    return False


def secret(name: str, value: str) -> bool:
    """Whether a name=value pair must never be written down."""
    return bool(_SECRET_NAME.search(name.upper())) or looks_secret(value)


def capture_env(environ: Mapping[str, str], keep: Iterable[str] = ()) -> dict[str, str]:
    """The allow-listed variables of `environ`, and those matching `keep` (names or globs
    from the project's `env_keep`); secret-looking names or values are left out."""
    patterns = [p for p in keep if p]
    kept = {}
    for name, value in environ.items():
        if name not in ALLOWED_NAMES and not name.startswith(ALLOWED_PREFIXES):
            if not any(fnmatch.fnmatchcase(name, p) for p in patterns):
                continue
        if secret(name, value):
            continue
        kept[name] = value
    return dict(sorted(kept.items()))


def declared_packages(project_root: Path) -> list[str]:
    """Distribution names the project declares (pyproject dependencies, requirements.txt)."""
    names: list[str] = []
    try:  # committed files: a plain file under the cap, never a link to /dev/zero
        data = parse_toml_bytes(_read(project_root, "pyproject.toml"), "pyproject.toml")
    except (OSError, BadFileError):
        data = {}
    project = data.get("project", {}) if isinstance(data, dict) else {}
    deps = project.get("dependencies", []) if isinstance(project, dict) else []
    names.extend(str(d) for d in deps if isinstance(d, str))
    for name in ("requirements.txt", "requirements-dev.txt"):
        try:
            lines = _read(project_root, name).decode("utf-8").splitlines()
        except (OSError, BadFileError, UnicodeDecodeError):
            continue
        names.extend(line for line in lines if line.strip() and not line.lstrip().startswith("-"))
    return _requirement_names(names)


def _read(project_root: Path, name: str) -> bytes:
    return read_capped(project_root / name, name, CONFIG_CAP, "a project file credo reads")


def _requirement_names(specs: Iterable[str]) -> list[str]:
    found = []
    for spec in specs:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec.split("#", 1)[0])
        if match and match.group(1).lower() not in found:
            found.append(match.group(1).lower())
    return found


def python_for(command: list[str], path: str | None) -> str | None:
    """The interpreter the command runs under: itself when it is a python, else `python3`."""
    first = Path(command[0]).name if command else ""
    if PYTHON.fullmatch(first):
        return shutil.which(command[0], path=path) or command[0]
    return shutil.which("python3", path=path) or shutil.which("python", path=path)


PROBE = Path(__file__).with_name("package_probe.py")
"""The script the run's Python runs to name its packages' versions (see its docstring)."""


def _answer(stdout: bytes | str) -> tuple[str, dict[str, str]]:
    try:
        answer = json.loads(stdout)
    except ValueError:
        return "", {}
    if not isinstance(answer, dict):
        return "", {}
    packages = answer.get("packages", {})
    if not isinstance(packages, dict):
        packages = {}
    return str(answer.get("python", "")), dict(list(packages.items())[:MAX_PACKAGES])


class VersionQuery:
    """The run's Python asked for its version and its packages' versions, started early.

    The interpreter is started at once, so its start-up runs beside credo's own (imports,
    git, the gate) instead of after it; the names to ask go to its stdin once the
    project is known (`ask`), and a thread reads the answer. `result` waits for it.
    """

    def __init__(self, command: list[str], env: Mapping[str, str]) -> None:
        self.python = ""
        self.packages: dict[str, str] = {}
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        interpreter = python_for(command, env.get("PATH"))
        if not interpreter:
            return
        try:
            self._proc = subprocess.Popen(
                [interpreter, "-I", str(PROBE)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=dict(env),
            )
        except OSError:
            self._proc = None

    def ask(self, project_root: Path) -> None:
        """Send the names worth asking (see `packages_to_ask`); the answer comes in a thread."""
        if self._proc is None or self._thread is not None:
            return
        names = packages_to_ask(project_root)
        self._thread = threading.Thread(target=self._read, args=(names,), daemon=True)
        self._thread.start()

    def _read(self, names: list[str]) -> None:
        assert self._proc is not None
        try:
            out, _ = self._proc.communicate(json.dumps(names).encode(), timeout=20)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            self.cancel()
            return
        self.python, self.packages = _answer(out)

    def result(
        self, timeout: float = 20, stop: threading.Event | None = None
    ) -> tuple[str, dict[str, str]] | None:
        """(python version, {package: version}); empty when the Python could not tell,
        None when `stop` was set before it did (the query is ended)."""
        if self._thread is not None and not joined(self._thread, timeout, stop):
            if stop is not None and stop.is_set():
                self.cancel()
                return None
        return self.python, self.packages

    def cancel(self) -> None:
        """Stop the query if it still runs (credo is leaving without an answer)."""
        end_query(self._proc)


def end_query(proc: subprocess.Popen[bytes] | None) -> None:
    """Kill a helper process that still runs (credo no longer waits for its answer)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        proc.kill()
        proc.wait(timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        pass


def packages_to_ask(project_root: Path) -> list[str]:
    """The short list worth recording: what the project declares, then well-known ML ones."""
    names = declared_packages(project_root)
    for name in WELL_KNOWN_PACKAGES:
        if name not in names:
            names.append(name)
    return names[: MAX_PACKAGES * 2]


def path_of(environ: Mapping[str, str]) -> str | None:
    return environ.get("PATH", os.defpath)
