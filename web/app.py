"""The routes, middleware and lifespan that ``server.py`` hands to ``st.App`` (and :func:`build` for tests)."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from cjm.errors import CJMError

from . import api, gate, phone
from .services import Services


def routes(services: Services) -> list[BaseRoute]:
    return [*gate.routes(lambda: services), *phone.routes(services), *api.routes(services)]


def middleware(services: Services | Callable[[], Services]) -> list[Middleware]:
    factory = services if callable(services) and not isinstance(services, Services) else (lambda: services)
    return [Middleware(gate.GateMiddleware, services=factory)]


def build(services: Services, fallback: Any = None) -> Starlette:
    """Our face alone, for in-process tests: the gate, the phone page, the API (``fallback`` stands in for the
    Streamlit app behind them)."""
    extra = [fallback] if fallback is not None else []
    return Starlette(routes=[*routes(services), *extra], middleware=middleware(services))


def start() -> Services:
    """The server's services, from the environment; a wrong setting is one line and exit 1, never a traceback."""
    try:
        return Services.from_env()
    except CJMError as exc:
        print(f"cjm: {exc.message}", file=sys.stderr, flush=True)
        raise SystemExit(1) from None


def sign_in_banner(services: Services) -> str:
    from streamlit import config

    public = os.environ.get("CJM_PUBLIC_URL", "").strip().rstrip("/")
    host = config.get_option("server.address") or "localhost"
    base = public or f"http://{'localhost' if host in ('0.0.0.0', '::') else host}:{config.get_option('server.port')}"
    lines = ["", "  CJM Studio: sign in as the owner (keep this link to yourself):",
             f"    {services.gate.signin_link(base)}",
             f"  Participants join at {base}/j", ""]
    return "\n".join(lines)


def lifespan(services: Services):
    @asynccontextmanager
    async def run(_app: Any) -> AsyncIterator[None]:
        print(sign_in_banner(services), file=sys.stderr, flush=True)
        yield

    return run
