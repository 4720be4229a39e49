"""huddle_tui: a terminal daily-management board for front-line teams."""

__version__ = "0.1.0"
