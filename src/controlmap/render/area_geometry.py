"""The areas' shapes as the browser draws them (render/geometry.py), and their own km², kept
on disk by the bytes of areas.geojson.

Making the areas' own parts and simplifying them at every level of detail takes 1.4 s for
1,000 village outlines, and depends on areas.geojson alone: areas are never left out one by
one (validate/salvage.py), and claims do not change them. So the result is cached in
io.blobcache by that file's hash, this code's and the GEOS version: an edit to the claims
does not make it again, and the app's first start on a large directory makes it in a child
process beside the validator (webapp/loading.py), which the page then reads. A data set built
in memory (no file hashes) is made each time (geometry.py still keeps it in memory).
The areas' own km² (model.compiled.own_km2, 0.4 s at 1,000 areas) are kept the same way, for
the app's engine (`kept_area_km2`).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import shapely

from controlmap.io import blobcache
from controlmap.model.compiled import Hierarchy, own_km2
from controlmap.model.dataset import Dataset
from controlmap.render import geometry
from controlmap.render.timeline import hierarchy_order

AREAS_FILE = "areas.geojson"
FORMAT = "1"
_KIND = "area-geometry"


def area_parts(dataset: Dataset, order: list[str]) -> tuple[list[Any], list[int]]:
    """Each area's own part (its outline less its children's; None when they cover it) and
    its parent's index, in `order` (parents first): what build_geometry takes."""
    areas = dataset.areas
    parts_of = dataset.parts()
    parts: list[Any] = []
    for aid in order:
        a = areas[aid]
        kids = [areas[c].geometry for c in parts_of.get(aid, ())]
        own = a.geometry
        if kids:
            own = shapely.make_valid(a.geometry).difference(shapely.union_all(kids))
            # Slivers left where children do not quite tile the parent are not worth a path.
            if own.area < 1e-8:
                own = None
        parts.append(own)
    where = {aid: i for i, aid in enumerate(order)}
    parents = [where.get(areas[aid].parent or "", -1) for aid in order]
    return parts, parents


@cache
def _code() -> str:
    from controlmap import typed_records
    from controlmap.model import compiled, dataset, records
    from controlmap.render import timeline

    modules = (sys.modules[__name__], geometry, timeline, compiled, dataset, records,
               typed_records)
    return blobcache.source_fingerprint(Path(m.__file__ or "") for m in modules)


def _key(dataset: Dataset, kind: str = _KIND) -> str | None:
    hashes = getattr(getattr(dataset, "raw", None), "hashes", None) or {}
    if AREAS_FILE not in hashes:
        return None
    return blobcache.make_key(kind, FORMAT, _code(), shapely.geos_version_string,
                              hashes[AREAS_FILE])


def area_geometry(dataset: Dataset, hierarchy: Hierarchy) -> dict[str, Any]:
    """The payload's `geometry` member for the areas in `hierarchy_order`, from the cache
    when these bytes of areas.geojson were drawn before."""
    key = _key(dataset)
    doc = _kept(_KIND, key)
    if isinstance(doc, dict) and doc.get("scale") == geometry.SCALE:
        return doc
    doc = geometry.build_geometry(*area_parts(dataset, hierarchy_order(hierarchy)))
    if key is not None:
        blobcache.put(_KIND, key, orjson.dumps(doc), keep=4)
    return doc


_KM2 = "area-km2"


def area_km2(dataset: Dataset) -> dict[str, float]:
    """Each area's own km² (model.compiled.own_km2), kept by the bytes of areas.geojson."""
    got = kept_area_km2(dataset)
    if got is not None:
        return got
    km2 = own_km2(dataset.areas)
    key = _key(dataset, _KM2)
    if key is not None:
        blobcache.put(_KM2, key, orjson.dumps(km2), keep=4)
    return km2


def kept_area_km2(dataset: Dataset) -> dict[str, float] | None:
    """`area_km2` if it is kept for these bytes of areas.geojson, without working it out."""
    km2 = _kept(_KM2, _key(dataset, _KM2))
    ok = isinstance(km2, dict) and set(km2) == set(dataset.areas) and all(
        isinstance(v, float) for v in km2.values())
    return km2 if ok else None


def _kept(kind: str, key: str | None) -> Any:
    """A kept entry, parsed; None when there is none or it is damaged (made again)."""
    got = None if key is None else blobcache.get(kind, key)
    try:
        return None if got is None else orjson.loads(got)
    except orjson.JSONDecodeError:
        return None
