"""Context layers: Natural Earth built-up areas, the KSE hromada outlines, the state border.

Built-up polygons are unnamed in Natural Earth; each is named after the most populous
GeoNames place inside it, so it has a readable id. Hromada names arrive with Latin
look-alike letters and are normalised to Cyrillic before use. The Ukraine–Russia border is
the Natural Earth 10m land boundary line, clipped to the region: it orients a reader (Valuyki
and Urazovo lie beyond it) and says nothing about control.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import box, shape
from shapely.ops import linemerge

from controlmap.geobuild.names import normalise_lookalikes, romanise, slug
from controlmap.geobuild.projection import finish_lineal, finish_polygonal
from controlmap.geobuild.sources import CREDIT, read_raw
from controlmap.geobuild.towns import english_name, selected, ukrainian_name
from controlmap.vocabulary import REGION_BBOX

BORDER_PAIR = {"RUS", "UKR"}


def _builtup(raw_dir: Path) -> list[dict[str, Any]]:
    places = [f for f in read_raw(raw_dir, "places") if selected(f["properties"])]
    feats: list[dict[str, Any]] = []
    for f in read_raw(raw_dir, "urban"):
        poly = shape(f["geometry"])
        inside = [p for p in places if poly.contains(shape(p["geometry"]))]
        # A fragment cut off at the region's edge may hold no place: name it after the
        # nearest one instead ("near ...").
        pool = inside or [min(places, key=lambda p: poly.distance(shape(p["geometry"])))]
        top = max(pool, key=lambda p: (int(p["properties"]["population"]),
                                       -p["properties"]["geonameid"]))["properties"]
        uk = ukrainian_name(top)
        town = english_name(top, uk)
        name = f"{town} built-up area" if inside else f"Built-up area near {town}"
        name_uk = f"{uk} (забудова)" if inside else f"Забудова біля: {uk}"
        feats.append({"type": "Feature", "properties": {
            "id": f"builtup-{slug(town if inside else 'near ' + town)}", "kind": "builtup",
            "name": name, "name_uk": name_uk,
            "source": "natural-earth"},
            "geometry": finish_polygonal(poly)})
    return sorted(feats, key=lambda f: f["properties"]["id"])


def _hromadas(raw_dir: Path) -> list[dict[str, Any]]:
    feats: list[dict[str, Any]] = []
    for f in read_raw(raw_dir, "hromadas"):
        p = f["properties"]
        stem = normalise_lookalikes(p["ADMIN_3"]).strip()
        name = romanise(stem)
        feats.append({"type": "Feature", "properties": {
            "id": f"hromada-{slug(name)}", "kind": "hromada",
            "name": f"{name} hromada", "name_uk": f"{stem} громада",
            "katottg": p["COD_3"], "source": "kse-loc-data-hub"},
            "geometry": finish_polygonal(shape(f["geometry"]))})
    return sorted(feats, key=lambda f: f["properties"]["id"])


def _state_border(raw_dir: Path) -> list[dict[str, Any]]:
    """The Ukraine–Russia land border inside the region, as one (Multi)LineString."""
    lines = [shape(f["geometry"]) for f in read_raw(raw_dir, "border")
             if {f["properties"].get("adm0_a3_l"), f["properties"].get("adm0_a3_r")} == BORDER_PAIR]
    if not lines:
        raise ValueError("no Russia–Ukraine line in the Natural Earth land boundary file")
    clipped = shapely.union_all(lines).intersection(box(*REGION_BBOX))
    merged = linemerge(clipped) if clipped.geom_type == "MultiLineString" else clipped
    if merged.is_empty:
        raise ValueError("the Russia–Ukraine border does not cross the region")
    return [{"type": "Feature", "properties": {
        "id": "state-border-ua-ru", "kind": "state-border",
        "name": "Ukraine–Russia state border", "name_uk": "Державний кордон України з Росією",
        "source": "natural-earth"},
        "geometry": finish_lineal(merged)}]


def context_features(raw_dir: Path) -> dict[str, Any]:
    """The collection of geo/context.geojson: built-up areas, hromadas, the state border."""
    return {"type": "FeatureCollection", "attribution": CREDIT,
            "features": _builtup(raw_dir) + _hromadas(raw_dir) + _state_border(raw_dir)}
