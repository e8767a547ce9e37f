"""Map labels that never collide: placed by adjustText (MIT), then checked and culled.

adjustText pushes the labels apart and away from the dots they name; it does its best but does
not promise that no two boxes overlap. So afterwards every label's box is read back from the
renderer and the labels are kept in rank order (events, then the main towns, then areas,
rivers and the border, then smaller towns): one that still overlaps a kept label, a reserved
box (scale bar, north arrow, date badge) or leaves the map is dropped, never drawn over another.
A label with a second line (a town's Ukrainian name) gets it only where that line fits too.

Every label is real text (selectable in the PDF) with a white halo drawn as a second copy
underneath, so the halo never turns the text into outlines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from controlmap.render.palette import REFERENCE

INK = REFERENCE["ink"]
HALO = [patheffects.Stroke(linewidth=2.4, foreground="white")]
Z_LABEL = 7.0
LABEL_GID, HALO_GID = "cm-label", "cm-label-halo"
_PAD_PX = 1.0  # labels keep this much air between them (display pixels at the figure's dpi)
_CONTROL = dict.fromkeys(range(32)) | {127: None}


def plain(text: str) -> str:
    """A data string as drawn on the map: control characters removed (newlines kept only
    where the label itself breaks lines, which callers add after this)."""
    return str(text).translate(_CONTROL).strip()


@dataclass
class LabelSpec:
    """A label to place: its anchor (map metres), text, size, rank (lower is placed first)
    and matplotlib text properties; `sub` is an optional smaller line under it."""

    x: float
    y: float
    text: str
    size: float
    rank: int
    props: dict[str, Any] = field(default_factory=dict)
    sub: str = ""
    dx_pt: float = 0.0  # the label's first position, offset from the anchor (points)
    dy_pt: float = 0.0
    kind: str = "label"  # what it names: town, area, river, border, event


@dataclass
class Placed:
    """The artists of one kept label: the text, its halo, and an optional leader line."""

    spec: LabelSpec
    text: Text
    artists: list[Artist]


def _expanded(b: Bbox, pad: float = _PAD_PX) -> Bbox:
    return Bbox.from_extents(b.x0 - pad, b.y0 - pad, b.x1 + pad, b.y1 + pad)


def _free(b: Bbox, taken: Sequence[Bbox], inside: Bbox) -> bool:
    if b.x0 < inside.x0 or b.y0 < inside.y0 or b.x1 > inside.x1 or b.y1 > inside.y1:
        return False
    eb = _expanded(b)
    return not any(eb.overlaps(t) for t in taken)


class MapLabels:
    """The labels of one map: `place(specs)` replaces whatever was placed before."""

    def __init__(self, ax: Axes, reserved_pt: Sequence[tuple[float, float, float, float]] = (),
                 time_limit: float = 1.0) -> None:
        self.ax = ax
        self.reserved_pt = list(reserved_pt)
        self.time_limit = time_limit
        self.placed: list[Placed] = []
        self.dropped: list[LabelSpec] = []

    def _reserved(self) -> list[Bbox]:
        """The reserved boxes (points from the map's lower left) in display pixels."""
        box = self.ax.get_window_extent()
        k = self.ax.figure.dpi / 72.0
        return [Bbox.from_extents(box.x0 + a * k, box.y0 + b * k, box.x0 + c * k,
                                  box.y0 + d * k) for a, b, c, d in self.reserved_pt]

    def clear(self) -> None:
        for p in self.placed:
            for a in p.artists:
                a.remove()
        self.placed, self.dropped = [], []

    def _text(self, x: float, y: float, text: str, size: float, props: dict[str, Any],
              gid: str = LABEL_GID) -> Text:
        t = self.ax.text(x, y, text, zorder=Z_LABEL, fontsize=size, clip_on=False,
                         **{"color": INK, "ha": "left", "va": "center", **props})
        t.set_gid(gid)
        return t

    def place(self, specs: Sequence[LabelSpec]) -> list[Placed]:
        """Place `specs`: adjustText moves them apart, then each is kept in rank order only
        where its box is free; returns the kept labels."""
        from adjustText import adjust_text

        self.clear()
        ax = self.ax
        specs = sorted(specs, key=lambda s: s.rank)
        if not specs:
            return []
        renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
        to_data = ax.transData.inverted()
        k = ax.figure.dpi / 72.0
        texts = []
        for s in specs:
            dx, dy = ax.transData.transform((s.x, s.y)) + (s.dx_pt * k, s.dy_pt * k)
            x, y = to_data.transform((dx, dy))
            texts.append(self._text(float(x), float(y), s.text, s.size, s.props))
        reserved = self._reserved()
        adjust_text(texts, x=[s.x for s in specs], y=[s.y for s in specs],
                    target_x=[s.x for s in specs], target_y=[s.y for s in specs],
                    objects=reserved or None, ax=ax, ensure_inside_axes=True,
                    expand=(1.15, 1.35), force_text=(0.3, 0.5), force_static=(0.2, 0.4),
                    time_lim=self.time_limit, min_arrow_len=1e9)
        inside = ax.get_window_extent()
        taken: list[Bbox] = [*reserved]
        kept: list[Placed] = []
        for s, t in zip(specs, texts, strict=True):
            b = t.get_window_extent(renderer)
            if not _free(b, taken, inside):
                t.remove()
                self.dropped.append(s)
                continue
            taken.append(_expanded(b))
            kept.append(Placed(s, t, [t]))
        for p in kept:
            if p.spec.sub:
                self._add_sub(p, taken, inside, renderer)
            self._add_leader(p, renderer)
            for t in [a for a in p.artists if isinstance(a, Text)]:
                p.artists.append(self._halo(t))
        self.placed = kept
        return kept

    def _add_sub(self, p: Placed, taken: list[Bbox], inside: Bbox, renderer: Any) -> None:
        """The second line (smaller, italic) under the label, where it fits."""
        b = p.text.get_window_extent(renderer)
        x, y = self.ax.transData.inverted().transform((b.x0, b.y0 - 2 * _PAD_PX - 0.5))
        sub = self._text(float(x), float(y), p.spec.sub, p.spec.size * 0.8,
                         {"style": "italic", "va": "top"})
        sb = sub.get_window_extent(renderer)
        if _free(sb, taken, inside):
            taken.append(_expanded(sb))
            p.artists.append(sub)
        else:
            sub.remove()

    def _add_leader(self, p: Placed, renderer: Any) -> None:
        """A thin line from the anchor to the label when adjustText moved it well away."""
        ax = self.ax
        b = p.text.get_window_extent(renderer)
        ax_, ay_ = ax.transData.transform((p.spec.x, p.spec.y))
        nx, ny = min(max(ax_, b.x0), b.x1), min(max(ay_, b.y0), b.y1)
        if ((nx - ax_) ** 2 + (ny - ay_) ** 2) ** 0.5 < 14 * ax.figure.dpi / 72.0:
            return
        inv = ax.transData.inverted()
        (x0, y0), (x1, y1) = inv.transform((ax_, ay_)), inv.transform((nx, ny))
        line = Line2D([x0, x1], [y0, y1], color=INK, lw=0.5, alpha=0.7, zorder=Z_LABEL - 0.5)
        ax.add_line(line)
        p.artists.append(line)

    def _halo(self, t: Text) -> Text:
        h = self.ax.text(*t.get_position(), t.get_text(), zorder=Z_LABEL - 0.01,
                         fontsize=t.get_fontsize(), ha=t.get_horizontalalignment(),
                         va=t.get_verticalalignment(), fontweight=t.get_fontweight(),
                         style=t.get_fontstyle(), color="white",
                         linespacing=t.get_linespacing(),
                         path_effects=HALO, clip_on=False)
        h.set_gid(HALO_GID)
        return h


def label_texts(ax: Axes) -> list[Text]:
    """The placed labels of a map (not their halos): what a collision test reads back."""
    return [t for t in ax.texts if t.get_gid() == LABEL_GID and t.get_visible()]
