"""Toasts: how long each stays is one rule (`toast_seconds`), by severity and length."""

from __future__ import annotations

from credo.ui.app import CredoApp, toast_seconds
from pilots import settle


async def test_every_toast_stays_as_its_severity_and_length_say(board_app: CredoApp) -> None:
    """Toasts stayed 2 to 8 s by whichever number each call gave: "No task selected" 2 s,
    an added task's note 2 s on the board and 3 s elsewhere, the undo's 3 s however long
    the title. Now a warning stays longer than a note, a long note longer than a short
    one, the same way in every view."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Plot the loss curves", "enter")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        toasts = list(board_app._notifications)
    assert toasts
    for toast in toasts:
        assert toast.timeout == toast_seconds(f"{toast.title} {toast.message}", toast.severity)
    undid = next(t for t in toasts if t.message.startswith("Undid: "))
    assert undid.timeout > 3


def test_a_warning_stays_longer_than_a_note_and_a_long_one_longer() -> None:
    assert toast_seconds("x", "information") < toast_seconds("x", "warning")
    assert toast_seconds("x", "warning") < toast_seconds("x", "error")
    assert toast_seconds("short", "information") < toast_seconds("long " * 20, "information")
    assert toast_seconds("long " * 500, "error") == 20
