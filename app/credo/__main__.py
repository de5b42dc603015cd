from credo.cli import run

run()
