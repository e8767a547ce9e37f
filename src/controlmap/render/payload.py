"""The JSON the browser map needs, built once per data set: geometry, layers, timeline, sources.

The map repaints in the browser from this payload alone, so a date step, play, a view switch or
a click never waits for the server. The same payload drives the Streamlit component and the
self-contained HTML export.

Contract (payload version 2, plus `geometry`) for
`window.ControlMap.mount(element, payload, options)`:

Files to load: `leaflet/leaflet.css`, `controlmap/map.css`, `leaflet/leaflet.js`, then the
map's plain scripts `controlmap/<name>` for each name in `render.browser.MAP_SCRIPTS`, in that
order (no build step; each adds to `window.ControlMap`). A standalone page inlines them and
calls, after they ran::

    var map = ControlMap.mount(document.getElementById("map"), PAYLOAD,
                               {date: "2026-01-20", view: "assessed", height: 640});

`PAYLOAD` is `build_payload(engine, known_at)` as JSON. To put it in a `<script>` element,
use `payload_script_json(payload)` (it escapes `<`, `>` and `&`, so no data text can close
the element). Every text in the payload came from data files and is untrusted: the map only
ever writes it with `textContent` and links only http(s) URLs.

Payload members:
- `version` (2), `span` {first, last} (ISO days the slider covers), `statuses` (status names
  by code), `palette` (`palette.browser_palette()`: status colours and hatches, reference
  layer colours, fill opacities, the fade table by age in days), `legends` {view: [{status,
  label}]}, `words` (`wording.browser_words()`: rules in words, freshness lines, "no public
  link"), `horizon_days`, `views` [{id, label}], `claimants` {id: label}.
- `areas`: FeatureCollection, parents before children. Properties: id, name, name_uk, kind,
  parent, depth, approximate, km2 (own, equal-area), label [lat, lon]. Geometry and
  `outline` are null here and filled in the browser from `geometry` (geometry.js, called by
  `mount`) at the level of detail for the zoom: the geometry is the area's own part (its
  outline less its children's), or null when the children cover it; `outline` is the full
  outline, drawn as a line.
- `geometry`: `render.geometry.build_geometry`: {scale, levels [{min_zoom, tolerance_m}],
  parts, outlines, canvas}: every area's part and outline per level, simplified as one
  coverage (shared borders stay shared), quantised and delta-encoded; `canvas` asks for
  Leaflet's canvas renderer (many areas or vertices).
- `layers`: {"towns": [{name, name_uk, rank, population, lat, lon}], "oskil": FC,
  "builtup": FC, "hromadas": FC}; `series`: {layer: {label, claimant, items: [{claim,
  start, status, geometry}]}} (geometry claims, e.g. an imported front-line series).
- `claims`: [{id, date (as written in the data), date_text (as a reader reads it: "Sep
  2022"), start (ISO), status, claimant, claimant_name, area, source_title, source_name,
  source_url (http(s) or ""), published, published_text, last_confirmed, confidence, note,
  layer}]; `events`: the same citation fields plus title, point [lat, lon] or null.
- `timeline`: `controlmap.render.timeline.build_timeline(engine, known_at)`: per view its
  rows (days) and, per row and area (in `areas` order), status code, claim index (into
  `claims`, -1 none), the area index the claim was made about (-1: its own), rule code, stale
  flag, last-report day, same-day disagreements and the wholes at odds with their parts.
  The state on day D is the row of the last row day <= D.
- `attribution` [str], `sources` [{title, url}], `approximate` (bool), `approximate_note`,
  `bounds` [[south, west], [north, east]], `title`.

Options of `mount`: date, view, compare ({mode: "view"|"date", view, date} or null), diff
({from} or null), layers ({towns, oskil, builtup, hromadas, events, basemap, series:
{layer: bool}}), center [lat, lon], zoom, height (px), toolbar (bool), onChange(state,
reason). The handle it returns has setDate, getDate, update(options), getState, destroy.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import shapely
from shapely.geometry import mapping

from controlmap.model.engine import Engine
from controlmap.model.records import Claim, Event
from controlmap.model.views import view_label
from controlmap.render import citations, wording
from controlmap.render.geometry import build_geometry
from controlmap.render.palette import browser_legends, browser_palette
from controlmap.render.timeline import STATUS_ORDER, area_order, build_timeline
from controlmap.vocabulary import CLAIMANT_LABELS

PAYLOAD_VERSION = 2
DIGITS = 5  # about 1 m: plenty for approximate outlines, and a smaller payload

_SERIES_LABELS = {"deepstate": "DeepStateMap occupied area"}


def _round(obj: Any, digits: int) -> Any:
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, list | tuple):
        return [_round(v, digits) for v in obj]
    return obj


def geojson_geometry(geom: Any, digits: int = DIGITS) -> dict[str, Any] | None:
    """A shapely geometry as a GeoJSON dict with rounded coordinates; None when empty."""
    if geom is None or geom.is_empty:
        return None
    g = dict(mapping(geom))
    if "coordinates" in g:
        g["coordinates"] = _round(g["coordinates"], digits)
    elif "geometries" in g:
        g["geometries"] = [geojson_geometry(shapely.geometry.shape(x), digits)
                           for x in g["geometries"]]
    return g


def _latlon(point: Any) -> list[float]:
    return [round(point.y, DIGITS), round(point.x, DIGITS)]


def _areas(engine: Engine, order: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The areas FeatureCollection (properties; geometry and outline null) and the
    `geometry` member that carries their shapes at every level of detail (render.geometry)."""
    ds = engine.dataset
    h = engine.hierarchy
    feats = []
    parts: list[Any] = []
    for aid in order:
        a = ds.areas[aid]
        kids = [ds.areas[c].geometry for c in ds.children(aid)]
        own = a.geometry
        if kids:
            own = shapely.make_valid(a.geometry).difference(shapely.union_all(kids))
            # Slivers left where children do not quite tile the parent are not worth a path.
            if own.area < 1e-8:
                own = None
        parts.append(own)
        feats.append({
            "type": "Feature",
            "properties": {
                "id": aid, "name": a.name, "name_uk": a.name_uk, "kind": a.kind,
                "parent": a.parent, "depth": int(h.depth[h.index[aid]]),
                "approximate": a.approximate, "km2": round(engine.area_km2[aid], 3),
                "label": _latlon(a.geometry.representative_point()),
                "outline": None,
            },
            "geometry": None,
        })
    where = {aid: i for i, aid in enumerate(order)}
    parents = [where.get(ds.areas[aid].parent or "", -1) for aid in order]
    return {"type": "FeatureCollection", "features": feats}, build_geometry(parts, parents)


def _collection(features: list[dict[str, Any]], keep: tuple[str, ...]) -> dict[str, Any]:
    out = []
    for f in features:
        geom = f.get("geometry")
        if not geom:
            continue
        props = f.get("properties") or {}
        out.append({
            "type": "Feature",
            "properties": {k: props.get(k) for k in keep},
            "geometry": {**geom, "coordinates": _round(geom.get("coordinates"), DIGITS)},
        })
    return {"type": "FeatureCollection", "features": out}


def _layers(engine: Engine) -> dict[str, Any]:
    layers = engine.dataset.layers
    towns = []
    for f in (layers.get("towns") or {}).get("features", []):
        p, g = f.get("properties") or {}, f.get("geometry") or {}
        if g.get("type") != "Point":
            continue
        lon, lat = g["coordinates"][:2]
        towns.append({"name": p.get("name", ""), "name_uk": p.get("name_uk", ""),
                      "rank": p.get("rank", 2), "population": p.get("population"),
                      "lat": round(lat, DIGITS), "lon": round(lon, DIGITS)})
    context = (layers.get("context") or {}).get("features", [])
    keep = ("id", "kind", "name", "name_uk")
    return {
        "towns": towns,
        "oskil": _collection((layers.get("oskil") or {}).get("features", []), keep),
        "builtup": _collection(
            [f for f in context if (f.get("properties") or {}).get("kind") == "builtup"], keep),
        "hromadas": _collection(
            [f for f in context if (f.get("properties") or {}).get("kind") == "hromada"], keep),
    }


def _cited(c: Claim | Event) -> dict[str, Any]:
    return {
        "id": c.id, "date": str(c.date), "date_text": wording.date_as_written(c.date),
        "start": c.date.start.isoformat(),
        "claimant": c.claimant, "claimant_name": c.claimant_name, "area": c.area,
        "source_title": c.source_title,
        "source_name": wording.source_name(c.source_title, c.claimant_name),
        "source_url": citations.safe_url(c.source_url) or "",
        "published": str(c.published) if c.published else None,
        "published_text": wording.date_as_written(c.published),
        "confidence": c.confidence, "note": c.note,
    }


def _claim(c: Claim) -> dict[str, Any]:
    last = c.last_confirmed
    return {**_cited(c), "status": c.status, "layer": c.layer,
            "last_confirmed": last.start.isoformat() if last else None}


def _series(engine: Engine, claim_index: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in sorted(engine.geometry_claims, key=lambda c: (c.date.start, c.id)):
        s = out.setdefault(c.layer, {
            "label": _SERIES_LABELS.get(c.layer, f"Drawn claims ({c.layer})"),
            "claimant": c.claimant, "items": [],
        })
        s["items"].append({"claim": claim_index[c.id], "start": c.date.start.isoformat(),
                           "status": c.status, "geometry": geojson_geometry(c.geometry)})
    return out


def _event(e: Event, engine: Engine) -> dict[str, Any]:
    point = None
    if e.geometry is not None and e.geometry.geom_type == "Point":
        point = _latlon(e.geometry)
    elif e.area in engine.dataset.areas:
        point = _latlon(engine.dataset.areas[e.area].geometry.representative_point())
    return {**_cited(e), "title": e.title, "point": point}


def _sources(engine: Engine) -> list[dict[str, str]]:
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for c in [*engine.claims, *engine.dataset.events]:
        title = wording.source_name(c.source_title, c.claimant_name)
        url = citations.safe_url(c.source_url) or ""
        seen.setdefault((title, url), {"title": title, "url": url})
    return sorted(seen.values(), key=lambda s: s["title"].lower())


def _bounds(engine: Engine) -> list[list[float]]:
    geoms = [a.geometry for a in engine.dataset.areas.values()]
    if not geoms:
        return [[49.4, 37.2], [50.1, 38.2]]
    x0, y0, x1, y1 = shapely.union_all(geoms).bounds
    return [[round(y0, DIGITS), round(x0, DIGITS)], [round(y1, DIGITS), round(x1, DIGITS)]]


def data_span(engine: Engine) -> tuple[date, date]:
    """First claim to the last day anything is reported: a claim, a confirmation, an event."""
    first, last = engine.dataset.date_span
    for c in engine.claims:
        if c.last_confirmed is not None:
            last = max(last, c.last_confirmed.start)
    for e in engine.dataset.events:
        last = max(last, e.date.start)
    return first, last


def build_base(engine: Engine, *, series: bool = True, until: date | None = None
               ) -> dict[str, Any]:
    """Everything but the timeline: what stays the same whatever the view or known-at date.

    The slider runs from the first claim to the last report, or to `until` (today, in the
    app) when that is later: a reader must be able to pick a day the data has not reached.
    """
    ds = engine.dataset
    order = area_order(engine)
    claim_index = {c.id: i for i, c in enumerate(engine.claims)}
    first, last = data_span(engine)
    if until is not None:
        last = max(last, until)
    areas, geometry = _areas(engine, order)
    return {
        "version": PAYLOAD_VERSION,
        "title": "Kupiansk: who controls what, and who says so",
        "span": {"first": first.isoformat(), "last": last.isoformat()},
        "statuses": list(STATUS_ORDER),
        "palette": browser_palette(),
        "legends": browser_legends(engine.views),
        "words": wording.browser_words(),
        "horizon_days": engine.horizon_days,
        "views": [{"id": v, "label": view_label(v)} for v in engine.views],
        "claimants": {c: CLAIMANT_LABELS.get(c, c) for c in engine.claimants},
        "areas": areas,
        "geometry": geometry,
        "layers": _layers(engine),
        "series": _series(engine, claim_index) if series else {},
        "claims": [_claim(c) for c in engine.claims],
        "events": [_event(e, engine) for e in sorted(ds.events,
                                                     key=lambda e: (e.date.start, e.id))],
        "attribution": citations.attribution(ds),
        "sources": _sources(engine),
        "approximate": any(a.approximate for a in ds.areas.values()),
        "approximate_note": citations.approximate_note(ds),
        "bounds": _bounds(engine),
    }


def build_payload(engine: Engine, known_at: date | None = None, *, series: bool = True,
                  until: date | None = None) -> dict[str, Any]:
    """The whole payload (base and the timeline for `known_at`) for `ControlMap.mount`."""
    payload = build_base(engine, series=series, until=until)
    payload["timeline"] = build_timeline(engine, known_at)
    return payload


def payload_script_json(payload: dict[str, Any]) -> str:
    """JSON safe inside an HTML `<script>` element: `<`, `>`, `&` and line separators escaped."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text
