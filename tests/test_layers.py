"""The layers import only downwards: domain is pure; store knows no domain or UI; services know no UI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "huddle_tui"

FORBIDDEN: dict[str, set[str]] = {
    "domain": {
        "huddle_tui.store",
        "huddle_tui.services",
        "huddle_tui.cli",
        "huddle_tui.ui",
        "textual",
        "tinydb",
    },
    "store": {"huddle_tui.domain", "huddle_tui.services", "huddle_tui.cli", "huddle_tui.ui", "textual"},
    "services": {"huddle_tui.cli", "huddle_tui.ui", "textual"},
}


def imported_modules(path: Path, source: str | None = None) -> set[str]:
    """Absolute names of every module `path` imports (relative imports resolved against its package)."""
    text = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text, filename=str(path))
    package = ".".join(("huddle_tui", *path.relative_to(PACKAGE).parent.parts))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def violates(name: str, forbidden: set[str]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


def layer_files(layer: str) -> list[Path]:
    root = PACKAGE / layer
    return sorted(root.rglob("*.py")) if root.is_dir() else []


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downwards(layer: str) -> None:
    problems = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in layer_files(layer)
        for name in sorted(imported_modules(path))
        if violates(name, FORBIDDEN[layer])
    ]
    assert not problems, "layer violation:\n" + "\n".join(problems)


def test_domain_layer_exists_and_is_checked() -> None:
    assert any(p.name == "escalations.py" for p in layer_files("domain"))


def test_checker_sees_relative_and_absolute_imports() -> None:
    source = "from ..store import x\nimport textual.app\nfrom huddle_tui.ui import y\nfrom . import text\n"
    tree_names = imported_modules(PACKAGE / "domain" / "probe.py", source)
    assert {"huddle_tui.store", "textual.app", "huddle_tui.ui", "huddle_tui.domain"} <= tree_names
    assert violates("huddle_tui.store.files", FORBIDDEN["domain"])
    assert not violates("huddle_tui.storehouse", FORBIDDEN["domain"])
