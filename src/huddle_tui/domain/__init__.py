"""Pure domain of the board: records, statuses, colours, response times, KPIs. No I/O in this package.

Modules: `text` (sanitising user text), `records` (conversion between records and store fields),
`teams` (teams, tiers, people, roles), `settings` (board settings: time zone, shifts, response times,
agenda), `boardtime` (local dates and shifts), `metrics` (metrics, readings, status colours), `ideas`,
`escalations` (with the move state machine), `actions`, `comments`, `huddles`, `objectives`, and the rules
modules `rollup` (SQDCP status of a team's day), `kpis` (idea-system KPIs), `support` (how the tiers above
serve the front line), `pins` (kiosk PIN hashing) and `permissions` (the role table).
"""
