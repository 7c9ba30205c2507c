"""ecociv: ecological-civilization plans as living data (生态文明建设规划数字化管理)."""

__version__ = "0.1.0"
