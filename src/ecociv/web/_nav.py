"""The header's navigation: one list, so that each router adds its link in one place.

Each entry: (path, label, roles allowed or None for every logged-in user).  A link is marked as
the current page when the request path equals it or starts with it followed by '/'.
"""

from __future__ import annotations

NAV: list[tuple[str, str, frozenset[str] | None]] = [
    ("/", "规划总览", None),
    ("/compare", "地区比较", None),
    ("/audit", "审计日志", None),
    ("/rounds", "调度", None),
    ("/unit", "本单位待办", None),
    ("/api/docs", "接口文档", None),
    ("/users", "账户管理", frozenset({"admin"})),
]


def nav_for(role: str | None, path: str) -> list[tuple[str, str, bool]]:
    """(href, label, current) of the links the role may see."""
    out = []
    for href, label, roles in NAV:
        if roles is not None and role not in roles:
            continue
        on = path == href or (href != "/" and path.startswith(href + "/"))
        out.append((href, label, on))
    return out
