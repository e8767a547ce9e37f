"""The shipped reference layers put things where they are: river, banks, areas, towns.

These read only the committed geo/ (a fresh clone runs them); distances are measured in
UTM 37N and areas in an equal-area CRS (controlmap.crs), never in degrees.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import shapely
from shapely.geometry import LineString, Point, box, shape

from controlmap.crs import km2, to_utm
from controlmap.io.geojson import read_collection
from controlmap.vocabulary import AOI_BBOX, AREA_KINDS, REGION_BBOX
from tests.conftest import GEO, REPO

TOLERANCE_KM2 = 0.002  # 0.2 ha: what snapping to 6 decimals may leave between neighbours
_utm = to_utm


def _features(name: str) -> dict[str, dict[str, Any]]:
    return {f["properties"]["id"]: f for f in read_collection(GEO / name)["features"]}


AREAS = _features("areas.geojson")
TOWNS = _features("towns.geojson")
OSKIL = _features("oskil.geojson")
SHAPES = {k: shape(f["geometry"]) for k, f in AREAS.items()}


def town(tid: str) -> Point:
    return shape(TOWNS[tid]["geometry"])


def _west_of_river(p: Point) -> bool:
    """Whether the point lies west of the Oskil where an east-west line through it crosses."""
    across = LineString([(p.x - 0.3, p.y), (p.x + 0.3, p.y)])
    hits = shape(OSKIL["oskil"]["geometry"]).intersection(across)
    xs = [g.x for g in getattr(hits, "geoms", [hits])]
    assert len(xs) == 1, f"expected one crossing near {p}, got {xs}"
    return p.x < xs[0]


def test_oskil_passes_within_1_5_km_of_kupiansk() -> None:
    river = _utm(shape(OSKIL["oskil"]["geometry"]))
    assert river.distance(_utm(town("kupiansk"))) < 1500


@pytest.mark.parametrize(
    ("tid", "west"),
    [("kupiansk", True), ("kupiansk-vuzlovyi", False), ("podoly", False),
     ("petropavlivka", False), ("kivsharivka", False), ("kurylivka", False)],
)
def test_bank_sides_of_the_town_points(tid: str, west: bool) -> None:
    assert _west_of_river(town(tid)) is west


def test_oskil_layer_kinds_and_names() -> None:
    props = {k: f["properties"] for k, f in OSKIL.items()}
    assert props["oskil"]["kind"] == "river" and props["oskil"]["name_uk"] == "Оскіл"
    assert props["oskil-reservoir"]["kind"] == "reservoir"
    assert props["oskil-reservoir"]["name"] == "Oskil Reservoir"
    assert props["siverskyi-donets"]["kind"] == "river"
    assert 100 < km2(shape(OSKIL["oskil-reservoir"]["geometry"])) < 130  # NE: 115.8 km²
    region = box(*REGION_BBOX).buffer(1e-9)
    assert all(region.contains(shape(f["geometry"])) for f in OSKIL.values())


def _documented_area_ids() -> set[str]:
    doc = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
    para = doc.split("Ids shipped:", 1)[1].split("\n\n", 1)[0]
    return set(re.findall(r"`([a-z0-9-]+)`", para))


PARENTS = {
    "kupiansk": None, "kupiansk-right-bank": "kupiansk", "kupiansk-left-bank": "kupiansk",
    "kupiansk-right-north": "kupiansk-right-bank", "kupiansk-right-centre": "kupiansk-right-bank",
    "kupiansk-right-south": "kupiansk-right-bank", "kupiansk-vuzlovyi": None,
    "podoly": "kupiansk-left-bank", "petropavlivka": None, "kivsharivka": None,
    "kurylivka": None, "kindrashivka": None, "radkivka": None, "myrove": None,
    "dvorichna-bridgehead": None, "dvorichna": "dvorichna-bridgehead",
}
# The city's official area, km² (Encyclopedia of Modern Ukraine; see geo/ATTRIBUTION.md).
OFFICIAL_CITY_KM2 = 33.43


def _ancestors(aid: str) -> set[str]:
    out: set[str] = set()
    while PARENTS[aid]:
        aid = PARENTS[aid]  # type: ignore[assignment]
        out.add(aid)
    return out


def test_exactly_the_documented_area_ids() -> None:
    assert set(AREAS) == _documented_area_ids() == set(PARENTS)


@pytest.mark.parametrize(("aid", "parent"), sorted(PARENTS.items()))
def test_area_parent_kind_and_names(aid: str, parent: str | None) -> None:
    p = AREAS[aid]["properties"]
    assert p["parent"] == parent
    assert p["kind"] in AREA_KINDS
    assert p["bank"] in ("right", "left", None)
    assert p["name"] and re.search(r"[А-Яа-яІіЇїЄєҐґ]", p["name_uk"])


@pytest.mark.parametrize("aid", sorted(PARENTS))
def test_every_outline_is_valid_rfc7946_and_says_how_it_was_drawn(aid: str) -> None:
    g = SHAPES[aid]
    assert g.geom_type in ("Polygon", "MultiPolygon")
    assert g.is_valid, shapely.is_valid_reason(g)
    for poly in getattr(g, "geoms", [g]):
        assert poly.exterior.is_ccw, "exterior ring must be counter-clockwise (RFC 7946)"
        assert all(not ring.is_ccw for ring in poly.interiors)
    assert box(*AOI_BBOX).contains(g)
    prov = AREAS[aid]["properties"]["provenance"]
    assert prov["approximate"] is True
    assert len(prov["method"]) > 20 and prov["method"].endswith(".")
    assert prov["sources"] and set(prov["sources"]) <= set(
        read_collection(GEO / "areas.geojson")["sources"])
    assert prov["placement"] in ("built-up", "point", "described")
    assert all(u.startswith("https://") for u in prov.get("references", []))


@pytest.mark.parametrize(("aid", "parent"), [(a, p) for a, p in PARENTS.items() if p])
def test_children_lie_within_their_parents(aid: str, parent: str) -> None:
    outside = SHAPES[aid].difference(SHAPES[parent])
    assert km2(outside) < TOLERANCE_KM2


def _unrelated_pairs() -> list[tuple[str, str]]:
    """Every pair of areas where neither contains the other in the area tree."""
    ids = sorted(PARENTS)
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]
            if a not in _ancestors(b) and b not in _ancestors(a)]


def test_unrelated_pairs_include_the_villages_and_the_city() -> None:
    pairs = set(_unrelated_pairs())
    assert ("kindrashivka", "kupiansk") in pairs and ("kupiansk", "radkivka") in pairs
    assert ("kupiansk", "podoly") not in pairs  # nested: Podoly is in the left-bank part


@pytest.mark.parametrize(("a", "b"), _unrelated_pairs())
def test_areas_overlap_only_when_nested(a: str, b: str) -> None:
    assert km2(SHAPES[a].intersection(SHAPES[b])) < TOLERANCE_KM2


@pytest.mark.parametrize(
    ("parent", "children"),
    [("kupiansk", ("kupiansk-right-bank", "kupiansk-left-bank")),
     ("kupiansk-right-bank",
      ("kupiansk-right-north", "kupiansk-right-centre", "kupiansk-right-south"))],
)
def test_districts_tile_their_parent(parent: str, children: tuple[str, ...]) -> None:
    union = shapely.union_all([SHAPES[c] for c in children])
    assert km2(union.symmetric_difference(SHAPES[parent])) < TOLERANCE_KM2


@pytest.mark.parametrize(
    ("what", "geom"),
    [("the city as drawn", SHAPES["kupiansk"]),
     ("the city without Podoly", SHAPES["kupiansk"].difference(SHAPES["podoly"]))],
)
def test_the_city_is_within_25_percent_of_its_official_area(what: str, geom: Any) -> None:
    assert abs(km2(geom) / OFFICIAL_CITY_KM2 - 1) < 0.25, f"{what}: {km2(geom):.1f} km²"


def test_most_of_the_city_lies_on_the_right_bank() -> None:
    right, left = km2(SHAPES["kupiansk-right-bank"]), km2(SHAPES["kupiansk-left-bank"])
    assert right > left
    assert right > 0.6 * km2(SHAPES["kupiansk"])


def test_the_city_method_states_the_measured_and_official_areas() -> None:
    """The numbers the provenance gives are the ones the outline has."""
    method = AREAS["kupiansk"]["properties"]["provenance"]["method"]
    got = re.search(r"without Podoly it measures ([\d.]+) km² against the official ([\d.]+) km²",
                    method)
    assert got, method
    measured = km2(SHAPES["kupiansk"].difference(SHAPES["podoly"]))
    assert abs(float(got[1]) - measured) < 0.06
    assert float(got[2]) == OFFICIAL_CITY_KM2
    share = re.search(r"(\d+)% of it lies on the right bank", method)
    assert share and abs(int(share[1]) / 100 - km2(SHAPES["kupiansk-right-bank"])
                         / km2(SHAPES["kupiansk"])) < 0.006


def test_kupiansk_vuzlovyi_measures_about_4_km2() -> None:
    assert 3.8 < km2(SHAPES["kupiansk-vuzlovyi"]) < 4.2


@pytest.mark.parametrize(
    ("tid", "aid"),
    [("kupiansk", "kupiansk-right-centre"), ("kupiansk-vuzlovyi", "kupiansk-vuzlovyi"),
     ("podoly", "podoly"), ("petropavlivka", "petropavlivka"), ("kivsharivka", "kivsharivka"),
     ("kurylivka", "kurylivka"), ("dvorichna", "dvorichna"), ("kindrashivka", "kindrashivka"),
     ("myrove", "myrove")],
)
def test_each_place_point_lies_in_its_area(tid: str, aid: str) -> None:
    assert SHAPES[aid].contains(town(tid))
    placed = [a for a in PARENTS if SHAPES[a].contains(town(tid))]
    assert set(placed) == {aid} | _ancestors(aid), placed


@pytest.mark.parametrize(
    ("aid", "lo", "hi"),
    [("podoly", 1, 4), ("petropavlivka", 2, 6), ("kivsharivka", 4, 8), ("kurylivka", 2, 6),
     ("dvorichna", 2, 5), ("kindrashivka", 1, 4), ("myrove", 1, 4), ("radkivka", 3, 15),
     ("kupiansk-right-centre", 3, 6), ("dvorichna-bridgehead", 20, 80)],
)
def test_area_sizes_are_plausible(aid: str, lo: float, hi: float) -> None:
    assert lo < km2(SHAPES[aid]) < hi


def test_radkivka_says_no_source_locates_it() -> None:
    """No GeoNames point: the outline is the zone the reporting describes, and says so."""
    prov = AREAS["radkivka"]["properties"]["provenance"]
    assert prov["placement"] == "described"
    assert "No source locates Radkivka" in prov["method"]
    assert len(prov["references"]) >= 2
    assert "radkivka" not in TOWNS
    # where the reporting puts it: north of the city, on the right bank, near Kindrashivka
    zone, city = SHAPES["radkivka"], SHAPES["kupiansk"]
    assert zone.centroid.y > city.centroid.y and _west_of_river(zone.representative_point())
    assert _utm(zone).distance(_utm(SHAPES["kindrashivka"])) < 500
    assert _utm(zone).difference(_utm(city).buffer(3100)).area < 1000  # m²: all within ~3 km


@pytest.mark.parametrize("aid", [a for a in PARENTS if a not in ("radkivka",)])
def test_only_radkivka_rests_on_a_description(aid: str) -> None:
    assert AREAS[aid]["properties"]["provenance"]["placement"] != "described"


KEY_TOWNS = [
    (703656, "kupiansk", "Kupiansk", "Куп’янськ", "Kupyansk"),
    (703652, "kupiansk-vuzlovyi", "Kupiansk-Vuzlovyi", "Куп’янськ-Вузловий", None),
    (696869, "podoly", "Podoly", "Подоли", None),
    (697421, "petropavlivka", "Petropavlivka", "Петропавлівка", None),
    (704608, "kivsharivka", "Kivsharivka", "Ківшарівка", None),
    (703610, "kurylivka", "Kurylivka", "Курилівка", None),
    (709399, "dvorichna", "Dvorichna", "Дворічна", None),
    (705175, "kindrashivka", "Kindrashivka", "Кіндрашівка", None),
    (700713, "myrove", "Myrove", "Мирове", None),
    (690193, "velykyi-burluk", "Velykyi Burluk", "Великий Бурлук", None),
    (711623, "borova", "Borova", "Борова", None),
    (707292, "izium", "Izium", "Ізюм", "Izyum"),
    (710514, "oskil", "Oskil", "Оскіл", None),
    (704204, "lyman", "Lyman", "Лиман", None),
    (693468, "sloviansk", "Sloviansk", "Слов’янськ", "Slovyansk"),
    (704508, "kramatorsk", "Kramatorsk", "Краматорськ", None),
    (477192, "valuyki", "Valuyki", "Валуйки", None),
    (706483, "kharkiv", "Kharkiv", "Харків", None),
]


@pytest.mark.parametrize(("gid", "tid", "name", "name_uk", "alt"), KEY_TOWNS)
def test_key_towns(gid: int, tid: str, name: str, name_uk: str, alt: str | None) -> None:
    p = TOWNS[tid]["properties"]
    assert (p["geonameid"], p["name"], p["name_uk"], p["rank"]) == (gid, name, name_uk, 1)
    assert p.get("name_alt") == alt


def test_other_towns_are_places_of_3000_or_more_with_ukrainian_names() -> None:
    others = [f["properties"] for f in TOWNS.values() if f["properties"]["rank"] == 2]
    assert len(others) > 80
    region = box(*REGION_BBOX)
    for p in others:
        assert p["population"] >= 3000, p["id"]
        assert p["country"] in ("UA", "RU")
        assert not re.search(r"[A-Za-zёыэъЁЫЭЪ]", p["name_uk"]), p
        assert re.fullmatch(r"[A-Za-z][A-Za-z' -]*", p["name"]), p
        assert p.get("name_alt") != p["name"]
        assert region.contains(shape(TOWNS[p["id"]]["geometry"]))
    assert len({p["geonameid"] for p in others}) == len(others)
    # city sections are not towns of their own
    assert not {"saltivka", "sotsmisto"} & set(TOWNS)


@pytest.mark.parametrize(
    ("tid", "name", "alt"),
    [("bakhmut", "Bakhmut", None), ("chuhuiv", "Chuhuiv", "Chuhuyiv"),
     ("kadiivka", "Kadiivka", "Kadiyivka"), ("lysychansk", "Lysychansk", None),
     ("sviatohirsk", "Sviatohirsk", "Svyatohirsk"), ("shebekino", "Shebekino", None)],
)
def test_other_towns_use_the_current_romanisation(tid: str, name: str, alt: str | None) -> None:
    p = TOWNS[tid]["properties"]
    assert (p["name"], p.get("name_alt")) == (name, alt)


def test_context_hromadas_have_cyrillic_names_and_katottg() -> None:
    feats = [f["properties"] for f in read_collection(GEO / "context.geojson")["features"]]
    hromadas = [p for p in feats if p["kind"] == "hromada"]
    assert len(hromadas) == 6
    for p in hromadas:
        assert not re.search(r"[A-Za-z]", p["name_uk"]), p["name_uk"]
        assert re.fullmatch(r"UA\d{17}", p["katottg"])
        assert p["name"].endswith(" hromada")
    assert {"builtup-kupiansk", "builtup-kharkiv"} <= {p["id"] for p in feats}
    assert "hromada-petropavlivska" in {p["id"] for p in hromadas}


def test_attribution_md_states_the_city_areas_the_outline_has() -> None:
    text = " ".join((GEO / "ATTRIBUTION.md").read_text(encoding="utf-8").split())
    got = re.search(r"without Podoly measures ([\d.]+) km² \(\+(\d+) %\), with Podoly ([\d.]+) "
                    r"km²; (\d+) % of it lies on the right", text)
    assert got, "geo/ATTRIBUTION.md: the sentence giving the drawn city's size is missing"
    proper = km2(SHAPES["kupiansk"].difference(SHAPES["podoly"]))
    whole = km2(SHAPES["kupiansk"])
    assert abs(float(got[1]) - proper) < 0.06 and abs(float(got[3]) - whole) < 0.06
    assert int(got[2]) == round((proper / OFFICIAL_CITY_KM2 - 1) * 100)
    assert int(got[4]) == round(km2(SHAPES["kupiansk-right-bank"]) / whole * 100)
