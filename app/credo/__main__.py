from credo.cli import run

# Only hooks an older credo installed call `python -m credo hooks trailers`: through the
# whole CLI, which rewrites them (a team's hook calls the `credo` script, answered at once).
run(hook_at_once=False)
