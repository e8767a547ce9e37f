"""`controlmap publish`: the scrubbing map as a static site, as {relative path: bytes}.

The site is files only (no server code), so any static host or CDN serves it to any number
of readers and it opens offline from a local web server (`python -m http.server`):

- `index.html`: the page text (in English, with every language's words in the manifest for
  site.js to switch to; site_words.py) (title, the approximate-outlines notice, "data as of" and the
  staleness horizon, credits), the view / side-by-side / as-known-at controls, and the site
  manifest (which data file holds what) as a JSON block. Small: the only file to cache short.
- `static-<hash>/`: Leaflet and the map's scripts (MAP_SCRIPTS, the app's order) and styles,
  then `site/site.js` (hash permalinks, the known-at picker); the hash is of their bytes.
- `data/base-<hash>.json`: `build_base` (geometry at every level of detail, claims, events),
  one per language (English, Ukrainian: every word and date of the map in it);
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
from controlmap.i18n import DEFAULT_LANG, LANGS
from controlmap.model.engine import Engine
from controlmap.progress import stage, track
from controlmap.render import citations, site_words
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


def _page(static: str, manifest: dict[str, Any], views: list[dict[str, str]]) -> bytes:
    """The page skeleton in the default language: each marked element (`data-cm-text`) is
    relabelled by site.js in the reader's language (manifest `text`)."""
    e = html.escape
    words = manifest["text"][DEFAULT_LANG]

    def w(key: str, tag: str = "span", attrs: str = "") -> str:
        return f'<{tag} data-cm-text="{key}"{attrs}>{e(words[key])}</{tag}>'

    links = "\n".join(f'<link rel="stylesheet" href="{e(static)}/{e(p)}">'
                      for p in [*STYLESHEETS, SITE_STYLE])
    scripts = "\n".join(f'<script src="{e(static)}/{e(p)}"></script>'
                        for p in [*script_paths(), SITE_SCRIPT])
    options = "".join(f'<option value="{e(v["id"])}">{e(v["label"])}</option>' for v in views)
    switch = "".join(f'<a href="#lang={e(x["id"])}" data-lang="{e(x["id"])}" lang="{e(x["id"])}"'
                     f' hreflang="{e(x["id"])}">{e(x["name"])}</a>' for x in manifest["langs"])
    days = manifest["known"]
    known_range = (f' min="{e(days[0])}" max="{e(days[-1])}"' if days else " disabled")
    notice = w("notice", "p", ' class="cm-site-notice"') if words["notice"] else ""
    return f"""<!doctype html>
<html lang="{DEFAULT_LANG}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(words["title"])}</title>
{links}
</head>
<body>
<header class="cm-site-head">
<nav class="cm-site-lang" id="cm-lang" aria-label="{e(words["lang_name"])}">{switch}</nav>
{w("title", "h1")}
{w("asof", "p", ' class="cm-site-asof"')}
{notice}
</header>
<form class="cm-site-controls" id="cm-controls">
<label>{w("view")} <select id="cm-view">{options}</select></label>
<label>{w("compare")} <select id="cm-compare">{w("compare_off", "option", ' value=""')}
{w("compare_view", "option", ' value="view"')}
{w("compare_date", "option", ' value="date"')}</select></label>
<select id="cm-compare-view" aria-label="{e(words["compare_view_name"])}" hidden>{options}</select>
<input type="date" id="cm-compare-date" aria-label="{e(words["compare_date_name"])}" hidden>
<label>{w("known")} <input type="date" id="cm-known"{known_range}></label>
{w("known_all", "button", ' type="button" id="cm-known-all"')}
<span id="cm-known-note" role="status"></span>
</form>
<main><div id="map" class="cm-site-map"></div></main>
<footer class="cm-site-foot">
{w("claims_not_facts", "p")}
{w("credits", "p")}<ul>{"".join(f"<li>{e(c)}</li>" for c in manifest["credits"])}</ul>
{w("published_with", "p")}
</footer>
<script type="application/json" id="cm-site">{payload_script_json(manifest)}</script>
{scripts}
</body>
</html>
""".encode()


def _timeline_files(engine: Engine, known_at: date | None, files: dict[str, bytes]
                    ) -> dict[str, str]:
    """Each view's timeline as known at `known_at` as its own file (added to `files`): a
    reader fetches the view on screen first and the others when needed. {view: name}."""
    out = {}
    for view in engine.views:
        data = _json(build_timeline(engine, known_at, [view]))
        out[view] = _hashed("timeline", data)
        files[out[view]] = data
    return out


def build_site(engine: Engine, *, known_at: bool = True) -> Site:
    """Every file of the site. `known_at` False: no per-day timelines (no known-at picker)."""
    files: dict[str, bytes] = {}
    bases: dict[str, dict[str, Any]] = {}
    base_names: dict[str, str] = {}
    for lang in LANGS:
        with stage(f"geometry, claims and events ({lang})"):
            bases[lang] = build_base(engine, series=False, lang=lang)
        data = _json(bases[lang])
        base_names[lang] = _hashed("base", data)
        files[base_names[lang]] = data
    with stage("timelines with every claim"):
        timelines = _timeline_files(engine, None, files)
    known: dict[str, dict[str, str]] = {}
    if known_at:
        days = known_days(engine)
        # The day before the first publication: nothing known yet (any earlier day rounds to it).
        for day in track([days[0] - timedelta(days=1), *days] if days else [],
                         "timelines as known at each day"):
            known[day.isoformat()] = _timeline_files(engine, day, files)
    assets = _assets()
    digest = hashlib.sha256()
    for rel, data in assets.items():
        digest.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    static = f"static-{digest.hexdigest()[:12]}"
    files.update({f"{static}/{rel}": data for rel, data in assets.items()})
    first, last = data_span(engine)
    known_index = ""
    if known:
        data = _json(known)
        known_index = _hashed("known", data)
        files[known_index] = data
    manifest = {"version": 3, "base": base_names, "timelines": timelines,
                "known_index": known_index,
                "known": sorted(known),
                "first": first.isoformat(), "last": last.isoformat(),
                "langs": site_words.languages(), "credits": citations.attribution(engine.dataset),
                "text": {lang: site_words.page_text(engine, b["title"], last, __version__, lang)
                         for lang, b in bases.items()}}
    files["index.html"] = _page(static, manifest, bases[DEFAULT_LANG]["views"])
    files[MARKER] = _json({"controlmap_publish": 1, "files": sorted(files)})
    return Site(dict(sorted(files.items())), sorted(known))
