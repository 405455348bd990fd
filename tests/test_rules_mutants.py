"""Scores the mutation run (docs/mutation.md) showed unpinned: rounding ties, both sides of each boundary."""
