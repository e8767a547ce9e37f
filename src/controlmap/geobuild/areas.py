"""The areas claims are made about, derived from open data because no district outlines exist.

Everything here is an approximation and says so in `provenance`: the city is Natural Earth's
generalised 50m urban polygon around Kupiansk, cut along the coarse Natural Earth Oskil
line into its right (west) and left (east) bank parts; districts and villages are discs
around GeoNames points. Geometry work is done in metres (UTM 37N), areas are measured
equal-area.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import Point, Polygon, box, shape

from controlmap.geobuild.projection import (
    DENSIFY_DEG,
    finish_polygonal,
    km2,
    to_lonlat,
    to_metric,
)
from controlmap.geobuild.sources import CREDIT, SOURCES, read_raw
from controlmap.geobuild.waterways import bank_halves, bank_of, oskil_line
from controlmap.vocabulary import AOI_BBOX

# GeoNames ids of the points the outlines are built around.
POINTS: dict[str, int] = {
    "kupiansk": 703656,
    "kupiansk-vuzlovyi": 703652,
    "podoly": 696869,
    "petropavlivka": 697421,
    "kivsharivka": 704608,
    "kurylivka": 703610,
    "dvorichna": 709399,
}
VUZLOVYI_KM2 = 4.0  # "about 4 km²", per a Ukrainian military spokesman (claims digest)
CENTRE_RADIUS_M = 1300.0
PODOLY_RADIUS_M = 1000.0
BRIDGEHEAD_RADIUS_M = 5000.0
VILLAGE_RADIUS_M = {"kivsharivka": 1500.0, "petropavlivka": 1200.0, "kurylivka": 1200.0,
                    "dvorichna": 1200.0}

NAMES: dict[str, tuple[str, str]] = {
    "kupiansk": ("Kupiansk", "Куп’янськ"),
    "kupiansk-right-bank": ("Kupiansk, right bank", "Куп’янськ, правий берег"),
    "kupiansk-left-bank": ("Kupiansk, left bank", "Куп’янськ, лівий берег"),
    "kupiansk-right-north": ("Kupiansk, right bank: north", "Куп’янськ, правий берег: північ"),
    "kupiansk-right-centre": ("Kupiansk, right bank: centre", "Куп’янськ, правий берег: центр"),
    "kupiansk-right-south": ("Kupiansk, right bank: south", "Куп’янськ, правий берег: південь"),
    "kupiansk-vuzlovyi": ("Kupiansk-Vuzlovyi", "Куп’янськ-Вузловий"),
    "podoly": ("Podoly", "Подоли"),
    "petropavlivka": ("Petropavlivka", "Петропавлівка"),
    "kivsharivka": ("Kivsharivka", "Ківшарівка"),
    "kurylivka": ("Kurylivka", "Курилівка"),
    "dvorichna-bridgehead": ("Dvorichna bridgehead", "Дворічанський плацдарм"),
    "dvorichna": ("Dvorichna", "Дворічна"),
}


def _disc(centre: Point, radius: float) -> Polygon:
    return centre.buffer(radius, quad_segs=16)


def _radius_for_area(centre: Point, clip: Any, target_km2: float) -> float:
    """The radius at which (disc ∩ clip) measures `target_km2` equal-area (bisection)."""
    lo, hi = 100.0, 5000.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if km2(to_lonlat(_disc(centre, mid).intersection(clip))) < target_km2:
            lo = mid
        else:
            hi = mid
    return round(hi, 1)


def _urban_polygon(raw_dir: Path, at: Point) -> Polygon:
    for f in read_raw(raw_dir, "urban"):
        g = shape(f["geometry"])
        if g.contains(at):
            return g
    raise ValueError("no Natural Earth urban polygon contains the Kupiansk GeoNames point")


def derive_outlines(raw_dir: Path) -> dict[str, dict[str, Any]]:
    """id -> {"geometry": metric shapely geometry, "method": one sentence, ...}."""
    places = {f["properties"]["geonameid"]: f for f in read_raw(raw_dir, "places")}
    pt = {k: to_metric(shape(places[g]["geometry"])) for k, g in POINTS.items()}
    line = to_metric(shapely.segmentize(oskil_line(raw_dir), DENSIFY_DEG))
    halves = bank_halves(line, to_metric(box(*AOI_BBOX)))
    kup_ll = shape(places[POINTS["kupiansk"]]["geometry"])
    # Lines and outlines are densified first, so their straight lon/lat edges stay (nearly)
    # straight in metres and the parts cut from them fit back together after the round trip.
    urban = to_metric(shapely.segmentize(_urban_polygon(raw_dir, kup_ll), DENSIFY_DEG))

    out: dict[str, dict[str, Any]] = {}

    def put(aid: str, geom: Any, method: str, sources: tuple[str, ...]) -> None:
        out[aid] = {"geometry": geom, "method": method, "sources": list(sources)}

    ne_gn = ("natural-earth", "geonames")
    villages: dict[str, Any] = {}
    for vid in ("petropavlivka", "kivsharivka", "kurylivka", "dvorichna"):
        side = bank_of(line, pt[vid])
        r = VILLAGE_RADIUS_M[vid]
        disc = _disc(pt[vid], r)
        villages[vid] = disc.intersection(halves[side])
        method = f"A disc of {r / 1000:g} km radius around the GeoNames point"
        if disc.intersects(line):
            gap = line.distance(pt[vid]) / 1000
            method += (f", cut at the Natural Earth Oskil line on its {side}-bank side (the "
                       f"point is {gap:.1f} km from that coarse line, so the cut is rough)")
        put(vid, villages[vid], method + ".", ne_gn)

    r_vuz = _radius_for_area(pt["kupiansk-vuzlovyi"], halves["left"], VUZLOVYI_KM2)
    vuzlovyi = _disc(pt["kupiansk-vuzlovyi"], r_vuz).intersection(halves["left"])
    put("kupiansk-vuzlovyi", vuzlovyi,
        f"The left-bank part of a disc around the GeoNames point, radius {r_vuz:g} m chosen so "
        f"it measures about {VUZLOVYI_KM2:g} km² (the size a Ukrainian military spokesman "
        "gave).", ne_gn)

    not_city = shapely.union_all([vuzlovyi, villages["petropavlivka"], villages["kurylivka"]])
    right = urban.intersection(halves["right"]).difference(not_city)
    left = urban.intersection(halves["left"]).difference(not_city)
    urban_note = "Natural Earth's 50m urban polygon around the Kupiansk GeoNames point"
    put("kupiansk", shapely.union_all([right, left]),
        f"Both bank parts together: {urban_note}, less Kupiansk-Vuzlovyi and the village "
        "discs of Petropavlivka and Kurylivka.", ne_gn)
    put("kupiansk-right-bank", right,
        f"West of the Natural Earth Oskil line: that side of {urban_note}.", ne_gn)
    put("kupiansk-left-bank", left,
        f"East of the Natural Earth Oskil line: that side of {urban_note}, less "
        "Kupiansk-Vuzlovyi and the village discs of Petropavlivka and Kurylivka.", ne_gn)

    centre = _disc(pt["kupiansk"], CENTRE_RADIUS_M).intersection(right)
    rest = right.difference(centre)
    c = pt["kupiansk"]
    x0, y0, x1, y1 = rest.bounds
    northern = box(x0 - 1, c.y, x1 + 1, y1 + 1)
    southern = box(x0 - 1, y0 - 1, x1 + 1, c.y)
    put("kupiansk-right-centre", centre,
        f"The right-bank part within {CENTRE_RADIUS_M / 1000:g} km of the Kupiansk GeoNames "
        "point.", ne_gn)
    put("kupiansk-right-north", rest.intersection(northern),
        "The right-bank part beyond the centre disc and north of the Kupiansk GeoNames "
        "point.", ne_gn)
    put("kupiansk-right-south", rest.intersection(southern),
        "The right-bank part beyond the centre disc and south of the Kupiansk GeoNames "
        "point.", ne_gn)
    put("podoly", _disc(pt["podoly"], PODOLY_RADIUS_M).intersection(left),
        f"A disc of {PODOLY_RADIUS_M / 1000:g} km radius around the GeoNames point, cut to the "
        "left-bank part of the city.", ne_gn)
    bridgehead = _disc(pt["dvorichna"], BRIDGEHEAD_RADIUS_M).intersection(halves["right"])
    put("dvorichna-bridgehead", bridgehead,
        f"The right-bank side of the Natural Earth Oskil line within "
        f"{BRIDGEHEAD_RADIUS_M / 1000:g} km of the Dvorichna GeoNames point; the real "
        "bridgehead's extent changed over time and is not known from open data.", ne_gn)
    return out


_TREE: dict[str, tuple[str, str | None, str | None]] = {
    # id: (kind, parent, bank)
    "kupiansk": ("city", None, None),
    "kupiansk-right-bank": ("district", "kupiansk", "right"),
    "kupiansk-left-bank": ("district", "kupiansk", "left"),
    "kupiansk-right-north": ("district", "kupiansk-right-bank", "right"),
    "kupiansk-right-centre": ("district", "kupiansk-right-bank", "right"),
    "kupiansk-right-south": ("district", "kupiansk-right-bank", "right"),
    "kupiansk-vuzlovyi": ("town", None, "left"),
    "podoly": ("village", "kupiansk-left-bank", "left"),
    "petropavlivka": ("village", None, "left"),
    "kivsharivka": ("village", None, "left"),
    "kurylivka": ("village", None, "left"),
    "dvorichna-bridgehead": ("bridgehead", None, "right"),
    "dvorichna": ("village", "dvorichna-bridgehead", "right"),
}
AREA_IDS: tuple[str, ...] = tuple(_TREE)


def area_features(raw_dir: Path) -> dict[str, Any]:
    """The collection of geo/areas.geojson, in the order of docs/data-format.md."""
    outlines = derive_outlines(raw_dir)
    feats = []
    for aid, (kind, parent, bank) in _TREE.items():
        o = outlines[aid]
        name, name_uk = NAMES[aid]
        props = {
            "id": aid, "name": name, "name_uk": name_uk, "kind": kind, "parent": parent,
            "bank": bank,
            "provenance": {"method": o["method"], "approximate": True, "sources": o["sources"]},
        }
        feats.append({"type": "Feature", "properties": props,
                      "geometry": finish_polygonal(to_lonlat(o["geometry"]))})
    return {"type": "FeatureCollection", "attribution": CREDIT, "sources": SOURCES,
            "features": feats}
