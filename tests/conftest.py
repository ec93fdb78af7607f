"""Shared fixtures: small valid maps built in code."""

from __future__ import annotations

import copy
from typing import Any

import pytest

LANES = [
    {"key": "actions", "label": "Actions", "type": "list"},
    {"key": "goals", "label": "Goals (JTBD)", "type": "text"},
    {"key": "emotion", "label": "Emotions", "type": "emotion"},
    {"key": "importance", "label": "Importance", "type": "importance"},
    {"key": "metrics", "label": "Customers", "type": "number"},
    {"key": "channel", "label": "Channel", "type": "choice", "options": ["email", "phone"]},
]


def make_map_dict(**overrides: Any) -> dict[str, Any]:
    """A valid version-1 map document with three stages."""
    doc: dict[str, Any] = {
        "schema_version": 1,
        "id": "map-1",
        "title": "Test map",
        "language": "en",
        "created": "2026-11-01T09:00:00Z",
        "updated": "2026-11-02T10:30:00.123456Z",
        "lanes": copy.deepcopy(LANES),
        "stages": [
            {"id": "a", "name": "Осмысление", "values": {"importance": 3, "emotion": {"score": -1, "words": "lost"}}},
            {"id": "b", "name": "Оценка", "values": {"importance": 5, "emotion": {"score": -2, "words": ""},
                                                       "actions": ["compare", "read reviews"]}},
            {"id": "c", "name": "Сделка", "values": {"goals": "buy fast", "metrics": 120}},
        ],
    }
    doc.update(overrides)
    return doc


@pytest.fixture
def map_dict() -> dict[str, Any]:
    return make_map_dict()
