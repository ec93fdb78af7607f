"""Import profiles: the choices of the import's mapping step, remembered for the next file with the same labels.

A profile is stored beside the maps (same database, SQLite or PostgreSQL: the table ``import_profiles`` in
:data:`cjm.db.metadata`), keyed by the file's labels normalised (:meth:`cjm.import_plan.ImportPlan.labels_key`:
case, ``ё``, punctuation and order ignored). Its document is JSON (docs/file-format.md, "Import profiles")::

    {"labels": ["приоритет", "этап", ...],
     "lanes": {"приоритет": "importance"},                   # normalised label -> lane key or "custom"
     "values": {"приоритет": {"high": 5, "так себе": null}}} # normalised label -> value key -> score or null

Only choices that differ from the reader's guesses are kept. A malformed document is ignored (never an error:
a profile only saves clicks).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Column, DateTime, String, Table, Text, delete, insert, select

from .db import metadata, utc
from .errors import Phrase
from .import_plan import Choices, ImportPlan, from_profile, normal_label, profile_of
from .model import now
from .storage import MapStore

MAX_PROFILE_CHARS = 200_000

import_profiles = Table(
    "import_profiles",
    metadata,
    Column("labels_key", String(64), primary_key=True),
    Column("document", Text, nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
)


class ProfileStore:
    """Import profiles in the database of ``store``."""

    def __init__(self, store: MapStore):
        self.db = store.db
        self.db.create_tables("prepare the import profiles")

    def load(self, plan: ImportPlan) -> Choices | None:
        """The choices remembered for a file with ``plan``'s labels, or None."""
        with self.db.read(Phrase("err.db.do.read_profile")) as conn:
            document = conn.execute(select(import_profiles.c.document)
                                    .where(import_profiles.c.labels_key == plan.labels_key())).scalar()
        if document is None:
            return None
        try:
            data = json.loads(document)
        except ValueError:
            return None
        return from_profile(plan, data)

    def save(self, plan: ImportPlan, choices: Choices) -> dict[str, Any]:
        """Remember ``choices`` (the ones that differ from the guesses) for files with ``plan``'s labels."""
        data = {"labels": sorted(normal_label(s.label) for s in plan.sources), **profile_of(plan, choices)}
        document = json.dumps(data, ensure_ascii=True, sort_keys=True)  # ASCII: any text stores
        key = plan.labels_key()
        with self.db.write(Phrase("err.db.do.save_profile"), Phrase("err.db.hint.profile")) as conn:
            conn.execute(delete(import_profiles).where(import_profiles.c.labels_key == key))
            if (data["lanes"] or data["values"]) and len(document) <= MAX_PROFILE_CHARS:
                conn.execute(insert(import_profiles).values(labels_key=key, document=document, updated=utc(now())))
        return data
