"""Git linkage: what state the code was in, and which commits mention which items.

Cheap to import: git is only called inside the functions.
"""
