"""What the routes share: the stores, the sign-in gate, the throttles, the templates; and small request helpers."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import HTTPConnection
from starlette.responses import Response

from cjm.access import Gate
from cjm.db import data_folder
from cjm.errors import CJMError
from cjm.i18n import error_text, normalize_language
from cjm.rooms import NotAllowed, RoomClosed, RoomNotFound, RoomStore, WrongPhase
from cjm.storage import DEFAULT_DATA_DIR, MapStore, StorageError
from cjm.throttle import Limits, Throttle, Throttled
from cjm.workshop import WorkshopError

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
LANG_COOKIE = "cjm_lang"
LOG = logging.getLogger("cjm.web")


@dataclass
class Services:
    """One server's shared state (one per process; the tests make their own)."""

    store: MapStore
    rooms: RoomStore
    gate: Gate
    limits: Limits
    wrong_codes: Throttle
    signins: Throttle

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Services:
        env = dict(os.environ if env is None else env)
        return cls.build(MapStore.from_env(), Gate.from_env(data_folder(default_dir=DEFAULT_DATA_DIR), env),
                         Limits.from_env(env))

    @classmethod
    def build(cls, store: MapStore, gate: Gate, limits: Limits, clock: Any = None) -> Services:
        """Services on ``store`` with ``gate`` and ``limits`` (``clock``: the throttles' monotonic clock)."""
        timing = {"clock": clock} if clock else {}
        return cls(store, RoomStore(store, limits=limits), gate, limits,
                   Throttle(limits.wrong_codes_per_minute, 60, message="too many wrong codes",
                            key="err.throttle.codes", **timing),
                   Throttle(limits.signins_per_minute, 60, message="too many failed sign-ins",
                            key="err.throttle.signin", **timing))

    @cached_property
    def templates(self) -> Environment:
        env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                          trim_blocks=True, lstrip_blocks=True)
        env.globals["asset"] = asset
        return env


_ASSET_VERSIONS: dict[str, str] = {}


def asset(name: str) -> str:
    """``/j/static/NAME?v=HASH``: a file's address that changes with its content (so it can be cached for long)."""
    version = _ASSET_VERSIONS.get(name)
    if version is None:
        version = _ASSET_VERSIONS[name] = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
    return f"/j/static/{name}?v={version}"


# --- requests --------------------------------------------------------------------------------------
def client_of(conn: HTTPConnection, services: Services) -> str:
    return services.gate.client(conn.client.host if conn.client else None, conn.headers)


def language(conn: HTTPConnection) -> str:
    """The participant's language: the toggle's cookie, else the browser's first choice."""
    chosen = conn.cookies.get(LANG_COOKIE)
    if chosen in ("ru", "en"):
        return chosen
    accept = conn.headers.get("accept-language", "")
    first = accept.split(",", 1)[0].split(";", 1)[0].strip()
    return normalize_language(first)


# --- errors -> HTTP --------------------------------------------------------------------------------
def status_of(exc: CJMError) -> int:
    """The HTTP status of a refusal from the core."""
    if isinstance(exc, Throttled):
        return 429
    if isinstance(exc, RoomNotFound):
        return 404
    if isinstance(exc, NotAllowed):
        return {"err.token": 401, "err.note.not_yours": 404}.get(exc.key, 403)
    if isinstance(exc, (RoomClosed, WrongPhase)):
        return 403
    if isinstance(exc, StorageError):
        return 503
    if isinstance(exc, WorkshopError) and exc.key == "err.stage.gone":
        return 404
    return 400


def one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def message(exc: CJMError, lang: str) -> str:
    """The refusal in the participant's language, one line."""
    if isinstance(exc, StorageError):
        return one_line(error_text(CJMError("", key="err.busy"), lang))
    return one_line(error_text(exc, lang))


def json_bytes(data: Any) -> bytes:
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate somewhere: escaped JSON is still JSON
        return json.dumps(data, separators=(",", ":")).encode("ascii")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json_bytes(data), status, headers={"Cache-Control": "no-store", **(headers or {})},
                    media_type="application/json")


def error_response(exc: CJMError, lang: str, status: int | None = None) -> Response:
    code = status or status_of(exc)
    headers = {}
    if isinstance(exc, Throttled) and exc.retry_after:
        headers["Retry-After"] = str(exc.retry_after)
    if code == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return json_response({"error": message(exc, lang)}, code, headers)
