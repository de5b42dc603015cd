"""`credo data`: look at raw records, count labels, find leaks and Clever Hans cues,
read what a filter dropped.

The modules here import DuckDB only inside `engine.connect`, so the rest of credo (and
`credo ls`) never loads it; without the `data` extra the commands say how to install it.
"""
