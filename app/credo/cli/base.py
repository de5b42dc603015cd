"""The `credo` group: -C PATH, --version, error printing, and the shared context.

Where every command writes (the rule `say_made`, `note`, `warn` and `fail` keep):
stdout holds the command's answer, what a script would take from it: what it lists or
shows, the line saying what it did to what you named (`Done: ...`, `Moved to ...`), or
its --json. stderr holds what credo says beside the answer: errors, warnings, notes on
what it did of its own accord or chose (`credo: ...`), hints and prompts. A command
that makes an item answers with its id (`say_made`).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import click

from credo import __version__
from credo.errors import CannotStartError, CredoError, open_files_refused

if TYPE_CHECKING:
    from credo.domain.models import Item
    from credo.store.store import Loaded, LoadProblem, Store

T = TypeVar("T", bound="Item")


class Context:
    """What every command needs: the folder it works on and, lazily, its store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.runs_refused = False
        """A command that runs nothing while the settings are broken (its refusal names
        each problem): they are not warned of first, with the default credo would use."""

    def store_for_runs(self) -> Any:
        """The store of a command that refuses to run on broken settings
        (`require_settings`), which says their problems itself."""
        self.runs_refused = True
        return self.store

    @cached_property
    def store(self) -> Any:
        from credo.store import Store

        store = Store.open(self.path)
        if store.git_root is None and store.project_root != self.path.resolve():
            note(f"using {store.credo_dir} (no git repository here)")
        store.config  # noqa: B018  (loads it, so a broken config is reported once)
        problems = [] if self.runs_refused else store.config_problems
        for said in (*problems, *store.config_unknown):
            warn(str(said))
        if problem := store.cache_problem:
            warn(problem)
        from credo.store.paths import git_config

        if store.git_root is not None and (config := git_config(store.git_root)) is not None:
            from credo.gitlink.hooks import rewrite_unsafe_installs

            for done in rewrite_unsafe_installs(store.git_root, *config, store.credo_dir):
                note(done)
            from credo.gitlink.merge import MISSING_DRIVER, missing_driver

            if missing_driver(store.git_root, store.credo_dir, *config, pulling=True):
                warn(MISSING_DRIVER)
        return store


class ParsedType(click.ParamType[Any, Any]):
    """An option value read by one of credo's parsers (dates, durations...).

    The parser's BadInputError becomes click's usage error, with the same words.
    """

    def __init__(self, name: str, parser: Callable[[str], Any]) -> None:
        self.name = name
        self.parser = parser  # imports its module on first use

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if not isinstance(value, str):
            return value
        from credo.errors import BadInputError

        try:
            return self.parser(value)
        except BadInputError as error:
            self.fail(error.message, param, ctx)


def _when(text: str) -> Any:
    from credo.domain.dates import parse_when

    return parse_when(text)


def _since(text: str) -> Any:
    from credo.domain.period import since_day

    return since_day(text)


def _duration(text: str) -> Any:
    from credo.domain.durations import parse_duration

    return parse_duration(text)


class Typed(NamedTuple):
    """An option's value as read, and as typed: a message names it as the person wrote it
    (`--due friday`, not the date it reads as)."""

    value: Any
    typed: str


WHEN = ParsedType("WHEN", _when)
"""A date as people write it: 2026-12-01, friday, 'in 3 days', christmas."""
WHEN_TYPED = ParsedType("WHEN", lambda text: Typed(_when(text), text))
"""A date as WHEN reads it, kept with its words (`Typed`)."""
SINCE = ParsedType("WHEN", _since)
"""A day at or before today, as `credo report --since` reads it: monday is the last one."""
DURATION = ParsedType("DURATION", _duration)
"""25m, 2h, 1h30m, 1d (a number needs its unit)."""


PIPED_WIDTH = 100_000
"""Piped output is not wrapped: scripts and `less -S` read one line per row."""


def stdout_console(*, highlight: bool = True) -> Any:
    """The Rich console every command prints to stdout with.

    On a terminal it fits the terminal. Piped or redirected, nothing wraps: rows of
    tables and lines of text stay one line however long (Rich would wrap at 80).
    """
    from credo.display import console

    if sys.stdout.isatty():
        return console(highlight=highlight)
    return console(highlight=highlight, width=PIPED_WIDTH, soft_wrap=True)


def _say(label: str, message: str) -> None:
    from credo.display import bytes_in_repr, console, escape

    # escaped: messages quote file text and patterns like [a-z0-9] that Rich reads as markup
    shown = escape(bytes_in_repr(message))
    console(stderr=True, soft_wrap=True).print(f"{label} {shown}", highlight=False)


def _with_bytes_shown(error: click.UsageError) -> click.UsageError:
    """Click's `error`, a byte that was not text in its message written as credo writes
    it (`bytes_in_repr`): Click quotes values with `repr`."""
    from credo.display import bytes_in_repr

    message = error.format_message()
    said = bytes_in_repr(message)
    return error if said == message else click.UsageError(said, error.ctx)


def say_made(short: str, sentence: str) -> None:
    """A command that made an item (`add`, `exp next`, `exp start`) answers with its id:
    piped or redirected, the id alone on stdout, for `id=$(credo add ...)`, and the
    `sentence` saying what was made on stderr, for the person watching the script; on a
    terminal, the sentence on stdout, as every command's answer."""
    from credo.display import visible

    if sys.stdout.isatty():
        click.echo(visible(sentence))
        return
    click.echo(short)
    click.echo(visible(sentence), err=True)


def warn(message: str) -> None:
    _say("[yellow]warning:[/]", message)


def load_warning(store: Store, kind: type[T]) -> Loaded[T]:
    """Every item of `kind`, with a warning for each file that could not be read (left
    out of what the command shows)."""
    loaded = store.load(kind)
    warn_unreadable(loaded.problems.values())
    return loaded


def warn_unreadable(problems: Iterable[LoadProblem]) -> None:
    """A warning for each file that could not be read, naming it and what is wrong."""
    for problem in problems:
        warn(f"{problem.path}: {problem.message}")


def warn_if_running_unread(store: Store) -> None:
    """A warning for each experiment file that could not be read, when none that could
    runs: the running one may be in it (a command acting on the running experiment)."""
    from credo.actions.experiments import unreadable_if_none_runs

    for said in unreadable_if_none_runs(store):
        warn(said)


def fail(message: str) -> None:
    """Print one clear line to stderr (no traceback)."""
    _say("[bold red]error:[/]", message)


def note(message: str) -> None:
    """Something credo did or chose that the user should know (stderr, no colour)."""
    _say("credo:", message)


def no_hook(store: Store) -> bool:
    """Whether this is a git repository where no hook adds credo's trailers to commits
    (neither credo's own nor the lines `credo hooks install` gives a team's folder)."""
    from credo.store.paths import git_config

    if store.git_root is None or (config := git_config(store.git_root)) is None:
        return False
    from credo.gitlink.hooks import adds_trailers

    return not adds_trailers(store.git_root, *config)


def say_no_hook(store: Store, trailer: str) -> None:
    """After `credo start` or `credo exp start` where no hook adds the trailers: else a
    newcomer commits, and nothing links the commit to what they started."""
    if no_hook(store):  # words of ASCII: no Rich to load
        said = f"no commit hook here: `credo hooks install` adds its {trailer} trailer to commits"
        click.echo(f"credo: {said}", err=True)


def in_notebook() -> bool:
    """Started from a Jupyter kernel (a notebook cell's `!credo` or `subprocess.run`), which
    jupyter_client marks with JPY_PARENT_PID: no person can type there. `!` hands credo a
    pseudo-terminal that only shows output, `subprocess.run` the kernel's stdin, a pipe
    that never ends: a question would wait for ever."""
    return "JPY_PARENT_PID" in os.environ


def interactive() -> bool:
    """A person can answer a prompt: it reads stdin and is written to stdout, and credo
    is the terminal's foreground job (a job started with `&` that asked would be stopped
    by the terminal, its user thinking it runs)."""
    from credo.runs.terminal import in_the_foreground

    if not (sys.stdin.isatty() and sys.stdout.isatty()) or in_notebook():
        return False  # (a stream replaced by one with no file, as a test runner's)
    return in_the_foreground(sys.stdin.fileno(), sys.stdout.fileno())


def need_terminal(instead: str) -> None:
    """Refuse to open the interface without a terminal: it reads keys from stdin and draws
    on stderr, and in a script it would draw into a pipe and wait for keys forever. A
    notebook cell shows what is drawn but sends no keys, and a terminal that says it
    cannot move its cursor (TERM=dumb: Emacs's M-x shell) shows the drawing as garbage."""
    if in_notebook():
        raise CredoError(
            "the interface needs a terminal, and a notebook cell takes no keys: run credo "
            f"in a terminal (JupyterLab: File > New > Terminal); {instead}"
        )
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise CredoError(f"the interface needs a terminal (on stdin and stderr): {instead}")
    if os.environ.get("TERM") == "dumb":
        raise CredoError(
            "the interface needs a terminal that can draw, and TERM=dumb says this one "
            "cannot (Emacs's M-x shell): run credo in M-x vterm or M-x ansi-term, or in "
            f"another terminal; {instead}"
        )


def print_json(data: Any) -> None:
    # UTF-8 JSON in any locale. Bytes that were not text (held as surrogates, which no
    # UTF-8 holds: JSON's `\udce9` is no character) as `held_as_utf8` reads them, the way
    # the streams show them (`caf\\xe9`). JSON escapes C0 controls itself; C1 ones (0x9b
    # is CSI to a terminal) are escaped too; all that is not ASCII where stdout is not
    # UTF-8 (the same JSON, in any locale).
    import json  # here: the commands that print words have no use for it

    from credo.display import held_as_utf8, writes_utf8

    utf8 = writes_utf8(sys.stdout)
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    text = _HELD.sub(lambda found: held_as_utf8(found[0]).replace("\\", "\\\\"), text)
    echo_as_held((_C1 if utf8 else _NOT_ASCII).sub(_json_escaped, text) + "\n", utf8)


def _json_escaped(found: re.Match[str]) -> str:
    """A character as JSON escapes it: `\\u00e9`, a pair of them beyond the BMP."""
    units = found[0].encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(units[i : i + 2]):04x}" for i in range(0, len(units), 2))


def echo_as_held(text: str, utf8: bool) -> None:
    """`text` (JSON, what a data command shows of its files) on stdout with the characters
    credo holds: where stdout writes UTF-8 (`utf8`: `display.writes_utf8`, asked by the
    caller, which needs the answer too or writes more than once), as its bytes, never
    through the Linux console's swap of marks (★ as *: `credo.console_glyphs`, a codec of
    text streams); elsewhere escaped as the stream escapes what its locale cannot encode."""
    stream = sys.stdout
    held = getattr(stream, "buffer", None)
    if held is None or not utf8:
        stream.write(text)
        stream.flush()
        return
    stream.flush()  # what is written before comes before
    held.write(text.encode("utf-8", "backslashreplace"))
    held.flush()


_C1 = re.compile("[\x7f-\x9f]")
_NOT_ASCII = re.compile("[^\x00-\x7e]")
_HELD = re.compile("[\udc80-\udcff]+")


# Which module defines each command, and its line in `credo --help` (None: hidden).
# Importing a module registers its commands on `main`; only the module a command needs
# is imported, so `credo --version` and `credo run` skip the rest, and `credo --help`
# imports none (tests/cli checks each line against its command's own help). A new
# command adds its line here.
COMMAND_MODULES: dict[str, tuple[str, str | None]] = {
    "init": ("project", "Start tracking this repository (safe to run again)."),
    "add": ("tasks", 'Add a task: credo add "Check leakage ! #data due:friday".'),
    "ls": ("tasks", "The board: tasks grouped by quadrant."),
    "done": ("tasks", "Mark tasks done (at the current commit): credo done a1b2 c3d4."),
    "undone": ("tasks", "Open done or dropped tasks again: credo undone a1b2 c3d4."),
    "drop": ("tasks", "Archive tasks without doing them: credo drop a1b2 c3d4."),
    "edit": ("tasks", "Change a task's fields; with no option, in your editor ($EDITOR)."),
    "mv": (
        "tasks",
        "Move a task to another quadrant (do, schedule, delegate, eliminate or 1-4).",
    ),
    "rm": ("tasks", "Delete a task's file for good (drop archives it instead)."),
    "start": ("gitcmds", "Mark a task in progress (the commit hook adds its trailer)."),
    "stop": ("gitcmds", "Put your task in progress back to open (credo start marked it)."),
    "log": ("gitcmds", "The commits that mention a task or experiment."),
    "show": (
        "gitcmds",
        "A task, experiment or run in full (a task or experiment with its commits).",
    ),
    "hooks": (
        "gitcmds",
        "The optional git hook that adds Credo-Task / Credo-Experiment trailers, and the "
        "merge driver for credo's files.",
    ),
    "merge-driver": ("gitcmds", None),
    "exp": (
        "exp",
        "Timeboxed experiments: a hypothesis, a time budget, runs and an honest outcome.",
    ),
    "run": (
        "run",
        "Run CMD as a recorded run: credo run --timebox 30m --hard -- python train.py.",
    ),
    "sweep": (
        "run",
        "Run CMD once per combination of values, each a recorded run of the experiment: "
        "credo sweep --slurm --max-parallel 2 -- python train.py --lr '{1e-4,3e-4}' "
        "--batch '{32,64}'.",
    ),
    "runs": (
        "runs",
        "Every run across experiments: list, filter, sort and compare them; cancel SLURM jobs.",
    ),
    "report": (
        "report",
        "What was done, added, due, tried and learned: tasks, experiments, runs, reviews, "
        "data checks, commits.",
    ),
    "demo": (
        "demo",
        "Build a sample research project (git history, board, experiments, reviews) and open it.",
    ),
    "check": (
        "checks",
        "Review a checklist pack: interactively, or with --tick/--na for scripts.",
    ),
    "gate": (
        "checks",
        "Would `credo run [-- CMD]` start now? Says what holds it (exit 1), and what is open.",
    ),
    "mcp": ("agents", "Serve this project to a coding agent over MCP (stdio only; no network)."),
    "agents": ("agents", "Set coding agents up to work with credo."),
    "data": (
        "data",
        "Look at your data: raw records, label balance, leaks, Clever Hans cues, filters.",
    ),
    "completion": (
        "complete",
        "Print the script that makes TAB complete credo's commands and ids in bash, zsh or fish.",
    ),
}


class WordsCommand(click.Command):
    """A command taking free words (a title, a hypothesis), which may start with a dash as
    a bullet pasted from notes does (`- read the paper`). Click reads such a word as an
    option, and no option can tell it apart from a typo'd one: the error says to give
    the words after `--`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # Click's parser empties `args` as it reads them
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as error:
            taken = given[: given.index("--")] if "--" in given else given
            word = next((a for a in taken if a.startswith(error.option_name)), None)
            if error.possibilities or word is None:  # a long option mistyped: Click's hint
                raise
            import shlex

            raise click.UsageError(
                f"No such option {word!r}. Words that start with a dash go after -- "
                f"(options before it): {ctx.command_path} -- {shlex.quote(word)}",
                ctx,
            ) from None


COMPLETE_VAR = "_CREDO_COMPLETE"
"""What credo's shell scripts set to ask for a TAB's answer (Click's name for `credo`)."""


class CommandGroup(click.Group):
    """A group whose unknown command is answered with the closest of its own (Click finds
    none among commands not imported yet), for a name a newcomer tries that credo does not
    have (`elsewhere`: name -> the command that does it) with that command, and for an id
    given before its command, as Taskwarrior takes them (`credo 3kf done`), with the two
    the other way round."""

    def __init__(self, *args: Any, elsewhere: dict[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.elsewhere = elsewhere or {}

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if not (name.startswith("-") or ctx.resilient_parsing or self.get_command(ctx, name)):
            ctx.fail(f"No such command {name!r}. {self._instead(ctx, args)}".rstrip())
        return super().resolve_command(ctx, args)

    def _instead(self, ctx: click.Context, args: list[str]) -> str:
        name, then = args[0], args[1] if len(args) > 1 else ""
        if name in self.elsewhere:
            return self.elsewhere[name]
        if then in self.shown_commands(ctx):
            return f"{ctx.command_path} {then} {name}: the command comes before the id."
        if then in self.elsewhere:
            return self.elsewhere[then]
        from difflib import get_close_matches

        close = get_close_matches(name, self.shown_commands(ctx))
        return f"Did you mean {' or '.join(map(repr, close))}?" if close else ""

    def shown_commands(self, ctx: click.Context) -> list[str]:
        """The names `--help` lists (a hidden command is suggested to no one)."""
        return [name for name, command in self.commands.items() if not command.hidden]


class CredoGroup(CommandGroup):
    """Loads command modules on demand; turns CredoError into one line on stderr."""

    group_class = CommandGroup  # `credo exp`, `credo runs`... answer typos alike

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            import importlib

            importlib.import_module(f"credo.cli.{COMMAND_MODULES[cmd_name][0]}")
        return super().get_command(ctx, cmd_name)

    def shown_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, (_, line) in COMMAND_MODULES.items() if line]

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # Click's parser empties `args` as it reads them
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:  # `credo --bogus run -- ...`: run's refusal too
            shown = _with_bytes_shown(error)  # Click's `main` shows it
            if not _names_a_run(given):
                raise shown from None
            raise RunUsageError(shown.format_message(), error.ctx) from None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        found = super().resolve_command(ctx, args)
        from credo.store import collector

        collector.resumed()  # the imports are in: the command runs with the GC on
        return found

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Click's list of commands, from COMMAND_MODULES: no command module is imported."""
        from click.utils import _make_default_short_help  # what Click itself shortens with

        shown = [(name, line) for name, (_, line) in sorted(COMMAND_MODULES.items()) if line]
        limit = formatter.width - 6 - max(len(name) for name, _ in shown)
        rows = [(name, _make_default_short_help(line, limit)) for name, line in shown]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[Any]:
        """Click's completion of a command name (what TAB after `credo ` offers), from
        COMMAND_MODULES: Click's own imports every command module to read its help."""
        from click.shell_completion import CompletionItem
        from click.utils import _make_default_short_help

        return [
            CompletionItem(name, help=_make_default_short_help(line, 45))  # Click's width
            for name, (_, line) in sorted(COMMAND_MODULES.items())
            if line and name.startswith(incomplete)
        ] + click.Command.shell_complete(self, ctx, incomplete)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's `main`, with credo's shell classes (`credo.cli.shells`) registered first
        when a shell asks for a TAB's answer: imported only then. Through Click's public
        `main` and `add_completion_class`, where Click's private `_main_shell_completion`
        could change its name in any release and leave TAB offering nothing."""
        if os.environ.get(COMPLETE_VAR):
            from credo.cli import shells  # noqa: F401  (registers them)
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CannotStartError as error:  # the shell's code, as if the command had run
            fail(error.message)
            sys.exit(error.exit_code)
        except CredoError as error:
            fail(error.message)
            sys.exit(_refused(ctx))
        except click.UsageError as error:  # a typo'd option, a missing command
            _with_bytes_shown(error).show()  # as Click's `main` shows it
            sys.exit(_refused(ctx, error.exit_code))
        except OSError as error:  # the system refused credo a file (ulimit -n): no traceback
            running = ctx.invoked_subcommand in RUNNING
            what = "credo stopped before the command started" if running else "credo stopped"
            said = open_files_refused(error, what + _opening(error))
            if said is None:
                raise
            try:
                fail(said)
            except (OSError, ImportError):  # Rich's modules could not be opened either
                sys.stderr.write(f"error: {said}\n")
            sys.exit(_refused(ctx))
        except KeyboardInterrupt:
            sys.exit(130)
        except click.Abort as error:
            # Click's prompts turn ctrl-c and the input's end into Abort ("Aborted!")
            if isinstance(error.__context__, EOFError):
                click.echo(err=True)  # past the unanswered prompt
                fail("the input ended before an answer: nothing done")
                sys.exit(_refused(ctx))
            if not isinstance(error.__context__, KeyboardInterrupt):
                raise
            click.echo(err=True)  # past the terminal's ^C
            note("interrupted")
            sys.exit(130)


def _opening(error: OSError) -> str:
    """`, opening FILE` when `error` names the file it was about."""
    return f", opening {error.filename}" if error.filename else ""


RUNNING = ("run", "sweep")
"""The commands whose exit codes are their commands' own: credo's refusal is 125."""
VERDICTS = ("data", "check", "gate")
"""The commands whose exit 1 is what they found (a `credo data` finding, a pack not
covered, a run held): credo's refusal is 2."""


def _refused(ctx: click.Context, code: int = 1) -> int:
    """The exit code of a command credo could not carry out, or was given wrong (Click's
    usage errors): `code`, but 125 for `credo run` and `credo sweep`, whose other codes
    are their commands' own (126 and 127 when one cannot start), as `docker run` says its
    own failure: `git bisect run` skips a commit on 125 instead of taking a run credo
    refused (a mistyped option too, at every commit) for a failing test; and 2 for the
    commands whose 1 is a finding (`VERDICTS`), as grep and diff tell trouble from a
    difference: a script tells an imbalanced file from one that could not be read."""
    if ctx.invoked_subcommand in RUNNING:
        return 125
    return 2 if ctx.invoked_subcommand in VERDICTS else code


class RunUsageError(click.UsageError):
    """A usage error of credo's own options on a line that runs a command (`credo --bogus
    run -- ...`): credo's refusal, 125, as `credo run --bogus` is (`_refused`)."""

    exit_code = 125


def _names_a_run(args: list[str]) -> bool:
    """Whether the command `args` name (the first word that is no option, nor -C's
    value) is run or sweep, read before Click knows it."""
    words = iter(args)
    for word in words:
        if word == "-C":
            next(words, None)
        elif word == "--" or not word.startswith("-"):
            return word in RUNNING
    return False


@click.group(
    cls=CredoGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    elsewhere={
        "undo": "The shell has no undo: credo undone ID opens a done or dropped task again,"
        " credo rm ID deletes one added by mistake; in the interface (credo), u undoes your"
        " last change.",
        # Taskwarrior's names for what credo calls otherwise
        "delete": "credo drop ID archives a task without doing it; credo rm ID deletes its"
        " file for good.",
        "modify": "credo edit ID changes a task's fields (--title, --due, --tag...); credo mv"
        " ID QUADRANT moves it.",
        "annotate": "credo edit ID --add-note TEXT adds a note under a task's notes.",
    },
)
@click.option(
    "-C",
    "path",
    metavar="PATH",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="Work on the project at PATH instead of the current folder (like git -C).",
)
@click.version_option(__version__, "-V", "--version", prog_name="credo")
@click.pass_context
def main(ctx: click.Context, path: Path) -> None:
    """credo: an Eisenhower board, a timeboxed experiment log and principle
    checklists, tied to your git commits. With no command, opens the interface."""
    ctx.obj = Context(path)
    if ctx.invoked_subcommand is None:
        need_terminal("`credo ls` prints the board, `credo --help` lists the commands")
        from credo.store import collector

        collector.hold()  # until the app's first frame (CredoApp.on_ready)
        from credo.ui.app import run_app

        run_app(ctx.obj.store)


pass_context = click.make_pass_decorator(Context)
