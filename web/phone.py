"""The participant's phone page: ``/j`` (a code box) and ``/j/CODE`` (name, then the room), server-rendered.

Jinja2 renders every piece (autoescaped: names, notes and stage names are shown as typed); htmx (vendored,
``web/static/vendor``) sends the taps and swaps the answer in, and polls ``/j/CODE/poll`` every 2 s for the
phase and the timer. Without JavaScript the same forms post and the page comes back whole. The participant's
token lives in an HttpOnly cookie for this room's path (``cjm_p_CODE``, until the room expires), so a refresh
or a server restart brings the same person back. Thin: :mod:`cjm.rooms` decides everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from cjm import emotion
from cjm.errors import CJMError
from cjm.i18n import t
from cjm.model import LANGUAGES, MAX_NOTE_CHARS, now
from cjm.rooms import NotAllowed, ParticipantView, RoomClosed, RoomNotFound
from cjm.throttle import Throttled
from cjm.workshop import (
    CLOSED,
    COLLECT,
    EMOTION_SCALE,
    IMPORTANCE_SCALE,
    JOIN_PATH,
    MAX_NAME_CHARS,
    NOTE_LANES,
    ROOM_HOURS,
    VOTE,
    clock,
    normalize_code,
    note_icon,
)

from .gate import PAGE_CSP, small_form
from .services import LANG_COOKIE, LOG, STATIC, Services, client_of, language, message, status_of

POLL_SECONDS = 2
COOKIE_PREFIX = "cjm_p_"


def cookie_name(code: str) -> str:
    return COOKIE_PREFIX + code


@dataclass
class Flash:
    """What the last tap did: a stage whose vote was received, a note received, or a refusal."""

    stage_id: str | None = None
    note: bool = False
    problem: str | None = None
    chosen_stage: str | None = None  # the note form keeps the stage and kind chosen, and a refused note's text
    chosen_kind: str | None = None
    draft: str = ""


class CachedStatic(StaticFiles):
    """Static files that browsers keep: the vendored files carry their version in the name, ours a ``?v=`` hash."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_cached(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and message.get("status") == 200:
                message["headers"] = [*message.get("headers", []),
                                      (b"cache-control", b"public, max-age=31536000, immutable")]
            await send(message)

        await super().__call__(scope, receive, send_cached)


def routes(services: Services) -> list[Any]:
    rooms = services.rooms
    templates = services.templates

    def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = context.pop("lang", None) or language(request)
        html = templates.get_template(template).render(
            t=lambda key, **kw: t(key, lang, **kw), lang=lang, languages=LANGUAGES, join_path=JOIN_PATH,
            max_name=MAX_NAME_CHARS, max_note=MAX_NOTE_CHARS, poll=f"{POLL_SECONDS}s", **context)
        return HTMLResponse(html, status, headers={"Cache-Control": "no-store", "Content-Security-Policy": PAGE_CSP,
                                                    "X-Frame-Options": "DENY", "Vary": "Cookie, Accept-Language"})

    def token_of(request: Request, code: str) -> str:
        return request.cookies.get(cookie_name(code), "")

    def room_context(view: ParticipantView, lang: str, flash: Flash | None = None) -> dict[str, Any]:
        room, stages = view.room, view.map.stages
        names = {s.id: s.name for s in stages}
        return {
            "code": room.code, "title": view.map.title, "name": view.participant.name, "state": room.state,
            "state_key": state_key(view.room), "round": room.vote_round,
            "phase_label": t(f"ws.phase.{room.state}", lang), "timer": clock(room.seconds_left()),
            "stages": stages, "stage_names": names, "votes": view.votes, "earlier": view.earlier,
            "notes": view.notes, "kinds": [(k, note_icon(k), t(f"ws.note.{k}", lang)) for k in NOTE_LANES],
            "importance_scale": IMPORTANCE_SCALE, "emotions": [(e, emotion.label(e)) for e in EMOTION_SCALE],
            "face": emotion.label, "rated": sum(1 for s in stages if s.id in view.votes),
            "flash": flash or Flash(), "collect": room.state == COLLECT, "vote": room.state == VOTE,
            "closed": room.state == CLOSED, "quote": lambda s: quote(s, safe=""), "kind_icon": note_icon,
            "chosen_stage": (flash or Flash()).chosen_stage, "chosen_kind": (flash or Flash()).chosen_kind,
            "draft": (flash or Flash()).draft if (flash or Flash()).problem else "",
        }

    async def view_of(request: Request, code: str) -> ParticipantView | None:
        token = token_of(request, code)
        if not token:
            return None
        try:
            view = await run_in_threadpool(rooms.view, token)
        except NotAllowed:
            return None
        return view if view.room.code == code else None

    # --- /j and /join ---------------------------------------------------------------------------
    async def code_box(request: Request) -> Response:
        typed = request.query_params.get("code", "")
        if typed:
            code = normalize_code(typed)
            if code:
                return RedirectResponse(f"{JOIN_PATH}/{quote(code, safe='')}", 303)
        return render(request, "code.html")

    async def old_join(request: Request) -> Response:
        code = normalize_code(request.query_params.get("code", ""))
        return RedirectResponse(f"{JOIN_PATH}/{quote(code, safe='')}" if code else JOIN_PATH, 308)

    # --- /j/CODE -------------------------------------------------------------------------------
    async def room_page(request: Request) -> Response:
        raw = request.path_params["code"]
        code = normalize_code(raw)
        chosen = request.query_params.get("lang")
        if chosen in LANGUAGES or code != raw:
            response = RedirectResponse(f"{JOIN_PATH}/{quote(code, safe='')}", 303)
            if chosen in LANGUAGES:
                response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, path="/", samesite="lax",
                                    httponly=True)
            return response
        view = await view_of(request, code)
        lang = language(request)
        if view is not None:
            return render(request, "room.html", lang=lang, **room_context(view, lang))
        return await name_form(request, code)

    async def name_form(request: Request, code: str, problem: CJMError | None = None, name: str = "") -> Response:
        lang = language(request)
        client = client_of(request, services)
        status = 200
        if problem is None:
            try:
                services.wrong_codes.check(client)
                await run_in_threadpool(rooms.find, code)
            except (RoomNotFound, RoomClosed) as exc:
                services.wrong_codes.record(client)
                problem, status = exc, 404
            except CJMError as exc:
                problem, status = exc, status_of(exc)
        else:
            status = 404 if isinstance(problem, (RoomNotFound, RoomClosed)) else status_of(problem)
        # no such room, or too many wrong codes: the code box again (a throttled guess learns nothing of the room)
        known = problem is None or not isinstance(problem, (RoomNotFound, RoomClosed, Throttled))
        headers = {}
        if isinstance(problem, Throttled) and problem.retry_after:
            headers["Retry-After"] = str(problem.retry_after)
        response = render(request, "join.html" if known else "code.html", status, lang=lang, code=code,
                          name=name, problem=message(problem, lang) if problem else None)
        response.headers.update(headers)
        return response

    async def join(request: Request) -> Response:
        code = normalize_code(request.path_params["code"])
        form = await small_form(request)
        name = form.get("name", "")
        client = client_of(request, services)
        try:
            services.wrong_codes.check(client)
            person, token = await run_in_threadpool(rooms.join, code, name)
        except (RoomNotFound, RoomClosed) as exc:
            services.wrong_codes.record(client)
            return await name_form(request, code, exc, name)
        except CJMError as exc:
            return await name_form(request, code, exc, name)
        room = await run_in_threadpool(rooms.room_of, token)
        response = RedirectResponse(f"{JOIN_PATH}/{quote(code, safe='')}", 303)
        seconds = max(60, int((room.expires_at - now()).total_seconds()) if room.expires_at else ROOM_HOURS * 3600)
        response.set_cookie(cookie_name(code), token, max_age=min(seconds, int(timedelta(hours=ROOM_HOURS)
                                                                               .total_seconds())),
                            path=f"{JOIN_PATH}/{code}", httponly=True, samesite="lax",
                            secure=request.url.scheme == "https")
        LOG.debug("joined %s as %s", code, person.id)
        return response

    # --- htmx: poll and taps ---------------------------------------------------------------------
    def partial(request: Request, view: ParticipantView, template: str, status: int = 200,
                flash: Flash | None = None, **extra: Any) -> Response:
        lang = language(request)
        return render(request, template, status, lang=lang, **room_context(view, lang, flash), **extra)

    async def poll(request: Request) -> Response:
        """Every 2 s from each phone: one light read (the room) while nothing changed, the room part anew if so."""
        code = normalize_code(request.path_params["code"])
        refresh = Response(status_code=200, headers={"HX-Refresh": "true", "Cache-Control": "no-store"})
        try:
            room = await run_in_threadpool(rooms.room_of, token_of(request, code))
        except NotAllowed:
            return refresh
        if room.code != code:
            return refresh
        if request.query_params.get("s") == state_key(room):
            lang = language(request)
            return render(request, "status.html", lang=lang, code=room.code, state_key=state_key(room),
                          phase_label=t(f"ws.phase.{room.state}", lang), timer=clock(room.seconds_left()),
                          round=room.vote_round, vote=room.state == VOTE)
        view = await view_of(request, code)
        if view is None:
            return refresh
        response = partial(request, view, "main.html")  # the phase or round changed: the whole room part anew
        response.headers.update({"HX-Retarget": "#main", "HX-Reswap": "innerHTML"})
        return response

    async def act(request: Request, action, fragment: str, flash: Flash) -> Response:
        code = normalize_code(request.path_params["code"])
        token = token_of(request, code)
        status = 200
        try:
            await run_in_threadpool(action, token)
        except CJMError as exc:
            flash.problem, flash.note = message(exc, language(request)), False
            status = status_of(exc)
            if status == 401:
                return Response(status_code=200, headers={"HX-Refresh": "true", "Cache-Control": "no-store"}) \
                    if request.headers.get("hx-request") else RedirectResponse(f"{JOIN_PATH}/{code}", 303)
        view = await view_of(request, code)
        if view is None:
            return RedirectResponse(f"{JOIN_PATH}/{quote(code, safe='')}", 303)
        if not request.headers.get("hx-request"):  # no JavaScript: the whole page, with what happened
            return partial(request, view, "room.html", status, flash)
        stage = _stage(view, flash.stage_id)
        if view.room.state != fragment_state(fragment) or (fragment == "stage.html" and stage is None):
            # the phase moved on meanwhile, or the stage is gone: the whole room part anew
            response = partial(request, view, "main.html", status, flash)
            response.headers.update({"HX-Retarget": "#main", "HX-Reswap": "innerHTML"})
            return response
        return partial(request, view, fragment, status, flash, stage=stage)

    async def vote(request: Request) -> Response:
        stage_id = request.path_params["stage_id"]
        form = await small_form(request)
        given = {k: _number(form[k]) for k in ("importance", "emotion") if k in form}
        if not given:
            given = {"importance": None}  # refused by the core with its own words
        return await act(request, lambda token: rooms.vote(token, stage_id, **given), "stage.html",
                         Flash(stage_id=stage_id))

    async def add_note(request: Request) -> Response:
        form = await small_form(request)
        flash = Flash(note=True, chosen_stage=form.get("stage_id"), chosen_kind=form.get("kind"),
                      draft=form.get("text", ""))
        response = await act(request, lambda token: rooms.add_note(token, form.get("stage_id"), form.get("kind"),
                                                                   form.get("text")), "collect.html", flash)
        return response

    async def delete_note(request: Request) -> Response:
        note_id = request.path_params["note_id"]
        return await act(request, lambda token: rooms.delete_note(token, note_id), "collect.html", Flash())

    code = "{code:str}"
    return [
        Mount(f"{JOIN_PATH}/static", app=CachedStatic(directory=STATIC), name="phone-static"),
        Route(JOIN_PATH, code_box, methods=["GET", "HEAD"]),
        Route("/join", old_join, methods=["GET", "HEAD"]),
        Route(f"{JOIN_PATH}/{code}", room_page, methods=["GET", "HEAD"]),
        Route(f"{JOIN_PATH}/{code}/join", join, methods=["POST"]),
        Route(f"{JOIN_PATH}/{code}/poll", poll, methods=["GET"]),
        Route(f"{JOIN_PATH}/{code}/vote/{{stage_id:str}}", vote, methods=["POST"]),
        Route(f"{JOIN_PATH}/{code}/notes", add_note, methods=["POST"]),
        Route(f"{JOIN_PATH}/{code}/notes/{{note_id:str}}/delete", delete_note, methods=["POST"]),
    ]


def state_key(room) -> str:
    """What the phone's page shows depends on: the phase (or closed) and the round."""
    return f"{room.state}.{room.vote_round}"


def fragment_state(fragment: str) -> str:
    return {"stage.html": VOTE, "collect.html": COLLECT}.get(fragment, "")


def _stage(view: ParticipantView, stage_id: str | None):
    return view.map.stage(stage_id) if stage_id else None


def _number(text: str) -> Any:
    """A tapped button's value ("4", "-2") as a number; anything else goes to the core as it is (and is refused)."""
    cleaned = text.strip().replace("−", "-")
    try:
        return int(cleaned)
    except ValueError:
        return text
