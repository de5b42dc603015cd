"""Tab completion: `credo completion SHELL`, and what TAB offers after each command, as
Click's completion asks for it (its environment variables), on real stores."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.shell_completion import split_arg_string
from click.testing import CliRunner

from credo import actions
from credo.actions.experiments import start_experiment
from credo.cli import main
from credo.domain.models import Experiment, Run, Task
from credo.store import Store
from credo.store.ids import new_id
from terminal import PROMPT, Shell


def offered(line: str) -> list[tuple[str, str]]:
    """What TAB offers at the end of `line` in zsh: (value, help) pairs, `_` for no help.
    Whatever credo printed besides them (a warning, a traceback) fails the test."""
    words = split_arg_string(line)
    current = len(words) if line.endswith(" ") else len(words) - 1
    env = {"_CREDO_COMPLETE": "zsh_complete", "COMP_WORDS": line, "COMP_CWORD": str(current)}
    result = CliRunner().invoke(main, [], env=env, prog_name="credo")
    assert result.exit_code == 0 and result.stderr == "", result.output
    lines = result.stdout.removesuffix("\n").split("\n") if result.stdout != "\n" else []
    triples = [lines[i : i + 3] for i in range(0, len(lines), 3)]
    assert all(kind == "plain" for kind, _, _ in triples), lines
    return [(value.replace(r"\:", ":"), help_) for _, value, help_ in triples]


def values(line: str) -> list[str]:
    return [value for value, _ in offered(line)]


def test_done_offers_the_open_tasks_by_short_id_with_their_titles(store: Store) -> None:
    root = store.project_root
    first, _ = actions.add_task(store, "Check the leakage")
    going, _ = actions.add_task(store, "Plot the loss")
    finished, _ = actions.add_task(store, "Read the paper")
    actions.start_task(store, going.id, "ada@example.com")
    actions.complete_task(store, finished.id)
    short = store.short_ids(Task)
    assert offered(f"credo -C {root} done ") == [
        (short[going.id], "Plot the loss (in progress)"),  # what you are on comes first
        (short[first.id], "Check the leakage"),
    ]
    assert values(f"credo -C {root} start ") == [short[going.id], short[first.id]]
    assert offered(f"credo -C {root} undone ") == [(short[finished.id], "Read the paper (done)")]
    assert sorted(values(f"credo -C {root} edit ")) == sorted(short.values())
    assert values(f"credo -C {root} done {first.id[:2]}") == [short[first.id]]
    # typed further than the short id: the whole id, never a shorter word than typed
    assert values(f"credo -C {root} done {first.id[:9]}") == [first.id]
    # a task the line names already is not offered again
    assert values(f"credo -C {root} done {short[going.id]} ") == [short[first.id]]
    # the shell passes `~` unexpanded
    (Path.home() / "thesis").symlink_to(root)
    assert values("credo -C ~/thesis done ") == [short[going.id], short[first.id]]


def test_show_offers_tasks_experiments_and_runs_by_ids_unique_among_them(store: Store) -> None:
    root = store.project_root
    task, _ = actions.add_task(store, "Check the leakage")
    planned, _ = start_experiment(store, "Warmup helps", start=False)
    running, _ = start_experiment(store, "A bigger batch helps")
    run = Run(id=new_id(), command=["python", "train.py", "--lr", "3e-4"], experiment=running.id)
    store.create(run)
    shown = dict(offered(f"credo -C {root} show "))
    assert sorted(shown.values()) == [
        "A bigger batch helps (running)",
        "Check the leakage",
        "Warmup helps (planned)",
        "python train.py --lr 3e-4 (running)",
    ]
    for item_id in (task.id, planned.id, running.id, run.id):  # each names one item of all
        assert len([value for value in shown if item_id.startswith(value)]) == 1
    # the experiment commands offer the running one first
    assert [h for _, h in offered(f"credo -C {root} exp stop ")] == [
        "A bigger batch helps (running)",
        "Warmup helps (planned)",
    ]
    assert [h for _, h in offered(f"credo -C {root} runs compare ")] == [
        "python train.py --lr 3e-4 (running)"
    ]


def test_stop_offers_the_tasks_in_progress_and_mv_the_quadrants_a_task_is_not_in(
    store: Store,
) -> None:
    """`credo stop <TAB>` offered every open task (stop refuses one not in progress), and
    `credo mv ID <TAB>` the quadrant the task is in already (a move that changes nothing)."""
    root = store.project_root
    going, _ = actions.add_task(store, "Plot the loss ! ^")
    actions.add_task(store, "Check the leakage")
    actions.start_task(store, going.id, "ada@example.com")
    short = store.short_ids(Task)
    assert offered(f"credo -C {root} stop ") == [(short[going.id], "Plot the loss (in progress)")]
    assert values(f"credo -C {root} mv {short[going.id]} ") == [
        "schedule",
        "delegate",
        "eliminate",
    ]
    # an id that names no task (or several): every quadrant, as before
    assert values(f"credo -C {root} mv zzzz ") == ["do", "schedule", "delegate", "eliminate"]
    assert values(f"credo -C {root} ls -q ") == ["do", "schedule", "delegate", "eliminate"]


def test_quadrants_packs_tags_and_people(store: Store) -> None:
    root = store.project_root
    task, _ = actions.add_task(store, "Check the leakage #data #leaks @bruno")
    actions.add_task(store, "Plot the loss #data")
    assert values(f"credo -C {root} mv {task.id[:6]} ") == ["do", "schedule", "delegate"]
    assert offered(f"credo -C {root} mv {task.id[:6]} sch") == [
        ("schedule", "important, not urgent")
    ]
    assert values(f"credo -C {root} ls -q e") == ["eliminate"]
    packs = dict(offered(f"credo -C {root} check "))
    assert packs["data"] == "Be obsessed with your data" and "training-recipe" in packs
    assert values(f"credo -C {root} add Fix the split #") == ["#data", "#leaks"]
    assert values(f"credo -C {root} add Fix the split #l") == ["#leaks"]
    # the last word of a title in quotes, where no shell reads `#` as a comment's start
    assert values(f"credo -C {root} add 'Fix the split #l") == ["Fix the split #leaks"]
    assert values(f'credo -C {root} add "Fix the split @b') == ["Fix the split @bruno"]
    assert values(f"credo -C {root} add Fix the split --tag ") == ["data", "leaks"]
    # a word of the title holds no space: the git author "Ada Tester" is `@Ada_Tester`,
    # which the line reads as her name; an option's value is the name as it is
    assert values(f"credo -C {root} add Fix the split @") == ["@bruno", "@Ada_Tester"]
    assert values(f"credo -C {root} ls --assignee A") == ["Ada Tester"]
    added = CliRunner().invoke(main, ["-C", str(root), "add", "--json", "Review", "@Ada_Tester"])
    assert json.loads(added.stdout)["assignee"] == "Ada Tester"
    assert values(f"credo -C {root} add Fix the split") == []  # a word of the title


def test_a_file_changed_since_the_cache_is_offered_as_it_is_now(store: Store) -> None:
    """Titles come from the load cache, but never a stale one: a task edited by hand (or
    by a `git pull`) since the cache was written is read from its file."""
    root = store.project_root
    task, _ = actions.add_task(store, "Check the leakage")
    store.tasks()  # the cache knows it
    path = store.credo_dir / "tasks" / f"{task.id}.toml"
    path.write_text(path.read_text().replace("Check the leakage", "Check the split"))
    added = Task(id=new_id(), title="Written by hand")
    from credo.store.files import dump_model

    (store.credo_dir / "tasks" / f"{added.id}.toml").write_bytes(dump_model(added))
    assert sorted(h for _, h in offered(f"credo -C {root} done ")) == [
        "Check the split",
        "Written by hand",
    ]


def test_what_goes_wrong_offers_nothing_or_what_it_can_and_prints_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = store.project_root
    task, _ = actions.add_task(store, "Check the leakage")
    store.tasks()
    nowhere = tmp_path / "no-project"
    nowhere.mkdir()
    monkeypatch.chdir(nowhere)
    assert offered("credo done ") == []  # no .credo here
    assert offered(f"credo -C {tmp_path / 'gone'} done ") == []
    (store.credo_dir / "tasks" / f"{new_id()}.toml").write_text("title = [\n")  # broken
    (store.credo_dir / "cache" / "tasks.json").write_text('[2, [1, 2], {"a": ')  # damaged
    assert offered(f"credo -C {root} done ") == [(store.short_id(Task, task.id), task.title)]
    (store.credo_dir / "cache" / "tasks.json").write_text('[2, [], [], {"a": [1]}]')  # too
    assert offered(f"credo -C {root} done ") == [(store.short_id(Task, task.id), task.title)]
    config = store.credo_dir / "config.toml"
    config.write_text("urgency_horizon_days = 'soon'\n")  # a command would warn; TAB does not
    assert len(offered(f"credo -C {root} show ")) == 1
    assert offered(f"credo -C {root} add --due someday ") == []  # a bad value before TAB
    (store.credo_dir / "tasks").rename(store.credo_dir / "elsewhere")
    (store.credo_dir / "tasks").symlink_to(store.credo_dir / "elsewhere")  # refused
    assert offered(f"credo -C {root} done ") == []


def test_a_command_name_is_offered_as_click_would_without_importing_every_command() -> None:
    import click

    ctx = click.Context(main, info_name="credo")
    for typed in ("", "d", "ex", "--"):
        ours = [(item.value, item.help) for item in main.shell_complete(ctx, typed)]
        clicks = [(item.value, item.help) for item in click.Group.shell_complete(main, ctx, typed)]
        assert ours == clicks, typed
    assert values("credo d") == ["data", "demo", "done", "drop"]


def test_every_completer_a_command_names_is_one_credo_completes_with(store: Store) -> None:
    """Commands name their completers (`completers.TASK`), looked up in `credo.cli.complete`
    only on a TAB: a name it does not define would reach the prompt as a traceback."""
    import click

    def answers(ctx: click.Context) -> int:
        count = 0
        for param in ctx.command.params:
            said = param.shell_complete(ctx, "")
            assert isinstance(said, list), (ctx.command_path, param.name)
            count += 1
        if isinstance(ctx.command, click.Group):
            for name in ctx.command.list_commands(ctx):
                command = ctx.command.get_command(ctx, name)
                assert command is not None, name
                count += answers(click.Context(command, parent=ctx, info_name=name))
        return count

    root = click.Context(main, info_name="credo")
    root.params["path"] = str(store.project_root)
    assert answers(root) > 100  # every command's, the groups' own


def test_completion_prints_each_shells_script() -> None:
    runner = CliRunner()
    for shell, sign in (("bash", "complete -o nosort"), ("zsh", "compdef"), ("fish", "complete")):
        result = runner.invoke(main, ["completion", shell])
        assert result.exit_code == 0 and sign in result.stdout, shell
        assert "_CREDO_COMPLETE" in result.stdout
    said = runner.invoke(main, ["completion", "--help"]).stdout
    assert 'eval "$(credo completion bash)"' in said and "~/.bashrc" in said
    assert runner.invoke(main, ["completion", "tcsh"]).exit_code == 2


def test_credo_overrides_no_private_method_of_click() -> None:
    """Click may rename or drop a private method in any release; credo's classes override
    only public ones. Hooking `_main_shell_completion` (to register credo's shells) would
    have left TAB offering nothing, with no error (the scripts hide stderr)."""
    import importlib

    import click
    from click.shell_completion import ShellComplete

    from credo.cli.base import COMMAND_MODULES

    for module in {module for module, _ in COMMAND_MODULES.values()} | {"shells"}:
        importlib.import_module(f"credo.cli.{module}")

    def subclasses(cls: type) -> list[type]:
        return [cls, *(s for sub in cls.__subclasses__() for s in subclasses(sub))]

    ours = [
        cls
        for base in (click.Command, click.ParamType, ShellComplete)
        for cls in subclasses(base)
        if cls.__module__.startswith("credo.")
    ]
    assert {cls.__name__ for cls in ours} >= {"CredoGroup", "Bash", "Fish"}
    hooked = [
        f"{cls.__qualname__}.{name}"
        for cls in ours
        for name, value in vars(cls).items()
        if name.startswith("_") and not name.startswith("__") and callable(value)
        if any(name in vars(base) for base in cls.__mro__ if base.__module__.startswith("click"))
    ]
    assert hooked == []


def test_tab_in_bash_completes_a_task_id(store: Store, repo: Path) -> None:
    """A person's bash: the script from `credo completion bash` in it, TAB after `credo
    done ` types the one open task's id, and Enter marks it done."""
    task, _ = actions.add_task(store, "Check the leakage")
    short = store.short_id(Task, task.id)
    shell = Shell(repo)
    try:
        shell.run('eval "$(credo completion bash)"')
        shell.type("credo done \t")
        shell.expect(re.escape(f"credo done {short} "))
        shell.type("\n")
        shell.expect("Done: Check the leakage")
        shell.expect(re.escape(PROMPT))
    finally:
        shell.close()
    assert Store.open(repo).read(Task, task.id).status == "done"


def test_a_cache_of_another_format_is_not_read_as_this_one(store: Store) -> None:
    """The load cache's first element says its layout; another layout (an older or a
    newer credo's) is not trusted, whatever its items say: the titles come from the files."""
    task, _ = actions.add_task(store, "Check the leakage")
    store.tasks()  # the cache knows it
    [cache] = (store.credo_dir / "cache").glob("tasks.json")
    form, numbers, items, reread = json.loads(cache.read_bytes())
    items[0]["title"] = "Read from a cache of another layout"
    cache.write_text(json.dumps([form + 1, numbers, items, reread]))
    assert offered(f"credo -C {store.project_root} done ") == [(task.id[:4], "Check the leakage")]


def test_each_experiment_command_offers_the_experiments_it_takes(store: Store) -> None:
    """`exp pause` takes the running one, `resume` a paused or planned one, `stop` and
    `abandon` any not closed, and `extend` (`[ID] DURATION`) a running or paused one, as
    its first word only."""
    from credo.actions.experiments import pause_experiment, stop_experiment

    root = store.project_root
    done, _ = start_experiment(store, "Warmup helps")
    stop_experiment(store, done.id, "refuted", learning="it did not")
    paused, _ = start_experiment(store, "Label smoothing helps")
    pause_experiment(store, paused.id)
    planned, _ = start_experiment(store, "A bigger model helps", start=False)
    running, _ = start_experiment(store, "A bigger batch helps")

    def hypotheses(line: str) -> list[str]:
        return [said.rsplit(" (", 1)[0] for _, said in offered(f"credo -C {root} {line}")]

    assert hypotheses("exp pause ") == ["A bigger batch helps"]
    assert hypotheses("exp resume ") == ["Label smoothing helps", "A bigger model helps"]
    assert hypotheses("exp stop ") == hypotheses("exp abandon ") == hypotheses("run --exp ")
    assert hypotheses("exp stop ") == [
        "A bigger batch helps",
        "Label smoothing helps",
        "A bigger model helps",
    ]
    assert hypotheses("exp extend ") == ["A bigger batch helps", "Label smoothing helps"]
    assert offered(f"credo -C {root} exp extend {running.id[:4]} ") == []  # the duration
    assert len(offered(f"credo -C {root} exp show ")) == 4  # any, to read


def test_options_taking_a_name_or_a_fixed_word_offer_them(store: Store) -> None:
    root = store.project_root
    task, _ = actions.add_task(store, "Check the leakage")
    exp, _ = start_experiment(store, "A bigger batch helps", tags=["batch", "tuning"])
    run = Run(
        id=new_id(),
        command=["python", "train.py"],
        experiment=exp.id,
        params={"lr": 0.001, "seed": 1},
        metrics={"valid_loss": 0.4},
    )
    store.create(run)
    exp_short = store.short_id(type(exp), exp.id)
    assert values(f"credo -C {root} exp ls -t ") == ["batch", "tuning"]
    assert values(f"credo -C {root} exp start Smaller is better -t t") == ["tuning"]
    assert offered(f"credo -C {root} exp start Smaller is better --task ") == [
        (store.short_id(Task, task.id), "Check the leakage")
    ]
    assert values(f"credo -C {root} run --rung ") == ["overfit-one", "overfit-ten", "more-data"]
    assert values(f"credo -C {root} sweep --rung m") == ["more-data"]
    assert values(f"credo -C {root} runs ls --where status:f") == ["status:failed"]
    assert values(f"credo -C {root} runs ls --where gate:s") == ["gate:skipped"]
    assert offered(f"credo -C {root} runs ls --where exp:") == [
        (f"exp:{exp_short}", "A bigger batch helps (running)")
    ]
    assert values(f"credo -C {root} runs ls --where #") == ["#batch", "#tuning"]
    assert values(f"credo -C {root} runs ls --where l") == ["lr"]  # to compare: lr>=1e-3
    assert values(f"credo -C {root} runs ls --where 'lr>=1e-3 best:'") == [
        "lr>=1e-3 best:valid_loss"
    ]
    assert values(f"credo -C {root} runs ls --sort s") == ["status", "started", "seed"]
    # `-NAME`, descending: Click read the `-` as an option's start and offered options
    assert values(f"credo -C {root} runs ls --sort -s") == ["-status", "-started", "-seed"]
    assert values(f"credo -C {root} runs ls --sort=-v") == ["-valid_loss"]
    assert "--json" in values(f"credo -C {root} runs ls --sort seed -")  # options, there
    ticks = dict(offered(f"credo -C {root} check data --tick "))
    assert ticks["label-balance"] == "Check label balance per domain"
    assert values(f"credo -C {root} check data --na raw") == ["raw-samples="]  # ID=REASON
    assert values(f"credo -C {root} check data --note label") == ["label-balance="]
    assert values(f"credo -C {root} check data --not-yet raw") == ["raw-samples"]
    assert values(f"credo -C {root} data balance corpus.csv --record ") == ["data/label-balance"]
    assert values(f"credo -C {root} demo --sample ") == ["mnist-from-scratch", "ptvid"]
    assert values(f"credo -C {root} add Water the plants --every w") == ["weekday", "week"]
    assert values(f"credo -C {root} edit {task.id[:6]} --every m") == ["month"]
    assert values(f"credo -C {root} agents setup c") == ["claude", "codex", "cursor"]
    assert values(f"credo -C {root} report --format ") == ["md", "json", "rich"]


def test_paths_and_a_runs_command_are_left_to_the_shells_file_names(store: Store) -> None:
    """A data file, and the command `credo run` runs, are files: Click's answer `file`
    has the shell complete their names (TAB offered nothing there)."""
    root = store.project_root
    for line in ("data look da", "data overlap a.csv ", "run -- python tr", "sweep -- "):
        words = f"credo -C {root} {line}"
        cword = len(words.split()) - (not line.endswith(" "))
        env = {"_CREDO_COMPLETE": "zsh_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
        said = CliRunner().invoke(main, [], env=env, prog_name="credo").stdout
        assert said.startswith("file\n"), line


@pytest.mark.parametrize(
    ("typed", "value", "reply"),
    [
        ("", "Ada Tester", r"Ada\ Tester"),  # escaped: one word
        ("Ad", "Ada Tester", r"Ada\ Tester"),
        (r"Ada\ T", "Ada Tester", r"Ada\ Tester"),
        ('"Ad', "Ada Tester", "Ada Tester"),  # in the quote, which readline closes
        ("'Ad", "Ada Tester", "Ada Tester"),
        ("agent:c", "agent:codex", "codex"),  # readline completes after the `:`
        ("status:f", "status:failed", "failed"),
        ("--assignee=A", "Ada Tester", r"Ada\ Tester"),  # Click offers the value alone
        ("@A", "@Ada_Tester", "@Ada_Tester"),  # readline keeps `@` in what it completes
        ("#d", "#data", r"\#data"),  # else a comment, in an interactive bash
        ("", "lr>=1e-3 #data", r"lr\>=1e-3\ #data"),
        ("3kf", "3kfa", "3kfa"),
        ('"Ada "T', "Ada Tester", r"Ada\ Tester"),  # a closed quote is no word break
        ('agent:"co', "agent:codex", "codex"),
    ],
)
def test_bash_is_given_each_value_as_it_inserts_it(typed: str, value: str, reply: str) -> None:
    from credo.cli.shells import WORD_BREAKS, bash_reply, read_word

    assert bash_reply(value, read_word(f"credo ls {typed}", WORD_BREAKS)) == reply


def test_bash_with_the_script_of_an_older_credo_is_answered_as_before(store: Store) -> None:
    """`credo completion bash > file` saved Click's script, which hands over COMP_WORDS
    and no line: it gets Click's answer, not the command names for every word."""
    task, _ = actions.add_task(store, "Check the leakage @agent:codex")
    words = f"credo -C {store.project_root} done "
    env = {"_CREDO_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": "4"}
    said = CliRunner().invoke(main, [], env=env, prog_name="credo").stdout
    assert said == f"plain,{store.short_id(Task, task.id)}\n"


def test_a_first_tab_without_a_load_cache_builds_it(store: Store) -> None:
    """In a fresh clone no load cache is there yet: the first TAB builds it (a load costs
    about 1.4 times reading every file) for the TABs after it to read."""
    root = store.project_root
    task, _ = actions.add_task(store, "Check the leakage")
    start_experiment(store, "A bigger batch helps")
    cache = store.credo_dir / "cache"
    assert not (cache / "tasks.json").exists()
    assert offered(f"credo -C {root} done ") == [(store.short_id(Task, task.id), task.title)]
    assert (cache / "tasks.json").exists() and not (cache / "experiments.json").exists()
    assert len(offered(f"credo -C {root} exp stop ")) == 1
    assert (cache / "experiments.json").exists()


SHELL_SETUP = {
    "bash": 'eval "$(credo completion bash)"',
    "zsh": 'autoload -Uz compinit && compinit -u && eval "$(credo completion zsh)"',
    "fish": "credo completion fish | source",
}


@pytest.mark.parametrize("name", list(SHELL_SETUP))
def test_tab_in_each_shell_keeps_a_name_with_a_space_and_a_word_with_a_colon(
    name: str, store: Store, repo: Path
) -> None:
    """In a person's bash, zsh and fish: TAB completes a git author's name with its space
    (one word, escaped), `agent:codex` whole (bash breaks words at `:`), the author as a
    quick-add `@word` and a running experiment for `exp extend`; Enter then does it."""
    if shutil.which(name) is None:
        pytest.skip(f"{name} is not installed")
    actions.add_task(store, "Check the leakage @agent:codex")
    actions.add_task(store, "Plot the loss, then the accuracy #plots")
    exp, _ = start_experiment(store, "A bigger batch helps")
    shell = Shell(repo, shell=name)
    try:
        shell.run(SHELL_SETUP[name])
        shell.type("credo ls --assignee agent:c\t")
        shell.expect(re.escape("credo ls --assignee agent:codex "))
        shell.type("\n")
        shell.expect("Check the leakage")
        shell.expect(re.escape(PROMPT))
        shell.type("credo add Review the split @Ad\t")
        shell.expect(re.escape("credo add Review the split @Ada_Tester "))
        shell.type("\n")
        shell.expect(re.escape(PROMPT))
        shell.type("credo ls --assignee Ad\t")
        shell.expect(re.escape(r"credo ls --assignee Ada\ Tester "))
        shell.type("\n")
        shell.expect("Review the split")
        shell.expect(re.escape(PROMPT))
        if name != "fish":  # in fish a word starting with # is a comment, TAB or not
            shell.type("credo add Plot the accuracy #p\t")  # `\#plots`: its tags say so
            shell.expect("plots ")  # (the terminal is told to write it over `#p`)
            shell.type("\n")
            shell.expect("Added")
            shell.expect(re.escape(PROMPT))
        shell.type("credo exp extend \t")
        shell.expect(re.escape(f"credo exp extend {store.short_id(type(exp), exp.id)} "))
        shell.type("15m\n")
        shell.expect("Timebox now")
        shell.expect(re.escape(PROMPT))
    finally:
        shell.close()
    tasks = {task.title: task for task in Store.open(repo).tasks()}
    assert tasks["Review the split"].assignee == "Ada Tester"
    if name != "fish":
        assert tasks["Plot the accuracy"].tags == ["plots"]
    assert len(Store.open(repo).read(type(exp), exp.id).extensions) == 1


def test_fish_shows_a_title_with_a_comma_whole(store: Store, repo: Path) -> None:
    """Click's fish script cut each answer at its commas: a title's help lost its end."""
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    actions.add_task(store, "Plot the loss, then the accuracy")
    actions.add_task(store, "Check the leakage")
    shell = Shell(repo, shell="fish")
    try:
        shell.run(SHELL_SETUP["fish"])
        shell.type("credo done \t")
        shell.expect(re.escape("Plot the loss, then the accuracy"))
    finally:
        shell.close()


def test_people_are_found_whatever_the_case_and_before_their_first_commit(store: Store) -> None:
    """`@ada` finds the git author Ada Tester, and Jane Doe, named on a task but with no
    commit yet, is offered and resolved like an author: `@Jane_Doe` is stored as her name
    (it was kept as `Jane_Doe`, a second person beside her)."""
    root = store.project_root
    actions.add_task(store, "Read the related work", assignee="Jane Doe")
    assert values(f"credo -C {root} add Fix the split @ad") == ["@Ada_Tester"]
    assert values(f"credo -C {root} add Fix the split @j") == ["@Jane_Doe"]
    assert values(f"credo -C {root} ls --assignee ada") == ["Ada Tester"]
    assert values(f"credo -C {root} edit 1 --assignee JA") == ["Jane Doe"]
    runner = CliRunner()
    added = runner.invoke(main, ["-C", str(root), "add", "--json", "Review", "@Jane_Doe"])
    assert added.exit_code == 0 and added.stderr == "", added.output
    assert json.loads(added.stdout)["assignee"] == "Jane Doe"
    added = runner.invoke(main, ["-C", str(root), "add", "--json", "Plot", "--assignee", "jane"])
    assert json.loads(added.stdout)["assignee"] == "Jane Doe"
    stranger = runner.invoke(main, ["-C", str(root), "add", "Tidy", "--assignee", "zed"])
    assert "neither a git author here nor on a task" in stranger.stderr
    assert "Ada Tester" in stranger.stderr and "Jane Doe" in stranger.stderr


@pytest.mark.parametrize("name", list(SHELL_SETUP))
def test_tab_in_each_shell_finds_people_whatever_the_case(
    name: str, store: Store, repo: Path
) -> None:
    """In a person's bash, zsh and fish: `@jan` becomes `@Jane_Doe` (named on a task, no
    commit yet) and `--assignee ad` the git author `Ada Tester`; Enter then stores them."""
    if shutil.which(name) is None:
        pytest.skip(f"{name} is not installed")
    actions.add_task(store, "Read the related work", assignee="Jane Doe")
    shell = Shell(repo, shell=name)
    try:
        shell.run(SHELL_SETUP[name])
        # the shells write each name over what was typed (`jan` back to `J`, then `ane_Doe`)
        shell.type("credo add Review the split @jan\t")
        shell.expect("e_Doe")
        shell.type("\n")
        shell.expect(re.escape(PROMPT))
        shell.type("credo add Plot the loss --assignee ad\t")
        shell.expect(re.escape(r"\ Tester"))
        shell.type("\n")
        shell.expect(re.escape(PROMPT))
    finally:
        shell.close()
    tasks = {task.title: task.assignee for task in Store.open(repo).tasks()}
    assert tasks["Review the split"] == "Jane Doe" and tasks["Plot the loss"] == "Ada Tester"


@pytest.mark.parametrize("name", list(SHELL_SETUP))
def test_tab_in_each_shell_leaves_an_item_waiting_for_its_reason(
    name: str, store: Store, repo: Path
) -> None:
    """`check PACK --na ID=REASON`: TAB completes `raw-samples=` with no space after it,
    so the reason is typed straight on (a space there made `=REASON` a word of its own)."""
    if shutil.which(name) is None:
        pytest.skip(f"{name} is not installed")
    shell = Shell(repo, shell=name)
    try:
        shell.run(SHELL_SETUP[name])
        shell.type("credo check data --na raw\t")
        shell.expect("samples=")
        shell.type("synthetic --tick label-b\t")
        shell.expect("balance")
        shell.type("\n")
        shell.expect("Saved review")
        shell.expect(re.escape(PROMPT))
    finally:
        shell.close()
    [review] = Store.open(repo).reviews()
    marks = {entry.item: (entry.mark, entry.note) for entry in review.entries}
    assert marks == {"raw-samples": ("na", "synthetic"), "label-balance": ("checked", "")}


@pytest.mark.parametrize("name", list(SHELL_SETUP))
def test_tab_in_each_shell_completes_a_descending_sort(name: str, store: Store, repo: Path) -> None:
    """`credo runs ls --sort -val<TAB>` (descending by a column) completes `-valid_loss`;
    Click had read the `-` as an option's start and offered `--sort`, `--json`..."""
    if shutil.which(name) is None:
        pytest.skip(f"{name} is not installed")
    for loss in (0.4, 0.7):  # ended: a running run's `took` (0.4s, 0.7s...) reads as a loss
        run = Run(id=new_id(), command=["python", "train.py"], metrics={"valid_loss": loss})
        store.create(
            Run.model_validate(run.model_dump() | {"status": "succeeded", "ended": run.started})
        )
    shell = Shell(repo, shell=name)
    try:
        shell.run(SHELL_SETUP[name])
        shell.type("credo runs ls --sort -val\t")
        shell.expect("lid_loss")
        shell.type("\n")
        said = shell.expect(re.escape(PROMPT))
    finally:
        shell.close()
    assert "valid_loss" in said and "error" not in said.lower()
    assert said.index("0.7") < said.index("0.4")  # the highest loss first


@pytest.mark.parametrize("name", list(SHELL_SETUP))
def test_tab_in_each_shell_completes_a_tag_in_a_quoted_title(
    name: str, store: Store, repo: Path
) -> None:
    """fish reads a word starting with `#` as a comment wherever it stands (interactive
    bash too), and completes nothing in one: `credo add Fix the split #da<TAB>` cannot be
    helped there. Inside the quoted title, as `credo add --help` writes it, TAB completes
    the last word's tag in every shell, and Enter adds the task with it."""
    if shutil.which(name) is None:
        pytest.skip(f"{name} is not installed")
    actions.add_task(store, "Check the leakage #data")
    shell = Shell(repo, shell=name)
    try:
        shell.run(SHELL_SETUP[name])
        shell.type('credo add "Fix the split #da\t')
        shell.expect('data"')  # the quote closed after it
        shell.type("\n")
        shell.expect("Added")
        shell.expect(re.escape(PROMPT))
    finally:
        shell.close()
    tasks = {task.title: task.tags for task in Store.open(repo).tasks()}
    assert tasks["Fix the split"] == ["data"]


def test_an_experiment_running_in_another_worktree_is_offered_only_to_read(
    store: Store, tmp_path: Path
) -> None:
    """`exp pause`, `stop`, `abandon`, `extend`, `baseline`, `next` and `run --exp`
    offered the experiment a merge brought from `../exp-b`, and each was then refused: it
    is changed there."""
    from repos import experiment_merged_from_worktree

    root, there = store.project_root, tmp_path / "exp-b"
    away = experiment_merged_from_worktree(root, there, "Warmup helps")
    mine, _ = start_experiment(store, "A bigger batch helps", start=False)
    changes = ("exp pause ", "exp extend ", "run --exp ", "exp stop ", "exp abandon ")
    for line in (*changes, "exp baseline ", "exp next "):
        assert away[:4] not in " ".join(values(f"credo -C {root} {line}")), line
        assert away[:4] in " ".join(values(f"credo -C {there} {line}")), line
    assert values(f"credo -C {root} exp stop ") == [store.short_id(Experiment, mine.id)]
    assert len(values(f"credo -C {root} exp show ")) == 2  # to read, it is offered


def test_a_teammates_experiment_from_their_clone_on_this_host_is_offered_to_change(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bob's clone beside this one on a shared server: `exp extend <TAB>` here left his
    experiment out, as if his clone were one of this person's worktrees; it is changed
    here, as one pulled from his laptop is."""
    from repos import experiment_merged_from_worktree

    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "bob@example.com")
    root, there = store.project_root, tmp_path / "bob"
    his = experiment_merged_from_worktree(root, there, "Warmup helps", clone=True)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "ada@example.com")
    for line in ("exp pause ", "exp extend ", "run --exp ", "exp stop "):
        assert his[:4] in " ".join(values(f"credo -C {root} {line}")), line


def test_resume_does_not_offer_one_another_worktree_resumed(store: Store, tmp_path: Path) -> None:
    """Paused in ../exp-b, merged here, then resumed in ../exp-b: `exp resume <TAB>` here
    offered it, and the resume was then refused (it runs there); so did `exp baseline`
    and `exp next`."""
    from credo.actions.experiments import resume_experiment

    from repos import experiment_paused_in_worktree

    root, there = store.project_root, tmp_path / "exp-b"
    away = experiment_paused_in_worktree(root, there, "Warmup helps")
    assert away[:4] in " ".join(values(f"credo -C {root} exp resume "))
    resume_experiment(Store.open(there), away)
    for line in ("exp resume ", "exp baseline ", "exp next "):
        assert away[:4] not in " ".join(values(f"credo -C {root} {line}")), line
    assert away[:4] in " ".join(values(f"credo -C {root} exp show "))  # to read, it is


def test_runs_are_offered_newest_first_whatever_the_offset_they_were_written_at(
    store: Store,
) -> None:
    """A run file made at 09:30-02:00 (11:30 UTC: a teammate's tool writing local time)
    was offered below a failed one made at 10:00 UTC: the moments were compared as text.
    Each side once from the load cache's JSON (`…Z`), once from its TOML."""
    from datetime import UTC, datetime, timedelta, timezone

    from credo.domain.models import RunStatus

    root = store.project_root
    older = Run(
        id=new_id(),
        command=["python", "train.py", "--lr", "10"],
        status=RunStatus.FAILED,
        created=datetime(2026, 12, 6, 10, 0, tzinfo=UTC),
    )
    newer = Run(
        id=new_id(),
        command=["python", "train.py", "--lr", "3"],
        created=datetime(2026, 12, 6, 9, 30, tzinfo=timezone(timedelta(hours=-2))),
    )
    store.create(older)
    store.create(newer)
    run_file = store.credo_dir / "runs" / newer.id / "run.toml"
    assert "created = 2026-12-06 09:30:00-02:00" in run_file.read_text()
    short = store.short_ids(Run)
    expected = [
        (short[newer.id], "python train.py --lr 3 (running)"),
        (short[older.id], "python train.py --lr 10 (failed)"),
    ]
    assert offered(f"credo -C {root} runs compare ") == expected  # read from their TOML
    store.load(Run)  # the load cache, which the next TAB reads them from
    assert offered(f"credo -C {root} runs compare ") == expected
