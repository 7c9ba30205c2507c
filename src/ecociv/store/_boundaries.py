"""Region boundaries for maps: a GeoJSON the user supplies (``ecociv map set-boundaries FILE``).

ecociv ships no boundaries: the registry packages of Chinese county boundaries found are derived
from a commercial map service whose terms forbid redistribution.  The file is kept as a setting
in ``$ECOCIV_HOME/boundaries.geojson``; features are matched to regions by their 行政区划代码
(a property ``adcode``, ``code``, ``gb``, ``行政区划代码`` or the feature id), names as fallback.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ecociv.errors import InputError, os_reason

CODE_KEYS = ("adcode", "code", "gb", "GB", "ADCODE", "行政区划代码", "区划代码")
NAME_KEYS = ("name", "NAME", "名称", "fullname")


def home() -> Path:
    return Path(os.environ.get("ECOCIV_HOME") or Path.home() / ".local" / "share" / "ecociv")


def boundaries_file() -> Path:
    return home() / "boundaries.geojson"


def feature_code(feature: dict[str, Any]) -> str | None:
    props = feature.get("properties") or {}
    for k in CODE_KEYS:
        v = props.get(k)
        if v not in (None, ""):
            digits = str(v).strip()
            if digits.isdigit() and len(digits) >= 6:
                return digits[:6]
    fid = str(feature.get("id") or "")
    return fid[:6] if fid.isdigit() and len(fid) >= 6 else None


def feature_name(feature: dict[str, Any]) -> str | None:
    props = feature.get("properties") or {}
    for k in NAME_KEYS:
        if props.get(k):
            return str(props[k]).strip()
    return None


def read_boundaries(path: Path) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of polygons, each feature with a code or a name; else InputError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(f"无法读取边界文件“{path}”：{os_reason(exc)}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"边界文件“{path}”不是有效的 GeoJSON（UTF-8 编码的 JSON）：{exc}") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise InputError(f"边界文件“{path}”应为 GeoJSON 的 FeatureCollection（含 features 列表）")
    for n, f in enumerate(data["features"], 1):
        geom = (f or {}).get("geometry") or {}
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            raise InputError(f"边界文件“{path}”第 {n} 个要素不是面（Polygon/MultiPolygon），而是“{geom.get('type')}”")
        if feature_code(f) is None and feature_name(f) is None:
            raise InputError(f"边界文件“{path}”第 {n} 个要素既无行政区划代码（{'/'.join(CODE_KEYS)}）也无名称（name）")
    return data


def set_boundaries(path: Path) -> tuple[Path, int]:
    """Check ``path`` and keep a copy as the boundaries setting; returns (where, number of features)."""
    data = read_boundaries(path)
    target = boundaries_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"无法保存边界文件到“{target}”：{os_reason(exc)}") from exc
    return target, len(data["features"])


def load_boundaries() -> dict[str, Any] | None:
    """The boundaries setting, or None when none was set."""
    f = boundaries_file()
    return read_boundaries(f) if f.exists() else None
