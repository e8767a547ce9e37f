"""What a claim is about and who said it: area or geometry (exactly one), and a source.

A claim names an area (geometry null) or draws its own polygon (no area); with both, the
map could not tell which one it means. Claims and events without any source cannot be
checked by a reader, which is the point of the project.
"""

from __future__ import annotations

from controlmap.errors import Problem
from controlmap.validate.features import Item


def _has_geometry(item: Item) -> bool:
    return item.feature.get("geometry") is not None


def check_claim_subject(item: Item) -> list[Problem]:
    area = item.props.get("area")
    problems: list[Problem] = []
    if area and _has_geometry(item):
        problems.append(item.problem(
            "geometry", f"has both area '{area}' and a geometry",
            "a claim is about an area (geometry null) or draws its own polygon (no area); "
            "drop one"))
    elif not area and not _has_geometry(item):
        problems.append(item.problem(
            "properties.area", "has neither area nor geometry",
            "name an area id from areas.geojson, or give the claim a Polygon"))
    if area and item.props.get("status_outside") is not None:
        problems.append(item.problem(
            "properties.status_outside", "status_outside is only for geometry claims",
            "remove it; an area claim says nothing about other areas"))
    return problems


def check_source(item: Item) -> list[Problem]:
    if item.text("source_title") or item.text("source_url"):
        return []
    return [item.problem(
        "properties.source_title", "no source: neither source_title nor source_url",
        "add the source's title or outlet, and its URL when known")]


def check_citations(items: list[Item]) -> list[Problem]:
    problems: list[Problem] = []
    for item in items:
        if item.kind == "claims":
            problems += check_claim_subject(item)
        if item.kind in ("claims", "events"):
            problems += check_source(item)
    return problems
