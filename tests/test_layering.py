"""Layers: PySide6 only in ui/, SQLite only in storage/, domain imports nothing of ours."""

from __future__ import annotations

import ast
from pathlib import Path

import iah_assess

PACKAGE = Path(iah_assess.__file__).parent
ORDER = {"domain": 0, "catalog": 1, "storage": 1, "reporting": 2, "ui": 3}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def imported(tree) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_pyside6_only_in_ui():
    bad = [str(rel) for rel, tree in modules() if rel.parts[0] != "ui" and any(n.split(".")[0] == "PySide6" for n in imported(tree))]
    assert bad == []


def test_sqlite_only_in_storage():
    bad = [str(rel) for rel, tree in modules() if rel.parts[0] != "storage" and "sqlite3" in imported(tree)]
    assert bad == []


def test_lower_layers_never_import_higher_ones():
    bad = []
    for rel, tree in modules():
        layer = rel.parts[0]
        if layer not in ORDER:
            continue
        for name in imported(tree):
            parts = name.split(".")
            if parts[0] == "iah_assess" and len(parts) > 1:
                target = parts[1]
                if target in ORDER and ORDER[target] > ORDER[layer]:
                    bad.append(f"{rel} imports {name}")
                if layer == "domain" and target != "domain":
                    bad.append(f"{rel} imports {name}")
                if target in ("cli", "demo"):
                    bad.append(f"{rel} imports {name}")
    assert bad == []


def test_no_unsafe_loaders():
    for rel, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = getattr(node.func.value, "id", "")
                assert not (owner == "yaml" and node.func.attr in ("load", "unsafe_load", "full_load")), rel
                assert node.func.attr != "extractall", rel
                assert not (owner in ("pickle", "marshal")), rel
            if isinstance(node, ast.Name) and node.id == "eval":
                raise AssertionError(f"eval in {rel}")
