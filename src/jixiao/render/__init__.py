"""Showing results: the score sheet in a terminal and as JSON. Renderers format; they never compute a score."""
