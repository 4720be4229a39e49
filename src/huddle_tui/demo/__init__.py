"""The demo board: a believable plant built through the services, for trying the app and for benchmarks.

Modules: `story` (the plant's data as plain data: teams, people, metrics, idea and escalation texts, red-day
reasons and countermeasures) and `generate` (builds a board from a seed, with an injected clock, in two
sizes: `team`, a plant with 8 front-line teams and 90 days of history, and `plant`, the benchmark-scale board
with 50 teams, 20 replicas and 3 years of daily readings).
"""
