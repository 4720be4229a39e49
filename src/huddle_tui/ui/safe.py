"""The one place that turns user text into something Textual can render.

User text (idea titles, reasons, names, comments ...) is data, never markup (brief section 6): a plain
`str` handed to Label, Static, Button, DataTable, notify() and friends is parsed as Textual markup, so
`a[/]b` crashes the app and `[@click=app.quit]x` becomes a live action. Every widget of this package
therefore renders user text only through the helpers below:

- `user_text(s)` -> `Content` built with `Content(...)`, never parsed as markup;
- `user_cell(s)` -> `rich.text.Text` for DataTable cells and Tree labels (single line, clipped);
- `fill("Owner: $name", name=s)` -> labelled values: the template is trusted markup written by us,
  the values are substituted as plain text;
- `clip(s, n)` / `one_line(s)` for list cells: 40k characters never reach the layout.

Control characters (ESC above all) are replaced by their visible Unicode "control pictures" (ESC shows
as ␛), so an escape sequence that slipped into the store is shown literally and never reaches the
terminal. Newline and tab survive in detail views; list cells fold them into one line.
"""

from __future__ import annotations

import re

from rich.style import Style as RichStyle
from rich.text import Text
from textual.content import Content

# C0 controls except tab and newline, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Unicode bidi controls (LRO/RLO/PDF/isolates): harmless to show, but they can reorder the rest of a
# line in some terminals ("Trojan source"); show them as a visible marker instead.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")

CELL_LIMIT = 80  # characters of user text in one list cell
DETAIL_LIMIT = 20_000  # characters of user text in one detail view (the store caps text at this size)
ELLIPSIS = "…"


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ... ␟ (ESC -> ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls: the replacement character


def visible(value: object) -> str:
    """`value` as text with every control character (except newline and tab) made visible."""
    text = "" if value is None else str(value)
    if text.isprintable():  # no control or format character at all (most text): nothing to replace
        return text
    text = text.replace("\r\n", "\n")
    text = _CONTROL.sub(_picture, text)
    return _BIDI.sub("\ufffd", text)


def one_line(value: object) -> str:
    """`visible(value)` folded into one line: newlines show as ⏎, tabs as spaces."""
    text = visible(value)
    if "\n" in text or "\t" in text:
        text = text.replace("\t", " ").replace("\n", " ⏎ ")
    return text


def clip(value: object, limit: int = CELL_LIMIT) -> str:
    """`value` as one visible line of at most `limit` characters, ending in … when cut."""
    text = str(value) if value is not None else ""
    if len(text) > limit * 4:  # never scan 40k characters for a 80-character cell
        text = text[: limit * 4]
    text = one_line(text)
    if len(text) > limit:
        return text[: max(limit - 1, 0)] + ELLIPSIS
    return text


def user_text(
    value: object,
    *,
    style: str = "",
    single_line: bool = False,
    limit: int | None = DETAIL_LIMIT,
) -> Content:
    """User text as `Content` (literal, never markup). `single_line` folds it for a list; `limit` clips."""
    if single_line:
        text = clip(value, limit or CELL_LIMIT)
    else:
        text = visible(value)
        if limit is not None and len(text) > limit:
            text = text[: limit - 1] + ELLIPSIS
    return Content.styled(text, style) if style else Content(text)


def user_cell(value: object, style: str | RichStyle | None = None, *, limit: int = CELL_LIMIT) -> Text:
    """User text as a one-line `rich.text.Text` for a DataTable cell or Tree label (never markup)."""
    return Text(clip(value, limit), style=style or "", no_wrap=True, overflow="ellipsis", end="")


def fill(template: str, /, *, limit: int | None = DETAIL_LIMIT, **values: object) -> Content:
    """`Content.from_markup(template, **values)` with every value made visible and treated as text.

    The template is markup written by this program ("[b]Owner:[/b] $name"); the values are user text
    and are substituted after the markup is parsed, so brackets in them stay literal.
    """
    safe = {}
    for key, value in values.items():
        text = visible(value)
        if limit is not None and len(text) > limit:
            text = text[: limit - 1] + ELLIPSIS
        safe[key] = text
    return Content.from_markup(template, **safe)


def labelled(label: str, value: object, *, label_style: str = "bold", single_line: bool = True) -> Content:
    """'Label: value' with a styled label (our text) and a literal value (user text)."""
    body = user_text(value, single_line=single_line, limit=CELL_LIMIT if single_line else DETAIL_LIMIT)
    return Content.assemble((f"{label}: ", label_style), body)
