"""ui.safe: user text is never markup, control characters are visible, long text is clipped."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.content import Content

from huddle_tui.ui.safe import CELL_LIMIT, clip, fill, labelled, one_line, user_cell, user_text, visible

from .harness import HOSTILE, HOSTILE_IDS, LONG


@pytest.mark.parametrize("text", HOSTILE, ids=HOSTILE_IDS)
def test_user_text_is_literal(text: str) -> None:
    content = user_text(text)
    assert isinstance(content, Content)
    assert content.spans == []
    assert content.plain.startswith(visible(text)[:100])
    assert "\x1b" not in content.plain and "\x07" not in content.plain


@pytest.mark.parametrize("text", HOSTILE, ids=HOSTILE_IDS)
def test_user_cell_is_one_literal_line(text: str) -> None:
    cell = user_cell(text)
    assert isinstance(cell, Text)
    assert "\n" not in cell.plain
    assert len(cell.plain) <= CELL_LIMIT
    assert cell.spans == []
    assert "\x1b" not in cell.plain


def test_control_characters_become_visible() -> None:
    assert visible("\x1b[31mred") == "␛[31mred"
    assert visible("\x1b]52;c;SGVsbG8=\x07") == "␛]52;c;SGVsbG8=␇"
    assert visible("a\x00b\x7fc\x9bd") == "a␀b␡c\ufffdd"
    assert visible("keep\ttab\nnewline") == "keep\ttab\nnewline"
    assert visible("bidi\u202eevil") == "bidi\ufffdevil"
    assert visible(None) == ""


def test_one_line_and_clip() -> None:
    assert one_line("a\nb\tc") == "a ⏎ b c"
    assert clip("x" * 100, 10) == "x" * 9 + "…"
    assert clip("short", 10) == "short"
    assert len(clip(LONG)) == CELL_LIMIT


def test_detail_text_keeps_newlines_and_is_capped() -> None:
    assert user_text("a\nb").plain == "a\nb"
    assert len(user_text(LONG).plain) <= 20_000
    assert user_text(LONG, limit=None).plain == LONG


def test_fill_keeps_our_markup_and_user_values_literal() -> None:
    content = fill("[b]Owner:[/b] $name", name="[@click=app.quit]x")
    assert content.plain == "Owner: [@click=app.quit]x"
    assert [span.style for span in content.spans] == ["b"]
    assert fill("$a", a="\x1b[31m").plain == "␛[31m"


def test_labelled() -> None:
    content = labelled("Owner", "a[/]b\nc")
    assert content.plain == "Owner: a[/]b ⏎ c"
