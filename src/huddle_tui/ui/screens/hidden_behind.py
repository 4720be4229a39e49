"""Screens that stay undrawn while an opaque screen covers them.

Textual counts the screen just below the top one as showing through it, even when the top screen is
opaque: then whatever changes on that screen makes the top screen draw those regions again, a frame
later. For the board that was the second frame of every detail, tier screen or standup opened from it
(its selected row changes as it opens one).

`HiddenBehindOpaque` (before `Screen` in the bases): behind an opaque top screen its changes wait, and
it is drawn in full when it is back on top, as Textual does for the screens further down. Under a
screen that is not opaque (a modal form), Textual's own handling applies.

This overrides Textual 8's `Screen._compositor_refresh`; tests/ui/test_board.py
(`test_the_board_behind_an_opaque_screen_does_not_make_it_draw_again`) checks it on an upgrade.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


class HiddenBehindOpaque(Screen[Any]):
    """A screen whose changes behind an opaque top screen wait until it is shown again."""

    def _compositor_refresh(self) -> None:
        top = self.app.screen
        if top is not self and top.styles.background.a == 1 and self._compositor._dirty_regions:
            self._set_dirty(*self._compositor._dirty_regions)
            self._repaint_required = True
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            return
        super()._compositor_refresh()
