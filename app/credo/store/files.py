"""Atomic TOML files: read with tomllib, write with tomli-w, never half a file."""

from __future__ import annotations

import errno
import math
import os
import re
import shlex
import stat
import time as clock
import tomllib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core.core_schema import ErrorType

from credo.display import held_as_utf8
from credo.domain.config import SBATCH_OPTION
from credo.domain.durations import format_duration
from credo.domain.ids import ID_PATTERN
from credo.domain.models import TOML_INTEGERS
from credo.errors import BadFileError, open_files_advice
from credo.store.stamps import STAMP, Stamp
from credo.wording import counted

# The umask, read once at import (setting it back and forth later would race with
# other threads creating files): new files get the mode any other tool would give.
_UMASK = os.umask(0o022)
os.umask(_UMASK)

MAX_DEPTH = 16
"""Tables and arrays nested deeper than this are refused (credo's own files nest 3 deep;
500 levels in 1 KB would exhaust the recursion of every reader after the parser)."""

M = TypeVar("M", bound=BaseModel)


def atomic_write(
    path: Path,
    data: bytes,
    *,
    sync: bool = True,
    private: bool = False,
    scratch: Path | None = None,
) -> Stamp:
    """Replace `path` with `data` so that a crash leaves the old file or the new one.

    Temporary file in the same folder, flush, fsync, `os.replace`, fsync of the folder
    (`sync=False` skips both fsyncs: for caches, which a lost write only slows down).
    The file keeps its mode (a new one gets the umask's), not the temporary file's 0600;
    a `private` one (a secret) is 0600 whatever the umask;
    a link at `path` is replaced, never written through. Returns the new file's stamp
    (taken before it took its name: a change made after the rename has another). The
    process's first write in a folder clears the temporary files that writes killed
    midway left there (`clear_once`).

    `scratch`: the folder for the temporary file of a write where git shows every file
    (the project's root: one a kill left there would stay in `git status`), one git
    ignores; beside `path` after all where it is on another file system (a linked folder).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        info = os.lstat(path)
        mode = stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else 0o666 & ~_UMASK
    except FileNotFoundError:
        mode = 0o666 & ~_UMASK
    if private:
        mode = 0o600
    try:
        written = _replaced(path, data, mode, sync, scratch or path.parent)
    except OSError as error:
        if scratch is None or error.errno != errno.EXDEV:
            raise
        scratch = None
        written = _replaced(path, data, mode, sync, path.parent)
    if sync:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    for folder in (path.parent, scratch):
        if folder is not None:
            clear_once(folder)
    return written


def _replaced(path: Path, data: bytes, mode: int, sync: bool, folder: Path) -> Stamp:
    """`data` in a temporary file of `folder`, renamed to `path`; its stamp."""
    tmp_name = ""
    try:
        fd, tmp_name = _new_temporary(folder, path.name)
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
            written = STAMP(os.fstat(handle.fileno()))
        os.replace(tmp_name, path)
    except BaseException as error:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        if isinstance(error, OSError):  # named for the file it was for, not the temp one
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise
    return written


STALE_TEMPORARY = 3600.0
"""Seconds unchanged after which a temporary file of `atomic_write` is taken for one
that a credo killed mid-write left (a write takes seconds at most, even on a slow NFS)."""
_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")
"""The names `_new_temporary` gives, and no others."""
_cleared: set[str] = set()
"""The folders this process has cleared (`clear_once`): once each."""


def clear_once(folder: Path, names: list[str] | None = None) -> list[str] | None:
    """At this process's first write in `folder` (`atomic_write` calls it after each
    write; a caller may call it just before), `clear_stale_temporaries` there. Returns the
    folder's names, listed for it (None: cleared before, or not listable), so that a
    caller needing them too lists the folder once; `names`: the folder's, when the caller
    listed it for the same action (to resolve the id it writes), not listed again."""
    if str(folder) in _cleared:
        return None
    _cleared.add(str(folder))
    return clear_stale_temporaries(folder, names)


def clear_stale_temporaries(folder: Path, names: list[str] | None = None) -> list[str] | None:
    """Remove the temporary files in `folder` that `atomic_write`s killed mid-write left
    (a read abandoned as the app quit, a `kill -9`): the loads skip them and git ignores
    them, but nothing else ever removed them. A process's first write in a folder calls it
    (`clear_once`), `credo runs clean` in runs' folders (no write comes to an old one
    again); one changed within `STALE_TEMPORARY` may be a write under way, and stays (as
    does one made after the listing: it is younger still). Returns the folder's names
    (None: not listable). `names`: the folder's, listed by the caller a moment before (a
    temporary made since is younger than STALE_TEMPORARY, and stays either way)."""
    before = clock.time() - STALE_TEMPORARY
    try:
        names = os.listdir(folder) if names is None else names
    except OSError:
        return None
    for name in names:
        if not name.endswith(".tmp") or not _TEMPORARY.fullmatch(name):  # the test first: fast
            continue
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < before:
                os.unlink(path)
        except OSError:  # another credo removed it meanwhile, or may not
            continue
    return names


def _new_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new empty file in `folder` for the file `name`, hidden and ending in .tmp (the
    store's loads skip it; `.credo/.gitignore` keeps it out of git), opened for writing:
    `tempfile.mkstemp`'s way, without importing `tempfile` (and `shutil`, bz2, lzma) into
    every command."""
    for _ in range(100):
        path = f"{folder}/.{name}.{os.urandom(6).hex()}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue  # 48 random bits taken: another writer's, or one left by a crash
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


_WHAT_TO_DO = {
    errno.ENOSPC: "free some space on its disk, then try again",
    errno.EFBIG: "the file size limit (ulimit -f) is too low for it: raise it, then try again",
    errno.EROFS: "remount it read-write, or work in a clone where credo can write",
    errno.EPERM: "it or its folder may be immutable (lsattr shows an i: chattr -i lifts it)",
    errno.EISDIR: "a folder stands where that file goes: move it away, then try again",
}


def refused_write(where: str, error: OSError, kept: str = "") -> str:
    """A write the file system refused, in words: which file, why, what is `kept` as it
    was, and, where there is one to take, what to do."""
    said = f"cannot write {where}: {error.strerror or error}" + (f" ({kept})" if kept else "")
    if advice := open_files_advice(error):  # as `credo run` says it (`open_files_refused`)
        return f"{said}; {advice[0]}: {advice[1]}"
    return said + (f"; {_WHAT_TO_DO[error.errno]}" if error.errno in _WHAT_TO_DO else "")


def parse_toml_bytes(raw: bytes, label: str) -> dict[str, Any]:
    """Parse TOML bytes; anything wrong is a BadFileError naming the file and line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadFileError(label, f"is not UTF-8 text (byte {error.start})") from None
    try:
        data = tomllib.loads(text)
    except RecursionError:
        data = None
    except tomllib.TOMLDecodeError as error:
        if conflict := _conflict_line(text):
            quoted = shlex.quote(label)
            raise BadFileError(
                label,
                f"has git conflict markers (line {conflict}): resolve the merge: between the "
                "markers keep the lines you want, delete the others and the marker lines "
                "(outside them both sides' edits are merged: `git checkout --ours` or "
                f"`--theirs` would drop one side's), then `git add {quoted}`",
            ) from None
        if twice := _given_twice(text, str(error)):
            key, first, second = twice
            raise BadFileError(
                label,
                f"gives {key!r} twice (lines {first} and {second}), as a merge resolved by "
                "keeping both sides' lines leaves it: keep the one you want, delete the other",
            ) from None
        if bad_day := _no_such_day(text, str(error)):
            raise BadFileError(label, bad_day) from None
        raise BadFileError(label, f"is not valid TOML: {error}; fix or remove it") from None
    except (ValueError, OverflowError) as error:  # e.g. a date tomllib reads but Python cannot hold
        raise BadFileError(label, f"is not valid TOML: {error}; fix or remove it") from None
    if data is None or _too_deep(raw, data):
        raise BadFileError(label, f"nests tables or arrays more than {MAX_DEPTH} deep")
    return data


def _too_deep(raw: bytes, data: dict[str, Any]) -> bool:
    """Whether some value sits more than MAX_DEPTH tables or arrays down (no recursion)."""
    # Each level takes a `[`, a `{` or a dotted key's `.`: most files cannot be that deep.
    if raw.count(b"[") + raw.count(b"{") + raw.count(b".") < MAX_DEPTH:
        return False
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, dict | list))
    return False


def validate_item(model: type[M], raw: bytes, label: str) -> M:
    """`model` from a file's bytes. Every way the file can be wrong, whatever Python
    raises for it (an overflow, a recursion, a bad value), is a BadFileError: the file
    came from a commit, and a bad file must never take down more than itself."""
    return _validated(model, parse_toml_bytes(raw, label), label, raw)


def _validated(model: type[M], data: dict[str, Any], label: str, raw: bytes) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise describe_validation(error, label, raw.decode("utf-8", "replace")) from None
    except Exception as error:  # the file is input, not code: whatever it makes Python raise
        raise BadFileError(label, f"cannot be read as credo data ({error})") from None


@dataclass(frozen=True)
class SettingProblem:
    """A setting credo could not take as written: what is wrong and what to do, with its
    line (`said`, of `file`), and what credo does instead where it goes on (`instead`).
    A command that refuses to go on (no run starts) says it without `instead`."""

    file: str
    said: str
    instead: str

    def __str__(self) -> str:
        return f"{self.file}: {self.said} ({self.instead})"


def validate_settings(model: type[M], raw: bytes, label: str) -> tuple[M, list[SettingProblem]]:
    """Settings from a file's bytes: each field that does not fit is left at its default
    (one problem for it, in the file's order) while every other field keeps its value.
    A file that is not TOML, or a problem no one field holds, is a BadFileError."""
    data = parse_toml_bytes(raw, label)
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        errors = _scalars_merged(error.errors())
    except Exception:  # said by `_validated` below, which meets it again
        errors = []
    text = raw.decode("utf-8", "replace")
    bad: dict[str, list[Any]] = {}
    for detail in errors:
        if detail["loc"]:
            bad.setdefault(str(detail["loc"][0]), []).append(detail)
    settings = _validated(model, {k: v for k, v in data.items() if k not in bad}, label, raw)
    in_file_order = sorted(bad, key=lambda name: _line_number(text, (name,)) or math.inf)
    return settings, [
        SettingProblem(
            label, f"{_problems(bad[name], text)}; fix or remove it", _default_in_words(model, name)
        )
        for name in in_file_order
    ]


def _default_in_words(model: type[BaseModel], name: str) -> str:
    """What credo uses in place of a field it could not take: the field's default."""
    default = model.model_fields[name].get_default(call_default_factory=True)
    if default is None:
        return "left unset, as by default"
    return f"using the default, {_as_written(to_toml_value(default))}"


def unknown_field(
    label: str,
    name: str,
    known: Iterable[str],
    where: str = "",
    text: str | None = None,
    inside: tuple[int | str, ...] = (),
) -> str:
    """One line for a field of a file that this version's model does not know: a newer
    credo's (kept on rewrite), one an older credo wrote and this one dropped or renamed,
    or a typo (named with the known field it is closest to). Given the file's `text`, its
    line is named too: of a top-level field, or of one in the table at `inside` (pydantic's
    `loc` of it: `("keymap",)`, the second `[[items]]` entry's `("items", 1)`)."""
    close = _closest(name, known)
    hint = f"; did you mean {close!r}?" if close else ""
    line = line_of(text, (*inside, name))
    return (
        f"{label}: {where}field {name!r}{line} is not known to this version of credo "
        f"(ignored{hint})"
    )


def _closest(name: str, known: Iterable[str]) -> str | None:
    """The known field a name not known is most likely a typo of, if any is close."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return close[0] if close else None


def unknown_settings(
    settings: BaseModel, label: str, raw: bytes, guarded: Collection[str] = ()
) -> tuple[list[SettingProblem], list[str]]:
    """Each top-level setting of the file (its bytes, `raw`) that the settings' model does
    not know, which it keeps aside (`model_extra`): a problem when it is a near miss of a
    `guarded` setting the file does not set (a typo, `gate_bloking`, that leaves what the
    team meant at its default), else an `unknown_field` line."""
    text = raw.decode("utf-8", "replace")
    known = type(settings).model_fields
    problems: list[SettingProblem] = []
    lines: list[str] = []
    for name in settings.model_extra or {}:
        close = _closest(name, known)
        if close is not None and close in guarded and close not in settings.model_fields_set:
            default = _default_in_words(type(settings), close)
            problems.append(
                SettingProblem(
                    label,
                    f"field {name!r}{line_of(text, (name,))} is not known to this version of"
                    f" credo; did you mean {close!r}, which is not set? rename it, or remove it",
                    f"ignored: for {close}, {default}",
                )
            )
        else:
            lines.append(unknown_field(label, name, known, text=text))
    return problems, lines


def read_model(model: type[M], path: Path) -> M:
    """`model` from a TOML file: unreadable, not TOML or not fitting, one BadFileError
    that names the file (and the line and field, where there is one)."""
    return validate_item(model, _read_bytes(path), str(path))


def read_settings(model: type[M], path: Path) -> tuple[M, list[str]]:
    """`validate_settings` of a file, then a line for each setting it does not know:
    unreadable or not TOML, one BadFileError."""
    raw, label = _read_bytes(path), str(path)
    settings, problems = validate_settings(model, raw, label)
    _, unknown = unknown_settings(settings, label, raw)
    return settings, [*map(str, problems), *unknown]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise BadFileError(str(path), f"cannot be read ({error.strerror})") from None


_MARKER = re.compile(r"(<{7}|\|{7}|>{7})( .*)?|={7}")
"""A line of git's conflict markers: `<<<<<<< ours`, `||||||| base`, `=======`,
`>>>>>>> theirs` (any of them left by a resolution that deleted only some)."""
_KEY = re.compile(r"\s*(?:\"([^\"]+)\"|'([^']+)'|([A-Za-z0-9_-]+))\s*=")
_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def ours_side(raw: bytes) -> bytes | None:
    """A file git left conflicted as this clone's side of the merge had it: the lines
    outside the markers and those between `<<<<<<<` and the next marker (the base's and
    the other side's dropped). None for a file without markers, or not UTF-8."""
    try:
        lines = raw.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None
    kept: list[str] = []
    keeping, conflicted = True, False
    for line in lines:
        marker = _MARKER.fullmatch(line.rstrip("\r\n"))
        if marker is None:
            if keeping:
                kept.append(line)
        else:
            conflicted = True
            keeping = line.startswith((">", "<"))  # after `>>>>>>>`, and ours after `<<<<<<<`
    return "".join(kept).encode() if conflicted else None


def _conflict_line(text: str) -> int | None:
    """The line of the first conflict marker a merge left, if any."""
    for number, line in enumerate(text.splitlines(), 1):
        if _MARKER.fullmatch(line):
            return number
    return None


def _given_twice(text: str, error: str) -> tuple[str, int, int] | None:
    """The key, its first line and the line tomllib refused (`error`) where a table gives
    one key twice: what a merge resolved by keeping both sides' lines leaves."""
    at = _AT_LINE.search(error)
    if not error.startswith("Cannot overwrite a value") or at is None:
        return None
    lines = text.splitlines()
    second = int(at.group(1))
    if not 0 < second <= len(lines) or not (match := _KEY.match(lines[second - 1])):
        return None
    key = next(group for group in match.groups() if group)
    for number in range(second - 1, 0, -1):
        line = lines[number - 1]
        if line.lstrip().startswith("["):  # the table's header: the key is not given above
            return None
        if (found := _KEY.match(line)) and next(g for g in found.groups() if g) == key:
            return key, number, second
    return None


_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?!\d)")


def _no_such_day(text: str, error: str) -> str:
    """What is wrong where tomllib refused a line (`error`) whose value is a day that does
    not exist (`due = 2026-12-32`: tomllib reads a date, then stops at `2`): the line, the
    field and the day; empty for any other refusal."""
    at = _AT_LINE.search(error)
    lines = text.splitlines()
    if at is None or not 0 < (number := int(at.group(1))) <= len(lines):
        return ""
    line = lines[number - 1]
    if not (key := _KEY.match(line)) or not (day := _DAY.match(line[key.end() :].lstrip())):
        return ""
    from credo.domain.dates import no_such_day

    why = no_such_day(*(int(part) for part in day.groups()))
    if not why:
        return ""
    field = next(group for group in key.groups() if group)
    return (
        f"line {number}: {field} = {day[0]} is no such day ({why}): "
        "write a day that exists, as year-month-day"
    )


def line_of(text: str | None, loc: tuple[int | str, ...]) -> str:
    """` (line N)` of the field at pydantic's `loc` (see `_line_number`), or ""."""
    number = _line_number(text, loc)
    return f" (line {number})" if number else ""


def _line_number(text: str | None, loc: tuple[int | str, ...]) -> int | None:
    """The line of the field at pydantic's `loc`: a top-level key, a key of a `[table]`
    (`variables.footer-background`; the table's own line when the key is not written out),
    or a key of the n-th `[[table]]` entry (`items.1.scope`; the entry's own line when the
    key is missing); None where the file does not show one."""
    if not text or not loc:
        return None
    found, field = None, re.escape(str(loc[0]))
    if len(loc) > 2 and isinstance(loc[1], int):
        header = re.compile(rf"^[ \t]*\[\[[ \t]*{field}[ \t]*\]\]", re.M)
        entries = list(header.finditer(text))
        if loc[1] < len(entries):
            start = entries[loc[1]].end()
            found = _key(str(loc[2])).search(text, start, _section_end(text, start))
            found = found or entries[loc[1]]
    table = re.compile(rf"^[ \t]*\[[ \t]*{field}[ \t]*\]", re.M).search(text)
    if found is None and table is not None and len(loc) > 1 and isinstance(loc[1], str):
        found = _key(loc[1]).search(text, table.end(), _section_end(text, table.end()))
    found = found or _key(str(loc[0])).search(text) or table
    return text.count("\n", 0, found.start()) + 1 if found else None


def _section_end(text: str, start: int) -> int:
    """Where the table whose header ends at `start` ends: at the next header, or the end."""
    after = re.compile(r"^[ \t]*\[", re.M).search(text, start)
    return after.start() if after else len(text)


def _key(field: str) -> re.Pattern[str]:
    """A key as TOML writes it: bare, or in double or single quotes."""
    name = re.escape(field)
    return re.compile(rf"""^[ \t]*(?:{name}|"{name}"|'{name}')[ \t]*=""", re.MULTILINE)


_PATTERN_WORDS = {  # each pattern credo's models use, as the rule it stands for
    ID_PATTERN.pattern: "should be a credo id (4 to 32 lower-case letters and digits)",
    r"\S": "should have words in it",
    r"^[a-z0-9][a-z0-9-]*$": "should be lower-case letters, digits and - (like my-name)",
    SBATCH_OPTION: "should be one option starting with -, its value after = (like --gpus=1)",
    r"^[0-9a-f]+$": "should be a commit's sha (hex digits, as git prints it)",
}

_TYPE_WORDS = {  # what a value should be, by the first word of pydantic's error type
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "string": "text in quotes",
    "date": "a date (2026-12-01)",
    "datetime": "a date and time (2026-12-01T09:30:00Z)",
    "list": "a list ([...])",
    "dict": "a table ({key = value, ...})",
    "model": "a table ({key = value, ...})",
}


_BOUND_WORDS = {  # pydantic's error type -> the rule, its context filled in
    "timezone_aware": "should have a time zone (like 2026-12-01T09:30:00Z or +01:00)",
    "greater_than_equal": "should be {ge} or more",
    "less_than_equal": "should be {le} or less",
    "finite_number": "should be a finite number",
}

_BUILTIN_ERRORS = frozenset(get_args(ErrorType))
"""pydantic's own error types, worded by pydantic; any other is credo's, worded by credo."""


def _bare_fits(kind: str, text: str) -> bool:
    """Quoted text that would be right written bare (`created = "2026-12-01T09:30:00Z"`):
    TOML reads it as text, and the message says to drop the quotes."""
    try:
        value = tomllib.loads(f"v = {text.strip()}")["v"]
    except (tomllib.TOMLDecodeError, KeyError):
        return False
    bare = {"bool": bool, "int": int, "float": int | float, "date": date, "datetime": datetime}
    return (
        kind in bare
        and isinstance(value, bare[kind])
        and not (kind in ("int", "float") and isinstance(value, bool))
    )


def _rule_broken(detail: Any) -> str | None:
    """What a value should be, in credo's words, for one of pydantic's error details
    (None for a kind of error credo's models do not make)."""
    kind, ctx = detail["type"], detail.get("ctx", {})
    words = kind.split("_")
    if words[0] in _TYPE_WORDS and {"type", "parsing", "from"} & set(words[1:]):
        quoted = isinstance(detail["input"], str) and _bare_fits(words[0], detail["input"])
        return f"should be {_TYPE_WORDS[words[0]]}" + (", without quotes" if quoted else "")
    if kind in ("enum", "literal_error"):
        return f"should be one of {ctx['expected']}"
    if kind == "string_pattern_mismatch":
        return _PATTERN_WORDS.get(ctx["pattern"], f"should match {ctx['pattern']}")
    if kind in _BOUND_WORDS:
        return _BOUND_WORDS[kind].format(**ctx)
    if kind == "too_short":
        return f"should hold at least {counted(ctx['min_length'], 'item')}"
    if kind == "string_too_short":
        return f"should be at least {counted(ctx['min_length'], 'character')} long"
    return None


def _in_words(detail: Any) -> str:
    """One error of pydantic's report as credo says it: what is wrong, and which value."""
    kind = detail["type"]
    if "scalars" in detail:  # merged by `_scalars_merged`
        *some, last = detail["scalars"]
        rule = f"{', '.join(some)} or {last}" if some else last
        return f"should be {rule}, not {_as_written(detail['input'])}"
    if kind == "missing":
        return "is missing"
    if kind == "extra_forbidden":
        return "is not a field credo knows (a typo?)"
    if kind == "duration":  # credo's rule (`durations._coerce`), then the value as written
        return f"{detail['msg']}, not {_as_written(detail['input'])}"
    if kind == "value_error":  # credo's own words, without pydantic's prefix
        return str(detail.get("ctx", {}).get("error", detail["msg"]))
    if kind not in _BUILTIN_ERRORS:  # a PydanticCustomError of credo's: its own words
        return str(detail["msg"])
    rule, value = _rule_broken(detail), _as_written(detail["input"])
    return f"{rule}, not {value}" if rule else f"cannot hold {value}"


def _as_written(value: Any) -> str:
    """A value read from TOML as it reads there (cut short: a file may hold anything)."""
    if isinstance(value, bool):
        shown = str(value).lower()
    elif isinstance(value, date | time):
        shown = value.isoformat()
    else:
        shown = repr(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


_SCALARS = {
    "bool_type": ("bool", "true or false"),
    "int_type": ("int", "a number"),
    "float_type": ("float", "a number"),
    "string_type": ("str", "text"),
}
"""pydantic's error type for each scalar of a union (a param's `bool | int | float | str`),
the name it adds to the field's location, and the scalar in words."""


def _scalars_merged(errors: list[Any]) -> list[Any]:
    """A value that fits none of a union's scalars (a list where a param goes) is one
    problem at its own field, not one per scalar at fields that do not exist (`lr.bool`)."""
    merged: list[Any] = []
    for detail in errors:
        scalar = _SCALARS.get(detail["type"])
        if scalar is None or not detail["loc"] or detail["loc"][-1] != scalar[0]:
            merged.append(detail)
            continue
        field = detail["loc"][:-1]
        if merged and merged[-1]["loc"] == field and "scalars" in merged[-1]:
            merged[-1]["scalars"] = [*dict.fromkeys([*merged[-1]["scalars"], scalar[1]])]
        else:
            merged.append({**detail, "loc": field, "scalars": [scalar[1]]})
    return merged


def describe_validation(
    error: ValidationError, label: str, text: str | None = None
) -> BadFileError:
    """Turn pydantic's report into one message naming the file, field and problem."""
    return BadFileError(label, problems_in_words(error, text) + "; fix or remove it")


def problems_in_words(error: ValidationError, text: str | None = None, what: str = "field") -> str:
    """pydantic's report as credo says it, the first three problems: `field 'due' (line 3)
    should be a date (2026-12-01), not 'someday'` (lines where `text`, the file, shows them)."""
    return _problems(_scalars_merged(error.errors()), text, what)


def _problems(errors: list[Any], text: str | None, what: str = "field") -> str:
    problems = []
    for detail in errors[:3]:
        location = ".".join(str(part) for part in detail["loc"]) or "(file)"
        problems.append(f"{what} '{location}'{line_of(text, detail['loc'])} {_in_words(detail)}")
    more = len(errors) - 3
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")


def to_toml_value(value: Any) -> Any:
    """Turn a python-mode model dump into what tomli-w can write (no None, no lone
    surrogate: see `held_as_utf8`)."""
    if isinstance(value, str):
        return held_as_utf8(value)
    if isinstance(value, dict):
        return {held_as_utf8(str(k)): to_toml_value(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [to_toml_value(v) for v in value if v is not None]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, int) and value not in TOML_INTEGERS:
        return str(value)  # other TOML parsers refuse it; a run's params read it back
    return value


def dump_model(model: BaseModel, keep: dict[str, Any] | None = None) -> bytes:
    """TOML for `model`; keys of `keep` that the model does not know are carried over."""
    data = to_toml_value(model.model_dump(mode="python", exclude_none=True))
    known = set(type(model).model_fields)
    if keep:
        for key, value in keep.items():
            if key not in known:
                data[key] = value
    # Scalars first, tables last, so TOML does not nest a scalar under a table.
    ordered = {k: v for k, v in data.items() if not _is_table(v)}
    ordered.update({k: v for k, v in data.items() if _is_table(v)})
    import tomli_w  # on the first write: reading (ls, the board's first frame) never needs it

    return tomli_w.dumps(ordered).encode("utf-8")


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) or (
        isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)
    )
