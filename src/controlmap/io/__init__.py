"""Reading and writing geo/: one reader, one canonical writer, atomic writes."""
