"""The package's layers: data flows one way (cli → web → reports → workflow → assess →
tracking/observations/importers → store/standards/monitor → model); nothing imports upward,
and web routers take shared dependencies from ``ecociv.web._deps``, never from the app module."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "ecociv"

# Higher numbers may import lower ones, never the reverse.
LAYER = {
    "errors": 0, "model": 0, "_cells": 0, "_word": 0, "_plan_check": 1, "_serialize": 1,
    "store": 2, "standards": 2, "monitor": 2,
    "importers": 3, "observations": 3, "tracking": 3,
    "assess": 4, "workflow": 5, "reports": 6, "publish": 7, "backup": 7,
    "web": 8, "cli": 9,
}


def _top(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "ecociv" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names if node.module == "ecociv"]
    return found


def _package(path: Path) -> str:
    rel = path.relative_to(SRC).parts
    return rel[0].removesuffix(".py")


def test_no_module_imports_a_higher_layer() -> None:
    wrong = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        own = _package(path)
        if own not in LAYER:
            continue
        for line, module in _imports(path):
            other = _top(module)
            if other is None or other == own or other not in LAYER:
                continue
            if LAYER[other] > LAYER[own]:
                wrong.append(f"{path.relative_to(SRC)}:{line} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_every_package_has_a_layer() -> None:
    names = {p.name.removesuffix(".py") for p in SRC.iterdir()
             if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.name != "__init__.py")}
    names -= {"__main__", "sample_data"}
    assert names <= set(LAYER), f"packages without a layer: {sorted(names - set(LAYER))}"


def test_web_routers_do_not_import_the_app_module() -> None:
    wrong = []
    for path in (SRC / "web").rglob("*.py"):
        if path.name in ("_app.py", "__init__.py"):
            continue
        for line, module in _imports(path):
            if module.startswith("ecociv.web._app"):
                wrong.append(f"{path.relative_to(SRC)}:{line}")
    assert not wrong, "routers import ecociv.web._app: " + ", ".join(wrong)
