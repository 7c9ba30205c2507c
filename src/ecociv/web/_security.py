"""What every response and request goes through: security headers, a body size limit enforced while
the body streams in, and forwarded headers believed only from configured proxies.

One pure ASGI middleware (:class:`Guard`) so that the limit applies before any router or form parser
holds the body: a declared ``Content-Length`` above the limit is refused at once; a body without one
is counted chunk by chunk and refused (413) as soon as it passes the limit.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from fastapi import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Default largest request body (uploads included), in MiB; ``ECOCIV_MAX_UPLOAD_MB`` changes it.
DEFAULT_MAX_BODY_MB = 20

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    # ECharts (dashboard) positions its tooltips with inline style attributes; scripts stay strict
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def max_body_from_env() -> int:
    """``ECOCIV_MAX_UPLOAD_MB`` in bytes (default :data:`DEFAULT_MAX_BODY_MB`)."""
    raw = os.environ.get("ECOCIV_MAX_UPLOAD_MB", "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_BODY_MB
    except ValueError:
        mb = DEFAULT_MAX_BODY_MB
    return int(max(mb, 0.001) * 1024 * 1024)


def parse_proxies(values: Iterable[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Addresses or networks (``10.0.0.5``, ``10.0.0.0/24``); a wrong one is an error in Chinese."""
    from ecociv.errors import InputError

    out = []
    for raw in values:
        for part in str(raw).split(","):
            part = part.strip()
            if not part:
                continue
            try:
                out.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                raise InputError(f"可信代理地址“{part}”无效：应为 IP 地址或网段，如 10.0.0.5 或 10.0.0.0/24") from None
    return out


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"上传的内容过大：超过 {limit / 1024 / 1024:g} MB 的上限，请拆分文件后再上传")


def _trusted(host: str | None, proxies: list[Any]) -> bool:
    if not host or not proxies:
        return False
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(ip in net for net in proxies)



def _id_out_of_range(path: str) -> bool:
    """A path segment holding an integer no database id can be (ids are signed 64-bit)."""
    return any(
        len(seg) >= 19 and seg.lstrip("-").isdigit() and not -(2**63) <= int(seg) < 2**63 for seg in path.split("/")
    )


class Guard:
    """Security headers, the request body limit and trusted-proxy handling (see the module doc)."""

    def __init__(self, app: ASGIApp, max_body: int, proxies: list[Any]) -> None:
        self.app = app
        self.max_body = max_body
        self.proxies = proxies

    def _forwarded(self, scope: Scope) -> None:
        """Client address and scheme from X-Forwarded-For/-Proto, when the peer is a trusted proxy."""
        client = scope.get("client")
        if not client or not _trusted(client[0], self.proxies):
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        chain = [h.strip() for h in headers.get("x-forwarded-for", "").split(",") if h.strip()]
        # the nearest address that is not one of our proxies is the client
        for host in reversed(chain):
            if not _trusted(host, self.proxies):
                scope["client"] = (host, 0)
                break
        proto = headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
        if proto in ("http", "https"):
            scope["scheme"] = proto

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self._forwarded(scope)
        limit = self.max_body

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in HEADERS if k not in names
                ]
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        refusal: tuple[int, str] | None = None
        if declared is not None and declared.isdigit() and int(declared) > limit:
            refusal = 413, str(BodyTooLarge(limit).detail)
        elif _id_out_of_range(scope.get("path", "")):
            # a number in the path no database id can be (SQLite and PostgreSQL ids are 64-bit)
            refusal = 404, "编号超出范围，没有这样的记录"
        if refusal is not None:
            from starlette.requests import Request

            from ecociv.web._deps import error_response

            response = error_response(Request(scope), *refusal)
            await response(scope, receive, send_with_headers)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send_with_headers)


def is_https(scope_or_request: Any) -> bool:
    """Whether the request came over HTTPS (directly or through a trusted proxy): cookies get Secure."""
    scope = getattr(scope_or_request, "scope", scope_or_request)
    return bool(scope.get("scheme") == "https")
