"""Run by the run's own Python (by path, with `-I`): which of the package names read on
stdin (a JSON list) it has, at which version, as `importlib.metadata` would answer;
printed as JSON with the Python's version.

It answers without importing `importlib.metadata` (a third of the cost) unless an entry
needs it: an installed `.dist-info` folder is named `<name>-<version>` (the wheel rule);
egg-info folders, two installs of one name in a folder and zipped path entries are left
to `importlib.metadata`. The run's Python may be any 3.7 or newer and may not have credo:
this file imports nothing but the standard library and uses no newer syntax.
"""

from __future__ import annotations

import json
import os
import re
import sys


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def versions(names: list[str], path: list[str]) -> dict[str, str]:
    """{name: version} for each of `names` installed on `path` (as `sys.path`)."""
    wanted: dict[str, list[str]] = {}
    for name in names:
        wanted.setdefault(norm(name), []).append(name)
    found: dict[str, str] = {}
    unsure: set[str] = set()
    zipped = False
    for entry in path:
        try:
            listing = os.listdir(entry or ".")
        except NotADirectoryError:
            zipped = True
            continue
        except OSError:
            continue
        here: set[str] = set()
        for item in listing:
            stem, _, kind = item.rpartition(".")
            if kind not in ("dist-info", "egg-info"):
                continue
            dist, _, rest = stem.partition("-")
            key = norm(dist)
            if key not in wanted or key in unsure or (key in found and key not in here):
                continue
            version = rest.split("-")[0]
            if kind == "dist-info" and version and key not in here:
                found[key] = version
                here.add(key)
            else:  # no version in the name, or two installs side by side
                found.pop(key, None)
                unsure.add(key)
    if zipped:
        unsure.update(key for key in wanted if key not in found)
    if unsure:
        from importlib import metadata

        for key in unsure:
            try:
                found[key] = metadata.version(wanted[key][0])
            except Exception:  # a broken install answers nothing, not a crash
                pass
    return {name: found[norm(name)] for name in names if norm(name) in found}


def main() -> None:
    try:
        names = json.loads(sys.stdin.read())
    except ValueError:
        return  # credo left before asking
    found = versions(names, sys.path)
    print(json.dumps({"python": sys.version.split()[0], "packages": found}))


if __name__ == "__main__":
    main()
