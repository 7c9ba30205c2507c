"""Writing a validated file's observations to the store: all or nothing unless ``partial``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ecociv.errors import InputError
from ecociv.model import Finding
from ecociv.observations._read import read_observations

if TYPE_CHECKING:
    from ecociv.store import Store


@dataclass
class ImportReport:
    file: str
    rows_read: int
    rows_valid: int
    written: int
    skipped: list[Finding] = field(default_factory=list)


def import_observations(
    store: Store,
    plan_ref: int | str,
    path: str | Path,
    *,
    partial: bool = False,
    user: str | None = None,
    source: str | None = None,
) -> ImportReport:
    """Validate ``path`` against the stored plan and record its figures (kept as history).

    Any invalid row aborts the whole import (InputError listing every error) unless ``partial``,
    in which case the valid rows are written and the invalid ones reported in ``skipped``.
    """
    plan_id = store.resolve_plan(plan_ref)
    plan = store.get_plan(plan_id)
    batch = read_observations(plan, path, source=source)
    if batch.errors and not partial:
        raise InputError(
            f"{batch.file}：{len({(e.sheet, e.row) for e in batch.errors})}行有错误"
            + (f"（另有 {batch.errors_not_listed} 处错误未列出）" if batch.errors_not_listed else "")
            + "，未写入任何数据"
            "（改正后重新导入，或用 --partial 只导入正确的行）",
            findings=batch.errors,
        )
    written = store.add_observations(plan_id, batch.observations, user=user) if batch.observations else 0
    return ImportReport(batch.file, batch.rows_read, batch.rows_valid, written, list(batch.errors))
