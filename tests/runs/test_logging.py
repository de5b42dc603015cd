"""`import credo` in a training script: light, fast to log, fork-safe, richer than scalars,
and importable from any environment `credo run` starts the script in."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.runs.metrics import MetricsReader, read_metrics
from credo.runs.shim import shim_path, with_shim
from credo.store import Store

PY = sys.executable
Credo = Callable[..., subprocess.CompletedProcess[str]]


def script(tmp_path: Path, body: str, metrics: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [PY, "-c", body],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**(env or {}), "CREDO_METRICS": str(metrics), "CREDO_PARAMS": str(metrics) + ".p"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def said_by(call: str, env: dict[str, str]) -> str:
    """What `credo.<call>` says on stderr, in a script given `env` alone."""
    result = subprocess.run(
        [PY, "-c", f"import credo; credo.{call}"], capture_output=True, text=True, env=env
    )
    return result.stderr


def test_import_credo_pulls_in_nothing_but_a_few_standard_modules(tmp_path: Path) -> None:
    out = script(
        tmp_path,
        "import sys; before = set(sys.modules); import credo\n"
        "print('\\n'.join(sorted(set(sys.modules) - before)))",
        tmp_path / "m.jsonl",
    )
    added = set(out.split())
    assert "credo" in added
    assert added - {"credo"} <= set(sys.stdlib_module_names) | {"__future__"}
    assert not {"json", "typing", "re"} & added  # json comes with the first line logged


def test_lines_written_by_one_open_file_all_arrive_once_across_a_fork(tmp_path: Path) -> None:
    metrics = tmp_path / "m.jsonl"
    script(
        tmp_path,
        "import os, credo\n"
        "for step in range(1000):\n"
        "    credo.log_metric(step=step, loss=1 / (step + 1))\n"
        "pid = os.fork()\n"  # the parent's unwritten lines must not be written twice
        "if pid == 0:\n"
        "    credo.log_metric(step=5000, child=1.0)\n"
        "    os._exit(0)\n"  # as multiprocessing's workers end: no atexit
        "os.waitpid(pid, 0)\n"
        "credo.log_metric(step=1000, loss=0.0)\n",
        metrics,
    )
    lines = [json.loads(line) for line in metrics.read_text().splitlines()]
    assert [line["step"] for line in lines if "loss" in line] == list(range(1001))
    assert [line["step"] for line in lines if "child" in line] == [5000]


RANKS = """
import multiprocessing, os, sys, types
def init_process_group(rank):
    # torch.distributed as the script has initialised it, for credo's lookup only:
    # torch itself is not needed (a stand-in with the two functions credo asks)
    distributed = types.ModuleType("torch.distributed")
    distributed.is_initialized = lambda: True
    distributed.get_rank = lambda: rank
    sys.modules["torch.distributed"] = distributed
def train(rank, first_line, told_by):
    if told_by != "torch.distributed":  # as torchrun, mpirun or srun set it
        os.environ[told_by] = str(rank)
    from credo import log_histogram, log_metric, log_params
    log_params(seed=0)
    if told_by == "torch.distributed":  # torch.multiprocessing.spawn sets no RANK
        log_metric(step=0, before_init=rank)  # no rank known yet: unmarked
        init_process_group(rank)
    if rank == 0:
        first_line.wait()  # rank 1 writes first, then both at once
    for step in range(500):
        log_metric(step=step, loss=rank + 1 / (step + 1))
        if rank == 1:
            log_metric(step=step, last_stage_loss=1 / (step + 1))  # logged by rank 1 only
            first_line.set()
    log_histogram("probs", [rank] * 10, step=500)
if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    first_line = multiprocessing.Event()
    told_by = sys.argv[1]
    ranks = [
        multiprocessing.Process(target=train, args=(r, first_line, told_by)) for r in (0, 1)
    ]
    for process in ranks:
        process.start()
    for process in ranks:
        process.join()
        assert process.exitcode == 0
"""


@pytest.mark.parametrize(
    "told_by", ["RANK", "OMPI_COMM_WORLD_RANK", "PMI_RANK", "SLURM_PROCID", "torch.distributed"]
)
def test_each_curve_of_a_distributed_training_is_one_ranks(tmp_path: Path, told_by: str) -> None:
    """Both ranks of a torchrun logging their loss made one curve zigzagging between two
    processes, its first point the rank that wrote first: two runs with the same seed
    'started' at different losses, and seed-fixed failed and held the next run. Under
    torch.multiprocessing.spawn, which sets no RANK, the rank is torch.distributed's; under
    mpirun or srun, the launcher's."""
    metrics = tmp_path / "m.jsonl"
    (tmp_path / "ranks.py").write_text(RANKS)
    told = f"import runpy, sys; sys.argv[1:] = [{told_by!r}]\n"
    script(tmp_path, told + "runpy.run_path('ranks.py', run_name='__main__')", metrics)
    lines = [json.loads(line) for line in metrics.read_text().splitlines()]
    assert len([line for line in lines if "before_init" not in line]) == 1500 + 2
    series = read_metrics(metrics)
    assert series.bad_lines == 0
    assert series.curves["loss"] == [(float(s), 1 / (s + 1)) for s in range(500)]
    assert len(series.curves["last_stage_loss"]) == 500  # where rank 0 logs none: rank 1's
    assert series.rich[("histogram", "probs")].data["edges"] == [-0.5, 0.5]
    params = Path(str(metrics) + ".p").read_text().splitlines()
    assert [json.loads(line) for line in params] == [{"seed": 0}, {"seed": 0}]
    if told_by == "torch.distributed":
        assert sorted(line["before_init"] for line in lines if "before_init" in line) == [0, 1]
        assert all("process_rank" not in line for line in lines if "before_init" in line)


def test_histograms_curves_and_confusion_matrices_are_read_back(tmp_path: Path) -> None:
    metrics = tmp_path / "m.jsonl"
    script(
        tmp_path,
        "import credo\n"
        "credo.log_histogram('probs', [0.1, 0.2, 0.2, 0.9], step=1)\n"
        "credo.log_histogram('probs', [i / 1000 for i in range(1000)], step=2)\n"
        "credo.log_curve('roc', [0, 0.1, 1], [0, 0.8, 1], step=2, x_label='FPR', y_label='TPR')\n"
        "credo.log_curve('pr', list(range(5000)), [1.0] * 5000)\n"
        "credo.log_confusion('valid', ['EP', 'BP'], [[40, 2], [5, 53]], step=2)\n"
        "credo.log_metric(step=2, loss=0.3)\n",
        metrics,
    )
    lines = [json.loads(line) for line in metrics.read_text().splitlines()]
    first, second = lines[0], lines[1]
    assert first["values"] == [0.1, 0.2, 0.2, 0.9] and sum(first["counts"]) == 4
    assert "values" not in second and second["count"] == 1000 and sum(second["counts"]) == 1000
    series = read_metrics(metrics)
    assert series.curves == {"loss": [(2.0, 0.3)]}  # the rich lines make no scalar curves
    probs = series.rich[("histogram", "probs")]
    assert probs.step == 2 and probs.count == 2 and len(probs.data["edges"]) == 31
    roc = series.rich[("curve", "roc")]
    assert roc.data["x"] == [0, 0.1, 1] and roc.data["labels"] == ["FPR", "TPR"]
    pr = series.rich[("curve", "pr")]
    assert len(pr.data["x"]) == 2000 and pr.data["x"][0] == 0 and pr.data["x"][-1] == 4999
    confusion = series.rich[("confusion", "valid")]
    assert confusion.data == {"labels": ["EP", "BP"], "matrix": [[40, 2], [5, 53]]}


def test_numpy_steps_and_values_are_written_as_plain_numbers(tmp_path: Path) -> None:
    """A loop counting with NumPy (or a tensor) must not fail only under `credo run`."""
    pytest.importorskip("numpy")
    metrics = tmp_path / "m.jsonl"
    script(
        tmp_path,
        "import numpy as np, credo\n"
        "step = np.int64(3)\n"
        "credo.log_metric(step=step, loss=np.float32(0.5))\n"
        "credo.log_histogram('probs', np.array([0.1, 0.9]), step=step)\n"
        "credo.log_curve('roc', np.array([0, 1]), np.array([0, 1]), step=step)\n"
        "credo.log_confusion('v', ['a', 'b'], np.array([[1, 0], [0, 1]]), step=step)\n",
        metrics,
    )
    lines = [json.loads(line) for line in metrics.read_text().splitlines()]
    assert [line["step"] for line in lines] == [3, 3, 3, 3]
    assert lines[0]["loss"] == 0.5


def test_a_metric_named_first_as_log_histogram_and_mlflow_name_it_is_logged(
    tmp_path: Path,
) -> None:
    """`log_metric("loss", 0.5, step=3)`, the order of credo's own `log_histogram` and of
    MLflow's `log_metric`, stopped the training with a TypeError ("got multiple values for
    argument 'step'"), outside `credo run` too. It logs the metric now; a name without
    its value (or a value without its name) says both ways to write it."""
    metrics = tmp_path / "m.jsonl"
    script(
        tmp_path,
        "import credo\n"
        "credo.log_metric('loss', 0.5, step=3)\n"
        "credo.log_metric('valid_loss', 0.75, 3)\n"
        "credo.log_metric(4, loss=0.25)\n"
        "credo.log_metric(step=5, value=1.0)\n",
        metrics,
    )
    lines = [json.loads(line) for line in metrics.read_text().splitlines()]
    assert [{k: v for k, v in line.items() if k != "time"} for line in lines] == [
        {"step": 3, "loss": 0.5},
        {"step": 3, "valid_loss": 0.75},
        {"step": 4, "loss": 0.25},
        {"step": 5, "value": 1.0},
    ]
    for call in ("log_metric('loss', step=1)", "log_metric(1, 0.5)"):
        said = said_by(call, {"CREDO_METRICS": str(tmp_path / "n.jsonl")})
        assert "log_metric('loss', 0.31, step=10) or log_metric(step=10, loss=0.31), not" in said
    assert not (tmp_path / "n.jsonl").exists()


def test_params_given_as_one_dict_or_argparse_namespace_are_recorded(tmp_path: Path) -> None:
    """`log_params(vars(args))` and `log_params({"lr": 3e-4})`, as a script records its
    argparse options or its config dict (MLflow's `log_params` takes one), stopped the
    training with "log_params() takes 0 positional arguments but 1 was given". They are
    recorded now, argparse's Namespace itself too, a keyword winning over the dict."""
    metrics = tmp_path / "m.jsonl"
    script(
        tmp_path,
        "import argparse, credo\n"
        "credo.log_params({'lr': 3e-4, 'batch': 64}, batch=32)\n"
        "credo.log_params(argparse.Namespace(seed=0, optimizer='adamw'))\n",
        metrics,
    )
    lines = [json.loads(line) for line in (tmp_path / "m.jsonl.p").read_text().splitlines()]
    assert lines == [{"lr": 3e-4, "batch": 32}, {"seed": 0, "optimizer": "adamw"}]
    said = said_by("log_params(3)", {"CREDO_PARAMS": str(tmp_path / "n.jsonl")})
    assert "log_params(lr=3e-4, batch=64) or log_params({'lr': 3e-4, 'batch': 64})" in said
    assert not (tmp_path / "n.jsonl").exists()


def test_a_float32_param_is_kept_as_it_is_written(tmp_path: Path) -> None:
    """`log_params(lr=np.float32(0.1))` recorded lr = 0.10000000149011612, the float64 it
    widens to, so `credo runs ls --where lr=0.1` missed the run. A float32 is now kept as
    its shortest decimal, as NumPy prints it; a float64 keeps every digit."""
    pytest.importorskip("numpy")
    metrics = tmp_path / "m.jsonl"
    script(
        tmp_path,
        "import numpy as np, credo\n"
        "credo.log_params(lr=np.float32(0.1), wd=np.float32(1e-4), big=np.float32(3.4e38),"
        " third=np.float64(1 / 3), plain=0.1)\n",
        metrics,
    )
    params = json.loads((tmp_path / "m.jsonl.p").read_text())
    assert params == {"lr": 0.1, "wd": 1e-4, "big": 3.4e38, "third": 1 / 3, "plain": 0.1}


def test_a_matrix_of_the_wrong_shape_is_refused_at_once(tmp_path: Path) -> None:
    said = said_by(
        "log_confusion('v', ['a', 'b'], [[1, 2]])", {"CREDO_METRICS": str(tmp_path / "m.jsonl")}
    )
    assert "the matrix must be 2×2" in said


def test_the_reader_follows_a_growing_file_line_by_whole_line(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    reader = MetricsReader(path)
    assert not reader.read()  # not there yet
    path.write_text('{"step": 0, "loss": 1.0}\n{"step": 1, "lo')
    assert reader.read() and reader.series.curves["loss"] == [(0.0, 1.0)]
    with path.open("a") as out:
        out.write('ss": 0.5}\n')
    assert reader.read() and reader.series.curves["loss"] == [(0.0, 1.0), (1.0, 0.5)]
    assert not reader.read()
    path.write_text('{"step": 0, "acc": 0.1}\n')  # rewritten shorter: read again
    assert reader.read() and reader.series.curves == {"acc": [(0.0, 0.1)]}


def test_logging_outside_credo_run_writes_nothing(tmp_path: Path) -> None:
    result = subprocess.run(
        [PY, "-c", "import credo; credo.log_metric(step=1, loss=1); credo.log_histogram('h', [1])"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={},
        check=False,
    )
    assert result.returncode == 0 and list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def bare_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second Python environment without credo (as a project's own venv would be)."""
    folder = tmp_path_factory.mktemp("project-venv")
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / "bin" / "python"
    missing = subprocess.run([python, "-c", "import credo"], capture_output=True, check=False)
    assert missing.returncode == 1 and b"No module named 'credo'" in missing.stderr
    return python


def test_a_script_in_an_environment_without_credo_logs_through_credo_run(
    store: Store, repo: Path, credo: Credo, bare_venv: Path
) -> None:
    (repo / "train.py").write_text(
        "from credo import log_metric, log_params\n"
        "log_params(lr=0.01)\n"
        "for step in range(3):\n"
        "    log_metric(step=step, loss=1 / (step + 1))\n"
        "print('trained')\n"
    )
    result = credo(repo, "run", "--skip-gate", "--", str(bare_venv), "train.py", "--batch", "8")
    assert result.returncode == 0, result.stderr
    assert "trained" in result.stdout
    [run] = store.runs()
    assert run.metrics == {"loss": pytest.approx(1 / 3)} and run.best == {"loss": 1 / 3}
    assert run.params == {"batch": 8, "lr": 0.01}


def test_the_shim_adds_only_credo_after_the_childs_own_path(store: Store, tmp_path: Path) -> None:
    folder = shim_path(store)
    assert folder is not None and sorted(p.name for p in folder.iterdir()) == ["credo"]
    assert [p.name for p in (folder / "credo").iterdir()] == ["__init__.py"]
    env = with_shim({"PYTHONPATH": f"/mine{':'}/theirs"}, folder)
    assert env["PYTHONPATH"] == f"/mine:/theirs:{folder}"
    assert with_shim({}, folder)["PYTHONPATH"] == str(folder)


def test_a_credo_installed_where_the_script_runs_wins_over_the_shim(
    store: Store, tmp_path: Path
) -> None:
    """This very environment has credo (the project is credo): the shim gives way, so
    `credo.cli` (which the shim does not hold) still imports."""
    folder = shim_path(store)
    assert folder is not None
    result = subprocess.run(
        [PY, "-c", "import credo, credo.runs.metrics; print(credo.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(folder)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    import credo

    assert result.stdout.strip() == credo.__file__


def test_a_series_snapshot_is_its_own() -> None:
    from credo.runs.metrics import Rich, Series

    series = Series(
        {"loss": [(0.0, 1.0)]}, {"loss": [0.0]}, {("curve", "roc"): Rich("curve", "roc", 1, {}, 1)}
    )
    copy = series.snapshot()
    assert copy == series
    series.curves["loss"].append((1.0, 0.5))
    series.times["loss"].append(1.0)
    series.rich[("curve", "pr")] = Rich("curve", "pr", 1, {}, 1)
    series.curves["acc"] = [(0.0, 0.1)]
    assert copy.curves == {"loss": [(0.0, 1.0)]} and copy.times == {"loss": [0.0]}
    assert list(copy.rich) == [("curve", "roc")]


def test_a_curve_of_unequal_lengths_counts_in_words_that_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`x has 1 values`: the count said with the plural helper, `x has 1 value`."""
    import credo

    monkeypatch.setenv("CREDO_METRICS", str(tmp_path / "metrics.jsonl"))
    with pytest.raises(ValueError, match=r"^log_curve\('roc'\): x has 1 value, y has 2$"):
        credo.log_curve("roc", [0.5], [0.1, 0.2])
