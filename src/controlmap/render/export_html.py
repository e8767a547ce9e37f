"""One self-contained HTML file: Leaflet, the web app's map scripts and the payload, inlined.

It opens from disk with no network (no tiles, no CDN; a Content-Security-Policy forbids any
fetch) and shows the interactive map for one date and view (the map draws its legend), with
the sources listed beside it. Every text from the data is escaped: the page's HTML goes
through html.escape, the payload is JSON in a <script type="application/json"> with `<`,
`>`, `&`, U+2028 and U+2029 written as \\uXXXX, and the map writes data with textContent only.
"""

from __future__ import annotations

import html
import json
from typing import Any

from controlmap.i18n import N_, translator
from controlmap.model.engine import Engine
from controlmap.model.results import State
from controlmap.render.browser import asset, script_paths
from controlmap.render.page_text import PageText
from controlmap.render.payload import build_payload, payload_script_json
from controlmap.render.wording import UNTITLED, no_public_link

_CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'")


def script_json(doc: Any) -> str:
    """JSON safe inside a <script> element: nothing in it can close the element."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


NO_SOURCES = N_("No claim lies behind the shown statuses: every area is unknown.")
SOURCES_HEAD = N_("Sources behind the shown statuses")


def _sources_html(text: PageText) -> str:
    t = translator(text.lang)
    if not text.sources:
        return f"<p>{html.escape(t.gettext(NO_SOURCES))}</p>"
    items = []
    for s in text.sources:
        title = html.escape(s.title or t.gettext(UNTITLED))
        if s.url:
            title = (f'<a href="{html.escape(s.url, quote=True)}" rel="noopener noreferrer" '
                     f'target="_blank">{title}</a>')
        else:
            title += f' <span class="nolink">({html.escape(no_public_link(text.lang))})</span>'
        where = html.escape(", ".join(s.areas))
        items.append(f"<li><b>{html.escape(s.date)}</b> {html.escape(s.claimant_label)}: "
                     f"{title} <span class=\"where\">({where})</span></li>")
    return "<ol class=\"sources\">" + "".join(items) + "</ol>"


# Mounts the web app's map (its scripts, inlined above it) on the payload, for one date and view.
_MOUNT = """(function () {
  var payload = JSON.parse(document.getElementById("cm-data").textContent);
  var options = JSON.parse(document.getElementById("cm-options").textContent);
  window.controlmapMap = ControlMap.mount(document.getElementById("map"), payload, options);
})();"""


def state_html(engine: Engine, state: State, text: PageText) -> bytes:
    """The whole page for one state, as UTF-8 bytes."""
    data = payload_script_json(build_payload(engine, state.known_at, series=False,
                                             until=state.date, lang=text.lang))
    heading = html.escape(translator(text.lang).gettext(SOURCES_HEAD))
    options = script_json({"date": state.date.isoformat(), "view": state.view, "height": 640,
                           "toolbar": False, "layers": {"basemap": False}})
    scripts = "\n".join(f"<script>{asset(p)}</script>" for p in script_paths())
    footer = "".join(f"<p>{html.escape(line)}</p>" for line in text.footer if line)
    fresh_class = "freshness stale" if text.stale else "freshness"
    page = f"""<!DOCTYPE html>
<html lang="{text.lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(text.title)}</title>
<style>{asset("leaflet/leaflet.css")}</style>
<style>{asset("controlmap/map.css")}</style>
<style>{asset("export/briefing.css")}</style>
</head><body>
<header><h1>{html.escape(text.title)}</h1><p>{html.escape(text.subtitle)}</p>
<p class="{fresh_class}">{html.escape(text.freshness)}</p></header>
<main><div id="map"></div>
<aside><h2>{heading}</h2>{_sources_html(text)}</aside></main>
<footer>{footer}</footer>
<script type="application/json" id="cm-data">{data}</script>
<script type="application/json" id="cm-options">{options}</script>
{scripts}
<script>{_MOUNT}</script>
</body></html>
"""
    return page.encode("utf-8")
