"""Merged cells of a returned workbook, read from its XML (openpyxl's read-only mode does not give them).

The phases' row of the Map sheet (a name merged over its stages, :mod:`cjm.xlsx.map_sheet`) is read with them: a
stage column under a merged cell belongs to the name written in the range's first cell. Any importer that reads a
merged group row can use :func:`sheet_merges` too. The zip and its XML were checked before (:mod:`cjm.xlsx.safety`);
the XML is parsed by defusedxml, element by element (a sheet's part can be large); at most :data:`MAX_MERGES`
ranges are read a sheet.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import NamedTuple

from defusedxml import ElementTree
from openpyxl.utils.cell import range_boundaries

MAX_MERGES = 10_000
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class Merge(NamedTuple):
    """A merged range, 1-based and inclusive, as the sheet names it (A1 notation: columns, then rows)."""

    min_col: int
    min_row: int
    max_col: int
    max_row: int

    def holds(self, row: int, column: int) -> bool:
        return self.min_row <= row <= self.max_row and self.min_col <= column <= self.max_col


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> the path of its XML part."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    targets: dict[str, str] = {}
    for rel in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter(f"{_RELS}Relationship"):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id", "")] = path
    out = {}
    for sheet in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
        path = targets.get(sheet.get(_R_ID, ""), "")
        if path in names:
            out[sheet.get("name", "")] = path
    return out


def sheet_merges(data: bytes, title: str) -> list[Merge]:
    """The merged ranges of the sheet ``title`` of the workbook ``data`` (none when it has none or is unknown).

    Raises what zipfile or the XML parser raise on a damaged part (the caller says so in a note)."""
    out: list[Merge] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = _sheet_parts(archive).get(title)
        if part is None:
            return out
        with archive.open(part) as stream:
            for _, element in ElementTree.iterparse(stream, events=("end",)):
                if element.tag == f"{_MAIN}mergeCell":
                    try:
                        bounds = range_boundaries(element.get("ref", ""))
                    except (ValueError, TypeError):
                        bounds = (None,)  # a broken reference: the cells read as not merged
                    if all(isinstance(b, int) for b in bounds):
                        out.append(Merge(*bounds))
                    if len(out) >= MAX_MERGES:
                        break
                elif element.tag == f"{_MAIN}row":
                    element.clear()  # the cells are read elsewhere: keep memory flat
    return out
