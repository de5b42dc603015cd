"""Principle checklists: packs (built-in and the project's), reviews, and the gate before runs."""
