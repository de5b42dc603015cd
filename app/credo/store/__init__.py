"""`.credo/` on disk: one TOML file per item, atomic writes, a lock, a load cache."""

from credo.store.store import LoadProblem, Store

__all__ = ["LoadProblem", "Store"]
