"""Status rules: latest note as of a date, overdue, tasks taking their sub-targets' notes."""

from __future__ import annotations

import datetime as dt

import pytest

from ecociv.errors import InputError
from ecociv.tracking import ProgressEntry, check_status, parse_date, standing

D = dt.date


def _e(status: str, day: dt.date, k: int = 0) -> ProgressEntry:
    return ProgressEntry("task", 1, status, as_of=day, recorded_at=dt.datetime(2024, 1, 1, 0, 0, k), id=k)


def test_no_note_is_not_started_and_overdue_after_deadline() -> None:
    assert standing([], D(2024, 6, 30), D(2024, 6, 30)).status == "未启动"
    late = standing([], D(2024, 6, 30), D(2024, 7, 1))
    assert (late.status, late.overdue, late.recorded_status) == ("滞后", True, None)
    assert standing([], None, D(2030, 1, 1)).status == "未启动"


def test_latest_note_on_or_before_the_day_counts() -> None:
    notes = [_e("推进中", D(2024, 3, 1), 1), _e("已完成", D(2024, 8, 1), 2)]
    assert standing(notes, D(2024, 12, 31), D(2024, 5, 1)).status == "推进中"
    assert standing(notes, D(2024, 6, 30), D(2024, 7, 15)).status == "滞后"
    done = standing(notes, D(2024, 6, 30), D(2024, 9, 1))
    assert (done.status, done.overdue) == ("已完成", False)
    assert standing(notes, None, D(2024, 1, 1)).latest is None


def test_same_day_the_note_recorded_last_wins() -> None:
    notes = [_e("已完成", D(2024, 3, 1), 2), _e("推进中", D(2024, 3, 1), 1)]
    assert standing(notes, None, D(2024, 3, 1)).status == "已完成"


def test_task_without_own_note_takes_its_sub_targets() -> None:
    done = standing([_e("已完成", D(2024, 3, 1))], None, D(2024, 4, 1))
    open_ = standing([], None, D(2024, 4, 1))
    assert standing([], None, D(2024, 4, 1), parts=[done, done]).status == "已完成"
    assert standing([], None, D(2024, 4, 1), parts=[done, open_]).status == "推进中"
    assert standing([], None, D(2024, 4, 1), parts=[open_]).status == "未启动"


def test_bad_status_and_dates_are_input_errors() -> None:
    assert check_status(" 推进中") == "推进中"
    with pytest.raises(InputError, match="未启动、推进中、已完成、滞后"):
        check_status("完成")
    assert parse_date("2024年6月30日") == D(2024, 6, 30)
    assert parse_date("2024/6/3") == D(2024, 6, 3)
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        parse_date("2024-02-30")
