"""The parsed stylesheets kept between starts (ui/css_cache.py): the same rules as a parse, read
instead of parsing, and nothing but Textual's rules unpickled."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from textual.css import stylesheet as stylesheet_module
from textual.css.model import _CHECKS, RuleSet
from textual.css.stylesheet import Stylesheet

from huddle_tui.ui import css_cache
from huddle_tui.ui.app import create_app

from .conftest import fixed_now, open_as
from .harness import settle

SIZE = (120, 40)


def plain(value: Any) -> Any:
    """A value compared by content: a layout (equal only to itself) as its class and attributes."""
    if type(value).__eq__ is object.__eq__ and hasattr(value, "__dict__"):
        return type(value), vars(value)
    return value


def rule_shape(rule: RuleSet) -> tuple[Any, ...]:
    """Everything a rule applies by: selectors (and their checks), declarations, defaults, ties."""
    checks = [
        (selector._check.func, selector._check.args)
        for selector_set in rule.selector_set
        for selector in selector_set.selectors
    ]
    return (
        rule.selector_set,
        checks,
        {name: plain(value) for name, value in rule.styles.get_rules().items()},
        rule.errors,
        rule.is_default_rules,
        rule.tie_breaker,
        rule.selector_names,
        rule.pseudo_classes,
    )


async def run_board(board_path: Path, palette: bool = False) -> Any:
    app = create_app(
        lambda: open_as(board_path), now=fixed_now, watch=False, cursor_blink=False, animations=False
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if palette:
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
    return app


async def test_the_rules_kept_are_the_rules_a_parse_makes(board_path: Path) -> None:
    app = await run_board(board_path, palette=True)
    variables = dict(app.stylesheet._variables)
    path = css_cache.cache_path(app.stylesheet)
    assert path.is_file() and path.is_relative_to(Path(os.environ["XDG_STATE_HOME"]))

    warmed = Stylesheet(variables=variables)
    count = css_cache.warm(warmed)
    places = [key[1] for key in warmed._parse_cache.keys()]  # noqa: SIM118 (an LRUCache, no iter)
    assert count == len(places) > 10
    assert any(path.endswith("huddle.tcss") for path, _ in places)  # the app's stylesheet
    names = {name for _, name in places}
    assert {"DataTable.DEFAULT_CSS", "CommandPalette.DEFAULT_CSS"} <= names  # widgets', the palette's
    fresh = Stylesheet(variables=variables)
    for key in list(warmed._parse_cache.keys()):
        kept = warmed._parse_cache.get(key)
        parsed = fresh._parse_rules(*key)
        assert [rule_shape(rule) for rule in kept] == [rule_shape(rule) for rule in parsed], key[1]
        assert all(
            selector._check.func is _CHECKS[selector.type]
            for rule in kept
            for selector_set in rule.selector_set
            for selector in selector_set.selectors
        )


async def test_a_start_reads_the_kept_rules_instead_of_parsing(
    board_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await run_board(board_path)  # the first start parses, and keeps what it parsed when it quits
    parsed: list[str] = []
    real_parse = stylesheet_module.parse

    def counting_parse(scope: str, css: str, read_from: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append(read_from[1])
        return real_parse(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(stylesheet_module, "parse", counting_parse)
    app = await run_board(board_path)
    assert app._css_warmed > 10
    assert parsed == []
    mtime = css_cache.cache_path(app.stylesheet).stat().st_mtime_ns
    await run_board(board_path)  # nothing new parsed: the file is left as it is
    assert css_cache.cache_path(app.stylesheet).stat().st_mtime_ns == mtime


def test_other_css_variables_keep_other_rules(tmp_path: Path) -> None:
    dark = Stylesheet(variables={"primary": "#004578"})
    light = Stylesheet(variables={"primary": "#0178D4"})
    assert css_cache.cache_path(dark, tmp_path) != css_cache.cache_path(light, tmp_path)
    dark._parse_rules("Label { color: $primary; }", ("", "Label.DEFAULT_CSS"), True)
    assert css_cache.keep(dark, root=tmp_path)
    assert css_cache.warm(light, root=tmp_path) == 0
    again = Stylesheet(variables={"primary": "#004578"})
    assert css_cache.warm(again, root=tmp_path) == 1
    assert not css_cache.keep(again, warmed=1, root=tmp_path)  # nothing new: not written again


class Planted:
    """Unpickles as a call of os.system: what a planted cache file would try."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, ("touch planted",))


class Attribute:
    """Unpickles as getattr on a Textual class that is not an enum (a way out of an allowlist)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (getattr, (Stylesheet, "read"))


@pytest.mark.parametrize(
    "payload",
    [
        pickle.dumps((css_cache.SCHEMA, {("a", ("", "x"), True, 0, ""): [Planted()]})),
        pickle.dumps((css_cache.SCHEMA, {("a", ("", "x"), True, 0, ""): [Attribute()]})),
        pickle.dumps((css_cache.SCHEMA, {("a", ("", "x"), True, 0, ""): ["not a rule"]})),
        pickle.dumps((css_cache.SCHEMA + 1, {})),
        b"\x80\x05truncated",
        b"",
    ],
    ids=["code", "getattr", "not-rules", "other-schema", "truncated", "empty"],
)
def test_a_bad_or_planted_file_means_parse_as_usual(
    payload: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    sheet = Stylesheet(variables={})
    path = css_cache.cache_path(sheet, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(payload)
    assert css_cache.warm(sheet, root=tmp_path) == 0
    assert len(sheet._parse_cache) == 0
    assert not (tmp_path / "planted").exists()
