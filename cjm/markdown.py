"""User text inside Markdown, shown literally.

Streamlit renders titles, captions, alerts, toasts and dialogs as Markdown (with its own
``:red[…]`` colour directives, ``:emoji:`` codes and ``$…$`` maths). User text placed there goes
through :func:`literal` first, so ``**x**``, ``<script>`` or ``:red[x]`` read exactly as typed.
"""

from __future__ import annotations

import re

# CommonMark lets any ASCII punctuation be escaped with a backslash.
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def literal(text: str) -> str:
    """``text`` escaped for Markdown: every punctuation character backslashed, line breaks kept."""
    lines = [_PUNCTUATION.sub(r"\\\1", line.strip()) for line in str(text).splitlines()]
    return "  \n".join(lines)
