"""CSV, Markdown and Mermaid exports: formula-safe, escaped, and faithful to the map."""

from __future__ import annotations

import csv
import io

import pytest

from cjm import editing
from cjm.templates import load_template
from cjm.text_export import csv_safe, to_csv, to_markdown, to_mermaid


@pytest.mark.parametrize(("text", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1+2", "'+1+2"), ("-x", "'-x"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("-2", "-2"), ("+1", "+1"), ("plain = text", "plain = text")])
def test_csv_cells_never_run_as_formulas(text, expected):
    assert csv_safe(text) == expected


def test_csv_has_a_row_per_stage_and_keeps_text():
    m = load_template("saas_demo", "en")
    m = editing.rename_stage(m, m.stages[0].id, "=cmd|' /C calc'!A0")
    rows = list(csv.reader(io.StringIO(to_csv(m))))
    assert rows[0][:4] == ["Stage", "Actions", "Touchpoints", "Goals (JTBD)"]
    assert len(rows) == 1 + len(m.stages)
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[2][rows[0].index("Emotions")] == "-2" and rows[2][rows[0].index("Importance")] == "5"
    assert rows[2][1] == "Compares pricing plans\nReads reviews\nLooks for demo versions"


def test_markdown_escapes_and_ranks():
    m = load_template("saas_demo", "ru")
    m = editing.rename_stage(m, m.stages[3].id, "Онбординг | <b>*важно*</b>")
    text = to_markdown(m)
    assert text.startswith("# Демо CJM: SaaS для автоматизации продаж")
    assert "1. **Рассмотрение вариантов** — 🔴 критично 100" in text
    assert "Онбординг \\| \\<b\\>\\*важно\\*\\</b\\>" in text and "| <b>" not in text


def test_mermaid_journey_sections_and_scores():
    m = load_template("saas_demo", "en")
    text = to_mermaid(m)
    lines = text.splitlines()
    assert lines[0] == "journey" and lines[1].startswith("  title CJM demo")
    assert "  section Comparing options" in lines
    assert "    Compares pricing plans: 1: Customer" in lines  # emotion −2 → 1
    assert "    Sets up integrations: 5: Customer" in lines  # 🤩 +2 → 5
    assert all(line.count(":") <= 2 for line in lines if line.startswith("    "))
