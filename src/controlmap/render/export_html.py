"""One self-contained HTML file: Leaflet, the state's data and a small map script, inlined.

It opens from disk with no network (no tiles, no CDN; a Content-Security-Policy forbids any
fetch) and shows the map for one date and view, with legend and sources. Every text from the
data is escaped: the page's HTML goes through html.escape, the map's data is JSON in a
<script type="application/json"> with `<`, `>`, `&`, U+2028 and U+2029 written as \\uXXXX, and
the script only ever puts data into the page with textContent.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import mapping

from controlmap.model.engine import Engine
from controlmap.model.results import State
from controlmap.model.vocabulary import CLAIMANT_LABELS
from controlmap.render.citations import safe_url
from controlmap.render.palette import STYLES, fade, style
from controlmap.render.static_map.legend import legend_statuses

if TYPE_CHECKING:
    from controlmap.render.export import PageText

_STATIC = resources.files("controlmap.render") / "static"
_CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'")


def script_json(doc: Any) -> str:
    """JSON safe inside a <script> element: nothing in it can close the element."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _asset(*parts: str) -> str:
    return _STATIC.joinpath(*parts).read_text(encoding="utf-8")


def _mix(colour: str, factor: float) -> str:
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(factor * c + (1 - factor) * 255):02x}" for c in rgb)


def map_data(engine: Engine, state: State) -> dict[str, Any]:
    """What the page's script draws: each area's own part with its status style and claim,
    every outline, the Oskil and the rank-1 and 2 towns."""
    ds = engine.dataset
    areas = ds.areas

    def depth(a: str) -> int:
        d, p = 0, areas[a].parent
        while p in areas and d < len(areas):
            d, p = d + 1, areas[p].parent
        return d

    order = sorted(areas, key=lambda a: (depth(a), a))
    parts, outlines = [], []
    for a in order:
        area, res = areas[a], state.areas[a]
        kids = [areas[k].geometry for k in order if areas[k].parent == a]
        part = area.geometry.difference(shapely.union_all(kids)) if kids else area.geometry
        claim = engine.claims_by_id.get(res.claim or "")
        st, f = style(res.status), fade(res.age_days)
        props = {
            "id": a, "name": area.name, "name_uk": area.name_uk, "status": res.status,
            "status_label": st.label, "since": str(res.since) if res.since else "",
            "claimant": CLAIMANT_LABELS.get(res.claimant or "", res.claimant or ""),
            "claimant_name": claim.claimant_name if claim else "",
            "source_title": claim.source_title if claim else "",
            "source_url": (safe_url(claim.source_url) or "") if claim else "",
            "age_days": res.age_days, "fill": _mix(st.fill, f), "edge": st.edge,
            "hatch": res.status if st.hatch else "", "approximate": area.approximate,
        }
        if not part.is_empty and part.area > 0:
            parts.append({"type": "Feature", "properties": props, "geometry": mapping(part)})
        outlines.append({"type": "Feature", "properties": {"id": a, "top": area.parent is None},
                         "geometry": mapping(area.geometry)})
    towns = []
    for feat in ds.layers.get("towns", {}).get("features", []):
        p, g = feat.get("properties") or {}, feat.get("geometry") or {}
        if g.get("type") == "Point" and int(p.get("rank") or 9) <= 2:
            lon, lat = g["coordinates"][:2]
            towns.append({"name": p.get("name") or "", "name_uk": p.get("name_uk") or "",
                          "rank": int(p.get("rank") or 9), "lat": lat, "lon": lon})
    return {
        "areas": {"type": "FeatureCollection", "features": parts},
        "outlines": {"type": "FeatureCollection", "features": outlines},
        "oskil": ds.layers.get("oskil", {"type": "FeatureCollection", "features": []}),
        "towns": towns,
        "hatches": {s: STYLES[s].edge for s in STYLES if STYLES[s].hatch},
    }


def _legend_html(view: str) -> str:
    rows = []
    for s in legend_statuses(view):
        st = style(s)
        cls = f" hatch-{s}" if st.hatch else ""
        rows.append(f'<li><span class="sw{cls}" style="background-color:{st.fill};'
                    f'border-color:{st.edge}"></span>{html.escape(st.label)}</li>')
    faded = _mix(style("ua").fill, fade(120))
    rows.append(f'<li><span class="sw" style="background-color:{faded}"></span>'
                "Faded: claim 120+ days old</li>")
    return "<ul class=\"legend\">" + "".join(rows) + "</ul>"


def _sources_html(text: PageText) -> str:
    if not text.sources:
        return "<p>No claim lies behind the shown statuses: every area is unknown.</p>"
    items = []
    for s in text.sources:
        title = html.escape(s.title or "(untitled source)")
        if s.url:
            title = (f'<a href="{html.escape(s.url, quote=True)}" rel="noopener noreferrer" '
                     f'target="_blank">{title}</a>')
        where = html.escape(", ".join(s.areas))
        items.append(f"<li><b>{html.escape(s.date)}</b> {html.escape(s.claimant_label)}: "
                     f"{title} <span class=\"where\">({where})</span></li>")
    return "<ol class=\"sources\">" + "".join(items) + "</ol>"


def state_html(engine: Engine, state: State, text: PageText) -> bytes:
    """The whole page for one state, as UTF-8 bytes."""
    data = script_json(map_data(engine, state))
    footer = "".join(f"<p>{html.escape(line)}</p>" for line in text.footer if line)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(text.title)}</title>
<style>{_asset("leaflet", "leaflet.css")}</style>
<style>{_asset("export", "briefing.css")}</style>
</head><body>
<header><h1>{html.escape(text.title)}</h1><p>{html.escape(text.subtitle)}</p></header>
<main><div id="map"></div>
<aside><h2>Status</h2>{_legend_html(state.view)}
<h2>Sources behind the shown statuses</h2>{_sources_html(text)}</aside></main>
<footer>{footer}</footer>
<script type="application/json" id="cm-data">{data}</script>
<script>{_asset("leaflet", "leaflet.js")}</script>
<script>{_asset("export", "briefing.js")}</script>
</body></html>
"""
    return page.encode("utf-8")
