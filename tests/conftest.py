"""Shared fixtures: small valid maps built in code, and a database on each backend (SQLite and PostgreSQL)."""

from __future__ import annotations

import copy
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from cjm.validation import unstorable
from tests.pgserver import PostgresServer, PostgresUnavailable


def storable_text(**kwargs: Any) -> st.SearchStrategy[str]:
    """Any text a person can store: every script, marks, emoji, RTL, tabs and newlines; no lone surrogate,
    NUL or other control character, no non-character (those are refused: tests/test_hostile_text.py)."""
    alphabet = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n\r")
    return st.text(alphabet=alphabet, **kwargs).filter(lambda s: unstorable(s) is None)


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


# --- databases -------------------------------------------------------------------------------------
def in_ci() -> bool:
    """``CI`` is set (and not "0"/"false"): a PostgreSQL that cannot start fails the run instead of skipping."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "postgres_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgresql)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL for the whole run, started when a test first asks for it and stopped at the end.

    A throwaway cluster (tests/pgserver.py), or the server at ``CJM_TEST_POSTGRES_URL``. If it cannot be
    started, PostgreSQL tests fail in CI and are skipped elsewhere (the reason is in the report).
    """
    server = PostgresServer.from_env()
    try:
        server.start()
    except PostgresUnavailable as exc:
        problem = f"PostgreSQL is not available for the tests: {exc}"
    else:
        problem = None
    if problem:  # out of the except block: the report shows the reason, not a chain of tracebacks
        if in_ci():
            pytest.fail(problem, pytrace=False)
        pytest.skip(problem)
    yield server
    server.stop()


def _fresh_postgres_database(request: pytest.FixtureRequest) -> Iterator[str]:
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"cjm_t_{secrets.token_hex(6)}"
    url = server.create_database(name)
    try:
        yield url
    finally:
        server.drop_database(name)  # WITH (FORCE): connections a test left open do not matter


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of its own, once per backend: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cjm.sqlite3'}"
    else:
        yield from _fresh_postgres_database(request)


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh PostgreSQL database, for tests of what only PostgreSQL does."""
    yield from _fresh_postgres_database(request)
