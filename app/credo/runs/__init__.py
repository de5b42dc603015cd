"""`credo run`: the child process, its output, its timebox, and what it ran with.

Cheap to import: the modules import their heavy parts inside the functions.
"""
