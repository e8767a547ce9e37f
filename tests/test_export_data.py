"""Data for the export tests: the shipped geo/ with claims chosen so every status shows.

The shipped reference layers, outlines and credits stay; claims.geojson is replaced by a
small set where, on DAY, one area is Ukrainian-held, one Russian-held, one contested, one
unknown, one faded (an old claim), one disputed between claimants, and one source title
tries to break out of an HTML <script>. Also: the credits read from the shipped files.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from controlmap.loading import load_dataset
from controlmap.model.engine import Engine
from controlmap.render import citations
from tests.conftest import GEO

DAY = date(2026, 1, 20)
EVIL = "</script><script>window.pwned=1</script> & <b>bold</b> \u2028"


def _claim(day: str, claimant: str, area: str, status: str, title: str,
           url: str = "https://example.org/report") -> dict[str, object]:
    return {"type": "Feature", "geometry": None, "properties": {
        "id": f"{day}-{claimant}-{area}", "date": day, "claimant": claimant, "area": area,
        "status": status, "source_title": title, "source_url": url, "published": day,
        "confidence": "medium", "note": "Test claim."}}


# area -> claims; every root area of the shipped data is covered or left unknown on purpose.
CLAIMS = [
    _claim("2026-01-10", "analyst", "kupiansk", "ua", "ISW, 10 January"),
    _claim("2026-01-12", "osint-map", "kupiansk-vuzlovyi", "contested", EVIL),
    _claim("2026-01-15", "media", "kivsharivka", "ru", "Reuters"),
    _claim("2025-03-01", "analyst", "dvorichna-bridgehead", "ru", "ISW, March 2025"),
    _claim("2026-01-14", "analyst", "petropavlivka", "ua", "ISW, 14 January"),
    _claim("2026-01-16", "ru-official", "petropavlivka", "ru", "Russian MoD"),
]
# kurylivka has no claim: unknown.


def make_data(dst: Path) -> Path:
    """A copy of geo/ at `dst` with CLAIMS as its claims; returns `dst`."""
    shutil.copytree(GEO, dst)
    for extra in dst.glob("claims-*.geojson"):
        extra.unlink()
    coll = {"type": "FeatureCollection", "attribution": "Claims: test set", "features": CLAIMS}
    (dst / "claims.geojson").write_text(json.dumps(coll, ensure_ascii=False), encoding="utf-8")
    events = dst / "events.geojson"
    if events.exists():
        events.unlink()
    return dst


def make_engine(dst: Path) -> Engine:
    return Engine(load_dataset(make_data(dst)))


def test_test_data_shows_every_status(tmp_path: Path) -> None:
    eng = make_engine(tmp_path / "geo")
    st = eng.state(DAY, "assessed")
    got = {a: r.status for a, r in st.areas.items()}
    assert got["kupiansk"] == "ua" and got["kivsharivka"] == "ru"
    assert got["kupiansk-vuzlovyi"] == "contested" and got["kurylivka"] == "unknown"
    assert (st.areas["dvorichna-bridgehead"].age_days or 0) > 300
    assert eng.state(DAY, "disputed").areas["petropavlivka"].status == "disputed"


def test_shipped_credits_name_natural_earth_and_geonames() -> None:
    credits = " ".join(citations.attribution(load_dataset(GEO)))
    assert "Natural Earth" in credits
    assert "GeoNames" in credits


def test_sources_list_each_claim_once_newest_first(tmp_path: Path) -> None:
    eng = make_engine(tmp_path / "geo")
    lines = citations.sources(eng, eng.state(DAY, "assessed"))
    ids = [s.claim for s in lines]
    assert len(ids) == len(set(ids))
    assert [s.date for s in lines] == sorted((s.date for s in lines), reverse=True)
    kup = next(s for s in lines if s.claim == "2026-01-10-analyst-kupiansk")
    assert kup.areas == ("Kupiansk",)  # the claim's own area, not every child it reaches
    assert next(s for s in lines if s.title == EVIL.strip()).url == "https://example.org/report"


def test_safe_url_keeps_only_http_links() -> None:
    assert citations.safe_url("https://isw.org/a?b=1") == "https://isw.org/a?b=1"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil", "https://a b", ""):
        assert citations.safe_url(bad) is None
