"""The live session: the score grid, the running order, attendance, the presentation timer,
the results, the event log, the session's dialogs, and the control of the projector."""
