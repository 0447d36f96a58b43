"""Fixtures of the app's tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _quit_without_the_open_session_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-qt closes the windows a test gave it once the test is over; while a session
    is open the main window would first ask whether to quit (app/quitting.py) and wait for
    an answer nobody gives. The tests of that question (test_quitting.py) put it back."""
    from clar_desktop.app import quitting

    monkeypatch.setattr(quitting, "confirm_quit", lambda _parent: True)
