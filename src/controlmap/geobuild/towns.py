"""Town points from GeoNames: the places the reporting names, and every place of 3,000+.

English names: for the key places, fixed below; for other Ukrainian places, the KMU 2010
romanisation of the Ukrainian name (so `Izyum`-style older spellings become `Izium`-style
ones); for places in Russia, the GeoNames name without its apostrophes. The GeoNames
spelling is kept as `name_alt` where it differs.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from controlmap.geobuild.names import APOSTROPHES, is_cyrillic, normalise_lookalikes, romanise, slug
from controlmap.geobuild.sources import CREDIT, read_raw

MIN_POPULATION = 3000

# The places named in the reporting (rank 1): geonameid -> (English, Ukrainian).
KEY_PLACES: dict[int, tuple[str, str]] = {
    703656: ("Kupiansk", "Куп’янськ"),
    703652: ("Kupiansk-Vuzlovyi", "Куп’янськ-Вузловий"),
    696869: ("Podoly", "Подоли"),
    697421: ("Petropavlivka", "Петропавлівка"),
    704608: ("Kivsharivka", "Ківшарівка"),
    703610: ("Kurylivka", "Курилівка"),
    709399: ("Dvorichna", "Дворічна"),
    705175: ("Kindrashivka", "Кіндрашівка"),
    700713: ("Myrove", "Мирове"),
    690193: ("Velykyi Burluk", "Великий Бурлук"),
    711623: ("Borova", "Борова"),
    707292: ("Izium", "Ізюм"),
    710514: ("Oskil", "Оскіл"),
    704204: ("Lyman", "Лиман"),
    693468: ("Sloviansk", "Слов’янськ"),
    704508: ("Kramatorsk", "Краматорськ"),
    477192: ("Valuyki", "Валуйки"),
    706483: ("Kharkiv", "Харків"),
}

# GeoNames entries that are sections of a larger city or duplicates, not places of their own.
NOT_PLACES: dict[int, str] = {
    6722148: "Saltivka, a district of Kharkiv",
    13561808: "Rayon KTZ, a district of Kharkiv",
    12500938: "Oleksiivka, a district of Kharkiv",
    6723024: "Pivnichna Saltivka, a district of Kharkiv",
    6723020: "Zhuravlivka, a district of Kharkiv",
    690269: "Velyka Danylivka, a district of Kharkiv",
    693065: "Sotsmisto, a district of Kramatorsk",
    13645588: "Soniachnyi, a district of Kramatorsk",
    13645596: "Lazurnyi, a district of Kramatorsk",
    13645589: "Stare Misto, a district of Kramatorsk",
    13645598: "Zhovtneve, a district of Kramatorsk",
    13645597: "Novyi Svit, a district of Kramatorsk",
    13645595: "Krasnohirka, a district of Kramatorsk",
    13645603: "Verstatobud, a district of Kramatorsk",
    13645592: "Ivanivka, a district of Kramatorsk",
    13631403: "Soniachnyi, a microdistrict of Kostiantynivka",
    824988: "Gorod Shebekino, a second entry for Shebekino",
}

# Ukrainian names where GeoNames lists no usable Ukrainian form (Russian places, and
# Ukrainian places whose only Cyrillic names are Russian ones).
UK_NAMES: dict[int, str] = {
    692975: "Кадіївка",
    709614: "Дробишеве",
    495112: "Шебекине",
    472428: "Волоконівка",
    515907: "Октябрський",
    473856: "Вейделівка",
    478781: "Уразове",
    528741: "Маслова Пристань",
    519473: "Нова Таволжанка",
    503499: "П’ятницьке",
    534717: "Ливенка",
}
# English names of places in Russia, in their usual form.
RU_NAMES: dict[int, str] = {515907: "Oktyabrsky", 528741: "Maslova Pristan"}

_NON_UKRAINIAN = set("ёыэъўЁЫЭЪЎ")
_UKRAINIAN = set("іїєґІЇЄҐ")
UKRAINIAN_LETTER_BONUS = 0.15


def _clean_uk(name: str) -> str:
    name = normalise_lookalikes(name)
    for ch in APOSTROPHES:
        name = name.replace(ch, "’")
    return name


def _candidates(alternatenames: list[str]) -> list[str]:
    """Cyrillic alternate names that could be Ukrainian (no ё ы э ъ ў, no abbreviations)."""
    out = []
    for raw in alternatenames:
        name = _clean_uk(raw)
        letters = [ch for ch in name if ch.isalpha()]
        if not letters or not all(is_cyrillic(ch) for ch in letters):
            continue
        if set(name) & _NON_UKRAINIAN or "." in name:
            continue
        out.append(name)
    return sorted(set(out))


def ukrainian_name(props: dict[str, Any]) -> str:
    """The Ukrainian name of a GeoNames place: fixed, or the best Ukrainian alternate name.

    Best: the one whose romanisation is closest to the GeoNames name (so a current name
    beats a Soviet one), with a bonus for Ukrainian-only letters (і ї є ґ); on a tie, the one
    with more soft signs (`Лисичанськ`, not the Russian `Лисичанск`).
    """
    gid = props["geonameid"]
    if gid in KEY_PLACES:
        return KEY_PLACES[gid][1]
    if gid in UK_NAMES:
        return UK_NAMES[gid]
    cands = _candidates(props.get("alternatenames") or [])
    if not cands:
        raise ValueError(f"GeoNames {gid} {props['name']}: no Ukrainian name; add it to UK_NAMES")
    target = props["name"].lower()

    def score(c: str) -> tuple[float, int, str]:
        close = difflib.SequenceMatcher(None, romanise(c).lower(), target).ratio()
        bonus = UKRAINIAN_LETTER_BONUS if set(c) & _UKRAINIAN else 0.0
        return (-(close + bonus), -c.count("ь"), c)

    return min(cands, key=score)


def english_name(props: dict[str, Any], name_uk: str) -> str:
    gid = props["geonameid"]
    if gid in KEY_PLACES:
        return KEY_PLACES[gid][0]
    if props["countrycode"] != "UA":
        return RU_NAMES.get(gid, "".join(ch for ch in props["name"] if ch not in APOSTROPHES))
    return romanise(name_uk)


def selected(props: dict[str, Any]) -> bool:
    gid = props["geonameid"]
    if gid in KEY_PLACES:
        return True
    return gid not in NOT_PLACES and int(props["population"]) >= MIN_POPULATION


def town_features(raw_dir: Path) -> dict[str, Any]:
    """The collection of geo/towns.geojson, most populous first; ids unique."""
    places = [f for f in read_raw(raw_dir, "places") if selected(f["properties"])]
    places.sort(key=lambda f: (f["properties"]["geonameid"] not in KEY_PLACES,
                               -int(f["properties"]["population"]), f["properties"]["geonameid"]))
    feats: list[dict[str, Any]] = []
    taken: set[str] = set()
    for f in places:
        p = f["properties"]
        name_uk = ukrainian_name(p)
        name = english_name(p, name_uk)
        fid = slug(name)
        if fid in taken:
            fid = f"{fid}-{p['geonameid']}"
        taken.add(fid)
        props = {
            "id": fid, "name": name, "name_uk": name_uk, "geonameid": int(p["geonameid"]),
            "population": int(p["population"]), "country": p["countrycode"],
            "rank": 1 if p["geonameid"] in KEY_PLACES else 2, "source": "geonames",
        }
        if p["name"] != name:
            props["name_alt"] = p["name"]
        lon, lat = f["geometry"]["coordinates"]
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    return {"type": "FeatureCollection", "attribution": CREDIT, "features": feats}
