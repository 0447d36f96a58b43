"""Preparing a contest: its rules, its proposals, jurors, categories and scoring sheets, and
importing them from the programme's spreadsheets."""
