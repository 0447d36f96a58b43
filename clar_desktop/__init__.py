"""CLAR Desktop: run a CLAR session (jury secretary, attendees, staff) on a laptop."""

__version__ = "0.1.0"
