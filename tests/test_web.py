"""The server's second face in-process (Starlette's TestClient): the sign-in gate, the JSON API, the phone page.

The Streamlit app behind the gate is stood in for by a route that answers "STREAMLIT APP" (and a websocket that
accepts), so these tests see exactly what the gate lets through. The browser tests (tests/e2e/test_workshop.py)
drive the real server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.testclient import TestClient
from starlette.websockets import WebSocket, WebSocketDisconnect

from cjm.access import Gate, Owner
from cjm.storage import MapStore
from cjm.templates import load_template
from cjm.throttle import Limits
from web.app import build
from web.services import Services

TOKEN = "owner-secret-0123456789abcdef"
OWNER = Owner("test")
HOSTILE_TEXT = st.one_of(
    st.text(max_size=60), st.just("\ud800"), st.just("a\x00b"), st.just("<script>alert(1)</script>"),
    st.just("x" * 5000), st.just("\u202eRTL"), st.just("﷐"))
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE_TEXT, inner, max_size=4), max_leaves=10)


class Clock:
    at = 1000.0

    def __call__(self) -> float:
        return self.at


class Stand:
    """A test server: the store, the room, and a client that is not on loopback."""

    def __init__(self, tmp_path, **limits):
        self.store = MapStore(f"sqlite:///{tmp_path / 'cjm.sqlite3'}")
        self.map = load_template("saas_demo", "en").model_copy(update={"title": "Secret <b>roadmap</b>"})
        self.store.create(self.map)
        self.clock = Clock()
        self.services = Services.build(self.store, Gate(TOKEN, password="open sesame", require_signin=True),
                                       Limits(**limits), clock=self.clock)
        self.rooms = self.services.rooms
        self.room = self.rooms.open_room(OWNER, self.map.id)

        async def streamlit_app(request):
            return PlainTextResponse(f"STREAMLIT APP {request.url.path}")

        async def stream(websocket: WebSocket):
            await websocket.accept()
            await websocket.send_text("hello owner")
            await websocket.close()

        fallback = [WebSocketRoute("/_stcore/stream", stream), Route("/{path:path}", streamlit_app)]
        app = build(self.services)
        app.router.routes.extend(fallback)
        self.app = app

    def client(self, **kwargs) -> TestClient:
        return TestClient(self.app, base_url="http://cjm.test", client=("192.168.1.50", 50000),
                          follow_redirects=False, **kwargs)

    def stage_ids(self) -> list[str]:
        return [s.id for s in self.map.stages]


@pytest.fixture
def stand(tmp_path) -> Iterator[Stand]:
    s = Stand(tmp_path, wrong_codes_per_minute=5)
    yield s
    s.store.close()


def joined(stand: Stand, client: TestClient, name: str = "Anna") -> str:
    answer = client.post("/api/v1/join", json={"code": stand.room.code, "name": name})
    assert answer.status_code == 201, answer.text
    return answer.json()["token"]


def as_json(data) -> bytes:
    """JSON as a client may send it: a lone surrogate as the escape ``\\ud800`` (valid JSON, unstorable text)."""
    return json.dumps(data).encode("ascii")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- the gate ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/library", "/builder?map=ID", "/workshop", "/static/js/main.js",
                                  "/_stcore/host-config"])
def test_without_signing_in_no_page_of_the_app_and_no_title(stand, path):
    answer = stand.client().get(path.replace("ID", stand.map.id))
    assert answer.status_code == 401
    assert "STREAMLIT APP" not in answer.text and "roadmap" not in answer.text  # (the id it asked for is its own)
    assert "Sign in" in answer.text and answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["cache-control"] == "no-store"


def test_the_console_link_signs_in_and_takes_the_token_out_of_the_address(stand):
    client = stand.client()
    answer = client.get(f"/builder?map=m1&token={TOKEN}")
    assert answer.status_code == 303 and answer.headers["location"] == "/builder?map=m1"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and TOKEN not in cookie
    assert answer.headers["referrer-policy"] == "no-referrer"
    page = client.get("/builder?map=m1")
    assert page.status_code == 200 and page.text == "STREAMLIT APP /builder"
    cookie = {"cookie": f"cjm_owner={client.cookies['cjm_owner']}"}  # (the test client's websockets skip its jar)
    with client.websocket_connect("/_stcore/stream", headers=cookie) as ws:
        assert ws.receive_text() == "hello owner"


def test_the_websocket_is_refused_without_the_cookie(stand):
    with pytest.raises(WebSocketDisconnect) as closed, stand.client().websocket_connect("/_stcore/stream"):
        pass
    assert closed.value.code == 4403
    participant = stand.client()
    joined(stand, participant)  # a participant's token or cookie is no owner's
    with pytest.raises(WebSocketDisconnect), participant.websocket_connect("/_stcore/stream"):
        pass


def test_loopback_without_required_sign_in_is_the_owner(tmp_path):
    stand = Stand(tmp_path)
    stand.services.gate = Gate(TOKEN)  # CJM_REQUIRE_SIGNIN off
    local = TestClient(stand.app, client=("127.0.0.1", 5000), follow_redirects=False)
    assert local.get("/library").text == "STREAMLIT APP /library"
    proxied = local.get("/library", headers={"X-Forwarded-For": "192.168.1.50"})
    assert proxied.status_code == 401  # a proxy on the same machine does not make everyone local
    stand.store.close()


def test_the_sign_in_page_takes_the_token_or_the_password_and_goes_back(stand):
    client = stand.client()
    wrong = client.post("/signin", data={"secret": "guess", "next": "/analysis?map=x"})
    assert wrong.status_code == 401 and "That is not it" in wrong.text
    right = client.post("/signin", data={"secret": "open sesame", "next": "/analysis?map=x"})
    assert right.status_code == 303 and right.headers["location"] == "/analysis?map=x"
    assert client.get("/analysis").text == "STREAMLIT APP /analysis"
    away = stand.client().post("/signin", data={"secret": TOKEN, "next": "https://evil.example/"})
    assert away.headers["location"] == "/"


def test_signing_out_takes_a_button_and_then_the_app_asks_again(stand):
    client = stand.client()
    assert client.get(f"/?token={TOKEN}").status_code == 303
    assert client.get("/library").text == "STREAMLIT APP /library"
    page = client.get("/signout")  # a link (or a prefetch) alone signs nobody out
    assert page.status_code == 200 and 'method="post" action="/signout"' in page.text
    assert client.get("/library").text == "STREAMLIT APP /library"
    out = client.post("/signout")
    assert out.status_code == 303 and out.headers["location"] == "/signin?next=/"
    assert "Max-Age=0" in out.headers["set-cookie"] and "cjm_owner=;" in out.headers["set-cookie"]
    assert "cjm_owner" not in client.cookies
    assert client.get("/library").status_code == 401
    assert stand.client().get("/signout").status_code == 401  # a stranger gets the sign-in page, nothing else


def test_failed_sign_ins_are_throttled(stand):
    client = stand.client()
    for _ in range(stand.services.limits.signins_per_minute):
        assert client.post("/signin", data={"secret": "guess"}).status_code == 401
    refused = client.post("/signin", data={"secret": TOKEN})  # even the right one waits
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert client.get(f"/?token={TOKEN}").status_code == 429
    stand.clock.at += 61
    assert client.post("/signin", data={"secret": TOKEN}).status_code == 303


# --- the JSON API ----------------------------------------------------------------------------------
def test_join_me_vote_and_notes_as_documented(stand):
    client = stand.client()
    answer = client.post("/api/v1/join", json={"code": stand.room.code.lower(), "name": "  Anna "})
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == {"token", "room", "you"} and body["you"] == {"name": "Anna"}
    assert body["room"] == {"code": stand.room.code, "title": "Secret <b>roadmap</b>", "phase": "collect",
                            "seconds_left": None, "blind": True, "round": 1}
    auth = bearer(body["token"])
    first, second = stand.stage_ids()[:2]

    note = client.post("/api/v1/me/notes", json={"stage_id": first, "kind": "pain", "text": "<b>slow</b>"},
                       headers=auth)
    assert note.status_code == 201 and note.json()["text"] == "<b>slow</b>"
    assert client.put(f"/api/v1/me/votes/{first}", json={"importance": 5}, headers=auth).status_code == 403

    stand.rooms.set_phase(OWNER, stand.room.id, "vote", minutes=5)
    voted = client.put(f"/api/v1/me/votes/{first}", json={"importance": 5, "emotion": -2}, headers=auth)
    assert voted.status_code == 200 and voted.json() == {"stage_id": first, "importance": 5, "emotion": -2}
    again = client.put(f"/api/v1/me/votes/{first}", json={"emotion": -1}, headers=auth)  # last vote wins
    assert again.json() == {"stage_id": first, "importance": 5, "emotion": -1}
    assert client.put(f"/api/v1/me/votes/{second}", json={"importance": 6}, headers=auth).status_code == 400
    assert client.put(f"/api/v1/me/votes/{second}", json={"importance": 4.5}, headers=auth).status_code == 400
    assert client.put("/api/v1/me/votes/no-such-stage", json={"importance": 4}, headers=auth).status_code == 404

    me = client.get("/api/v1/me", headers=auth).json()
    assert me["room"]["phase"] == "vote" and 0 < me["room"]["seconds_left"] <= 300
    assert [s["id"] for s in me["stages"]] == stand.stage_ids()
    assert me["votes"] == {first: {"importance": 5, "emotion": -1}}
    assert [n["text"] for n in me["notes"]] == ["<b>slow</b>"]
    assert client.get("/api/v1/me/room", headers=auth).json()["room"]["phase"] == "vote"
    assert len(stand.rooms.snapshot(OWNER, stand.room.id).votes) == 1  # counted once

    stand.rooms.set_phase(OWNER, stand.room.id, "collect")
    assert client.delete(f"/api/v1/me/notes/{note.json()['id']}", headers=auth).status_code == 204
    assert client.delete(f"/api/v1/me/notes/{note.json()['id']}", headers=auth).status_code == 404
    stand.rooms.close(OWNER, stand.room.id)
    closed = client.post("/api/v1/me/notes", json={"stage_id": first, "kind": "idea", "text": "x"}, headers=auth)
    assert closed.status_code == 403 and "ended" in closed.json()["error"]
    assert client.post("/api/v1/join", json={"code": stand.room.code, "name": "Late"}).status_code == 404


def test_api_refusals(stand):
    client = stand.client()
    assert client.get("/api/v1/me").status_code == 401
    missing = client.get("/api/v1/me", headers=bearer("made-up"))
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert client.post("/api/v1/join", json={"code": stand.room.code, "name": ""}).status_code == 400
    assert client.post("/api/v1/join", json={"code": stand.room.code, "name": "x" * 41}).status_code == 400
    assert client.post("/api/v1/join", json={"code": stand.room.code, "name": 5}).status_code == 400
    assert client.post("/api/v1/join", content=b"{", headers={"content-type": "application/json"}).status_code == 400
    assert client.post("/api/v1/join", content=b"x" * 20_000).status_code == 413
    assert client.get("/api/v1/join").status_code == 405
    assert client.get("/api/v1/nothing-here").json() == {"error": "No such address in the API"}


def test_errors_in_the_participants_language(stand):
    client = stand.client()
    answer = client.post("/api/v1/join", json={"code": "ZZZZZZ", "name": "Аня"}, headers={"Accept-Language": "ru-RU"})
    assert answer.status_code == 404 and answer.json() == {"error": "Воркшопа с кодом «ZZZZZZ» нет: проверьте код на "
                                                                    "экране"}
    token = joined(stand, client)
    answer = client.put(f"/api/v1/me/votes/{stand.stage_ids()[0]}", json={"importance": 3},
                        headers={**bearer(token), "Accept-Language": "ru"})
    assert answer.json() == {"error": "Голосование ещё не открыто: дождитесь ведущего"}


def test_wrong_join_codes_are_throttled_per_client_address(stand):
    client = stand.client()
    for _ in range(5):
        assert client.post("/api/v1/join", json={"code": "ZZZZZZ", "name": "Eve"}).status_code == 404
    refused = client.post("/api/v1/join", json={"code": stand.room.code, "name": "Eve"})
    assert refused.status_code == 429 and 0 < int(refused.headers["retry-after"]) <= 60
    assert "Too many wrong codes" in refused.json()["error"]
    assert stand.client().get("/j/ZZZZZZ").status_code == 429  # the phone page counts the same way
    other = TestClient(stand.app, client=("192.168.1.51", 1))
    assert other.post("/api/v1/join", json={"code": stand.room.code, "name": "Ann"}).status_code == 201
    stand.clock.at += 61
    assert client.post("/api/v1/join", json={"code": stand.room.code, "name": "Eve"}).status_code == 201


def test_notes_per_phase_and_participants_per_room_answer_429(tmp_path):
    stand = Stand(tmp_path, notes_per_phase=2, participants_per_room=2)
    client = stand.client()
    token = joined(stand, client)
    joined(stand, client, "Boris")
    full = client.post("/api/v1/join", json={"code": stand.room.code, "name": "Chen"})
    assert full.status_code == 429 and "full" in full.json()["error"] and "retry-after" not in full.headers
    note = {"stage_id": stand.stage_ids()[0], "kind": "idea", "text": "x"}
    for _ in range(2):
        assert client.post("/api/v1/me/notes", json=note, headers=bearer(token)).status_code == 201
    assert client.post("/api/v1/me/notes", json=note, headers=bearer(token)).status_code == 429
    stand.store.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/api/v1/join", "/api/v1/me/notes", "/api/v1/me/votes/STAGE"]),
       body=ANY_JSON | st.binary(max_size=200).map(lambda b: b"\xff" + b))
def test_hostile_bodies_get_a_clear_4xx_json_answer_never_a_500(stand, path, body):
    client = stand.client()
    if not hasattr(stand, "token"):
        stand.token = joined(stand, client, "Hostile tester")
        stand.rooms.set_phase(OWNER, stand.room.id, "collect")
    url = path.replace("STAGE", stand.stage_ids()[0])
    content = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8", "surrogatepass")
    method = client.put if "votes" in path else client.post
    answer = method(url, content=content, headers={**bearer(stand.token), "content-type": "application/json"})
    assert answer.status_code < 500, answer.text
    if answer.status_code >= 400:
        error = answer.json()["error"]
        assert isinstance(error, str) and error and "\n" not in error and "Traceback" not in error
        assert len(error) <= 300


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=HOSTILE_TEXT, text=HOSTILE_TEXT)
def test_hostile_names_and_notes_are_stored_exactly_or_refused_in_one_line(stand, name, text):
    client = stand.client()
    answer = client.post("/api/v1/join", content=as_json({"code": stand.room.code, "name": name}))
    if answer.status_code != 201:
        assert answer.status_code in (400, 429) and answer.json()["error"]
        return
    token = answer.json()["token"]
    note = client.post("/api/v1/me/notes", content=as_json({"stage_id": stand.stage_ids()[0], "kind": "idea",
                                                            "text": text}), headers=bearer(token))
    if note.status_code == 201:
        assert note.json()["text"] == text.strip()
    else:
        assert note.status_code in (400, 429) and note.json()["error"]


# --- the phone page -------------------------------------------------------------------------------
def phone(stand: Stand) -> TestClient:
    return stand.client(headers={"Accept-Language": "en-US"})


def test_the_phone_joins_votes_and_comes_back_after_a_refresh(stand):
    client = phone(stand)
    assert client.get("/j").status_code == 200
    typed = client.get(f"/j?code={stand.room.code[:3].lower()} {stand.room.code[3:].lower()}")
    assert typed.status_code == 303 and typed.headers["location"] == f"/j/{stand.room.code}"
    assert client.get(f"/join?code={stand.room.code}").headers["location"] == f"/j/{stand.room.code}"  # old links
    form = client.get(f"/j/{stand.room.code}")
    assert form.status_code == 200 and 'name="name"' in form.text
    joined_page = client.post(f"/j/{stand.room.code}/join", data={"name": "<img src=x onerror=alert(1)>"})
    assert joined_page.status_code == 303
    cookie = joined_page.headers["set-cookie"]
    assert f"cjm_p_{stand.room.code}=" in cookie and "HttpOnly" in cookie and f"Path=/j/{stand.room.code}" in cookie
    page = client.get(f"/j/{stand.room.code}")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text and "<img src=x" not in page.text  # autoescaped
    assert "Secret &lt;b&gt;roadmap&lt;/b&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]

    stand.rooms.set_phase(OWNER, stand.room.id, "vote")
    page = client.get(f"/j/{stand.room.code}")
    stage = stand.map.stages[0]
    assert f'aria-label="Importance of “{stage.name}”"' in page.text
    assert f'aria-label="Emotion at “{stage.name}”"' in page.text
    tap = client.post(f"/j/{stand.room.code}/vote/{stage.id}", data={"importance": "4"},
                      headers={"HX-Request": "true"})
    assert tap.status_code == 200 and "✓ Vote received: importance 4" in tap.text
    assert tap.text.lstrip().startswith("<article") and 'aria-pressed="true">4</button>' in tap.text
    tap = client.post(f"/j/{stand.room.code}/vote/{stage.id}", data={"emotion": "-2"}, headers={"HX-Request": "true"})
    assert "emotion 😡 −2" in tap.text
    refresh = phone(stand)  # a new tab, or the phone after a server restart: the cookie is the person
    refresh.cookies = client.cookies
    assert "You are &lt;img" in refresh.get(f"/j/{stand.room.code}").text
    view = stand.rooms.view(client.cookies[f"cjm_p_{stand.room.code}"])
    assert (view.votes[stage.id].importance, view.votes[stage.id].emotion) == (4, -2)


def test_the_phone_follows_the_phase_through_the_poll(stand):
    client = phone(stand)
    client.post(f"/j/{stand.room.code}/join", data={"name": "Anna"})
    page = client.get(f"/j/{stand.room.code}").text
    key = re.search(r'data-state="([^"]+)"', page).group(1)
    same = client.get(f"/j/{stand.room.code}/poll?s={key}")
    assert same.text.lstrip().startswith('<section id="status"') and "HX-Retarget" not in same.headers
    stand.rooms.set_phase(OWNER, stand.room.id, "vote", minutes=2)
    moved = client.get(f"/j/{stand.room.code}/poll?s={key}")
    assert moved.headers["hx-retarget"] == "#main" and "Stages rated: 0 of 4" in moved.text and "⏱ 2:00" in moved.text
    stand.rooms.new_round(OWNER, stand.room.id)
    assert "round 2" in client.get(f"/j/{stand.room.code}/poll?s=vote.1").text


def test_the_phone_page_in_russian_and_the_toggle(stand):
    client = stand.client(headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert "Присоединиться к воркшопу" in client.get(f"/j/{stand.room.code}").text
    toggled = client.get(f"/j/{stand.room.code}?lang=en")
    assert toggled.status_code == 303 and "cjm_lang=en" in toggled.headers["set-cookie"]
    assert "Join the workshop" in client.get(f"/j/{stand.room.code}").text


def test_notes_from_the_phone_and_only_own_ones_removed(stand):
    client = phone(stand)
    client.post(f"/j/{stand.room.code}/join", data={"name": "Anna"})
    stage = stand.map.stages[1]
    added = client.post(f"/j/{stand.room.code}/notes", data={"stage_id": stage.id, "kind": "question",
                                                              "text": "Who <i>pays</i>?"}, headers={"HX-Request": "1"})
    assert "✓ Note received" in added.text and "Who &lt;i&gt;pays&lt;/i&gt;?" in added.text
    assert f'value="{stage.id}" selected' in added.text  # the stage stays chosen for the next note
    empty = client.post(f"/j/{stand.room.code}/notes", data={"stage_id": stage.id, "kind": "idea", "text": " "},
                        headers={"HX-Request": "1"})
    assert empty.status_code == 400 and "The note is empty" in empty.text
    note = stand.rooms.view(client.cookies[f"cjm_p_{stand.room.code}"]).notes[0]
    other = phone(stand)
    other.post(f"/j/{stand.room.code}/join", data={"name": "Boris"})
    refused = other.post(f"/j/{stand.room.code}/notes/{note.id}/delete", headers={"HX-Request": "1"})
    assert refused.status_code == 404
    assert client.post(f"/j/{stand.room.code}/notes/{note.id}/delete", headers={"HX-Request": "1"}).status_code == 200
    assert stand.rooms.view(client.cookies[f"cjm_p_{stand.room.code}"]).notes == []


def test_static_files_are_gzipped_and_cached(stand):
    client = stand.client(headers={"Accept-Encoding": "gzip"})
    page = client.get(f"/j/{stand.room.code}")
    for asset in re.findall(r'(?:href|src)="(/j/static/[^"]+)"', page.text):
        answer = client.get(asset)
        assert answer.status_code == 200 and answer.headers["content-encoding"] == "gzip", asset
        assert "immutable" in answer.headers["cache-control"]
    assert client.get("/j/static/vendor/htmx-LICENSE.txt").status_code == 200
    assert client.post("/api/v1/join", json={"code": "ZZZZZZ", "name": "x" * 40}).headers.get(
        "content-type") == "application/json"
