"""Widgets that render domain values (statuses, day grids, PICK chart, trend, header). One per module."""
