"""The migration revisions, oldest first: v0001, v0002, ..."""
