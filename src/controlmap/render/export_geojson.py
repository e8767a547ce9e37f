"""The resolved state as GeoJSON: one feature per area, the export's context on the collection.

Per area it carries exactly what `controlmap state --json` prints (status, since, claim,
claimant, age_days) plus the source behind it, so a GIS user gets the map and the citation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shapely.geometry import mapping

from controlmap.io.geojson import canonical_dumps, feature_collection
from controlmap.model.engine import Engine
from controlmap.model.results import State
from controlmap.model.views import view_label
from controlmap.render.citations import attribution, safe_url


def state_collection(engine: Engine, state: State, *, title: str,
                     now: datetime) -> dict[str, Any]:
    """A FeatureCollection of every area's resolved status on `state`'s date and view."""
    ds = engine.dataset
    features = []
    for area_id, res in sorted(state.areas.items()):
        area = ds.areas[area_id]
        claim = engine.claims_by_id.get(res.claim or "")
        props: dict[str, Any] = {
            "id": area_id, "name": area.name, "name_uk": area.name_uk, "kind": area.kind,
            "parent": area.parent, "approximate": area.approximate,
            **res.to_json(),
            "via": res.via,
            "claimant_name": claim.claimant_name if claim else None,
            "source_title": claim.source_title if claim else None,
            "source_url": safe_url(claim.source_url) if claim else None,
            "published": str(claim.published) if claim and claim.published else None,
            "confidence": (claim.confidence or None) if claim else None,
            "also": list(res.also),
        }
        geom = mapping(area.geometry) if area.geometry is not None else None
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    meta = {
        "title": title,
        "date": state.date.isoformat(),
        "view": state.view,
        "view_label": view_label(state.view),
        "known_at": state.known_at.isoformat() if state.known_at else None,
        "attribution": attribution(ds),
        "exported_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return feature_collection(features, properties=meta)


def state_geojson(engine: Engine, state: State, *, title: str, now: datetime) -> bytes:
    """The collection in the project's canonical GeoJSON text (UTF-8)."""
    return canonical_dumps(state_collection(engine, state, title=title, now=now)).encode()
