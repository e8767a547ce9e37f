"""The static briefing page (PNG, PDF) drawn with matplotlib, no browser needed.

Modules: `layout` (the page and the BriefingMap that a series reuses), `layers` (what is
inside the map frame), `scalebar` (scale bar, north arrow), `legend` (legend, sources,
footer), `projection` (UTM 37N and shapely -> matplotlib paths).
"""
