"""Timed comparisons, each against a naive baseline in the same run (`make bench`)."""
