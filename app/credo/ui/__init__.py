"""The terminal face (Textual). The only package that imports Textual."""
