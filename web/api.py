"""The participant's JSON API, ``/api/v1/…`` (documented in docs/workshop-api.md). Thin: cjm.rooms decides.

Every answer is JSON; a refusal is ``{"error": "one line in the participant's language"}`` with a 4xx status
(429 with ``Retry-After`` when waiting helps, 503 when the database is busy), never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cjm.errors import CJMError
from cjm.i18n import t
from cjm.rooms import ParticipantView, Room, RoomClosed, RoomNotFound
from cjm.workshop import RoomNote

from .services import LOG, Services, client_of, error_response, json_response, language

MAX_BODY = 16_384  # bytes: a note is at most 1,000 characters
Handler = Callable[[Request], Awaitable[Response]]


class BadRequest(CJMError):
    """The request itself is wrong: not JSON, not an object, a field of the wrong type, too large."""

    def __init__(self, message: str, status: int = 400, *, key: str, **params: object):
        super().__init__(message, key=key, **params)
        self.status = status


# --- shapes ---------------------------------------------------------------------------------------
def room_json(room: Room, title: str) -> dict[str, Any]:
    return {"code": room.code, "title": title, "phase": room.state, "seconds_left": room.seconds_left(),
            "blind": room.blind, "round": room.vote_round}


def note_json(note: RoomNote) -> dict[str, Any]:
    return {"id": note.id, "stage_id": note.stage_id, "kind": note.kind, "text": note.text,
            "created": note.created.isoformat().replace("+00:00", "Z")}


def me_json(view: ParticipantView) -> dict[str, Any]:
    return {
        "room": room_json(view.room, view.map.title),
        "you": {"name": view.participant.name},
        "stages": [{"id": s.id, "name": s.name} for s in view.map.stages],
        "votes": {stage: {"importance": v.importance, "emotion": v.emotion} for stage, v in view.votes.items()},
        "notes": [note_json(n) for n in view.notes],
    }


# --- reading requests -------------------------------------------------------------------------------
async def body_object(request: Request, fields: dict[str, type | tuple[type, ...]]) -> dict[str, Any]:
    """The body as a JSON object with only ``fields`` (each of its type); else :class:`BadRequest`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise BadRequest("the request is too large", 413, key="err.api.too_large", limit=MAX_BODY)
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise BadRequest("the request is too large", 413, key="err.api.too_large", limit=MAX_BODY)
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise BadRequest("the body is not JSON", key="err.api.json") from None
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object", key="err.api.object")
    for name, value in data.items():
        if name not in fields:
            raise BadRequest(f"unexpected field {name[:40]!r}", key="err.api.field", field=_safe(name))
        expected = fields[name]
        if not isinstance(value, expected) or isinstance(value, bool) and bool not in _types(expected):
            raise BadRequest(f"the field {name!r} has the wrong type", key="err.api.type", field=name)
    return data


def _types(expected: type | tuple[type, ...]) -> tuple[type, ...]:
    return expected if isinstance(expected, tuple) else (expected,)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


def _safe(name: str) -> str:
    return json.dumps(name[:40])[1:-1]  # a field name as JSON shows it (a lone surrogate as \ud800)


def bearer(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


# --- routes ------------------------------------------------------------------------------------------
def routes(services: Services) -> list[Route]:
    rooms = services.rooms

    def endpoint(methods: dict[str, Handler]) -> Handler:
        async def handle(request: Request) -> Response:
            lang = language(request)
            handler = methods.get(request.method)
            if handler is None:
                allowed = ", ".join(sorted(methods))
                return json_response({"error": t("err.api.method", lang, allowed=allowed)}, 405, {"Allow": allowed})
            try:
                return await handler(request)
            except BadRequest as exc:
                return error_response(exc, lang, exc.status)
            except CJMError as exc:
                return error_response(exc, lang)
            except Exception:  # noqa: BLE001 - a bug must still answer one JSON line, never a traceback
                LOG.exception("participant API: %s %s", request.method, request.url.path)
                return error_response(CJMError("something went wrong on the server", key="err.server"), lang, 500)
        return handle

    async def join(request: Request) -> Response:
        data = await body_object(request, {"code": str, "name": str})
        client = client_of(request, services)
        services.wrong_codes.check(client)
        try:
            person, token = await run_in_threadpool(rooms.join, data.get("code", ""), data.get("name", ""))
        except (RoomNotFound, RoomClosed) as exc:
            services.wrong_codes.record(client)
            return error_response(exc, language(request), 404)
        view = await run_in_threadpool(rooms.view, token)
        return json_response({"token": token, "room": room_json(view.room, view.map.title),
                              "you": {"name": person.name}}, 201)

    async def me(request: Request) -> Response:
        view = await run_in_threadpool(rooms.view, bearer(request))
        return json_response(me_json(view))

    async def my_room(request: Request) -> Response:
        def load() -> dict[str, Any]:
            room = rooms.room_of(bearer(request))
            return {"room": room_json(room, rooms.stages(room).title)}
        return json_response(await run_in_threadpool(load))

    async def vote(request: Request) -> Response:
        data = await body_object(request, {"importance": (int, float), "emotion": (int, float)})
        stage_id = request.path_params["stage_id"]
        stored = await run_in_threadpool(lambda: rooms.vote(bearer(request), stage_id, **data))
        return json_response({"stage_id": stored.stage_id, "importance": stored.importance,
                              "emotion": stored.emotion})

    async def add_note(request: Request) -> Response:
        data = await body_object(request, {"stage_id": str, "kind": str, "text": str})
        note = await run_in_threadpool(rooms.add_note, bearer(request), data.get("stage_id"), data.get("kind"),
                                       data.get("text"))
        return json_response(note_json(note), 201)

    async def delete_note(request: Request) -> Response:
        await run_in_threadpool(rooms.delete_note, bearer(request), request.path_params["note_id"])
        return Response(status_code=204, headers={"Cache-Control": "no-store"})

    async def unknown(request: Request) -> Response:
        return json_response({"error": t("err.api.unknown", language(request))}, 404)

    every = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    return [
        Route("/api/v1/join", endpoint({"POST": join}), methods=every),
        Route("/api/v1/me", endpoint({"GET": me}), methods=every),
        Route("/api/v1/me/room", endpoint({"GET": my_room}), methods=every),
        Route("/api/v1/me/votes/{stage_id}", endpoint({"PUT": vote}), methods=every),
        Route("/api/v1/me/notes", endpoint({"POST": add_note}), methods=every),
        Route("/api/v1/me/notes/{note_id}", endpoint({"DELETE": delete_note}), methods=every),
        Route("/api/v1/{rest:path}", unknown, methods=every),
        Route("/api/v1", unknown, methods=every),
    ]

