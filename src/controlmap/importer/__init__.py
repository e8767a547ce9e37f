"""Import a dated polygon series (one feature per date, e.g. DeepStateMap's occupied area)
as geometry claims in geo/claims-<layer>.geojson, keeping only the dates that changed."""
