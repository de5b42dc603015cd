"""`.credo/` on disk: one TOML file per item, atomic writes, a lock, a load cache.

`Store` is imported on first use (PEP 562), so the light modules of this package (the
commit hook's `active`, `stamps`, `confine`) load without pydantic.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `typing`'s: the commit hook imports this package, and not typing
if TYPE_CHECKING:
    from typing import Any

    from credo.store.store import LoadProblem, Store

__all__ = ["LoadProblem", "Store"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from credo.store import store

        return getattr(store, name)
    raise AttributeError(f"module 'credo.store' has no attribute {name!r}")
