"""The layer contracts (pyproject.toml, import-linter) hold, and docs/architecture.md states
each of them, so `make test` keeps the layers as true as `make lint` does."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contracts() -> list[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return [c["name"] for c in config["tool"]["importlinter"]["contracts"]]


def test_the_import_contracts_are_kept() -> None:
    if not LINT_IMPORTS.exists():
        pytest.skip(f"import-linter is not installed beside {sys.executable} (dev extra)")
    res = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=REPO, capture_output=True,
                         text=True, timeout=300)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    assert f"Contracts: {len(_contracts())} kept, 0 broken." in res.stdout


def test_every_contract_is_explained_in_the_architecture_doc() -> None:
    doc = " ".join((REPO / "docs" / "architecture.md").read_text(encoding="utf-8").split())
    missing = [name for name in _contracts() if f"**{name}**" not in doc]
    assert not missing, f"docs/architecture.md does not state: {missing}"
