"""The plain folium map: one full rebuild per date, the simple way and the speed baseline.

Chosen with CONTROLMAP_MAP=folium. Leaflet comes from the given local URLs (folium's own
defaults point at CDNs, and jQuery/Bootstrap are not needed). Popups are HTML built here with
every data string escaped, then handed to Leaflet as a JSON string: no data text ever becomes
Jinja template source, and `$`, backticks and backslashes cannot reach a JS template literal.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from controlmap.i18n import translator
from controlmap.model.engine import Engine
from controlmap.model.records import Claim
from controlmap.model.results import Resolved
from controlmap.model.views import claimant_label
from controlmap.render import wording
from controlmap.render.browser_words import UI
from controlmap.render.citations import safe_url
from controlmap.render.palette import (
    FILL_OPACITY,
    REFERENCE,
    fade,
    freshness_age,
    status_label,
    style,
)
from controlmap.render.payload import geojson_geometry
from controlmap.render.timeline import area_order
from controlmap.render.wholes import ancestors, at_odds, whole_line


def esc(text: object) -> str:
    """HTML-escape data text, and make `$`, `{`, `}` and `\\` inert as well."""
    return (html.escape(str(text), quote=True).replace("$", "&#36;").replace("{", "&#123;")
            .replace("}", "&#125;").replace("\\", "&#92;"))


class EscapedPopup(MacroElement):
    """Binds a popup whose content is passed as data (tojson), never as template source."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.bindPopup({{ this.content|tojson }}, {maxWidth: 360});"
        "{% endmacro %}"
    )

    def __init__(self, content: str) -> None:
        super().__init__()
        self._name = "EscapedPopup"
        self.content = content


def popup_html(engine: Engine, area: str, r: Resolved, day: date, view: str,
               wholes: Sequence[str] = (), lang: str | None = None) -> str:
    """The same card as the web map's, in plain HTML: status and rule, since, last reported
    (stale mark), source or "no public link", the wholes' lines, each claimant's position."""
    t = translator(lang)
    a = engine.dataset.areas[area]
    stale = f" <b>[{esc(t.gettext(wording.STALE))}]</b>" if r.stale else ""
    parts = [f"<b>{esc(a.name)}</b> {esc(a.name_uk)}<br>"
             f"{esc(status_label(r.status, view, lang))}" + stale]
    if r.rule:
        parts.append(esc(t.gettext(UI["rule"]).format(rule=wording.rule_words(r.rule, lang))))
    if r.claim:
        c = engine.claims_by_id[r.claim]
        age = freshness_age(r.last_reported, day)
        parts.append(esc(t.gettext(UI["since"]).format(
            date=wording.date_as_written(r.since, lang))) + " &middot; "
            + esc(claimant_label(c.claimant, lang))
            + (f" &mdash; {esc(c.claimant_name)}" if c.claimant_name else ""))
        if r.last_reported is not None and age is not None:
            parts.append(esc(t.gettext(UI["reported"]).format(
                date=t.day(r.last_reported), age=t.gettext(UI["reported_age"]).format(
                    days=wording.days_text(age, lang)))))
        url = safe_url(c.source_url)
        title = esc(c.source_title or t.gettext(wording.UNTITLED))
        parts.append(f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
                     if url else f"{title} <i>({esc(wording.no_public_link(lang))})</i>")
        if c.note:
            parts.append(f"<i>{esc(c.note)}</i>")
    parts.extend(esc(w) for w in wholes)
    for who, status in sorted(r.positions.items()):
        mark = f" [{esc(t.gettext(wording.STALE))}]" if who in r.stale_positions else ""
        parts.append(f"{esc(claimant_label(who, lang))}: "
                     f"{esc(status_label(status, '', lang))}{mark}")
    if a.approximate:
        parts.append(f"<small>{esc(t.gettext(UI['approximate']))}</small>")
    return "<br>".join(parts)


def _series_outlines(engine: Engine, day: date, known_at: date | None,
                     layers: Collection[str]) -> list[tuple[dict[str, Any], str]]:
    """Per chosen series layer, the polygon in force on `day` (GeoJSON) and its edge colour."""
    newest: dict[str, Claim] = {}
    for c in sorted(engine.geometry_claims, key=lambda c: (c.date.start, c.id)):
        known = c.published_or_date.start
        if c.layer in layers and c.date.start <= day and (known_at is None or known <= known_at):
            newest[c.layer] = c
    out = []
    for c in newest.values():
        geom = geojson_geometry(c.geometry)
        if geom is not None:
            out.append((geom, style(c.status).edge))
    return out


def build_folium_map(engine: Engine, day: date, view: str, known_at: date | None,
                     leaflet_js: str, leaflet_css: str,
                     series: Collection[str] = (), lang: str | None = None) -> folium.Map:
    """A folium map of one state: areas coloured by status, river, towns, popups, and the
    outline of each chosen imported series (geometry-claim layer) on that day."""
    ds = engine.dataset
    m = folium.Map(tiles=None, control_scale=True, prefer_canvas=False)
    m.default_js = [("leaflet", leaflet_js)]
    m.default_css = [("leaflet_css", leaflet_css)]
    state = engine.state(day, view, known_at)
    odds = {o.area: o for o in at_odds(ds, state.areas)}
    lines = {a: whole_line(engine, o, state.areas[a], state.view, lang)
             for a, o in odds.items()}
    for aid in area_order(engine):
        r = state.areas[aid]
        st_ = style(r.status)
        geom = geojson_geometry(ds.areas[aid].geometry)
        if geom is None:
            continue
        base = FILL_OPACITY["unknown" if r.status == "unknown" else "status"]
        s: dict[str, Any] = {"fillColor": st_.fill, "color": st_.edge, "weight": 1,
                             "fillOpacity": base * fade(freshness_age(r.last_reported, day)),
                             "dashArray": "4 3" if r.stale else None}
        layer = folium.GeoJson({"type": "Feature", "properties": {}, "geometry": geom},
                               style_function=lambda _f, s=s: s)
        wholes = [lines[p] for p in ancestors(ds, aid) if p in lines]
        layer.add_child(EscapedPopup(popup_html(engine, aid, r, day, state.view, wholes,
                                                lang)))
        layer.add_to(m)
    for aid, o in odds.items():
        geom = geojson_geometry(ds.areas[aid].geometry)
        edge = style(o.status).edge
        if geom is not None:
            folium.GeoJson(geom, style_function=lambda _f, e=edge: {
                "color": e, "weight": 4, "dashArray": "10 6", "fill": False},
                interactive=False).add_to(m)
    oskil = ds.layers.get("oskil")
    if oskil:
        folium.GeoJson(oskil, style_function=lambda _f: {
            "color": REFERENCE["river"], "weight": 2.5, "fillColor": REFERENCE["water"],
            "fillOpacity": 0.8}, interactive=False).add_to(m)
    for f in (ds.layers.get("towns") or {}).get("features", []):
        g = f.get("geometry") or {}
        if g.get("type") == "Point":
            lon, lat = g["coordinates"][:2]
            folium.CircleMarker([lat, lon], radius=3, color=REFERENCE["town"], fill=True,
                                fill_opacity=1, weight=1).add_to(m)
    for geom, edge in _series_outlines(engine, day, known_at, series):
        folium.GeoJson(geom, style_function=lambda _f, e=edge: {
            "color": e, "weight": 2.2, "dashArray": "7 4", "fill": False},
            interactive=False).add_to(m)
    x0, y0, x1, y1 = _bounds(engine)
    m.fit_bounds([[y0, x0], [y1, x1]])
    return m


def _bounds(engine: Engine) -> tuple[float, float, float, float]:
    import shapely

    geoms = [a.geometry for a in engine.dataset.areas.values()]
    x0, y0, x1, y1 = shapely.union_all(geoms).bounds
    return x0, y0, x1, y1
