"""Markdown escaping only where Markdown renders (issue 14): a selectbox shows its options as plain text, so an
option escaped for Markdown showed its backslashes ("Демо CJM\\: SaaS…"). No page escapes them."""

from __future__ import annotations

import ast
from pathlib import Path

PAGES = Path(__file__).resolve().parents[2] / "pages"
PLAIN = {"selectbox", "multiselect"}  # widgets whose options are plain text (radio and pills render Markdown)


def escaped_options(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in PLAIN):
            continue
        for keyword in node.keywords:
            if keyword.arg == "format_func" and any(
                    isinstance(inner, ast.Name) and inner.id == "literal" for inner in ast.walk(keyword.value)):
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_selectbox_escapes_its_options_for_markdown():
    assert [place for path in sorted(PAGES.glob("*.py")) for place in escaped_options(path)] == []


def test_the_check_finds_an_escaped_option(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("st.selectbox('Map', ids, format_func=lambda i: literal(titles[i]))\n", encoding="utf-8")
    assert escaped_options(sample) == ["sample.py:1"]
