"""Rebuild the reference layers of geo/ (oskil, towns, areas, context) from the raw sources.

Deterministic: the same raw files give the same bytes. The editorial files (claims, events)
are authored by hand and never written here.
"""
