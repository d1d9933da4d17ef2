"""A TAXII 2.1 server for partners that run OpenCTI or MISP: discovery, one API root, one
collection of what was released to the reader, and its objects with pagination.

Behind the guard: the reader is the authenticated caller (bearer token), and the
collection holds exactly the STIX objects of products the guard lets them ``export``
(products released to them, ``PRODUCT-5``; every decision logged). Paging follows TAXII
2.1 §3.4: ``limit`` and an opaque ``next``; ``added_after`` filters by release time; the
envelope says ``more`` and the response carries ``X-TAXII-Date-Added-First/Last``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from kizashi.http import (
    GUARDED_PROBLEMS,
    CallerDep,
    EngineDep,
    GuardDep,
    ProblemOut,
    SettingsDep,
    failing_closed,
)
from kizashi.share.exchange import released_objects
from kizashi.share.products import ShareService

# TAXII answers need a credential; a collection the caller may not read is a 404, as a
# missing one.
MEDIA = "application/taxii+json;version=2.1"
router = APIRouter(
    prefix="/taxii2",
    tags=["taxii"],
    responses={
        # Every answer is TAXII's own media type (TAXII 2.1, section 1.6.8), said in the schema.
        200: {
            "description": "A TAXII 2.1 resource",
            "content": {MEDIA: {"schema": {"type": "object"}}},
        },
        **GUARDED_PROBLEMS,
        404: {"model": ProblemOut, "description": "No such collection, or not yours to read."},
    },
)
COLLECTION = "3e1b9c52-6c51-4d0f-9f0e-5a1d8c2b7a01"
PURPOSE = "TAXII 2.1 collection read by a partner platform"


def _taxii(body: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, media_type=MEDIA, headers=headers)


def _collection() -> dict[str, Any]:
    return {
        "id": COLLECTION,
        "title": "kizashi released products",
        "description": "STIX 2.1 reports (tear-lines) of products released to the reader.",
        "can_read": True,
        "can_write": False,
        "media_types": ["application/stix+json;version=2.1"],
    }


@router.get("/", summary="TAXII 2.1 discovery")
async def discovery(caller: CallerDep) -> JSONResponse:
    return _taxii(
        {
            "title": "kizashi TAXII 2.1",
            "description": "Released products for partner platforms (OpenCTI, MISP).",
            "default": "/taxii2/api1/",
            "api_roots": ["/taxii2/api1/"],
        }
    )


@router.get("/api1/", summary="TAXII 2.1 API root")
async def api_root(caller: CallerDep) -> JSONResponse:
    return _taxii({"title": "kizashi", "versions": [MEDIA], "max_content_length": 10 * 1024 * 1024})


@router.get("/api1/collections/", summary="TAXII 2.1 collections")
async def collections(caller: CallerDep) -> JSONResponse:
    return _taxii({"collections": [_collection()]})


@router.get("/api1/collections/{collection_id}/", summary="TAXII 2.1 collection")
async def collection(collection_id: str, caller: CallerDep) -> JSONResponse:
    if collection_id != COLLECTION:
        raise HTTPException(404, "no such collection")
    return _taxii(_collection())


@router.get("/api1/collections/{collection_id}/objects/", summary="TAXII 2.1 objects, paged")
async def objects(
    collection_id: str,
    caller: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    guard: GuardDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    next: Annotated[str | None, Query(max_length=20)] = None,
    added_after: Annotated[datetime | None, Query()] = None,
) -> JSONResponse:
    if collection_id != COLLECTION:
        raise HTTPException(404, "no such collection")
    user = caller
    service = ShareService(engine, guard, settings, clock=guard.now)

    def work() -> list[dict[str, Any]]:
        with failing_closed():
            return released_objects(service, user, PURPOSE, added_after=added_after)

    found = await run_in_threadpool(work)
    start = int(next) if next and next.isdigit() else 0
    page = found[start : start + limit]
    more = start + limit < len(found)
    body: dict[str, Any] = {"more": more, "objects": page}
    if more:
        body["next"] = str(start + limit)
    stamps = sorted(
        str(o.get("published") or o.get("created", "")) for o in page if o.get("created")
    )
    headers = (
        {"X-TAXII-Date-Added-First": stamps[0], "X-TAXII-Date-Added-Last": stamps[-1]}
        if stamps
        else {}
    )
    return _taxii(body, headers)
