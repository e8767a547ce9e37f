"""Editing claims safely: check the fields, vet the would-be data, then one atomic write.

The CLI (`controlmap claim ...`) and the app's Edit page both go through `claim_ops`, so an
edit made in either place gets the same checks and the same conflict detection.
"""
