"""Helpers shared by the spreadsheet tests (tests/test_xlsx_*.py)."""

from __future__ import annotations

import io
import time

import openpyxl
import pytest

from cjm.errors import CJMError
from cjm.model import Map


def xlsx(rows: list[list[object]], merge: str | None = None, title: str = "Sheet") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def quick(fn, *args, **kwargs):
    start = time.perf_counter()
    with pytest.raises(CJMError) as info:
        fn(*args, **kwargs)
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"took {elapsed:.1f} s"
    assert "\n" not in str(info.value)
    return str(info.value)


def values(m: Map, name: str) -> dict:
    return next(s for s in m.stages if s.name == name).values


RU_COLUMNS = [
    ["Карта пути клиента: интернет-магазин"],
    [],
    ["Этап", "Знакомство", "Выбор", "Покупка"],
    ["👤 Действия", "Видит рекламу\nПереходит на сайт", "Сравнивает", "Платит"],
    ["Эмоции", "😡", "-1", "раздражение, долго"],
    ["Важность (1-5)", "5/5", "★★★", "abc"],
    ["Боли:", "Долго грузится", None, None],
    ["Цели (JTBD)", "Найти товар", None, None],
    ["Настроение сотрудников", "x\ny", "z", None],
]
