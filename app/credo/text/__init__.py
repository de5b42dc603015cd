"""Presentation: domain facts turned into words, Markdown and Rich markup.

Shared by the shell, the app and the agents; no Textual here, and Rich only inside
the functions that render.
"""
