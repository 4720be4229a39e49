"""Objectives: a tier's long-term goals in words, with the metrics that measure them.

Team metrics below feed those metrics (`Metric.feeds`), which makes the cascade from a plant objective
down to the front-line metrics that move it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Objective:
    id: str
    team_id: str
    text: str
    metric_ids: tuple[str, ...] = ()
    archived: bool = False
