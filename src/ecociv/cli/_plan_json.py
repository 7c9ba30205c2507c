"""Reading a plan saved as ``ecociv.plan/1`` JSON (``import --json``, ``export``, ``plan new``)."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

from ecociv._serialize import plan_from_dict
from ecociv.errors import InputError, os_reason
from ecociv.model import Plan

#: Largest plan JSON read, in MB (the sample plans are 0.05–0.2 MB; a bigger file is not a plan).
MAX_PLAN_JSON_MB = 10


def _loads(text: str) -> Any:
    """JSON at orjson's speed (a plan file of 100 KB: 0.5 ms instead of 1.3 ms), the same values
    as :mod:`json` gives: what orjson refuses (NaN, Infinity, lone surrogates) or would read
    otherwise (an integer beyond 64 bits becomes a float there) is read by :mod:`json`."""
    import orjson

    if not _LONG_DIGITS.search(text):
        with contextlib.suppress(orjson.JSONDecodeError):
            return orjson.loads(text)
    return json.loads(text)


_LONG_DIGITS = re.compile(r"\d{19}")


def read_plan_json(file: Path) -> Plan:
    """A plan in the ``ecociv.plan/1`` JSON of ``import --json``, ``export`` and ``plan new``."""
    from ecociv._serialize import SCHEMA_ID

    try:
        size = file.stat().st_size
    except OSError as exc:
        raise InputError(f"无法读取 {file}：{os_reason(exc)}") from None
    if size > MAX_PLAN_JSON_MB * 1024 * 1024:
        raise InputError(f"{file}：文件有 {size / 1024 / 1024:.1f} MB，超过规划 JSON 的上限 {MAX_PLAN_JSON_MB} MB"
                         "（一份规划的 JSON 通常不到 1 MB），请检查是否选错了文件")
    try:
        data = _loads(file.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{file}：不是 UTF-8 编码的 JSON 文件") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{file} 第{exc.lineno}行第{exc.colno}列：不是有效的 JSON（{exc.msg}）") from None
    except OSError as exc:
        raise InputError(f"无法读取 {file}：{os_reason(exc)}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
        raise InputError(
            f"{file}：不是 {SCHEMA_ID} 格式的规划 JSON（应由 ecociv import --json、export 或 plan new 生成）"
        )
    try:
        plan = plan_from_dict(data)
    except InputError as exc:
        raise InputError(f"{file}：{exc.message}") from None
    except KeyError as exc:
        raise InputError(f"{file}：规划 JSON 不完整，缺少字段 {exc.args[0]}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"{file}：规划 JSON 中有字段的类型或取值不对（{exc}）") from None
    if not plan.title or not plan.region:
        raise InputError(f"{file}：规划 JSON 缺少标题（plan.title）或地区（plan.region）")
    return plan
