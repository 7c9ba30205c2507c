"""Yearly figures: the fill-in workbook template and XLSX/CSV import with validation.

>>> write_template(plan, "填报表.xlsx")
>>> batch = read_observations(plan, "填报表.xlsx")        # pure: observations + errors
>>> report = import_observations(store, plan_id, "填报表.xlsx")
"""

from __future__ import annotations

from ecociv.observations._import import ImportReport, import_observations
from ecociv.observations._read import ObservationBatch, read_observations
from ecociv.observations._regions import RegionImportReport, import_region_table, is_region_table
from ecociv.observations._template import write_template

__all__ = [
    "ImportReport",
    "ObservationBatch",
    "RegionImportReport",
    "import_observations",
    "import_region_table",
    "is_region_table",
    "read_observations",
    "write_template",
]
