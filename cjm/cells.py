"""How a cell reads as plain text: for tables, the board, summaries and the CLI."""

from __future__ import annotations

from typing import Any

from . import emotion
from .lanes import LaneType
from .model import Lane, Map


def stars(importance: int) -> str:
    return "★" * importance + "☆" * (5 - importance)


def cell_text(lane: Lane, value: Any) -> str:
    """A cell as readable text; '' for an empty cell."""
    if value is None:
        return ""
    if lane.type is LaneType.LIST:
        return "\n".join(f"• {item}" for item in value)
    if lane.type is LaneType.IMPORTANCE:
        return f"{stars(value)} {value}/5"
    if lane.type is LaneType.EMOTION:
        head = emotion.label(value["score"]) if value["score"] is not None else ""
        return " ".join(part for part in (head, value["words"]) if part)
    if lane.type is LaneType.NUMBER:
        return f"{value:,}".replace(",", " ") if isinstance(value, int) else f"{value:g}"
    return str(value)


def stage_headers(m: Map) -> list[str]:
    """Unique column headers: '1. Name', '2. Name'…"""
    return [f"{i}. {stage.name}" for i, stage in enumerate(m.stages, start=1)]


def map_matrix(m: Map, include_hidden: bool = False) -> tuple[list[str], list[str], list[list[str]]]:
    """The classic layout as text: (lane labels, stage headers, rows of cells per lane)."""
    lanes = [lane for lane in m.lanes if include_hidden or not lane.hidden]
    rows = [[cell_text(lane, stage.values.get(lane.key)) for stage in m.stages] for lane in lanes]
    return [lane.label for lane in lanes], stage_headers(m), rows
