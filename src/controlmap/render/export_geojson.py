"""The resolved state as GeoJSON: one feature per area, the export's context on the collection.

Per area it carries exactly what `controlmap state --json` prints (status, since, claim,
claimant, age_days, last_reported, stale, rule) plus the rule in words, the source behind it
(or "no public link"), and the line of the whole it is part of where that whole's own claims
say otherwise; the collection carries the freshness line the other exports print under the
title, so a GIS user gets the map, the citation and how old it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shapely.geometry import mapping

from controlmap.io.geojson import canonical_dumps, feature_collection
from controlmap.model.engine import Engine
from controlmap.model.results import State
from controlmap.model.views import view_label
from controlmap.render import wording
from controlmap.render.citations import attribution, safe_url
from controlmap.render.wholes import ancestors, at_odds, whole_line


def state_collection(engine: Engine, state: State, *, title: str,
                     now: datetime, lang: str | None = None) -> dict[str, Any]:
    """A FeatureCollection of every area's resolved status on `state`'s date and view."""
    ds = engine.dataset
    odds = {o.area: o for o in at_odds(ds, state.areas)}
    features = []
    for area_id, res in sorted(state.areas.items()):
        area = ds.areas[area_id]
        claim = engine.claims_by_id.get(res.claim or "")
        url = safe_url(claim.source_url) if claim else None
        props: dict[str, Any] = {
            "id": area_id, "name": area.name, "name_uk": area.name_uk, "kind": area.kind,
            "parent": area.parent, "approximate": area.approximate,
            **res.to_json(),
            "since_text": wording.date_as_written(res.since, lang) or None,
            "rule_text": wording.rule_words(res.rule, lang) if res.rule else None,
            "via": res.via,
            "claimant_name": claim.claimant_name if claim else None,
            "source_title": claim.source_title if claim else None,
            "source_url": url,
            "source_link": (url or wording.no_public_link(lang)) if claim else None,
            "published": str(claim.published) if claim and claim.published else None,
            "confidence": (claim.confidence or None) if claim else None,
            "also": list(res.also),
            "wholes": [whole_line(engine, odds[a], state.areas[a], state.view, lang)
                       for a in ancestors(ds, area_id) if a in odds],
        }
        geom = mapping(area.geometry) if area.geometry is not None else None
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    fresh, stale = wording.freshness(state.latest_claim, state.date, state.horizon_days, lang)
    meta = {
        "title": title,
        "freshness": fresh,
        "past_horizon": stale,
        "latest_claim": state.latest_claim.isoformat() if state.latest_claim else None,
        "horizon_days": state.horizon_days,
        "date": state.date.isoformat(),
        "view": state.view,
        "view_label": view_label(state.view, lang),
        "known_at": state.known_at.isoformat() if state.known_at else None,
        "attribution": attribution(ds),
        "exported_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return feature_collection(features, properties=meta)


def state_geojson(engine: Engine, state: State, *, title: str, now: datetime,
                  lang: str | None = None) -> bytes:
    """The collection in the project's canonical GeoJSON text (UTF-8)."""
    return canonical_dumps(state_collection(engine, state, title=title, now=now,
                                            lang=lang)).encode()
