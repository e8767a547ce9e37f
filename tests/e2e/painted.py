"""The app's first painted map, for both area renderers (map_pane.js sets the map's
`data-renderer`): SVG draws a path per area, a canvas (many areas or vertices, see
render/geometry.py) draws them all on one element. Painted means the pane's paint() has run
(its head is written, after the styles) and the areas are drawn in colour: an SVG area path
with a fill and real outline, or area pixels on the canvas."""

from __future__ import annotations

from playwright.sync_api import Frame, Page

from tests.e2e.conftest import MAP_FRAME

# A document's map is painted; plain DOM, so it reads the same in the frame or from the page.
_PAINTED = """(doc) => {
  const map = doc.querySelector('.cm-map[data-renderer]');
  const head = map && map.closest('.cm-pane').querySelector('.cm-pane-head');
  if (!head || !head.textContent.trim()) return false;
  if (map.dataset.renderer === 'svg') {
    for (const p of map.querySelectorAll('path[data-area]')) {
      const fill = p.getAttribute('fill'), d = p.getAttribute('d') || '';
      if (fill && fill !== 'none' && d && d !== 'M0 0') return true;
    }
    return false;
  }
  const c = map.querySelector('.leaflet-overlay-pane canvas');
  if (!c || !c.width || !c.height) return false;
  const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 3; i < px.length; i += 4 * 5) if (px[i]) return true;
  return false;
}"""

# From the page: any component frame whose map is painted.
PAGE_PAINTED_JS = f"""() => {{ const painted = {_PAINTED};
  for (const f of document.querySelectorAll('iframe')) {{
    const d = f.contentDocument; if (d && painted(d)) return true; }}
  return false; }}"""


def wait_painted(page: Page, timeout_ms: float) -> Frame:
    """Wait until the map component's map is painted (either renderer); return its frame."""
    page.wait_for_function(PAGE_PAINTED_JS, timeout=timeout_ms, polling=100)
    page.frame_locator(MAP_FRAME).locator(".cm-map").first.wait_for(state="attached")
    return next(f for f in page.frames if "controlmap_map" in f.url)


def renderer(frame: Frame) -> str:
    """'svg' or 'canvas': how the map's areas are drawn."""
    return str(frame.eval_on_selector(".cm-map", "m => m.dataset.renderer"))
