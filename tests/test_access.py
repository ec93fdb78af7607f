"""Who may open what (cjm.access) and how much anyone may do (cjm.throttle), without a server."""

from __future__ import annotations

import stat

import pytest

from cjm.access import (
    OWNER_COOKIE,
    Gate,
    Owner,
    is_public,
    owner_token,
    safe_next,
    session_value,
)
from cjm.errors import CJMError
from cjm.throttle import Limits, Throttle, Throttled

TOKEN = "owner-secret-0123456789abcdef"


# --- the owner secret ---------------------------------------------------------------------------
def test_the_owner_token_is_made_once_and_kept_private(tmp_path):
    first = owner_token(tmp_path / "data", env={})
    path = tmp_path / "data" / "owner-token"
    assert len(first) >= 40 and path.read_text().strip() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert owner_token(tmp_path / "data", env={}) == first  # a restart keeps it
    path.chmod(0o644)
    assert owner_token(tmp_path / "data", env={}) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # loosened by someone: tightened again


def test_cjm_owner_token_wins_and_must_be_long_enough(tmp_path):
    assert owner_token(tmp_path, env={"CJM_OWNER_TOKEN": f"  {TOKEN} "}) == TOKEN
    assert not (tmp_path / "owner-token").exists()
    with pytest.raises(CJMError, match="at least 16"):
        owner_token(tmp_path, env={"CJM_OWNER_TOKEN": "short"})


def test_the_cookie_is_derived_from_the_secret_not_the_secret():
    gate = Gate(TOKEN)
    assert gate.cookie == session_value(TOKEN) and TOKEN not in gate.cookie
    assert gate.signed_in(gate.cookie)
    assert not gate.signed_in(session_value(TOKEN + "x")) and not gate.signed_in(None)
    assert not gate.signed_in(TOKEN)  # the token itself is no cookie
    assert not gate.signed_in("é" * 64)


def test_the_sign_in_field_takes_the_token_or_the_password():
    assert Gate(TOKEN).accepts(TOKEN) and Gate(TOKEN).accepts(f" {TOKEN}\n")
    assert not Gate(TOKEN).accepts("") and not Gate(TOKEN).accepts(None) and not Gate(TOKEN).accepts(["x"])
    assert not Gate(TOKEN).accepts("\ud800")
    with_password = Gate(TOKEN, password="correct horse")
    assert with_password.accepts("correct horse") and with_password.accepts(TOKEN)
    assert not Gate(TOKEN, password=None).accepts("correct horse")


# --- who needs to sign in ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/j", "/j/K7MX4P", "/j/static/phone.css", "/api/v1/join", "/api/v1/me/votes/a",
                                  "/_stcore/health", "/signin", "/join"])
def test_the_participant_face_is_public(path):
    assert is_public(path)
    assert not Gate(TOKEN, require_signin=True).needs_signin(path, "203.0.113.9", {}, None)


@pytest.mark.parametrize("path", ["/", "/library", "/builder", "/workshop", "/_stcore/stream", "/_stcore/host-config",
                                  "/static/js/index.js", "/jx", "/api/v2/x", "/api/v1", "/media/x.png"])
def test_everything_else_needs_the_owner(path):
    gate = Gate(TOKEN)
    assert not is_public(path)
    assert gate.needs_signin(path, "192.168.1.20", {}, None)
    assert not gate.needs_signin(path, "192.168.1.20", {}, gate.cookie)
    assert gate.needs_signin(path, "192.168.1.20", {}, "forged")


def test_loopback_is_the_owner_unless_sign_in_is_required_or_a_proxy_is_in_between():
    gate = Gate(TOKEN)
    for peer in ("127.0.0.1", "::1", "127.0.0.2"):
        assert not gate.needs_signin("/", peer, {}, None)
        assert gate.owner(peer, {}, None) == Owner("loopback")
    assert gate.needs_signin("/", "127.0.0.1", {"x-forwarded-for": "192.168.1.20"}, None)
    assert gate.needs_signin("/", "127.0.0.1", {"forwarded": "for=192.168.1.20"}, None)
    assert gate.needs_signin("/", None, {}, None) and gate.needs_signin("/", "testclient", {}, None)
    required = Gate(TOKEN, require_signin=True)
    assert required.needs_signin("/", "127.0.0.1", {}, None)
    assert required.owner("127.0.0.1", {}, None) is None
    assert required.owner("127.0.0.1", {}, required.cookie) == Owner("cookie")


def test_the_client_address_behind_a_trusted_proxy():
    gate = Gate(TOKEN)
    assert gate.client("127.0.0.1", {"x-forwarded-for": "10.0.0.5, 192.168.1.20"}) == "192.168.1.20"
    assert gate.client("127.0.0.1", {"x-real-ip": "192.168.1.21"}) == "192.168.1.21"
    assert gate.client("192.168.1.7", {"x-forwarded-for": "1.2.3.4"}) == "192.168.1.7"  # untrusted: its own
    assert Gate(TOKEN, trusted_proxies=("10.0.0.1",)).client("10.0.0.1", {"x-forwarded-for": "5.6.7.8"}) == "5.6.7.8"


def test_gate_from_env(tmp_path):
    gate = Gate.from_env(tmp_path, env={"CJM_OWNER_TOKEN": TOKEN, "CJM_PASSWORD": "pw", "CJM_REQUIRE_SIGNIN": "1",
                                        "CJM_TRUSTED_PROXIES": "10.0.0.1, 10.0.0.2"})
    assert gate == Gate(TOKEN, "pw", True, ("10.0.0.1", "10.0.0.2"))
    assert Gate.from_env(tmp_path, env={"CJM_OWNER_TOKEN": TOKEN}).require_signin is False
    assert gate.signin_link("http://192.168.1.20:8501/") == f"http://192.168.1.20:8501/?token={TOKEN}"
    assert OWNER_COOKIE == "cjm_owner"


@pytest.mark.parametrize(("target", "expected"), [
    ("/builder?map=x", "/builder?map=x"), ("//evil.example/", "/"), ("https://evil.example/", "/"),
    ("/\\evil", "/"), ("", "/"), (None, "/"), ("/a\nb", "/"), ("javascript:alert(1)", "/")])
def test_after_sign_in_only_a_path_of_this_server(target, expected):
    assert safe_next(target) == expected


# --- throttles ----------------------------------------------------------------------------------------
class Clock:
    def __init__(self):
        self.at = 1000.0

    def __call__(self):
        return self.at


def test_a_sliding_window_per_key():
    clock = Clock()
    throttle = Throttle(3, 60, clock=clock, message="too many wrong codes", key="err.throttle.codes")
    for _ in range(3):
        throttle.check("10.0.0.1")
        throttle.record("10.0.0.1")
        clock.at += 10
    with pytest.raises(Throttled, match="too many wrong codes: try again in 30 s") as refused:
        throttle.check("10.0.0.1")
    assert refused.value.retry_after == 30 and refused.value.key == "err.throttle.codes"
    assert refused.value.params == {"seconds": 30}
    throttle.check("10.0.0.2")  # another address has its own window
    clock.at += 30
    throttle.check("10.0.0.1")  # the first wrong code left the window
    assert throttle.retry_after("never-seen") is None


def test_limits_from_the_environment():
    assert Limits.from_env({}) == Limits()
    limits = Limits.from_env({"CJM_WRONG_CODES_PER_MINUTE": "3", "CJM_PARTICIPANTS_PER_ROOM": "40",
                              "CJM_NOTES_PER_PHASE": " 5 ", "CJM_SIGNINS_PER_MINUTE": ""})
    assert limits == Limits(wrong_codes_per_minute=3, participants_per_room=40, notes_per_phase=5)
    for variable, value in (("CJM_PARTICIPANTS_PER_ROOM", "1001"), ("CJM_NOTES_PER_PHASE", "0"),
                            ("CJM_WRONG_CODES_PER_MINUTE", "ten")):
        with pytest.raises(CJMError, match=variable):
            Limits.from_env({variable: value})
