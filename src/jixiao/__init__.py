"""jixiao (绩效): departmental overall expenditure performance evaluation, from the figures."""

__version__ = "0.1.0"
