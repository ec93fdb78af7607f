"""Markdown and Mermaid exports: escaped, and faithful to the map (the CSV export: tests/test_xlsx_csv.py)."""

from __future__ import annotations

from cjm import editing
from cjm.templates import load_template
from cjm.text_export import to_markdown, to_mermaid


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
