"""How well a cell is backed: the evidence marks and the confidence each gives a stage's priority.

A value of the map may be marked *assumption*, *partly backed* or *validated* (``Stage.evidence``, keyed by
lane). An unmarked value is not weighed (confidence 1.0), so maps made before marks existed score as before.
The RICE-style weighting that uses :data:`CONFIDENCE` is an option of the scoring (docs/file-format.md).
"""

from __future__ import annotations

from typing import Literal, get_args

Evidence = Literal["assumption", "partly", "validated"]
EVIDENCE: tuple[str, ...] = get_args(Evidence)

#: RICE-style confidence of a value by its mark (an unmarked value: 1.0, see the module's note).
CONFIDENCE: dict[str, float] = {"assumption": 0.5, "partly": 0.8, "validated": 1.0}
