"""Throttles and room limits: how much one client or one participant may do, and the answer when it is too much.

Two kinds of limit, both with their numbers in :class:`Limits` (environment variables, see :meth:`Limits.from_env`):

* **rates** kept in this process's memory by a :class:`Throttle` (a sliding window per key): wrong join codes per
  client address, failed sign-ins per client address. With several app instances each instance counts its own
  (a client behind a round-robin proxy gets at most ``instances ×`` the limit);
* **counts** kept in the database and checked by :mod:`cjm.rooms` in the same transaction as the write, so every
  instance sees them: participants per room, notes per participant per phase.

Either way a refusal is a :class:`Throttled` error that knows its ``retry_after`` (seconds, or None when waiting
does not help, e.g. a full room) — the web layer answers 429 with ``Retry-After``.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .errors import CJMError

MAX_KEYS = 50_000  # addresses remembered per throttle; the stalest are forgotten first


class Throttled(CJMError):
    """Too many attempts: ``retry_after`` seconds until one more is allowed (None: waiting will not help)."""

    def __init__(self, message: str, retry_after: int | None = None, *, key: str = "", **params: object):
        super().__init__(message, key=key, **params)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limits:
    """Every throttle's number; ``from_env`` reads them, the defaults suit a room of up to a few hundred people."""

    wrong_codes_per_minute: int = 10  # per client address
    signins_per_minute: int = 10  # failed sign-ins per client address
    participants_per_room: int = 300
    notes_per_phase: int = 30  # per participant, each time a phase starts

    ENV = {
        "wrong_codes_per_minute": "CJM_WRONG_CODES_PER_MINUTE",
        "signins_per_minute": "CJM_SIGNINS_PER_MINUTE",
        "participants_per_room": "CJM_PARTICIPANTS_PER_ROOM",
        "notes_per_phase": "CJM_NOTES_PER_PHASE",
    }
    CEILING = {"participants_per_room": 1_000}  # a stage holds at most 1,000 accepted votes (cjm.model.MAX_VOTES)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        """The limits from ``CJM_WRONG_CODES_PER_MINUTE``, ``CJM_SIGNINS_PER_MINUTE``, ``CJM_PARTICIPANTS_PER_ROOM``
        and ``CJM_NOTES_PER_PHASE`` (whole numbers ≥ 1); a variable that is unset keeps the default, a bad one is
        refused with a line that names it."""
        env = os.environ if env is None else env
        values: dict[str, int] = {}
        for name, variable in cls.ENV.items():
            text = str(env.get(variable, "")).strip()
            if not text:
                continue
            try:
                number = int(text)
            except ValueError:
                number = 0
            ceiling = cls.CEILING.get(name, 1_000_000)
            if not 1 <= number <= ceiling:
                raise CJMError(f"{variable} must be a whole number from 1 to {ceiling:,}, got {text!r}")
            values[name] = number
        return cls(**values)


class Throttle:
    """At most ``limit`` events per ``seconds`` for each key (a sliding window), thread-safe.

    ``check(key)`` raises :class:`Throttled` once the key has used up its window; ``record(key)`` counts one
    event (e.g. a wrong code). Keeping the two apart lets right answers go uncounted.
    """

    def __init__(self, limit: int, seconds: float = 60.0, *, clock: Callable[[], float] = time.monotonic,
                 message: str = "too many attempts", key: str = ""):
        self.limit, self.seconds, self._clock = limit, seconds, clock
        self.message, self.key = message, key
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may try again, or None if it may now."""
        with self._lock:
            at = self._clock()
            events = self._fresh(key, at) if key in self._events else ()
            if len(events) < self.limit:
                return None
            return max(1, math.ceil(events[0] + self.seconds - at))

    def check(self, key: str) -> None:
        wait = self.retry_after(key)
        if wait is not None:
            raise Throttled(f"{self.message}: try again in {wait} s", wait, key=self.key, seconds=wait)

    def record(self, key: str) -> None:
        with self._lock:
            at = self._clock()
            self._fresh(key, at).append(at)
            self._events.move_to_end(key)
            while len(self._events) > MAX_KEYS:
                self._events.popitem(last=False)

    def _fresh(self, key: str, at: float) -> deque[float]:
        events = self._events.get(key)
        if events is None:
            events = self._events[key] = deque()
        while events and events[0] <= at - self.seconds:
            events.popleft()
        return events
