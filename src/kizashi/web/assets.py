"""Static files: our own (web/static) and the chart libraries from their installed wheels.

plotly.js ships in the plotly wheel (plotly/package_data/plotly.min.js) and vis-network in
the pyvis wheel (pyvis/templates/lib/vis-9.1.2/); both are served from where pip put them,
never from a CDN (the machines are offline) and never copied into this repository.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

router = APIRouter(prefix="/ui/assets", include_in_schema=False)

CACHE = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}


def _package_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def vendor_files() -> dict[str, Path]:
    """The vendored libraries by the name they are served under."""
    vis = _package_file("pyvis", "templates", "lib", "vis-9.1.2")
    return {
        "plotly.min.js": _package_file("plotly", "package_data", "plotly.min.js"),
        "vis-network.min.js": vis / "vis-network.min.js",
        "vis-network.css": vis / "vis-network.css",
    }


OWN = {"web.css", "web.js"}


@router.get("/vendor/{name}")
def vendor(name: str) -> FileResponse:
    path = vendor_files().get(name)
    if path is None or not path.is_file():
        raise HTTPException(404, "no such asset")
    return FileResponse(path, headers=CACHE)


@router.get("/{name}")
def own(name: str) -> FileResponse:
    if name not in OWN:
        raise HTTPException(404, "no such asset")
    return FileResponse(_package_file("kizashi.web", "static", name), headers=CACHE)
