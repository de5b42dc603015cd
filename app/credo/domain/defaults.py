"""Empty defaults for pydantic fields: `Field(default_factory=empty_list)`, not `list`.

pydantic asks every default factory whether it takes the validated data, with
`inspect.signature`. For a builtin type that means parsing its text signature, and the
first parse in a process compiles `tokenize`'s regular expressions: 11 ms of each credo
command that builds a model, and of the board's start. A Python function's signature is
read as it is. (Dataclasses ask nothing: `field(default_factory=list)` stays.)
"""

from __future__ import annotations

from typing import Any


def empty_list() -> list[Any]:
    return []


def empty_dict() -> dict[Any, Any]:
    return {}
