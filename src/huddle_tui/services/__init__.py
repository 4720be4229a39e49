"""Use cases of the board: one function per thing a user does, with its permission check.

The CLI and the Textual UI call these functions and nothing below them. No module here imports Textual
or argparse. Modules:

- `session`: who is acting (OS login mapped to a person, `--as`/PIN rules) and the open board.
- `directory`: teams, people, metrics and settings, cached, with lookup by name, id or id prefix.
- `guard`: the permission check every writing use case runs before it writes.
- `setup`: initialise a board, add teams, people and metrics, set targets, agenda and PINs.
- `readings`, `ideas`, `escalations`, `actions`, `huddles`, `objectives`, `comments`: the use cases.
- `queries` and `views`: the read side (team board, roll-up, inbox, details, KPIs, support, cascade).
- `export` and `importing`: whole-board export (json, csv, md) and imports (CSV readings, json board).
"""
