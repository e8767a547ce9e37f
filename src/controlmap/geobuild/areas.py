"""The areas claims are made about, derived from open data because no outlines exist.

Everything here is an approximation and says so in `provenance`. The city is the built-up
land of Natural Earth's generalised 50m urban polygon that lies nearer the Kupiansk GeoNames
point than any other GeoNames place on the same bank of the (coarse) Natural Earth Oskil
line, less the land of neighbouring communities; villages are discs around their GeoNames
points, cut to the land nearest them; Radkivka, which no source locates, is the zone where
the reporting puts it. Geometry work is done in metres (UTM 37N), areas are measured
equal-area.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import Point, Polygon, box, shape

from controlmap.geobuild.allocation import bank_cells, other_communities, place_points
from controlmap.geobuild.projection import (
    DENSIFY_DEG,
    finish_polygonal,
    km2,
    to_lonlat,
    to_metric,
)
from controlmap.geobuild.sources import CREDIT, SOURCES, read_raw
from controlmap.geobuild.waterways import bank_halves, oskil_line
from controlmap.vocabulary import AOI_BBOX

# GeoNames ids of the places outlines are built around.
POINTS: dict[str, int] = {
    "kupiansk": 703656,
    "kupiansk-vuzlovyi": 703652,
    "podoly": 696869,
    "petropavlivka": 697421,
    "kivsharivka": 704608,
    "kurylivka": 703610,
    "dvorichna": 709399,
    "kindrashivka": 705175,
    "myrove": 700713,
}
# The city's area, km²: Encyclopedia of Modern Ukraine (ESU), article "Куп'янськ"
# (esu.com.ua/article-51750): "Площа 33,43 км2". Used to check the outline, not to fit it.
OFFICIAL_CITY_KM2 = 33.43
OFFICIAL_CITY_REF = "https://esu.com.ua/article-51750"
VUZLOVYI_KM2 = 4.0  # "about 4 km²", per a Ukrainian military spokesman (claims digest)
CENTRE_RADIUS_M = 1300.0
BRIDGEHEAD_RADIUS_M = 5000.0
VILLAGE_RADIUS_M: dict[str, float] = {
    "podoly": 1000.0, "petropavlivka": 1200.0, "kivsharivka": 1500.0, "kurylivka": 1200.0,
    "dvorichna": 1200.0, "kindrashivka": 800.0, "myrove": 800.0,
}
# Radkivka: the reporting puts it north of the city, on the right bank between Kindrashivka
# and the Oskil, about 2.5 km from the city's outskirts; the zone reaches this far out.
RADKIVKA_REACH_M = 3000.0
RADKIVKA_REFS: tuple[str, ...] = (
    "https://focus.ua/uk/voennye-novosti/724870-rosiyanam-potriben-ne-sam-kup-yansk-a-cil-na-7-8-km-pivdennishe-nogo-lakiychuk",
    "https://www.objectiv.tv/uk/objectively/2025/08/12/chiya-radkivka-i-yak-tse-vplivaye-na-dolyu-kup-yanska-poyasniv-kovalenko/",
    "https://news.rambler.ua/army/54713668-rossiyskie-voyska-priblizilis-k-prigorodam-kupyanska",
    "https://www.upday.com/de/ukraine/durchbruch-bei-kupjansk-ukraine-unterbricht-russische-versorgung/zqnvqvy",
)
PODOLY_REF = "https://www.rbc.ru/politics/04/01/2026/695a2edd9a79470dbbf2d02a"

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
    "kindrashivka": ("Kindrashivka", "Кіндрашівка"),
    "radkivka": ("Radkivka", "Радьківка"),
    "myrove": ("Myrove", "Мирове"),
    "dvorichna-bridgehead": ("Dvorichna bridgehead", "Дворічанський плацдарм"),
    "dvorichna": ("Dvorichna", "Дворічна"),
}

NE_GN = ("natural-earth", "geonames")
NE_GN_KSE = ("natural-earth", "geonames", "kse-loc-data-hub")


def _disc(centre: Point, radius: float) -> Polygon:
    return centre.buffer(radius, quad_segs=16)


def _km2(geom: Any) -> float:
    return km2(to_lonlat(geom))


def _radius_for_area(centre: Point, clip: Any, target_km2: float) -> float:
    """The radius at which (disc ∩ clip) measures `target_km2` equal-area (bisection)."""
    lo, hi = 100.0, 5000.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if _km2(_disc(centre, mid).intersection(clip)) < target_km2:
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


class _Outlines:
    """Collects id -> geometry (metric), method sentence, sources, placement, references."""

    def __init__(self) -> None:
        self.out: dict[str, dict[str, Any]] = {}

    def put(self, aid: str, geom: Any, method: str, sources: tuple[str, ...], placement: str,
            refs: tuple[str, ...] = ()) -> None:
        self.out[aid] = {"geometry": geom, "method": method, "sources": list(sources),
                         "placement": placement, "references": list(refs)}

    def union(self, *ids: str) -> Any:
        return shapely.union_all([self.out[i]["geometry"] for i in ids])


def derive_outlines(raw_dir: Path) -> dict[str, dict[str, Any]]:
    """id -> {"geometry": metric shapely geometry, "method": sentences, ...}."""
    frame = to_metric(shapely.segmentize(box(*AOI_BBOX), DENSIFY_DEG))
    points = place_points(raw_dir, frame)
    pt = {k: points[g] for k, g in POINTS.items()}
    line = to_metric(shapely.segmentize(oskil_line(raw_dir), DENSIFY_DEG))
    halves = bank_halves(line, frame)
    cells = bank_cells(points, line, halves, frozenset({POINTS["kupiansk"]}))
    # Each place's own land: its cell on its bank (the city, on both banks, is done apart).
    own = {k: cell for k, g in POINTS.items() if k != "kupiansk"
           for side_cells in cells.values() for gid, cell in side_cells.items() if gid == g}
    o = _Outlines()

    for vid in ("podoly", "petropavlivka", "kivsharivka", "kurylivka", "dvorichna",
                "kindrashivka", "myrove"):
        r = VILLAGE_RADIUS_M[vid]
        method = (f"A disc of {r / 1000:g} km radius around the GeoNames point, less any land "
                  "nearer another GeoNames place on the same bank of the Natural Earth Oskil "
                  "line")
        if _disc(pt[vid], r).intersects(line):
            gap = line.distance(pt[vid]) / 1000
            method += (f", cut at that line (the point is {gap:.1f} km from the coarse line, "
                       "so the cut is rough)")
        method += ". Its real extent is not in the sources."
        refs: tuple[str, ...] = ()
        if vid == "podoly":
            method += (" Podoly is a village of its own beside the city (RBC, 2026-01-04); it "
                       "is drawn inside the city's left-bank part because claims about the "
                       "left bank are taken to cover it.")
            refs = (PODOLY_REF,)
        o.put(vid, _disc(pt[vid], r).intersection(own[vid]), method, NE_GN, "point", refs)

    r_vuz = _radius_for_area(pt["kupiansk-vuzlovyi"], own["kupiansk-vuzlovyi"], VUZLOVYI_KM2)
    o.put("kupiansk-vuzlovyi",
          _disc(pt["kupiansk-vuzlovyi"], r_vuz).intersection(own["kupiansk-vuzlovyi"]),
          f"A disc around the GeoNames point on the left bank of the Natural Earth Oskil line, "
          f"radius {r_vuz:g} m chosen so it measures about {VUZLOVYI_KM2:g} km² (the size a "
          "Ukrainian military spokesman gave).", NE_GN, "point")

    _city(o, raw_dir, pt, cells, halves)
    _radkivka(o, pt, halves)
    bridgehead = _disc(pt["dvorichna"], BRIDGEHEAD_RADIUS_M).intersection(halves["right"])
    others = o.union(*(a for a in o.out if a != "dvorichna"))
    o.put("dvorichna-bridgehead", bridgehead.difference(others),
          f"The right-bank side of the Natural Earth Oskil line within "
          f"{BRIDGEHEAD_RADIUS_M / 1000:g} km of the Dvorichna GeoNames point; the real "
          "bridgehead's extent changed over time and is not known from open data.",
          NE_GN, "point")
    return o.out


def _city(o: _Outlines, raw_dir: Path, pt: dict[str, Point], cells: dict[str, dict[int, Any]],
          halves: dict[str, Any]) -> None:
    """The city and its districts: built-up land nearest the city's point, on each bank."""
    urban = to_metric(shapely.segmentize(
        _urban_polygon(raw_dir, to_lonlat(pt["kupiansk"])), DENSIFY_DEG))
    built = urban.difference(other_communities(raw_dir))
    kup = POINTS["kupiansk"]
    right = built.intersection(cells["right"][kup])
    left_city = built.intersection(cells["left"][kup])
    left = shapely.union_all([left_city, o.out["podoly"]["geometry"]])
    city_km2, podoly_km2 = _km2(right) + _km2(left_city), _km2(o.out["podoly"]["geometry"])
    share = _km2(right) / (_km2(right) + _km2(left))
    built_note = ("built-up land of Natural Earth's generalised 50m urban polygon (MODIS "
                  "2002-03) less the land of the neighbouring hromadas in the KSE layer")
    nearest = ("that lies nearer the Kupiansk GeoNames point than any other GeoNames place "
               "on the same bank of the coarse Natural Earth Oskil line")
    o.put("kupiansk", shapely.union_all([right, left]),
          f"Both bank parts: the {built_note}, {nearest}, plus Podoly. Not fitted to any "
          f"figure: without Podoly it measures {city_km2:.1f} km² against the official "
          f"{OFFICIAL_CITY_KM2:g} km² (Encyclopedia of Modern Ukraine); Podoly adds "
          f"{podoly_km2:.1f} km². {share:.0%} of it lies on the right bank. No city boundary is "
          "openly available, so the real limits differ.",
          NE_GN_KSE, "built-up", (OFFICIAL_CITY_REF,))
    o.put("kupiansk-right-bank", right,
          f"West of the Natural Earth Oskil line: the {built_note}, {nearest}.",
          NE_GN_KSE, "built-up")
    o.put("kupiansk-left-bank", left,
          f"East of the Natural Earth Oskil line: the {built_note}, {nearest}; plus Podoly, "
          "which lies apart from it.", NE_GN_KSE, "built-up")

    c = pt["kupiansk"]
    centre = _disc(c, CENTRE_RADIUS_M).intersection(right)
    rest = right.difference(centre)
    x0, y0, x1, y1 = rest.bounds
    o.put("kupiansk-right-centre", centre,
          f"The right-bank part within {CENTRE_RADIUS_M / 1000:g} km of the Kupiansk GeoNames "
          "point.", NE_GN_KSE, "built-up")
    o.put("kupiansk-right-north", rest.intersection(box(x0 - 1, c.y, x1 + 1, y1 + 1)),
          "The right-bank part beyond the centre disc and north of the Kupiansk GeoNames "
          "point.", NE_GN_KSE, "built-up")
    o.put("kupiansk-right-south", rest.intersection(box(x0 - 1, y0 - 1, x1 + 1, c.y)),
          "The right-bank part beyond the centre disc and south of the Kupiansk GeoNames "
          "point.", NE_GN_KSE, "built-up")


def _radkivka(o: _Outlines, pt: dict[str, Point], halves: dict[str, Any]) -> None:
    """Radkivka has no point in any source: the zone the reporting describes, said as such."""
    right = o.out["kupiansk-right-bank"]["geometry"]
    x_west = pt["kindrashivka"].x
    y_north = right.bounds[3]
    taken = o.union(*o.out)
    zone = (halves["right"].intersection(right.buffer(RADKIVKA_REACH_M))
            .intersection(box(x_west, y_north, x_west + 50_000, y_north + 50_000))
            .difference(taken))
    o.put("radkivka", zone,
          "No source locates Radkivka: GeoNames (cities500) has no point for it and no raw "
          "file names it. This is the zone where the reporting puts it, not the village: "
          "north of the city on the right bank, between Kindrashivka and the Oskil, about "
          "2.5 km from the city's outskirts (Focus, Objectiv, Rambler/RIA, upday). Drawn as "
          "the right-bank land north of the city outline, east of the Kindrashivka GeoNames "
          f"point, within {RADKIVKA_REACH_M / 1000:g} km of the city and outside every other "
          "area.", NE_GN, "described", RADKIVKA_REFS)


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
    "kindrashivka": ("village", None, "right"),
    "radkivka": ("village", None, "right"),
    "myrove": ("village", None, "right"),
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
        prov: dict[str, Any] = {"method": o["method"], "approximate": True,
                                "sources": o["sources"], "placement": o["placement"]}
        if o["references"]:
            prov["references"] = o["references"]
        props = {"id": aid, "name": name, "name_uk": name_uk, "kind": kind, "parent": parent,
                 "bank": bank, "provenance": prov}
        feats.append({"type": "Feature", "properties": props,
                      "geometry": finish_polygonal(to_lonlat(o["geometry"]))})
    return {"type": "FeatureCollection", "attribution": CREDIT, "sources": SOURCES,
            "features": feats}
