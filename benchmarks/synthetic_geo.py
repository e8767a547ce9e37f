"""The synthetic data set of benchmarks/synthetic.py written as a geo/ directory.

1,000 nested areas and N claims (default 100,000 over five years) in areas.geojson and
claims.geojson (past 100,000 claims, the rest in claims-part2.geojson ...), in the
canonical form, plus the shipped reference layers (towns, oskil, context) and the shipped
events moved onto the synthetic root area. Generated into a
temporary directory by the benchmarks and the tests; never committed.

`python -m benchmarks.synthetic_geo OUT [N]` writes one by hand.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from shapely.geometry import mapping

from benchmarks import synthetic
from controlmap.io.geojson import feature_collection, read_collection, write_collection

SHIPPED = Path(__file__).resolve().parents[1] / "geo"
REFERENCE_FILES = ("towns.geojson", "oskil.geojson", "context.geojson")
_CONFIDENCE = ("low", "medium", "high")
PER_FILE = 100_000


def _area_feature(a: Any) -> dict[str, Any]:
    props = {"id": a.id, "name": f"Area {a.id}", "name_uk": "", "kind": a.kind,
             "parent": a.parent, "provenance": {"approximate": True, "method": "synthetic"}}
    return {"type": "Feature", "properties": props, "geometry": mapping(a.geometry)}


def _claim_feature(c: Any, i: int) -> dict[str, Any]:
    props = {
        "id": c.id, "date": str(c.date), "published": str(c.published), "status": c.status,
        "claimant": c.claimant, "area": c.area, "source_title": f"Synthetic report {i % 997}",
        "source_url": f"https://example.org/report/{i}", "confidence": _CONFIDENCE[i % 3],
        "note": "Synthetic claim for the benchmarks.",
    }
    return {"type": "Feature", "properties": props, "geometry": None}


def write(out: Path, n_claims: int = 100_000, fanout: tuple[int, ...] = (9, 10, 10),
          shipped: Path = SHIPPED) -> Path:
    """Write the data directory `out` (created); return it."""
    out.mkdir(parents=True, exist_ok=True)
    areas = synthetic.areas(fanout)
    claims = synthetic.claims(sorted(areas), n_claims)
    write_collection(out / "areas.geojson",
                     feature_collection([_area_feature(a) for a in areas.values()]))
    features = [_claim_feature(c, i) for i, c in enumerate(claims)]
    # at most PER_FILE claims a file: 200,000 in one file pass the 64 MB limit of io/limits
    for k in range(0, max(len(features), 1), PER_FILE):
        name = "claims.geojson" if k == 0 else f"claims-part{k // PER_FILE + 1}.geojson"
        write_collection(out / name, feature_collection(features[k:k + PER_FILE]))
    for name in REFERENCE_FILES:
        if (shipped / name).exists():
            shutil.copyfile(shipped / name, out / name)
    if (shipped / "events.geojson").exists():
        events = read_collection(shipped / "events.geojson")
        for f in events["features"]:
            if f["properties"].get("area"):
                f["properties"]["area"] = "r"
        write_collection(out / "events.geojson", events)
    return out


if __name__ == "__main__":
    target = write(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
    print(target)
