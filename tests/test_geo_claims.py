"""The editorial claims and events: every row of the claims digest is there, cited, in order.

Tests that compare against ../shared/data/claims-digest.md skip when ../shared is absent;
the others read only the committed geo/.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import Point, shape

from controlmap.dates import PartialDate
from controlmap.io.geojson import read_collection
from controlmap.vocabulary import CLAIMANTS, CONFIDENCE, STATUSES
from tests.conftest import GEO

NGE_TITLE = ("Novaya Gazeta Europe, via Jonathan Low: Why Ukraine's Retaking Kupiansk Is "
             "Strategically Significant")
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


@dataclass(frozen=True)
class Row:
    """One row of the digest's table, read the way an editor would map it."""

    line: int
    date: str
    claimants: frozenset[str]
    what: str
    area_ids: frozenset[str]
    statuses: frozenset[str]
    published: str
    urls: tuple[str, ...]
    nge: bool


def _date(text: str) -> str:
    if text == "2023 summer":
        return "2023"
    if text == "mid-January 2026":
        return "2026-01-19"  # the digest's rule: the latest day the interviews can describe
    PartialDate.parse(text)
    return text


def _area_ids(text: str) -> frozenset[str]:
    t = text.lower()
    ids = set()
    parts = {"north": "kupiansk-right-north", "centre": "kupiansk-right-centre",
             "south": "kupiansk-right-south"}
    ids |= {aid for word, aid in parts.items() if word in t}
    if "right bank" in t and not ids:
        ids.add("kupiansk-right-bank")
    for phrase, aid in (("vuzlovyi", "kupiansk-vuzlovyi"), ("left bank", "kupiansk-left-bank"),
                        ("dvorichna", "dvorichna")):
        if phrase in t:
            ids.add(aid)
    if re.search(r"\bcity\b", t):
        ids.add("kupiansk")
    assert ids, f"no area recognised in {text!r}"
    return frozenset(ids)


def digest_rows(digest: Path) -> list[Row]:
    text = digest.read_text(encoding="utf-8")
    rows: list[Row] = []
    in_table = False
    previous_source = ""
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("| date | who claims |"):
            in_table = True
            continue
        if not in_table or line.startswith("|---"):
            continue
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        when, who, what, area, status, published, source = cells
        if source.startswith("same"):
            source = previous_source
        previous_source = source
        rows.append(Row(
            line=n, date=_date(when), claimants=frozenset(_CLAIMANT.findall(who)), what=what,
            area_ids=_area_ids(area),
            statuses=frozenset(s.strip() for s in status.split("/")),
            published=published, urls=tuple(_URL.findall(source)), nge="NGE" in source))
    return rows


@pytest.fixture(scope="module")
def rows(shared_raw: Path) -> list[Row]:
    found = digest_rows(shared_raw.parent / "claims-digest.md")
    assert len(found) >= 40, "the digest table was not parsed"
    return found


def _matches(row: Row, pool: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in pool if f["date"] == row.date and f["claimant"] in row.claimants
            and f["published"] == row.published]


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
        covered = {f["area"] for f in claims + events}
        same_day = {f["area"] for f in CLAIMS + EVENTS if f["date"] == row.date}
        for aid in row.area_ids:
            if aid not in covered and aid not in same_day:
                missing.append(f"line {row.line} {row.date} area {aid}")
    assert not missing, "digest rows with no claim or event:\n" + "\n".join(missing)


def test_digest_rows_keep_their_sources(rows: list[Row]) -> None:
    for row in rows:
        feats = _matches(row, CLAIMS) + _matches(row, EVENTS)
        first = row.urls[0] if row.urls else ""
        assert any(f["source_url"] == first for f in feats), (row.line, first)
        if len(row.urls) > 1 and not row.nge:
            assert any(f.get("source_url_alt") == row.urls[1] for f in feats), row.line
        if row.nge:
            assert any(NGE_TITLE in f["source_title"] for f in feats), row.line


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
    assert f["area"] in AREAS
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
