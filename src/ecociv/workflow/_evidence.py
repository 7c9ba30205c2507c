"""Evidence files (佐证材料): PDF, images, Word, Excel; size-limited while streaming, stored once per
content under ``$ECOCIV_HOME/evidence/<sha256[:2]>/<sha256>``, with the original name, uploader and
type in ``evidence_files``; served only to the report's unit and the plan's office."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from sqlalchemy import insert, select

from ecociv.errors import InputError, NotFoundError
from ecociv.store import Store, ecociv_home, write_audit
from ecociv.store.tables import evidence_files, round_reports
from ecociv.workflow._access import Actor
from ecociv.workflow._reports import load_report, may_see
from ecociv.workflow._rounds import utcnow

__all__ = ["MAX_EVIDENCE_BYTES", "TYPES", "Evidence", "add_evidence", "evidence_of", "evidence_path", "open_evidence"]

#: Largest accepted file (bytes); ``$ECOCIV_EVIDENCE_MAX_MB`` changes it.
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

#: extension -> (mime, shown inline in the browser, leading bytes the content must start with)
TYPES: dict[str, tuple[str, bool, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", True, (b"%PDF-",)),
    ".png": ("image/png", True, (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", True, (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", True, (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", True, (b"GIF87a", b"GIF89a")),
    ".doc": ("application/msword", False, (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", False, (b"PK\x03\x04",)),
    ".xls": ("application/vnd.ms-excel", False, (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False, (b"PK\x03\x04",)),
}


def max_bytes() -> int:
    env = os.environ.get("ECOCIV_EVIDENCE_MAX_MB")
    try:
        return int(float(env) * 1024 * 1024) if env else MAX_EVIDENCE_BYTES
    except ValueError:
        raise InputError(f"环境变量 ECOCIV_EVIDENCE_MAX_MB=“{env}”无效，应为数字（兆字节）") from None


@dataclass
class Evidence:
    id: int
    report_id: int
    sha256: str
    filename: str
    mime: str
    size: int
    uploaded_by: str | None
    uploaded_at: dt.datetime

    @property
    def inline(self) -> bool:
        return TYPES.get(PurePath(self.filename).suffix.lower(), ("", False, ()))[1]


def evidence_path(sha256: str) -> Path:
    return ecociv_home() / "evidence" / sha256[:2] / sha256


def _clean_name(name: str) -> str:
    base = PurePath(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()
    if not base:
        raise InputError("佐证材料缺少文件名")
    return base[:200]


def add_evidence(store: Store, who: Actor, report_id: int, filename: str, chunks: Iterable[bytes]) -> Evidence:
    """Store an evidence file for a report of ``who``'s unit that is still editable.

    ``chunks`` is read as it arrives; more than the size limit stops reading and stores nothing.
    """
    name = _clean_name(filename)
    ext = PurePath(name).suffix.lower()
    if ext not in TYPES:
        raise InputError(f"佐证材料“{name}”的类型不受支持：只接受 PDF、图片（PNG/JPG/GIF）、Word（doc/docx）、Excel（xls/xlsx）")
    mime, _, magics = TYPES[ext]
    with store.engine.connect() as conn:
        rep = load_report(conn, report_id)
        if not may_see(conn, who, rep):
            raise NotFoundError(f"没有编号为 {report_id} 的报送（或您无权查看）")
    if rep.unit not in who.units:
        raise InputError("只有报送单位可以上传佐证材料")
    if rep.state not in ("draft", "returned"):
        raise InputError(f"事项 {rep.item_ref} 的报送已{rep.state_name}，已锁定，不能再上传佐证材料")
    limit = max_bytes()
    folder = ecociv_home() / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    digest, size, head = hashlib.sha256(), 0, b""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise InputError(f"佐证材料“{name}”超过大小上限 {limit // (1024 * 1024)} MB，未保存")
                if len(head) < 16:
                    head += chunk[: 16 - len(head)]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise InputError(f"佐证材料“{name}”是空文件")
        if not any(head.startswith(m) for m in magics):
            raise InputError(f"佐证材料“{name}”的内容与扩展名 {ext} 不符（文件可能已损坏或被改名）")
        sha = digest.hexdigest()
        target = evidence_path(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            os.unlink(tmp)
        else:
            os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    now = utcnow()
    with store.engine.begin() as conn:
        res = conn.execute(insert(evidence_files).values(report_id=report_id, sha256=sha, filename=name, mime=mime,
                                                         size=size, uploaded_by=who.username, uploaded_at=now))
        key = res.inserted_primary_key
        assert key is not None
        eid = int(key[0])
        write_audit(conn, "upload", "evidence", eid, user=who.username,
                    new={"report_id": report_id, "filename": name, "sha256": sha, "size": size, "mime": mime})
    return Evidence(eid, report_id, sha, name, mime, size, who.username, now)


def _evidence(row: object) -> Evidence:
    r = row
    return Evidence(r.id, r.report_id, r.sha256, r.filename, r.mime, r.size, r.uploaded_by, r.uploaded_at)  # type: ignore[attr-defined]


def evidence_of(store: Store, report_ids: list[int]) -> dict[int, list[Evidence]]:
    """Evidence files per report (no permission check: callers list reports they may see)."""
    out: dict[int, list[Evidence]] = {i: [] for i in report_ids}
    if not report_ids:
        return out
    with store.engine.connect() as conn:
        rows = conn.execute(select(evidence_files).where(evidence_files.c.report_id.in_(report_ids))
                            .order_by(evidence_files.c.id)).all()
    for r in rows:
        out.setdefault(r.report_id, []).append(_evidence(r))
    return out


def open_evidence(store: Store, who: Actor, evidence_id: int) -> tuple[Evidence, Path]:
    """The file record and its path on disk, if ``who`` may see the report it belongs to."""
    with store.engine.connect() as conn:
        row = conn.execute(select(evidence_files).join(round_reports, round_reports.c.id == evidence_files.c.report_id)
                           .where(evidence_files.c.id == evidence_id)).first()
        if row is None or not may_see(conn, who, load_report(conn, row.report_id)):
            raise NotFoundError(f"没有编号为 {evidence_id} 的佐证材料（或您无权查看）")
    ev = _evidence(row)
    path = evidence_path(ev.sha256)
    if not path.is_file():
        raise NotFoundError(f"佐证材料“{ev.filename}”的文件在服务器上缺失（{path}）")
    return ev, path
