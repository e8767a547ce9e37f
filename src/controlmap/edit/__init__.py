"""Editing claims safely: under the data directory's lock, the validator judges the would-be
data, then one atomic write.

The CLI (`controlmap claim ...`) and the app's Edit page both go through `claim_ops`, and
every writer (import, fmt too) through `transaction`, so a change made anywhere gets the
same lock, the same rules (the validator's, no others) and the same conflict detection.
"""
