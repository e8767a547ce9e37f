"""`controlmap publish`: the scrubbing map as a static site, as {relative path: bytes}.

The site is files only (no server code), so any static host or CDN serves it to any number
of readers and it opens offline from a local web server (`python -m http.server`):

- `index.html`: the page text (title, the approximate-outlines notice, "data as of" and the
  staleness horizon, credits), the view / side-by-side / as-known-at controls, and the site
  manifest (which data file holds what) as a JSON block. Small: the only file to cache short.
- `static-<hash>/`: Leaflet and the map's scripts (MAP_SCRIPTS, the app's order) and styles,
  then `site/site.js` (hash permalinks, the known-at picker); the hash is of their bytes.
- `data/base-<hash>.json`: `build_base` (geometry at every level of detail, claims, events);
  `data/timeline-<hash>.json`: every view's timeline with all claims, and one per distinct
  day on which the set of known claims changes (a claim's `published` date, else its own),
  loaded only when the reader picks an as-known-at date (rounded down to such a day: exact).
  Content-hashed names: a host may cache them for ever.
- `.controlmap-publish.json`: what this publish wrote, so a re-publish may replace it (and
  remove what it no longer needs) and nothing else.

Every byte depends only on the data and controlmap's version: the same data publishes to the
same files. Imported polygon series (geometry claims) are not published: they may be third
parties' drawings (the DeepStateMap polygons are never shipped).
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources.abc import Traversable
from typing import Any

from controlmap import __version__
from controlmap.model.engine import Engine
from controlmap.progress import stage, track
from controlmap.render import citations
from controlmap.render.browser import STATIC, STYLESHEETS, script_paths
from controlmap.render.payload import build_base, data_span, payload_script_json
from controlmap.render.timeline import build_timeline

MARKER = ".controlmap-publish.json"
SITE_SCRIPT = "site/site.js"
SITE_STYLE = "site/site.css"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'")


@dataclass(frozen=True)
class Site:
    """The files of a published site (relative POSIX paths) and what the page offers."""

    files: dict[str, bytes]
    known_days: list[str]

    @property
    def size(self) -> int:
        return sum(len(b) for b in self.files.values())


def known_days(engine: Engine) -> list[date]:
    """The days on which the set of known claims changes: each claim's published date (its
    own date where it has none, as the engine's as-known-at does)."""
    return sorted({c.published_or_date.start for c in engine.claims})


def _json(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _hashed(stem: str, data: bytes) -> str:
    return f"data/{stem}-{hashlib.sha256(data).hexdigest()[:16]}.json"


def _walk(node: Traversable, prefix: str) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for child in node.iterdir():
        path = f"{prefix}/{child.name}"
        if child.is_dir():
            out.update(_walk(child, path))
        elif not child.name.startswith("."):
            out[path] = child.read_bytes()
    return out


def _assets() -> dict[str, bytes]:
    """Leaflet (with its images and licence), the map's scripts and styles, the site's own."""
    files = _walk(STATIC / "leaflet", "leaflet")
    for rel in [*STYLESHEETS, *script_paths(), SITE_SCRIPT, SITE_STYLE]:
        files[rel] = STATIC.joinpath(*rel.split("/")).read_bytes()
    return dict(sorted(files.items()))


def _page(engine: Engine, base: dict[str, Any], static: str, manifest: dict[str, Any]) -> bytes:
    e = html.escape
    ds = engine.dataset
    last = base["span"]["last"]
    notice = citations.approximate_note(ds)
    credits = "".join(f"<li>{e(c)}</li>" for c in citations.attribution(ds))
    links = "\n".join(f'<link rel="stylesheet" href="{e(static)}/{e(p)}">'
                      for p in [*STYLESHEETS, SITE_STYLE])
    scripts = "\n".join(f'<script src="{e(static)}/{e(p)}"></script>'
                        for p in [*script_paths(), SITE_SCRIPT])
    views = "".join(f'<option value="{e(v["id"])}">{e(v["label"])}</option>'
                    for v in base["views"])
    days = manifest["known"]
    known_range = (f' min="{e(days[0])}" max="{e(days[-1])}"' if days else " disabled")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(base["title"])}</title>
{links}
</head>
<body>
<header class="cm-site-head">
<h1>{e(base["title"])}</h1>
<p class="cm-site-asof">Data as of <b>{e(last)}</b> (the latest report in the data).
Statuses last reported more than {engine.horizon_days} days before the shown date are stale:
drawn dotted, the last thing known, deciding no dispute.</p>
{f'<p class="cm-site-notice">{e(notice)}</p>' if notice else ""}
</header>
<form class="cm-site-controls" id="cm-controls">
<label>View <select id="cm-view">{views}</select></label>
<label>Side by side <select id="cm-compare"><option value="">off</option>
<option value="view">another view</option>
<option value="date">another date</option></select></label>
<select id="cm-compare-view" aria-label="Right-hand view" hidden>{views}</select>
<input type="date" id="cm-compare-date" aria-label="Right-hand date" hidden>
<label>As known at <input type="date" id="cm-known"{known_range}></label>
<button type="button" id="cm-known-all">all claims</button>
<span id="cm-known-note" role="status"></span>
</form>
<main><div id="map" class="cm-site-map"></div></main>
<footer class="cm-site-foot">
<p>Statuses are claims, not facts: each area shows what the chosen view's rules make of the
dated claims; click an area for its claims and their sources.</p>
<p>Data credits:</p><ul>{credits}</ul>
<p>Published with controlmap {e(__version__)}. Map: Leaflet (BSD-2-Clause).</p>
</footer>
<script type="application/json" id="cm-site">{payload_script_json(manifest)}</script>
{scripts}
</body>
</html>
""".encode()


def build_site(engine: Engine, *, known_at: bool = True) -> Site:
    """Every file of the site. `known_at` False: no per-day timelines (no known-at picker)."""
    files: dict[str, bytes] = {}
    with stage("geometry, claims and events"):
        base = build_base(engine, series=False)
    base_bytes = _json(base)
    base_name = _hashed("base", base_bytes)
    files[base_name] = base_bytes
    with stage("timeline with every claim"):
        all_bytes = _json(build_timeline(engine, None))
    all_name = _hashed("timeline", all_bytes)
    files[all_name] = all_bytes
    known: dict[str, str] = {}
    if known_at:
        days = known_days(engine)
        # The day before the first publication: nothing known yet (any earlier day rounds to it).
        for day in track([days[0] - timedelta(days=1), *days] if days else [],
                         "timelines as known at each day"):
            data = _json(build_timeline(engine, day))
            name = _hashed("timeline", data)
            files[name] = data
            known[day.isoformat()] = name
    assets = _assets()
    digest = hashlib.sha256()
    for rel, data in assets.items():
        digest.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    static = f"static-{digest.hexdigest()[:12]}"
    files.update({f"{static}/{rel}": data for rel, data in assets.items()})
    first, last = data_span(engine)
    manifest = {"version": 1, "base": base_name, "timeline": all_name,
                "known": sorted(known), "known_files": known,
                "first": first.isoformat(), "last": last.isoformat()}
    files["index.html"] = _page(engine, base, static, manifest)
    files[MARKER] = _json({"controlmap_publish": 1, "files": sorted(files)})
    return Site(dict(sorted(files.items())), sorted(known))
