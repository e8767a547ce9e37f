"""Every runtime dependency earns its place: src/ imports it. A library only tests use
belongs in the dev extra."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions

from tests.conftest import REPO

SRC = REPO / "src" / "controlmap"


def _imported_top_levels() -> set[str]:
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names


def _distribution(requirement: str) -> str:
    name = re.split(r"[<>=!~\[;\s]", requirement, maxsplit=1)[0]
    return name.lower().replace("_", "-")


def test_every_runtime_dependency_is_imported_by_src() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {_distribution(r) for r in config["project"]["dependencies"]}
    provided: dict[str, set[str]] = {}
    for module, dists in packages_distributions().items():
        for dist in dists:
            provided.setdefault(dist.lower().replace("_", "-"), set()).add(module)
    imported = _imported_top_levels()
    unused = sorted(d for d in wanted if not provided.get(d, set()) & imported)
    assert not unused, f"runtime dependencies nothing in src/ imports: {unused}"
