"""Test data where a whole says otherwise than its parts (for the app and browser tests).

The city as a whole is contested (an analyst, 2026-01-10, with a link); its right bank's own
newer claim is Ukrainian-held from a source without a public link, its left bank's too, with
a link. On 2026-01-20 the map paints the parts blue, and the city's own answer must show.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

DAY = date(2026, 1, 20)
CLAIMS = [
    ("2026-01-10", "analyst", "kupiansk", "contested", "ISW, 10 January",
     "https://example.org/isw"),
    ("2026-01-12", "analyst", "kupiansk-right-bank", "ua", "Interview, 12 January", ""),
    ("2026-01-12", "osint-map", "kupiansk-left-bank", "ua", "DeepStateMap, 12 January",
     "https://example.org/dsm"),
]


def write_whole_claims(geo: Path) -> Path:
    """Replace the claims of a geo/ copy with CLAIMS (no other claim file); returns `geo`."""
    for extra in geo.glob("claims-*.geojson"):
        extra.unlink()
    feats = [{"type": "Feature", "geometry": None, "properties": {
        "id": f"{d}-{who}-{area}", "date": d, "claimant": who, "area": area, "status": st,
        "source_title": title, "source_url": url, "published": d, "confidence": "medium",
        "claimant_name": "Analyst X" if not url else "", "note": "Test claim."}}
        for d, who, area, st, title, url in CLAIMS]
    (geo / "claims.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    return geo
