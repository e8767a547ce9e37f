"""The page's text blocks and where they go: title, key, sources and credits beside the map
(landscape) or above and under it (portrait), the map always taking most of the page.

Boxes are worked out in inches from the page size (`Geometry.of`); text is wrapped to its box
by measuring it with the renderer, so long titles and URLs never run off the page.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.text import Text

MARGIN, GAP = 0.2, 0.22  # inches: page margin, and the gap between the map and the text
MAP_SHARE = 0.62  # the map's box is this share of the page's area (at least 60 %, issue 14)
# A4 portrait: key, sources and credits all stand under the map, so it leaves them a little
# more of the page.
MAP_SHARE_PORTRAIT = 0.58
HEAD_IN = 1.0  # portrait: the title block above the map


@dataclass(frozen=True)
class Box:
    """A box on the page in inches from the lower left."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    def fractions(self, width: float, height: float) -> tuple[float, float, float, float]:
        return self.x / width, self.y / height, self.w / width, self.h / height


@dataclass(frozen=True)
class Geometry:
    """Where the map and each text block go on a page."""

    map: Box
    head: Box  # title, subtitle, freshness
    key: Box  # the key: top-aligned, below the head in landscape
    sources: Box  # what is left for the sources block (below the key in landscape)
    footer: Box  # credits, bottom-aligned
    columns: int  # the sources block's columns

    @classmethod
    def of(cls, width: float, height: float, portrait: bool) -> Geometry:
        area = width * height
        if not portrait:
            h = height - 2 * MARGIN
            w = MAP_SHARE * area / h
            x = MARGIN + w + GAP
            side = Box(x, MARGIN, width - x - MARGIN, h)
            return cls(Box(MARGIN, MARGIN, w, h), side, side, side, side, 1)
        w = width - 2 * MARGIN
        h = MAP_SHARE_PORTRAIT * area / w
        top = height - MARGIN
        head = Box(MARGIN, top - HEAD_IN, w, HEAD_IN)
        m = Box(MARGIN, head.y - h, w, h)
        below = Box(MARGIN, MARGIN, w, m.y - GAP - MARGIN)
        key_w = w * 0.5
        key = Box(MARGIN, below.y, key_w, below.h)
        src = Box(MARGIN + key_w + GAP, below.y, w - key_w - GAP, below.h)
        return cls(m, head, key, src, below, 1)


def _px(inches: float, dpi: float) -> float:
    return inches * dpi


def wrap_to(t: Text, render_lines: Callable[[int], str], width_in: float,
            renderer: Any) -> None:
    """Set `t` to `render_lines(chars)` with the most characters a line that stays within
    `width_in` once drawn (measured, starting from an estimate of the font's width)."""
    fs = float(t.get_fontsize())
    chars = max(12, int(width_in * 72 / (0.55 * fs)))
    dpi = t.figure.dpi if t.figure is not None else 100.0
    for _ in range(8):
        t.set_text(render_lines(chars))
        if t.get_window_extent(renderer).width <= _px(width_in, dpi) or chars <= 12:
            return
        chars = max(12, int(chars * 0.93))


def wrapped(parts: Sequence[str], **kw: Any) -> Callable[[int], str]:
    """A `render_lines` for `wrap_to`: each part wrapped on its own, empty parts dropped."""
    def render(chars: int) -> str:
        out: list[str] = []
        for p in parts:
            if p:
                out.extend(textwrap.wrap(p, width=chars, **kw) or [""])
        return "\n".join(out)

    return render


def height_in(t: Text, renderer: Any) -> float:
    """The drawn height of a text in inches (0 for an empty one)."""
    if not t.get_text():
        return 0.0
    dpi = t.figure.dpi if t.figure is not None else 100.0
    return float(t.get_window_extent(renderer).height) / dpi


def stack(texts: Sequence[Text], x: float, top: float, page_w: float, page_h: float,
          renderer: Any, gap: float = 0.06) -> float:
    """Put `texts` (va="top") one under the other from `top` (inches); returns the bottom."""
    y = top
    for t in texts:
        if not t.get_text():
            continue
        t.set_position((x / page_w, y / page_h))
        y -= height_in(t, renderer) + gap
    return y
