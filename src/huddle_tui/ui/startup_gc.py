"""The cyclic garbage collector during a start: paused until the board is live, then told to leave
the start's objects alone.

A cold start makes a few hundred thousand objects that live as long as the app: modules, classes,
widgets and their styles, the store's records. While they are being made, the collector runs again and
again and walks more of them each time: about a fifth of a plant-size start (bench/app_bench.py, cold
start and live board). So `HuddleApp.run` pauses it, and once the board is live (or after
`LONGEST_PAUSE` seconds, whatever happens) `resume` moves everything made so far to the permanent
generation (`gc.freeze`: never walked again; freed as usual when its last reference goes) and turns the
collector back on. Nothing else is changed: a long-running app collects as any Python program does.
"""

from __future__ import annotations

import gc

LONGEST_PAUSE = 10.0  # s: the collector is back on by then, live board or not

_paused = False


def pause() -> None:
    """Turn the collector off for the start (not when something else has turned it off already)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """The start is over: freeze what it made and turn the collector back on (once; only if paused)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def paused() -> bool:
    return _paused
