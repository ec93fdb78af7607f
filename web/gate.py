"""The sign-in gate in front of the whole server (an ASGI middleware for ``st.App``) and the sign-in page.

For every HTTP request and websocket (the Streamlit app's ``/_stcore/stream`` included) it asks
:meth:`cjm.access.Gate.needs_signin`; a request that needs a sign-in gets the sign-in page (401), a websocket
is closed before it opens. ``/?token=…`` signs in and sends the browser on to the same address without the
token. Every answer gets ``Referrer-Policy: no-referrer`` (no address ever leaves in a Referer) and
``X-Content-Type-Options: nosniff``; the participant face and Streamlit's own files are gzipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cjm.access import OWNER_COOKIE, SIGNIN_PATH, SIGNOUT_PATH, TOKEN_PARAM, is_public, safe_next
from cjm.i18n import t
from cjm.throttle import Throttled

from .services import Services, client_of, language

COOKIE_DAYS = 30
GZIP_PREFIXES = ("/j", "/api/", "/static/", SIGNIN_PATH)  # ours, and Streamlit's JavaScript and CSS
SECURITY_HEADERS = [(b"referrer-policy", b"no-referrer"), (b"x-content-type-options", b"nosniff")]
PAGE_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")
MAX_FORM = 8_192


def cookie_of(headers: Headers, name: str) -> str | None:
    raw = headers.get("cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # noqa: BLE001 - a malformed Cookie header is no cookie
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def secure(scope: Scope, headers: Headers) -> bool:
    return scope.get("scheme") in ("https", "wss") or headers.get("x-forwarded-proto", "").lower() == "https"


def owner_cookie(value: str, is_secure: bool, max_age: int = COOKIE_DAYS * 86400) -> str:
    parts = [f"{OWNER_COOKIE}={value}", "Path=/", "HttpOnly", "SameSite=Strict", f"Max-Age={max_age}"]
    if is_secure:
        parts.append("Secure")
    return "; ".join(parts)


class GateMiddleware:
    """Sign-in for everything but the participant face; security headers; gzip where it pays."""

    def __init__(self, app: ASGIApp, services: Callable[[], Services]):
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=500, compresslevel=6)
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        services = self.services()
        headers = Headers(scope=scope)
        path = scope.get("path", "")
        peer = scope["client"][0] if scope.get("client") else None
        cookie = cookie_of(headers, OWNER_COOKIE)
        if scope["type"] == "websocket":
            if services.gate.needs_signin(path, peer, headers, cookie):
                await send({"type": "websocket.close", "code": 4403})  # before accept: the handshake fails (403)
                return
            await self.app(scope, receive, send)
            return

        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                took = f"app;dur={(time.perf_counter() - started) * 1000:.1f}".encode()  # Server-Timing: how long
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS, (b"server-timing", took)]
            await send(message)

        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
        if TOKEN_PARAM in query and not is_public(path) and scope.get("method") in ("GET", "HEAD"):
            response = self.token_link(scope, services, headers, query)
        elif services.gate.needs_signin(path, peer, headers, cookie):
            request = Request(scope)
            target = path + (f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else "")
            response = signin_page(request, services, target, status=401)
        else:
            app = self.gzip if path.startswith(GZIP_PREFIXES) else self.app
            await app(scope, receive, send_with_headers)
            return
        await response(scope, receive, send_with_headers)

    def token_link(self, scope: Scope, services: Services, headers: Headers, query: dict[str, str]) -> Response:
        """``/…?token=…``: sign in and go to the same address without the token; a wrong token: the sign-in page."""
        request = Request(scope)
        client = client_of(request, services)
        rest = {k: v for k, v in query.items() if k != TOKEN_PARAM}
        target = scope.get("path", "/") + (f"?{urlencode(rest)}" if rest else "")
        try:
            services.signins.check(client)
        except Throttled as exc:
            return signin_page(request, services, target, status=429, error=exc)
        if not services.gate.accepts(query[TOKEN_PARAM]):
            services.signins.record(client)
            return signin_page(request, services, target, status=401, wrong=True)
        return signed_in(services, safe_next(target), secure(scope, headers))


def signed_in(services: Services, target: str, is_secure: bool) -> Response:
    response = RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})
    response.headers.append("set-cookie", owner_cookie(services.gate.cookie, is_secure))
    return response


def signin_page(request: Request, services: Services, target: str, *, status: int = 200, wrong: bool = False,
                error: Throttled | None = None) -> Response:
    """The small sign-in page: paste the owner token (or the password). Nothing of the app, no map title."""
    lang = language(request)
    if request.method not in ("GET", "HEAD", "POST"):
        return Response(t("signin.needed", lang), status, media_type="text/plain; charset=utf-8")
    problem = None
    if error is not None:
        problem = t("err.throttle.signin", lang, seconds=error.retry_after or 60)
    elif wrong:
        problem = t("signin.wrong", lang)
    html = services.templates.get_template("signin.html").render(
        t=lambda key, **kw: t(key, lang, **kw), lang=lang, next=safe_next(target), problem=problem, join_path="/j",
        password=bool(services.gate.password))
    headers = {"Cache-Control": "no-store", "Content-Security-Policy": PAGE_CSP, "X-Frame-Options": "DENY"}
    if error is not None and error.retry_after:
        headers["Retry-After"] = str(error.retry_after)
    return HTMLResponse(html, status, headers=headers)


def routes(services: Callable[[], Services]) -> list[Route]:
    async def signin(request: Request) -> Response:
        s = services()
        if request.method != "POST":
            return signin_page(request, s, safe_next(request.query_params.get("next", "/")))
        form = await small_form(request)
        target = safe_next(form.get("next", "/"))
        client = client_of(request, s)
        try:
            s.signins.check(client)
        except Throttled as exc:
            return signin_page(request, s, target, status=429, error=exc)
        if not s.gate.accepts(form.get("secret", "")):
            s.signins.record(client)
            return signin_page(request, s, target, status=401, wrong=True)
        return signed_in(s, target, secure(request.scope, request.headers))

    async def signout(request: Request) -> Response:
        """GET: a page with one button (a link alone must not sign anyone out); POST: the cookie goes."""
        s = services()
        if request.method != "POST":
            lang = language(request)
            html = s.templates.get_template("signout.html").render(t=lambda key, **kw: t(key, lang, **kw), lang=lang)
            return HTMLResponse(html, headers={"Cache-Control": "no-store", "Content-Security-Policy": PAGE_CSP,
                                               "X-Frame-Options": "DENY"})
        response = RedirectResponse(f"{SIGNIN_PATH}?next=/", status_code=303, headers={"Cache-Control": "no-store"})
        response.headers.append("set-cookie", owner_cookie("", secure(request.scope, request.headers), max_age=0))
        return response

    return [Route(SIGNIN_PATH, signin, methods=["GET", "POST"]), Route(SIGNOUT_PATH, signout, methods=["GET", "POST"])]


async def small_form(request: Request) -> dict[str, Any]:
    """A URL-encoded form of at most 8 KB (anything larger or stranger: an empty form)."""
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_FORM:
            return {}
    try:
        return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=20))
    except ValueError:
        return {}
