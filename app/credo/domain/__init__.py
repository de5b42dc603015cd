"""Pure data and rules: pydantic models, quadrants, timeboxes. No I/O, no Textual."""
