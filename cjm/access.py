"""Who may open what: the owner's secret, the sign-in cookie, the participant face that needs no sign-in.

CJM Studio has one owner (the facilitator who runs the server) and any number of participants:

* the **owner secret** is ``CJM_OWNER_TOKEN`` when set, else a random token made at first start and kept in the
  data folder (``owner-token``, mode 600). The console prints a sign-in link ``http://HOST:PORT/?token=…``;
  signing in (that link, or the sign-in page with the token or ``CJM_PASSWORD``) sets an HttpOnly,
  SameSite=Strict cookie whose value is derived from the secret (:func:`session_value`): the secret itself is
  never in a cookie, and a new secret signs everyone out;
* the **participant face** (``/j``, ``/j/CODE``, ``/api/v1/…``, their static files) and ``/_stcore/health`` are
  open to all (:func:`is_public`); participants prove who they are with their own token (:mod:`cjm.rooms`);
* everything else — the Streamlit app, its websocket, its files — needs the cookie, except for a client on
  loopback that came straight (no proxy in between) while ``CJM_REQUIRE_SIGNIN`` is off: the owner on their
  own laptop is not asked to sign in (:meth:`Gate.needs_signin`).

An :class:`Owner` is what a caller gets once the gate let it through; :class:`cjm.rooms.RoomStore` runs a room
only for an :class:`Owner`, never for a participant token.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import CJMError

OWNER_COOKIE = "cjm_owner"
TOKEN_PARAM = "token"  # /?token=… : the console's sign-in link (Jupyter's convention)
TOKEN_FILE = "owner-token"
MIN_TOKEN_CHARS = 16
SIGNIN_PATH = "/signin"
SIGNOUT_PATH = "/signout"
#: The participant face and the health check: open to everyone.
PUBLIC_EXACT = frozenset({"/j", "/_stcore/health", SIGNIN_PATH, "/join"})
PUBLIC_PREFIXES = ("/j/", "/api/v1/")
#: Headers a reverse proxy adds: a request that carries one did not come straight from the loopback client.
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")
DEFAULT_TRUSTED_PROXIES = ("127.0.0.1", "::1")
_SESSION_CONTEXT = b"cjm-studio owner session v1"


@dataclass(frozen=True)
class Owner:
    """The signed-in owner (``via``: ``cookie``, ``loopback`` or ``local`` for scripts and tests on the server)."""

    via: str


def is_public(path: str) -> bool:
    """The participant face, its files and the health check: no sign-in, ever."""
    return path in PUBLIC_EXACT or path.startswith(PUBLIC_PREFIXES)


def truthy(value: str | None) -> bool:
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")


def owner_token(data_dir: Path, env: Mapping[str, str] | None = None) -> str:
    """``CJM_OWNER_TOKEN``, else the token kept in ``data_dir/owner-token`` (made there, mode 600, if missing)."""
    env = os.environ if env is None else env
    given = str(env.get("CJM_OWNER_TOKEN", "")).strip()
    if given:
        if len(given) < MIN_TOKEN_CHARS:
            raise CJMError(f"CJM_OWNER_TOKEN has {len(given)} characters; use at least {MIN_TOKEN_CHARS} "
                           "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')")
        return given
    path = Path(data_dir) / TOKEN_FILE
    try:
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # made by an earlier start, or by another instance a moment ago: read it below
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(32) + "\n")
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)  # kept private even if someone loosened it
        token = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise CJMError(f"could not keep the owner token in {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    if len(token) < MIN_TOKEN_CHARS:
        raise CJMError(f"{path} holds no usable owner token: delete the file and start again")
    return token


def session_value(token: str) -> str:
    """The owner cookie's value: an HMAC of the secret, so the cookie never carries the secret itself."""
    return hmac.new(token.encode("utf-8"), _SESSION_CONTEXT, hashlib.sha256).hexdigest()


def same_secret(given: object, secret: str | None) -> bool:
    """Constant-time comparison of what someone typed with a secret (False for anything but text)."""
    if not secret or not isinstance(given, str) or not given:
        return False
    try:
        return hmac.compare_digest(given.strip().encode("utf-8"), secret.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate cannot be the secret
        return False


def is_loopback(host: str | None) -> bool:
    try:
        return ipaddress.ip_address((host or "").split("%")[0]).is_loopback
    except ValueError:
        return False


def forwarded(headers: Mapping[str, str]) -> bool:
    return any(headers.get(name) for name in FORWARDING_HEADERS)


@dataclass(frozen=True)
class Gate:
    """The sign-in rules of one server: its secret, an optional password, whether loopback must sign in too."""

    token: str
    password: str | None = None
    require_signin: bool = False
    trusted_proxies: tuple[str, ...] = DEFAULT_TRUSTED_PROXIES

    @classmethod
    def from_env(cls, data_dir: Path, env: Mapping[str, str] | None = None) -> Gate:
        """``CJM_OWNER_TOKEN`` (or the kept token), ``CJM_PASSWORD``, ``CJM_REQUIRE_SIGNIN``, ``CJM_TRUSTED_PROXIES``
        (comma-separated addresses whose ``X-Forwarded-For`` is believed; default loopback)."""
        env = os.environ if env is None else env
        proxies = tuple(p.strip() for p in str(env.get("CJM_TRUSTED_PROXIES", "")).split(",") if p.strip())
        password = str(env.get("CJM_PASSWORD", "")) or None
        return cls(owner_token(data_dir, env), password, truthy(env.get("CJM_REQUIRE_SIGNIN")),
                   proxies or DEFAULT_TRUSTED_PROXIES)

    @property
    def cookie(self) -> str:
        return session_value(self.token)

    def signed_in(self, cookie: str | None) -> bool:
        return isinstance(cookie, str) and hmac.compare_digest(cookie.encode("ascii", "replace"),
                                                              self.cookie.encode("ascii"))

    def accepts(self, given: object) -> bool:
        """The sign-in page's field: the owner token, or the password when ``CJM_PASSWORD`` is set."""
        return same_secret(given, self.token) or same_secret(given, self.password)

    def client(self, peer: str | None, headers: Mapping[str, str]) -> str:
        """The client's address: the peer, or the last hop a trusted proxy (loopback by default) reports."""
        peer = peer or ""
        if peer in self.trusted_proxies:
            hops = [h.strip() for h in str(headers.get("x-forwarded-for", "")).split(",") if h.strip()]
            if hops:
                return hops[-1][:64]
            real = str(headers.get("x-real-ip", "")).strip()
            if real:
                return real[:64]
        return peer[:64]

    def local(self, peer: str | None, headers: Mapping[str, str]) -> bool:
        """A client on this machine that came straight, not through a proxy: exempt unless sign-in is required."""
        return not self.require_signin and is_loopback(peer) and not forwarded(headers)

    def needs_signin(self, path: str, peer: str | None, headers: Mapping[str, str], cookie: str | None) -> bool:
        """Must this request be answered with the sign-in page (or refused, for a websocket)?"""
        return not (is_public(path) or self.signed_in(cookie) or self.local(peer, headers))

    def owner(self, peer: str | None, headers: Mapping[str, str], cookie: str | None) -> Owner | None:
        """The owner, when this client signed in or is the local one; None otherwise."""
        if self.signed_in(cookie):
            return Owner("cookie")
        if self.local(peer, headers):
            return Owner("loopback")
        return None

    def signin_link(self, base_url: str) -> str:
        """The console's link: ``http://HOST:PORT/?token=…``."""
        return f"{base_url.rstrip('/')}/?{TOKEN_PARAM}={self.token}"


def safe_next(target: object) -> str:
    """Where to go after signing in: a path on this server only (never ``//evil`` or ``https://…``)."""
    text = target if isinstance(target, str) else ""
    if not text.startswith("/") or text.startswith("//") or "\\" in text or any(ord(c) < 32 for c in text):
        return "/"
    return text[:2000]
