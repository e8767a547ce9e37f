"""What changed in the data between two git revisions or two directories, for a reviewer."""
