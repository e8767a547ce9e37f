"""The JSON the browser map needs, built once per data set: geometry, layers, timeline, sources.

The map repaints in the browser from this payload alone, so a date step, play, a view switch or
a click never waits for the server. The same payload drives the Streamlit component and the
self-contained HTML export.

Contract (payload version 3, with `geometry`) for
`window.ControlMap.mount(element, payload, options)`:

Files to load: `leaflet/leaflet.css`, `controlmap/map.css`, `leaflet/leaflet.js`,
`rbush/rbush.min.js`, then the map's plain scripts `controlmap/<name>` for each name in
`render.browser.MAP_SCRIPTS`, in that order (no build step; each adds to `window.ControlMap`).
A standalone page inlines them and calls, after they ran::

    var map = ControlMap.mount(document.getElementById("map"), PAYLOAD,
                               {date: "2026-01-20", view: "assessed", height: 640});

`PAYLOAD` is `build_payload(engine, known_at)` as JSON. To put it in a `<script>` element,
use `payload_script_json(payload)` (it escapes `<`, `>` and `&`, so no data text can close
the element). Every text in the payload came from data files and is untrusted: the map only
ever writes it with `textContent` and links only http(s) URLs.

Payload members:
- `version` (3), `span` {first, last} (ISO days the slider covers), `statuses` (status names
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
  "builtup": FC, "hromadas": FC, "border": FC (the state border line)}; `series`: {layer:
  {label, claimant, items: [{claim, start, status, geometry}]}} (geometry claims, e.g. an
  imported front-line series).
- `claims`: records {id, date (as written in the data), date_text (as a reader reads it:
  "Sep 2022"), start (ISO), status, claimant, claimant_name, area, source_title, source_name,
  source_url (http(s) or ""), published, published_text, last_confirmed, confidence, note,
  layer}, sent as columns (`io/columns.py`: a repeating field is its distinct values
  and a code per claim); `events`: the same citation fields plus title, point [lat, lon] or
  null. The list of sources in the credits is made in the browser from both (each distinct
  source name and link once).
- `timeline`: `controlmap.render.timeline.build_timeline(engine, known_at)`: `areas` (ids,
  the column order, as in `areas`), `rules`, `horizon_days`, `known_at`, and per view:
  `days` (row days, delta-encoded day numbers), `changes` (the rows that are change days,
  delta-encoded), `latest` (per row, the newest confirmation, -1: none); per area column j:
  `runs[j]` (delta-encoded rows on which the area changes) and, per run, `status[j]`,
  `claim[j]` (index into `claims`, -1 none; delta-encoded), `via[j]` (the column the claim
  was made about, -1: its own), `rule[j]`, `stale[j]`, `conf[j]` (last confirmation day, -1:
  no claim, delta-encoded; the last report on day D is min(conf, D)); `also` {j: {run:
  [claim index]}} where same-day claims disagree; `odds` {rows (delta-encoded), sets:
  [[column]]}: the wholes at odds with their parts from each of those rows on. The state
  on day D is row k, the last row day <= D; an area's, its last run <= k. Size grows with
  the changes, not days x areas.
- `attribution` [str], `approximate` (bool), `approximate_note`,
  `bounds` [[south, west], [north, east]] (every area), `focus` (the same for the city, the
  first view), `max_bounds` (the region the map may be panned in), `title`.
- `verdicts`: per claim index, its track record verdict (`model.track_record`, a geometry
  claim's worst over its areas) as {verdict, decided_on, days} or null (not judged: claims
  saying `unknown`); `words.verdicts` has each verdict's label and meaning. An empty list
  when the data has more than `VERDICTS_MAX_CLAIMS` claims: judging grows faster than the
  claims (5,000 take seconds, 20,000 minutes), so large data shows no badges.
- `lang` ("en" or "uk"): every label, word and date text is in it; area and town `name` is
  `name_uk` in Ukrainian where the data gives one (the English name stays in `name_en`).

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

from controlmap.i18n import N_, normalize_lang, translator
from controlmap.model.claimtable import NO_ORDINAL
from controlmap.model.engine import Engine
from controlmap.model.records import Event
from controlmap.model.track_record import track_record
from controlmap.model.track_summary import claim_verdicts_json
from controlmap.model.views import claimant_label, view_label
from controlmap.render import citations, payload_claims, wording
from controlmap.render.area_geometry import area_geometry
from controlmap.render.palette import browser_legends, browser_palette
from controlmap.render.timeline import STATUS_ORDER, area_order, build_timeline
from controlmap.vocabulary import AOI_BBOX, REGION_BBOX

PAYLOAD_VERSION = 3
VERDICTS_MAX_CLAIMS = 3_000
DIGITS = 5  # about 1 m: plenty for approximate outlines, and a smaller payload

_SERIES_LABELS = {"deepstate": N_("DeepStateMap occupied area")}
_SERIES_DRAWN = N_("Drawn claims ({layer})")
TITLE = N_("Kupiansk: who controls what, and who says so")


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


def _areas(engine: Engine, order: list[str], lang: str
           ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The areas FeatureCollection (properties; geometry and outline null) and the
    `geometry` member that carries their shapes at every level of detail (render.geometry)."""
    ds = engine.dataset
    h = engine.hierarchy
    feats = []
    for aid in order:
        a = ds.areas[aid]
        feats.append({
            "type": "Feature",
            "properties": {
                "id": aid, "name": wording.place_name(a.name, a.name_uk, lang),
                "name_en": a.name, "name_uk": a.name_uk, "kind": a.kind,
                "parent": a.parent, "depth": int(h.depth[h.index[aid]]),
                "approximate": a.approximate, "km2": round(engine.area_km2[aid], 3),
                "label": _latlon(a.geometry.representative_point()),
                "outline": None,
            },
            "geometry": None,
        })
    return {"type": "FeatureCollection", "features": feats}, area_geometry(ds, h)


def _collection(features: list[dict[str, Any]], keep: tuple[str, ...], lang: str
                ) -> dict[str, Any]:
    """Reference features with the `keep` properties; `name` in `lang` (name_uk in Ukrainian)."""
    out = []
    for f in features:
        geom = f.get("geometry")
        if not geom:
            continue
        props = f.get("properties") or {}
        out.append({
            "type": "Feature",
            "properties": {**{k: props.get(k) for k in keep},
                           "name": wording.place_name(props.get("name") or "",
                                                      props.get("name_uk"), lang)},
            "geometry": {**geom, "coordinates": _round(geom.get("coordinates"), DIGITS)},
        })
    return {"type": "FeatureCollection", "features": out}


def _layers(engine: Engine, lang: str) -> dict[str, Any]:
    layers = engine.dataset.layers
    towns = []
    for f in (layers.get("towns") or {}).get("features", []):
        p, g = f.get("properties") or {}, f.get("geometry") or {}
        if g.get("type") != "Point":
            continue
        lon, lat = g["coordinates"][:2]
        towns.append({"name": wording.place_name(p.get("name", ""), p.get("name_uk"), lang),
                      "name_en": p.get("name", ""), "name_uk": p.get("name_uk", ""),
                      "rank": p.get("rank", 2), "population": p.get("population"),
                      "lat": round(lat, DIGITS), "lon": round(lon, DIGITS)})
    context = (layers.get("context") or {}).get("features", [])
    keep = ("id", "kind", "name", "name_uk")
    return {
        "towns": towns,
        "oskil": _collection((layers.get("oskil") or {}).get("features", []), keep, lang),
        "builtup": _collection(
            [f for f in context if (f.get("properties") or {}).get("kind") == "builtup"], keep,
            lang),
        "hromadas": _collection(
            [f for f in context if (f.get("properties") or {}).get("kind") == "hromada"], keep,
            lang),
        "border": _collection(
            [f for f in context if (f.get("properties") or {}).get("kind") == "state-border"],
            keep, lang),
    }


def _series(engine: Engine, claim_index: dict[str, int], lang: str) -> dict[str, Any]:
    t = translator(lang)
    out: dict[str, Any] = {}
    for c in sorted(engine.geometry_claims, key=lambda c: (c.date.start, c.id)):
        s = out.setdefault(c.layer, {
            "label": (t.gettext(_SERIES_LABELS[c.layer]) if c.layer in _SERIES_LABELS
                      else t.gettext(_SERIES_DRAWN).format(layer=c.layer)),
            "claimant": c.claimant, "items": [],
        })
        s["items"].append({"claim": claim_index[c.id], "start": c.date.start.isoformat(),
                           "status": c.status, "geometry": geojson_geometry(c.geometry)})
    return out


def _event(e: Event, engine: Engine, lang: str) -> dict[str, Any]:
    point = None
    if e.geometry is not None and e.geometry.geom_type == "Point":
        point = _latlon(e.geometry)
    elif e.area in engine.dataset.areas:
        point = _latlon(engine.dataset.areas[e.area].geometry.representative_point())
    return {**payload_claims.cited(e, lang), "title": e.title, "point": point}


def _latlng_box(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[round(y0, DIGITS), round(x0, DIGITS)], [round(y1, DIGITS), round(x1, DIGITS)]]


def _bounds(engine: Engine) -> list[list[float]]:
    geoms = [a.geometry for a in engine.dataset.areas.values()]
    if not geoms:
        return _latlng_box(*AOI_BBOX)
    return _latlng_box(*shapely.union_all(geoms).bounds)


def _focus(engine: Engine) -> list[list[float]]:
    """The first view: the city areas (their parts lie inside them), so the city is drawn
    large; the bounds of every area when the data has no city."""
    geoms = [a.geometry for a in engine.dataset.areas.values() if a.kind == "city"]
    return _latlng_box(*shapely.union_all(geoms).bounds) if geoms else _bounds(engine)


def data_span(engine: Engine) -> tuple[date, date]:
    """First claim to the last day anything is reported: a claim, a confirmation, an event."""
    first, last = engine.dataset.date_span
    confirmed = engine.claims.ordinals("last_confirmed")  # from the column: no records
    confirmed = confirmed[confirmed != NO_ORDINAL]
    if len(confirmed):
        last = max(last, date.fromordinal(int(confirmed.max())))
    for e in engine.dataset.events:
        last = max(last, e.date.start)
    return first, last


def _verdicts(engine: Engine) -> list[dict[str, Any] | None]:
    """Per claim index, its verdict for the popup's badge (None: not judged); none at all
    past VERDICTS_MAX_CLAIMS claims."""
    if len(engine.claims) > VERDICTS_MAX_CLAIMS:
        return []
    judged = claim_verdicts_json(track_record(engine.dataset))
    out: list[dict[str, Any] | None] = []
    for c in engine.claims:
        v = judged.get(c.id)
        out.append(None if v is None else {"verdict": v["verdict"], "decided_on":
                                           v["decided_on"], "days": v["days_to_confirmation"]})
    return out


def build_base(engine: Engine, *, series: bool = True, until: date | None = None,
               lang: str | None = None, claims: bool = True) -> dict[str, Any]:
    """Everything but the timeline: what stays the same whatever the view or known-at date.
    With `claims` False the claims are left out (null): the app sends them apart, after the
    first paint (payload_cache.claims_json), as they are most of the base at scale.

    The slider runs from the first claim to the last report, or to `until` (today, in the
    app) when that is later: a reader must be able to pick a day the data has not reached.
    Every word is in `lang` (English when not given).
    """
    lang = normalize_lang(lang)
    t = translator(lang)
    ds = engine.dataset
    order = area_order(engine)
    claim_index = {cid: i for i, cid in enumerate(engine.claims.columns["id"])}
    first, last = data_span(engine)
    if until is not None:
        last = max(last, until)
    areas, geometry = _areas(engine, order, lang)
    return {
        "version": PAYLOAD_VERSION,
        "lang": lang,
        "title": t.gettext(TITLE),
        "span": {"first": first.isoformat(), "last": last.isoformat()},
        "statuses": list(STATUS_ORDER),
        "palette": browser_palette(lang),
        "legends": browser_legends(engine.views, lang),
        "words": wording.browser_words(lang),
        "horizon_days": engine.horizon_days,
        "views": [{"id": v, "label": view_label(v, lang)} for v in engine.views],
        "claimants": {c: claimant_label(c, lang) for c in engine.claimants},
        "areas": areas,
        "geometry": geometry,
        "layers": _layers(engine, lang),
        "series": _series(engine, claim_index, lang) if series else {},
        "claims": payload_claims.claim_columns(engine, lang) if claims else None,
        "verdicts": _verdicts(engine),
        "events": [_event(e, engine, lang) for e in sorted(ds.events,
                                                           key=lambda e: (e.date.start, e.id))],
        "attribution": citations.attribution(ds),
        "approximate": any(a.approximate for a in ds.areas.values()),
        "approximate_note": citations.approximate_note(ds, lang),
        "bounds": _bounds(engine),
        "focus": _focus(engine),
        "max_bounds": _latlng_box(*REGION_BBOX),
    }


def build_payload(engine: Engine, known_at: date | None = None, *, series: bool = True,
                  until: date | None = None, lang: str | None = None) -> dict[str, Any]:
    """The whole payload (base and the timeline for `known_at`) for `ControlMap.mount`."""
    payload = build_base(engine, series=series, until=until, lang=lang)
    payload["timeline"] = build_timeline(engine, known_at)
    return payload


def payload_script_json(payload: dict[str, Any]) -> str:
    """JSON safe inside an HTML `<script>` element: `<`, `>`, `&` and line separators escaped."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text
