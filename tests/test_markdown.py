"""User text shown through Markdown is literal."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cjm.markdown import literal


def test_markup_is_neutralized():
    assert literal("**bold** _it_") == r"\*\*bold\*\* \_it\_"
    assert literal("<script>alert(1)</script>") == r"\<script\>alert\(1\)\<\/script\>"
    assert literal(":red[alarm] $x$") == r"\:red\[alarm\] \$x\$"
    assert literal("# not a heading") == r"\# not a heading"
    assert literal("Этап «Оценка» 😡") == "Этап «Оценка» 😡"


def test_lines_become_hard_breaks():
    assert literal("one\ntwo") == "one  \ntwo"


@given(st.text(max_size=50))
def test_no_unescaped_punctuation_survives(text):
    escaped = literal(text)
    unescaped = re.sub(r"\\[!-/:-@\[-`{-~]", "", escaped)
    assert not re.search(r"[!-/:-@\[-`{-~]", unescaped.replace("  \n", ""))
