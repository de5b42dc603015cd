"""Property tests: valid items round-trip unchanged; junk never crashes or changes."""

from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credo.domain.models import Task, TaskStatus
from credo.store import Store
from credo.store.ids import ALPHABET

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

ids = st.text(alphabet=ALPHABET, min_size=16, max_size=16)
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
titles = text.map(lambda s: " ".join(s.split())).filter(bool)
moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
tasks = st.builds(
    Task,
    id=ids,
    title=titles,
    notes=text,
    important=st.booleans(),
    urgent=st.booleans(),
    due=st.none() | st.dates(date(1990, 1, 1), date(2100, 1, 1)),
    tags=st.lists(st.text(alphabet="abcdefghij-_", min_size=1, max_size=8), max_size=4),
    status=st.sampled_from(TaskStatus),
    order=st.floats(allow_nan=False, allow_infinity=False, width=32),
    created=moments,
    updated=moments,
)


def fresh_store(tmp_path_factory: object) -> Store:
    root = Path(tmp_path_factory.mktemp("p"))  # type: ignore[attr-defined]
    return Store.init(root)[0]


@SETTINGS
@given(task=tasks)
def test_valid_tasks_round_trip(tmp_path_factory: object, task: Task) -> None:
    store = fresh_store(tmp_path_factory)
    store.create(task)
    assert store.read(Task, task.id) == task
    assert store.load(Task).items[task.id] == task  # parsed
    assert Store(store.project_root).load(Task).items[task.id] == task  # from the cache


@SETTINGS
@given(data=st.binary(max_size=300))
def test_random_bytes_never_crash_or_change(tmp_path_factory: object, data: bytes) -> None:
    store = fresh_store(tmp_path_factory)
    path = store.credo_dir / "tasks" / "abcd1234abcd1234.toml"
    path.write_bytes(data)
    loaded = store.load(Task)
    assert "abcd1234abcd1234" in loaded.items or "abcd1234abcd1234" in loaded.problems
    assert path.read_bytes() == data


toml_values = st.one_of(
    st.integers(-(2**63), 2**63 - 1).map(str),
    st.booleans().map(lambda b: str(b).lower()),
    st.text(alphabet="abc xyz", max_size=5).map(lambda s: f'"{s}"'),
    st.just("[1, 2]"),
    st.just("2026-01-01"),
    st.just("2026-01-01T00:00:00"),
    st.just("{ a = 1 }"),
)
keys = st.sampled_from(
    ["id", "title", "status", "due", "tags", "important", "order", "created", "every", "pinned"]
)


@SETTINGS
@given(fields=st.dictionaries(keys, toml_values, max_size=6))
def test_schema_invalid_toml_never_crashes_or_changes(
    tmp_path_factory: object, fields: dict[str, str]
) -> None:
    store = fresh_store(tmp_path_factory)
    path = store.credo_dir / "tasks" / "abcd1234abcd1234.toml"
    content = "".join(f"{key} = {value}\n" for key, value in fields.items()).encode()
    path.write_bytes(content)
    loaded = store.load(Task)
    if "abcd1234abcd1234" in loaded.problems:
        assert loaded.problems["abcd1234abcd1234"].message
    assert path.read_bytes() == content
