"""Templates: the sample maps in ``sample_maps/``, one file per template and language.

A template file is a normal map file named ``<template id>.<language>.json``.
Making a map from a template gives it a new id, fresh timestamps and a title of its own: the one the
person typed, by default the template's title made unique in their library (:func:`unique_title`:
"CJM demo…", then "CJM demo… (2)"), so the library never fills with identical cards.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from . import limits
from .errors import CJMError
from .mapfile import map_from_dict, map_to_dict, read_map
from .model import LANGUAGES, Map, new_id, now


def _sample_dir() -> Path:
    """Where the templates are: ``$CJM_SAMPLE_MAPS``, else ``cjm/sample_maps`` in an installed CJM Studio (the
    wheel maps the repository's ``sample_maps/`` there, see pyproject.toml), else ``sample_maps/`` beside
    ``cjm/`` in the repository."""
    if os.environ.get("CJM_SAMPLE_MAPS"):
        return Path(os.environ["CJM_SAMPLE_MAPS"])
    installed = Path(str(resources.files(__package__) / "sample_maps"))
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "sample_maps"


SAMPLE_DIR = _sample_dir()

#: The order templates are offered in: stage models, worked examples, blanks.
ORDER: tuple[str, ...] = (
    "saas_demo", "classic_5stage", "normative_6stage", "b2c_cyclic", "b2b_linear",
    "beauty_salon_followup", "law_firm_nurturing", "clothing_abandoned_cart",
    "blank_classic_5stage", "blank_normative_6stage", "blank_b2c_cyclic", "blank_b2b_linear",
)


@dataclass(frozen=True)
class Template:
    id: str
    language: str
    path: Path
    title: str
    description: str
    kind: str
    cyclic: bool
    stage_names: tuple[str, ...]

    @property
    def blank(self) -> bool:
        return self.id.startswith("blank_")


def _sort_key(template: Template) -> tuple[int, str, int]:
    rank = ORDER.index(template.id) if template.id in ORDER else len(ORDER)
    return rank, template.id, LANGUAGES.index(template.language)


@functools.cache
def _all_templates(directory: Path) -> tuple[Template, ...]:
    found = []
    for path in directory.glob("*.json"):
        template_id, _, language = path.stem.rpartition(".")
        if language not in LANGUAGES or not template_id:
            continue
        m = read_map(path)
        found.append(Template(template_id, language, path, m.title, m.description, m.kind, m.cyclic,
                              tuple(stage.name for stage in m.stages)))
    return tuple(sorted(found, key=_sort_key))


def list_templates(language: str | None = None) -> list[Template]:
    """Templates in offering order, optionally of one language only."""
    return [t for t in _all_templates(SAMPLE_DIR) if language is None or t.language == language]


def template_ids() -> list[str]:
    return list(dict.fromkeys(t.id for t in list_templates()))


def find_template(template_id: str, language: str) -> Template:
    for template in list_templates(language):
        if template.id == template_id:
            return template
    known = ", ".join(template_ids())
    raise CJMError(f'no template "{template_id}" in language "{language}"; templates: {known}')


def load_template(template_id: str, language: str) -> Map:
    """The template's map as it is stored (its own id and times)."""
    return read_map(find_template(template_id, language).path)


def new_map_from_template(template_id: str, language: str, title: str | None = None) -> Map:
    """A new map to work on: the template's content with a new id, the current time and ``title`` (the
    template's own when None). A title the model refuses (blank, too long, unstorable) raises its error."""
    m = load_template(template_id, language)
    stamp = now()
    m = m.model_copy(update={"id": new_id(), "created": stamp, "updated": stamp})
    if title is None:
        return m
    doc = map_to_dict(m)
    doc["title"] = title
    return map_from_dict(doc)


def today() -> date:
    """The server's calendar day (a function, so a test can fix it)."""
    return date.today()


def new_map_title(template_title: str, language: str, taken: Iterable[str], day_of: date | None = None) -> str:
    """The default title of a new map: "template — day" (``Демо CJM: SaaS — 30.11.2026``), made unique among
    ``taken`` (a second one the same day: "… (2)"), so the library never fills with identical cards."""
    from .numbers import day

    stamp = f" — {day(day_of or today(), language)}"
    return unique_title(template_title[: limits.MAX_TITLE_CHARS - len(stamp) - 5] + stamp, taken)


def _same(title: str) -> str:
    return " ".join(title.split()).casefold()


def unique_title(title: str, taken: Iterable[str]) -> str:
    """``title``, or the first of ``title (2)``, ``title (3)``… that no title in ``taken`` already is
    (compared ignoring case and runs of spaces), shortened to fit the title limit."""
    used = {_same(other) for other in taken}
    title = " ".join(title.split())
    if _same(title) not in used:
        return title
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = title[: limits.MAX_TITLE_CHARS - len(suffix)] + suffix
        if _same(candidate) not in used:
            return candidate
        number += 1
