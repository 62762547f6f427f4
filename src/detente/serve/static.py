"""Static files: the app's own CSS/JS and plotly's bundled JavaScript (never a CDN)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

__all__ = ["STATIC_DIR", "plotly_js_path", "router"]

STATIC_DIR = Path(__file__).resolve().parent / "static"

router = APIRouter(include_in_schema=False)

# Only these names are served: no path is ever built from the request.
_OWN = {
    "style.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "charts.js": "text/javascript; charset=utf-8",
}
_CACHE = {"Cache-Control": "public, max-age=3600"}


@lru_cache(maxsize=1)
def plotly_js_path() -> Path | None:
    """``plotly/package_data/plotly.min.js`` of the installed plotly, or None."""
    try:
        import plotly
    except ImportError:
        return None
    path = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    return path if path.is_file() else None


@router.get("/static/plotly.min.js")
def plotly_js() -> Response:
    path = plotly_js_path()
    if path is None:
        # Pages still work without charts: the script checks for window.Plotly.
        return Response("/* plotly is not installed: charts disabled */",
                        media_type="text/javascript")
    return FileResponse(path, media_type="text/javascript; charset=utf-8", headers=_CACHE)


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/static/{name}")
def own_static(name: str) -> Response:
    media = _OWN.get(name)
    if media is None:
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(STATIC_DIR / name, media_type=media, headers=_CACHE)
