"""Scoring a department-year under a framework: results with explanation trails."""
