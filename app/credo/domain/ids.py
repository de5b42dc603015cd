"""What an item id looks like: it is also a file name, so it is checked before any path is
made from it. Imports nothing (the commit hook and path checks use it without pydantic)."""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"^[0-9a-z]{4,32}$")
