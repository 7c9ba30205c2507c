"""Air (HJ 633/HJ 663) and surface-water (GB 3838) indicators from raw monitoring data."""
