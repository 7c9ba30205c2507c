"""Evidence files: viewed in the browser (page or API) by the report's unit and the plan's office
only; uploaded through the report form or, raw, through the API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ecociv.web._cycle import chunks, evidence_response, spooled_body, who
from ecociv.web._deps import CurrentUser, state
from ecociv.web._rounds_api import check_write
from ecociv.workflow import add_evidence, open_evidence
from ecociv.workflow._json import evidence_to_dict

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["调度"])


@router.get("/evidence/{evidence_id}")
def evidence_page(request: Request, user: CurrentUser, evidence_id: int) -> Response:
    ev, path = open_evidence(state(request).store, who(request, user), evidence_id)
    return evidence_response(ev, path)


@api.get("/evidence/{evidence_id}", summary="下载佐证材料（本单位或规划办公室）")
def evidence_api(request: Request, user: CurrentUser, evidence_id: int) -> Response:
    return evidence_page(request, user, evidence_id)


@api.post("/reports/{report_id}/evidence", summary="上传佐证材料（请求体为文件内容，filename 为原文件名）")
async def upload_api(request: Request, user: CurrentUser, report_id: int, filename: str) -> dict[str, Any]:
    check_write(request)
    body = await spooled_body(request)
    with body:
        ev = add_evidence(state(request).store, who(request, user), report_id, filename, chunks(body))
    return evidence_to_dict(ev)
