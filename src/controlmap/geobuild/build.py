"""Write the derived reference files of geo/ with the canonical writer.

Only these four files are ever written; claims.geojson and events.geojson are editorial
and left untouched, so `make geo` never loses an editor's claim.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from controlmap.errors import UsageError
from controlmap.geobuild.areas import area_features
from controlmap.geobuild.context import context_features
from controlmap.geobuild.towns import town_features
from controlmap.geobuild.waterways import waterway_features
from controlmap.io.geojson import write_collection

BUILDERS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "oskil.geojson": waterway_features,
    "towns.geojson": town_features,
    "areas.geojson": area_features,
    "context.geojson": context_features,
}
DERIVED_FILES: tuple[str, ...] = tuple(BUILDERS)


def build_all(raw_dir: Path, out_dir: Path) -> dict[str, bool]:
    """Build every derived file into `out_dir`; return file name -> whether bytes changed."""
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    if not raw_dir.is_dir():
        raise UsageError(f"{raw_dir}: raw data directory not found (../shared/data/raw)")
    out_dir.mkdir(parents=True, exist_ok=True)
    collections = {name: build(raw_dir) for name, build in BUILDERS.items()}
    return {name: write_collection(out_dir / name, coll) for name, coll in collections.items()}
