"""The editorial claims and events: every row of the claims digest is there, cited, in order.

Tests that compare against ../shared/data/claims-digest.md skip when ../shared is absent;
the others read only the committed geo/.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import Point, shape

from controlmap.dates import PartialDate
from controlmap.io.geojson import read_collection
from controlmap.vocabulary import CLAIMANTS, CONFIDENCE, STATUSES
from tests.conftest import GEO

NGE_TITLE = ('Novaya Gazeta Europe: "Flag fall" (Ukraine is looking increasingly like the '
             'victor in the battle for Kupyansk), by Ilya Volzhsky, January 2026; republished by '
             'Jonathan Low on 2026-01-19 as "Why Ukraine\'s Retaking Kupiansk Is Strategically '
             'Significant"')
UPDAY = ("https://www.upday.com/de/ukraine/durchbruch-bei-kupjansk-ukraine-unterbricht-russische-"
         "versorgung/zqnvqvy")
UP = "https://www.pravda.com.ua/eng/news/2026/01/12/8015789/index.amp"
AZATUTYUN = ("https://www.azatutyun.am/a/rousnery-haytararoum-en-koupyanski-masnaki-gravman-"
             "masin/33587008.html")
CLAIMS = [f["properties"] | {"_geometry": f["geometry"]}
          for f in read_collection(GEO / "claims.geojson")["features"]]
EVENTS = [f["properties"] | {"_geometry": f["geometry"]}
          for f in read_collection(GEO / "events.geojson")["features"]]
AREAS = {f["properties"]["id"]: shape(f["geometry"])
         for f in read_collection(GEO / "areas.geojson")["features"]}
TOWNS = {f["properties"]["id"]: shape(f["geometry"])
         for f in read_collection(GEO / "towns.geojson")["features"]}

_CLAIMANT = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, CLAIMANTS)) + r")(?![\w-])")
_URL = re.compile(r"https?://\S+")
_STATUS_WORD = re.compile(r"\s*\([^)]*\)")  # "ru (half)" -> "ru"


@dataclass(frozen=True)
class Row:
    """One row of the digest's tables, read the way an editor would map it."""

    line: int
    date: str
    claimants: frozenset[str]
    what: str
    area_ids: frozenset[str]
    statuses: frozenset[str]
    published: str
    urls: tuple[str, ...]
    nge: bool
    as_written: str = ""  # the date cell as the digest has it, before any decision


# How a row was recorded where it is not read off the table as written: the digest's
# "Corrections" (they supersede the rows), and the editorial decisions the task asks for.
# (digest date, one claimant kind of the row, a word of its text) -> changed fields, and why.
RECORDED_AS: list[tuple[tuple[str, str, str], dict[str, Any], str]] = [
    (("2022-02-27", "media", "took the city"), {"urls": ()},
     "Corrections: NGE alone (no URL); the Azatutyun page reports the November 2025 claim"),
    (("2025-12-12", "ua-official", "counterattack"), {"urls": (UPDAY, UP)},
     "Corrections: published 2025-12-12 on the same-day upday report, Ukrainska Pravda second"),
    (("2025-12-12", "ua-official", "entrance sign"), {"urls": (UPDAY, UP)},
     "Corrections: as the row above"),
    (("2022-09-10", "media", "say they entered"), {"area_ids": {"kupiansk-right-centre"}},
     "entering is not holding the whole city; the left bank stayed Russian until 09-27"),
    (("2025-09-03", "ru-official", "half the city"), {"statuses": {"contested", "ua"}},
     "Moscow's 'half the city' is its own picture of a divided city: contested"),
    (("2025-11", "ru-official", "eastern part"),
     {"date": "2025-11-11", "published": "2025-11-11",
      "urls": ("https://ria.ru/20251111/kupyansk-2054149266.html", "https://life.ru/p/1808831")},
     "the cited page gives no day; RIA Novosti carried the same summary on 2025-11-11"),
    (("2026-02-24", "analyst", "183"), {"statuses": {"event"}, "area_ids": set()},
     "'around the city' names no area: an event, not a claim"),
]
# Areas the geo branch adds; claims about them land once its areas.geojson is merged.
PENDING_AREAS = frozenset({"kindrashivka", "radkivka"}) - set(AREAS)


def _date(text: str) -> str:
    text = re.sub(r"\s*\(.*\)$", "", text)  # "2025-11 (day not given)"
    if text == "2023 summer":
        return "2023"
    if text == "mid-January 2026":
        return "2026-01-19"  # the digest's rule: the latest day the interviews can describe
    PartialDate.parse(text)
    return text


def _statuses(text: str) -> frozenset[str]:
    text = text.split("->")[-1]  # "ru (most) -> contested": what it amounts to
    return frozenset(_STATUS_WORD.sub("", s).strip() for s in text.split("/"))


def _area_ids(text: str) -> frozenset[str]:
    t = text.lower()
    if t == "around the city":
        return frozenset()
    ids = set()
    parts = {"north": "kupiansk-right-north", "centre": "kupiansk-right-centre",
             "south": "kupiansk-right-south"}
    ids |= {aid for word, aid in parts.items() if word in t}
    if "right bank" in t and not ids:
        ids.add("kupiansk-right-bank")
    for phrase, aid in (("vuzlovyi", "kupiansk-vuzlovyi"), ("left bank", "kupiansk-left-bank"),
                        ("dvorichna", "dvorichna"), ("petropavlivka", "petropavlivka"),
                        ("kurylivka", "kurylivka"), ("kindrashivka", "kindrashivka"),
                        ("radkivka", "radkivka"), ("podoly", "podoly")):
        if phrase in t:
            ids.add(aid)
    if re.search(r"\bcity\b", t):
        ids.add("kupiansk")
    assert ids, f"no area recognised in {text!r}"
    return frozenset(ids)


def _recorded(row: Row) -> Row:
    for (when, who, word), fields, _why in RECORDED_AS:
        if row.date == when and who in row.claimants and word in row.what:
            return replace(row, **{k: frozenset(v) if isinstance(v, set) else v
                                   for k, v in fields.items()})
    return row


def digest_rows(digest: Path) -> list[Row]:
    """Rows of both tables (the first and "More dated reporting"), as recorded."""
    text = digest.read_text(encoding="utf-8")
    rows: list[Row] = []
    in_table = False
    previous_source = ""
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("| date | who claims |"):
            in_table = True
            continue
        if not line.startswith("|"):
            in_table = False
            continue
        if not in_table or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        when, who, what, area, status, published, source = cells
        if source.startswith("same"):
            source = previous_source
        previous_source = source
        rows.append(_recorded(Row(
            line=n, date=_date(when), claimants=frozenset(_CLAIMANT.findall(who)), what=what,
            area_ids=_area_ids(area), statuses=_statuses(status),
            published=published, urls=tuple(_URL.findall(source)), nge="NGE" in source,
            as_written=_date(when))))
    return rows


@pytest.fixture(scope="module")
def rows(shared_raw: Path) -> list[Row]:
    found = digest_rows(shared_raw.parent / "claims-digest.md")
    assert len(found) >= 50, "the digest's tables were not parsed"
    return found


def test_every_editorial_decision_matches_one_row(rows: list[Row]) -> None:
    """An entry of RECORDED_AS that no longer matches a row would silently stop applying."""
    for (when, who, word), _, why in RECORDED_AS:
        hits = [r for r in rows if r.as_written == when and who in r.claimants
                and word in r.what]
        assert len(hits) == 1, (when, who, word, why)


def _matches(row: Row, pool: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in pool if f["date"] == row.date and f["claimant"] in row.claimants
            and f.get("published") == row.published]


def test_every_digest_row_is_a_claim_or_an_event(rows: list[Row]) -> None:
    missing = []
    for row in rows:
        assert row.claimants, f"digest line {row.line}: no claimant kind recognised"
        claims = _matches(row, CLAIMS)
        events = _matches(row, EVENTS)
        for status in row.statuses:
            if status == "event":
                ok = bool(events)
            else:
                assert status in STATUSES, f"digest line {row.line}: status {status!r}"
                ok = any(c["status"] == status for c in claims) or any(
                    c["status"] == status for c in CLAIMS if c["date"] == row.date)
            if not ok:
                missing.append(f"line {row.line} {row.date} {sorted(row.claimants)} {status}")
        covered = {f.get("area") for f in claims + events}
        same_day = {f.get("area") for f in CLAIMS + EVENTS if f["date"] == row.date}
        for aid in row.area_ids - PENDING_AREAS:
            if aid not in covered and aid not in same_day:
                missing.append(f"line {row.line} {row.date} area {aid}")
    assert not missing, "digest rows with no claim or event:\n" + "\n".join(missing)


def test_digest_rows_keep_their_sources(rows: list[Row]) -> None:
    for row in rows:
        feats = _matches(row, CLAIMS) + _matches(row, EVENTS)
        first = row.urls[0] if row.urls else ""
        assert any(f["source_url"] == first for f in feats), (row.line, first)
        if len(row.urls) > 1:
            assert any(f.get("source_url_alt") == row.urls[1] for f in feats), row.line
        if row.nge:
            assert any("Novaya Gazeta Europe" in f["source_title"] and "Flag fall"
                       in f["source_title"] for f in feats), row.line


def test_corrections_are_applied() -> None:
    by_id = {f["id"]: f for f in CLAIMS + EVENTS}
    fall = by_id["2022-02-27-media-kupiansk"]
    assert (fall["source_url"], fall["source_title"], fall["published"]) == ("", NGE_TITLE,
                                                                             "2026-01-19")
    assert "source_url_alt" not in fall
    (cited,) = [f for f in CLAIMS + EVENTS
                if AZATUTYUN in (f.get("source_url"), f.get("source_url_alt"))]
    assert cited["id"] == "2025-11-20-ru-official-kupiansk"
    assert cited["source_url_alt"] == AZATUTYUN and "Azatutyun" in cited["source_title"]
    for fid in ("2025-12-12-ua-official-kupiansk", "2025-12-12-zelensky-at-entrance-sign"):
        f = by_id[fid]
        assert (f["published"], f["source_url"], f["source_url_alt"]) == (
            "2025-12-12", UPDAY, UP), fid


def test_a_source_without_a_link_is_named_precisely() -> None:
    """No URL: the title names outlet, piece, author and date (the UI says 'no public link')."""
    unlinked = [f for f in CLAIMS + EVENTS if not f.get("source_url")]
    assert unlinked
    for f in unlinked:
        assert f["source_title"] == NGE_TITLE, f["id"]
        assert "source_url_alt" not in f, f["id"]


def test_notes_are_written_in_the_projects_own_words(rows: list[Row]) -> None:
    copied = []
    for f in CLAIMS + EVENTS:
        for row in rows:
            a, b = f["note"].lower(), row.what.lower()
            m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(
                0, len(a), 0, len(b))
            if m.size >= 30:
                copied.append(f"{f['id']}: {a[m.a:m.a + m.size]!r}")
    assert not copied, "notes copying the digest's wording:\n" + "\n".join(copied)


def test_mid_january_interviews_say_when_they_were_held() -> None:
    interviews = [c for c in CLAIMS if c["date"] == "2026-01-19" and c["claimant"] == "analyst"]
    assert len(interviews) == 6
    assert all("mid-January" in c["note"] for c in interviews)
    assert all(NGE_TITLE in c["source_title"] and c["source_url"] == "" for c in interviews)


@pytest.mark.parametrize("feature", CLAIMS + EVENTS, ids=lambda f: f["id"])
def test_each_feature_is_complete_and_consistent(feature: dict[str, Any]) -> None:
    f = feature
    when = PartialDate.parse(f["date"])
    published = PartialDate.parse(f["published"])
    assert not published.is_partial
    assert when.start <= published.start, "dated after its published date"
    assert published.start <= date.today()
    assert f["claimant"] in CLAIMANTS and f["confidence"] in CONFIDENCE
    if f["id"] == "2026-02-24-isw-december-gains-held":
        assert f.get("area") is None  # "around the city" names no area
    else:
        assert f["area"] in AREAS or f["area"] in PENDING_AREAS
    assert f["claimant_name"] and f["source_title"] and len(f["note"]) > 30
    for key in ("source_url", "source_url_alt"):
        assert f.get(key, "") == "" or f[key].startswith(("https://", "http://")), key
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", f["id"]) and f["id"].startswith(f["date"])


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c["id"])
def test_claim_ids_are_date_claimant_area(claim: dict[str, Any]) -> None:
    assert claim["status"] in STATUSES
    assert claim["_geometry"] is None
    base = f"{claim['date']}-{claim['claimant']}-{claim['area']}"
    assert re.fullmatch(re.escape(base) + r"(-\d+)?", claim["id"])


def test_ids_are_unique() -> None:
    for pool in (CLAIMS, EVENTS):
        ids = [f["id"] for f in pool]
        assert len(ids) == len(set(ids))


def test_the_presidents_visit_is_dated_2025_not_2026() -> None:
    (visit,) = [e for e in EVENTS if "Zelensky" in e["title"]]
    assert visit["date"] == "2025-12-12" and visit["published"] == "2025-12-12"
    assert visit["_geometry"]["type"] == "Point"
    at = shape(visit["_geometry"])
    assert at.distance(TOWNS["kupiansk"]) < 0.06  # a few km, at the city's edge
    assert AREAS["kupiansk"].buffer(0.002).contains(at)


def test_the_flag_over_the_council_is_at_the_city_centre() -> None:
    (flag,) = [e for e in EVENTS if "flag" in e["title"].lower()]
    assert flag["date"] == "2026-01-12" and flag["area"] == "kupiansk-right-centre"
    at = shape(flag["_geometry"])
    assert at.equals(TOWNS["kupiansk"])
    assert AREAS["kupiansk-right-centre"].contains(at)


def test_events_without_a_known_place_have_no_geometry() -> None:
    placed = {e["id"] for e in EVENTS if e["_geometry"] is not None}
    assert placed == {"2025-12-12-zelensky-at-entrance-sign", "2026-01-12-flag-over-city-council"}
    for e in EVENTS:
        assert isinstance(e["_geometry"], dict | None)
        if e["_geometry"]:
            assert isinstance(shape(e["_geometry"]), Point)


def test_a_row_with_two_claimant_kinds_says_which_was_picked() -> None:
    (claim,) = [c for c in CLAIMS if c["id"] == "2025-12-12-ua-official-kupiansk"]
    assert "media" in claim["note"] and "ua-official" in claim["note"]


def test_the_shipped_directory_passes_the_validator() -> None:
    from controlmap import validate
    from controlmap.io.datadir import read_data_dir

    problems = validate.check(read_data_dir(GEO), today=date.today())
    assert not problems, "\n".join(map(str, problems))


def test_kupiansk_vuzlovyi_is_sourced_from_the_fall_to_the_liberation() -> None:
    """Not left 'unknown' inside a Russian-held city, and not filled by a guess: a report of
    2022-09-27 says when it was taken."""
    (held,) = [c for c in CLAIMS if c["area"] == "kupiansk-vuzlovyi" and c["date"] < "2022-09-27"]
    assert (held["date"], held["status"], held["published"]) == ("2022-02-27", "ru", "2022-09-27")
    assert held["source_url"].startswith("https://en.interfax.com.ua/")
    assert "27 February" in held["note"] and "24 February" in held["note"]
    freed = [c for c in CLAIMS if c["area"] == "kupiansk-vuzlovyi" and c["date"] == "2022-09-27"]
    assert [c["status"] for c in freed] == ["ua"]


def test_the_entry_of_2022_09_10_is_recorded_for_the_centre_only() -> None:
    """Entering the city is not holding its east bank, which stayed Russian until 09-27."""
    entry = [c for c in CLAIMS if c["date"] == "2022-09-10"]
    assert {c["area"] for c in entry} == {"kupiansk-right-centre"}
    assert {c["claimant"] for c in entry} == {"ua-official", "media"}
    east = {"kupiansk", "kupiansk-left-bank", "kupiansk-vuzlovyi", "podoly"}
    early_ua = [c["id"] for c in CLAIMS if c["area"] in east and c["status"] == "ua"
                and len(c["date"]) == 10 and "2022-09-01" <= c["date"] < "2022-09-27"]
    assert early_ua == []


def test_a_month_only_report_is_dated_by_a_dated_report_of_it() -> None:
    (east,) = [c for c in CLAIMS if c["id"] == "2025-11-11-ru-official-kupiansk-left-bank"]
    assert east["source_url_alt"] == "https://life.ru/p/1808831"
    assert "no day" in east["note"] and "11 November" in east["note"]


def test_around_the_city_is_an_event_without_an_area() -> None:
    (gains,) = [e for e in EVENTS if e["id"] == "2026-02-24-isw-december-gains-held"]
    assert gains.get("area") is None and gains["_geometry"] is None
    assert "183" in gains["title"] and gains["published"] == "2026-02-25"
