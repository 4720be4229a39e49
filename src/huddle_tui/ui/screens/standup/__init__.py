"""Standup mode: run today's huddle of a team as a full-screen agenda stepper.

`h` on the board (or the palette's "Run the huddle") starts the huddle of the production day, or joins
it when another terminal already started it. The agenda comes from the board settings with the team's
own timeboxes; each step shows its part of the board (safety cross, yesterday's results reds first with
any unsettled red of another day of the period on top, open actions, new ideas, escalations in and out).
Two big countdowns (textual `Digits`) give the time left on the step and on the whole; past its timebox
a clock turns red, counts up with a `+` and the line beside it says "▲ OVER by mm:ss" (readable without
colour).

Space/Enter go to the next step, Backspace to the previous one; the step reached is stored through
`services.huddles.move_to_step` (which counts the time per step from these moves), so a second terminal
joining sees where the huddle is. Inside a step the board's write keys work (`ui.writes.WriteFlows`:
who is entering, PIN, form, worker). The roster on the right ticks attendance (`p` on the highlighted
person; Tab moves there) and `g` adds a guest. `f` (or Space on the last step) ends the huddle: a red
without a reason refuses, a red without a countermeasure asks first; the minutes then replace this
screen.

A live change from another replica reloads the data; the step on screen and the timers stay.

Where things live:

- `screen.py`: `StandupScreen` (keys, starting and loading, showing a step, moving between steps), built
  from the parts below, and `open_standup`, the way in from the board.
- `base.py`: `StandupBase`, the state the parts share (huddle, agenda, step on screen, loaded data).
- `layout.py`: the widget tree (head, timers, agenda line, one pane a step, roster) and pane titles.
- `data.py`: `StandupData`, what the steps show, and `gather`, which loads it in a worker.
- `rows.py`: the rows and texts of the step panes (results, actions, ideas, escalations, safety).
- `timers.py`: the two countdowns, the agenda line and `clock_text`.
- `attendance.py`: the roster, ticking who is present, adding a guest.
- `step_writes.py`: the board's write keys inside a step, and which step each key applies to.
- `ending.py`: ending the huddle (reds checked first) and showing its minutes.
- `standup.tcss`: the screen's stylesheet.
"""

from huddle_tui.ui.screens.standup.screen import StandupScreen, open_standup
from huddle_tui.ui.screens.standup.timers import clock_text

__all__ = ["StandupScreen", "clock_text", "open_standup"]
