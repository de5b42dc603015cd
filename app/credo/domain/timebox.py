"""The countdown of a timeboxed experiment: pure rules, no clock of its own.

The countdown stops while an experiment is paused and never extends by itself: once
the timebox is spent, `remaining` goes negative (the overrun) and stays so. Time is
added only on purpose (`credo exp extend`), and is shown apart: `45m +15m`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from credo.domain.durations import format_duration
from credo.domain.models import Experiment, ExperimentStatus, Run, RunStatus


def elapsed(exp: Experiment, now: datetime) -> timedelta:
    """Working time spent on `exp` up to `now`: pauses do not count."""
    if exp.started is None:
        return timedelta(0)
    if exp.ended is not None:
        until = exp.ended
    elif exp.status == ExperimentStatus.PAUSED and exp.paused_at is not None:
        until = exp.paused_at
    else:
        until = now
    spent = until - exp.started - timedelta(seconds=exp.paused_seconds)
    return max(spent, timedelta(0))


def remaining(exp: Experiment, now: datetime) -> timedelta:
    """Time left in the timebox (extensions included) at `now`; negative is the overrun.
    Frozen while paused."""
    return exp.budget - elapsed(exp, now)


def overrun(exp: Experiment, now: datetime) -> timedelta:
    """Working time spent past the timebox in force at each moment: an extension made
    after the box ran out does not erase the overrun before it."""
    used = elapsed(exp, now)
    box, since, over = exp.timebox, timedelta(0), timedelta(0)
    for added in sorted(exp.extensions, key=lambda e: e.spent_seconds or 0.0):
        until = min(timedelta(seconds=added.spent_seconds or 0.0), used)
        over += max(until - max(since, box), timedelta(0))
        box, since = box + added.by, until
    return over + max(used - max(since, box), timedelta(0))


def timebox_words(exp: Experiment) -> str:
    """The timebox as people read it: `45m`, or `45m +15m` once time was added, and
    `45m +15m (+15m added after it closed)` where some came after its close."""
    added = exp.extended_by if exp.extensions else timedelta(0)
    return box_words(exp.timebox, added, added_after_closing(exp))


def added_after_closing(exp: Experiment) -> timedelta:
    """The time added to a closed experiment's timebox after it closed: one clone
    extended it, another closed it, and the merge kept both (`credo exp extend` refuses
    a closed one)."""
    if exp.ended is None or not exp.status.closed:
        return timedelta(0)
    return sum((e.by for e in exp.extensions if e.at > exp.ended), timedelta(0))


def box_words(timebox: timedelta, added: timedelta, late: timedelta = timedelta(0)) -> str:
    """`45m`, or `45m +15m` with time `added` on purpose, `late` of it after the experiment
    closed (`added_after_closing`) said apart (the report's lines hold these as seconds,
    not an Experiment)."""
    words = format_duration(timebox)
    words = f"{words} +{format_duration(added)}" if added else words
    return f"{words} (+{format_duration(late)} added after it closed)" if late else words


def countdown_words(exp: Experiment, left: timedelta) -> str:
    """The time `left` against the box in force, plainly: `24:59 left of 25m`,
    `36:55 left of 50m (25m +25m)` once time was added, `+3:10 past 25m` in an overrun
    (`36:55 of 25m +25m` read as time used)."""
    box = format_duration(exp.budget)
    if exp.extensions:
        box += f" ({timebox_words(exp)})"
    return f"{format_countdown(left)} {'past' if left < timedelta(0) else 'left of'} {box}"


def start_words(exp: Experiment, now: datetime) -> str:
    """What starting `exp` at `now` says of its clock: `timebox 25m, up at 10:47`."""
    return f"timebox {timebox_words(exp)}, up at {clock_words(now + remaining(exp, now), now)}"


def resume_words(exp: Experiment, now: datetime) -> str:
    """What resuming `exp` at `now` says of its clock: `12m left, up at 11:02`, or `3m
    past its timebox 25m` once it is spent (whole minutes, seconds under one)."""
    left = remaining(exp, now)
    if left <= timedelta(0):
        return f"{format_duration(_whole_minutes(-left))} past its timebox {timebox_words(exp)}"
    return f"{format_duration(_whole_minutes(left))} left, up at {clock_words(now + left, now)}"


def clock_starts_words(exp: Experiment, now: datetime, *, starts: bool) -> tuple[str, str]:
    """What every face says as `exp`'s clock runs at `now`, first (`starts`: a planned
    one) or again: `("Started", "timebox 25m, up at 10:47")`, `("Resumed", "12m left, up
    at 11:02")`."""
    if starts:
        return "Started", start_words(exp, now)
    return "Resumed", resume_words(exp, now)


def _whole_minutes(span: timedelta) -> timedelta:
    """`span` to the nearest minute (`24m57s` is `25m`); under a minute, to the second."""
    if span < timedelta(minutes=1):
        return timedelta(seconds=round(span.total_seconds()))
    return timedelta(minutes=round(span / timedelta(minutes=1)))


def clock_words(moment: datetime, now: datetime) -> str:
    """`moment` in local time: `10:47` on `now`'s day, else `10:47 on Tue 08 Dec`."""
    local = moment.astimezone()
    return local.strftime(
        "%H:%M" if local.date() == now.astimezone().date() else "%H:%M on %a %d %b"
    )


def is_overrun(exp: Experiment, now: datetime) -> bool:
    return remaining(exp, now) < timedelta(0)


def format_countdown(left: timedelta) -> str:
    """`24:59`, `1:02:03`, or `+3:10` for an overrun (always whole seconds); a day or
    more reads as the report says a span, to the minute: `+1d17h10m`, not `+41:09:38`."""
    sign = "+" if left < timedelta(0) else ""
    if abs(left) >= timedelta(days=1):
        return sign + format_duration(_whole_minutes(abs(left)))
    total = int(left.total_seconds())
    if left < timedelta(0):
        total = int(-left.total_seconds() + 0.999)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{sign}{minutes:02d}:{seconds:02d}"


def run_seconds(run: Run) -> float | None:
    """How long a run that ended ran; None while it runs, and for one that never started
    (cancelled in its queue: the time it waited is not time it ran)."""
    if run.never_started or run.ended is None:
        return None
    return (run.ended - run.started).total_seconds()


def unstarted_words(run: Run) -> str:
    """A run with no start, as every view says it where its start time would be: `never
    started` (it ended in its queue: cancelled, or SLURM ended its job before credo on
    the node took it), `not started yet` (still queued); "" for a run that started."""
    if not run.never_started:
        return ""
    return "not started yet" if run.status == RunStatus.QUEUED else "never started"


def run_took(status: str, value: timedelta) -> str:
    """How long a run of that status took: a lost run ended at its last sign of life (a
    file written, a heartbeat), so it ran that long at least (`≥12s`)."""
    return ("≥" if status == RunStatus.LOST else "") + format_elapsed(value)


def format_elapsed(value: timedelta) -> str:
    """A run's duration for people: `0.4s`, `12s`, `3m05s`, `2h01m`."""
    seconds = max(value.total_seconds(), 0.0)
    if seconds < 10:
        return f"{seconds:.1f}s"
    whole = int(seconds)
    if whole < 60:
        return f"{whole}s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
