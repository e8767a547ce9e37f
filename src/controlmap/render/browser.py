"""The browser map's files: its scripts in load order, and the page the app's component serves.

The map is plain scripts (no build step) under `render/static/controlmap/`, each adding to
`window.ControlMap`; a later one uses what the earlier ones defined. `MAP_SCRIPTS` is that
order, the one place it is written: the Streamlit component's page (`index_html`) and the
self-contained HTML export both load the scripts from it.
"""

from __future__ import annotations

import html
from importlib import resources

STATIC = resources.files("controlmap.render") / "static"

# (file, what it holds), in load order.
MAP_PARTS: tuple[tuple[str, str], ...] = (
    ("helpers.js", "the namespace; day numbers, DOM building, links, swatches, SVG patterns"),
    ("payload_model.js", "the payload as a model: a view's state on a day, an area's history"),
    ("popup_cards.js", "popup cards for an area and an event"),
    ("map_behaviour.js", "zoom range, and the wheel zooms only once the map is engaged"),
    ("map_pane.js", "one Leaflet map: area paths, recoloured per day"),
    ("geometry.js", "area shapes by zoom (levels of detail), the canvas renderer's fills"),
    ("context_layers.js", "border, rivers, towns and other context, labels placed with rbush"),
    ("date_layers.js", "what else a date shows: wholes at odds, the series outline, events"),
    ("legend_credits.js", "map controls: the legend, the credits and the sources list"),
    ("toolbar.js", "the date toolbar: previous/next change, play, date, zoomable slider, "
                   "events, the areas list"),
    ("mount.js", "the controller (date, view, layers, play) and ControlMap.mount"),
    ("side_by_side.js", "which view and day each pane shows, and each pane's head line"),
)
MAP_SCRIPTS: tuple[str, ...] = tuple(name for name, _ in MAP_PARTS)
# Vendored libraries, before the map's scripts: Leaflet, and rbush for label placement.
VENDOR_SCRIPTS: tuple[str, ...] = ("leaflet/leaflet.js", "rbush/rbush.min.js")
VENDOR_DIRS: tuple[str, ...] = ("leaflet", "rbush")
BRIDGE = "streamlit_bridge.js"  # the Streamlit component glue, after the map's scripts
STYLESHEETS: tuple[str, ...] = ("leaflet/leaflet.css", "controlmap/map.css")
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'")


def asset(relative: str) -> str:
    """The text of a shipped static file, e.g. `controlmap/helpers.js`."""
    return STATIC.joinpath(*relative.split("/")).read_text(encoding="utf-8")


def script_paths(bridge: bool = False) -> list[str]:
    """Leaflet and rbush, then the map's scripts in order (then the Streamlit bridge)."""
    return [*VENDOR_SCRIPTS, *(f"controlmap/{n}" for n in MAP_SCRIPTS),
            *([f"controlmap/{BRIDGE}"] if bridge else [])]


def index_html() -> str:
    """The component's page: stylesheets, an empty root, the scripts in `MAP_SCRIPTS` order."""
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(p)}">' for p in STYLESHEETS)
    scripts = "\n".join(f'<script src="{html.escape(p)}"></script>'
                        for p in script_paths(bridge=True))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>controlmap</title>
{links}
<style>html, body {{ margin: 0; padding: 0; background: transparent; overflow: hidden; }}</style>
</head>
<body>
<div id="root"></div>
{scripts}
</body>
</html>
"""
