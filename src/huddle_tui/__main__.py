"""Allows `python -m huddle_tui`."""

from huddle_tui.cli import main

raise SystemExit(main())
