"""The static briefing page (PNG, PDF) drawn with matplotlib, no browser needed.

Modules: `layout` (the page and the BriefingMap that a series reuses), `panel` (where the
title, key, sources and credits go), `layers` (area fills and outlines), `context` (built-up
areas, hromadas, state border, rivers, towns, events), `locator` (the small overview map),
`labels` (collision-free labels via adjustText), `scalebar` (scale bar, north arrow),
`legend` (the key and the sources block), `projection` (UTM 37N and shapely -> paths).
"""
