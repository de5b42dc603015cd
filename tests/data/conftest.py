"""A DuckDB engine per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from credo.data.engine import Engine


@pytest.fixture
def engine() -> Iterator[Engine]:
    with Engine() as opened:
        yield opened
