"""The action plan: what the team will do about a stage, who owns it, by when, and how far it is.

The fields live on :class:`cjm.model.Action`; the choices (status, effort) have their home here.
"""

from __future__ import annotations

from typing import Literal, get_args

Status = Literal["open", "in_progress", "done"]
STATUSES: tuple[str, ...] = get_args(Status)
Effort = Literal["S", "M", "L"]
EFFORTS: tuple[str, ...] = get_args(Effort)
MAX_ACTIONS = 1_000  # actions a map keeps
