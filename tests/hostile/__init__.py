"""Hostile-input tests (corpus shared with the UI tests)."""
