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


def _json_problem(exc: UnicodeDecodeError | json.JSONDecodeError, text: str | None) -> str:
    """What is wrong with a GeoJSON text, in Chinese (the json module's messages are English)."""
    if isinstance(exc, UnicodeDecodeError):
        return "不是 UTF-8 编码（如为 GBK 等编码，请另存为 UTF-8）"
    if text is not None and not text.strip():
        return "文件为空"
    return f"第 {exc.lineno} 行第 {exc.colno} 列 JSON 格式有误"


def _is_ring(ring: Any) -> bool:
    return isinstance(ring, list) and len(ring) >= 4 and all(
        isinstance(p, list) and len(p) >= 2 and all(isinstance(c, int | float) and not isinstance(c, bool) for c in p[:2])
        for p in ring
    )


def _is_polygon(coords: Any) -> bool:
    return isinstance(coords, list) and bool(coords) and all(_is_ring(r) for r in coords)


def read_boundaries(path: Path) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of polygons, each feature with a code or a name; else InputError."""
    text: str | None = None
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text)
    except OSError as exc:
        raise InputError(f"无法读取边界文件“{path}”：{os_reason(exc)}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"边界文件“{path}”不是有效的 GeoJSON（UTF-8 编码的 JSON）：{_json_problem(exc, text)}") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise InputError(f"边界文件“{path}”应为 GeoJSON 的 FeatureCollection（含 features 列表）")
    for n, f in enumerate(data["features"], 1):
        if not isinstance(f, dict) or not isinstance(f.get("properties") or {}, dict):
            raise InputError(f"边界文件“{path}”第 {n} 个要素应为 GeoJSON 要素（Feature，含 properties 和 geometry）")
        geom = f.get("geometry") or {}
        kind = geom.get("type") if isinstance(geom, dict) else None
        if kind not in ("Polygon", "MultiPolygon"):
            got = f"而是“{kind}”" if kind else "缺少几何（geometry）"
            raise InputError(f"边界文件“{path}”第 {n} 个要素不是面（Polygon/MultiPolygon），{got}")
        coords = geom.get("coordinates")
        if not (_is_polygon(coords) if kind == "Polygon" else isinstance(coords, list) and bool(coords) and all(_is_polygon(c) for c in coords)):
            raise InputError(f"边界文件“{path}”第 {n} 个要素的坐标（coordinates）不是有效的{kind}："
                             "应为由经纬度 [经度, 纬度] 组成、首尾相接且至少 4 个点的环")
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
