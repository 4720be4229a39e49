"""Pure domain of the board: records, statuses, colours, response times, KPIs. No I/O in this package.

Modules: `text` (sanitising user text), `records` (conversion between records and store fields),
`teams` (teams, tiers, people, roles), `settings` (board settings: time zone, shifts, response times,
agenda), `metrics` (metrics, readings, status colours), `ideas`, `escalations`, `actions`, `comments`,
`huddles`, `objectives`, and the rules modules `kpis` and `support`.
"""
