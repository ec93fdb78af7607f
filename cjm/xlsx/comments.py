"""Cell comments of a returned workbook, read from its XML (openpyxl's read-only mode skips them).

Each sheet's comments part is found through the workbook's relationships; Excel's threaded comments are read
through the legacy copy Excel writes beside them ("[Threaded comment] … Comment: text"). The zip and its XML
were checked before (:mod:`cjm.xlsx.safety`); the XML is parsed by defusedxml. At most :data:`MAX_COMMENTS`
comments are read, each cut to the longest cell a map holds.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree

from .. import limits

MAX_COMMENTS = 5_000
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_THREADED = re.compile(r"^\[Threaded comment\].*?\nComment:\s*\n(.*)$", re.S)
_REPLY = re.compile(r"\n\s*Reply:\s*\n\s*")


@dataclass(frozen=True)
class CellComment:
    cell: str  # "D9"
    author: str
    text: str


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target path) of ``part``."""
    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", name + ".rels")
    if path not in archive.namelist():
        return {}
    root = ElementTree.fromstring(archive.read(path))
    out = {}
    for rel in root.iter(f"{_RELS}Relationship"):
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
    return out


def clean(text: str, author: str) -> str:
    """The comment as typed: without Excel's "Author:" first line, a threaded comment's notice, or CRs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    threaded = _THREADED.match(text)
    if threaded:
        text = _REPLY.sub(" — ", threaded.group(1))
    elif author and text.startswith(f"{author}:"):
        text = text[len(author) + 1:]
    return "\n".join(line.strip() for line in text.strip().split("\n"))[: limits.MAX_CELL_CHARS]


def sheet_comments(data: bytes) -> dict[str, list[CellComment]]:
    """Sheet title -> its cell comments, in the file's order."""
    out: dict[str, list[CellComment]] = {}
    count = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            return out
        sheets = ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet")
        book_rels = _rels(archive, "xl/workbook.xml")
        for sheet in sheets:
            target = book_rels.get(sheet.get(_R_ID, ""), ("", ""))[1]
            for kind, part in _rels(archive, target).values() if target in names else ():
                if not kind.endswith("/comments") or part not in names:
                    continue
                root = ElementTree.fromstring(archive.read(part))
                authors = [a.text or "" for a in root.iter(f"{_MAIN}author")]
                for comment in root.iter(f"{_MAIN}comment"):
                    if count >= MAX_COMMENTS:
                        return out
                    index = int(comment.get("authorId", "0") or 0)
                    author = authors[index] if 0 <= index < len(authors) else ""
                    text = "".join(node.text or "" for node in comment.iter(f"{_MAIN}t"))
                    out.setdefault(sheet.get("name", ""), []).append(
                        CellComment(comment.get("ref", ""), author.strip()[: limits.MAX_LABEL_CHARS],
                                    clean(text, author)))
                    count += 1
    return out
