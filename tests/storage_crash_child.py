"""Child process of the crash-durability test: save one edit, print ACK, then wait to be killed.

Run as ``python -m tests.storage_crash_child URL MAP_ID TITLE`` from the repository root.
The store is deliberately never closed: the parent kills this process with SIGKILL.
"""

from __future__ import annotations

import sys

from cjm.storage import MapStore


def main(url: str, map_id: str, title: str) -> None:
    store = MapStore(url)
    stored = store.get(map_id)
    store.save(stored.map.model_copy(update={"title": title}), stored.version, "edit before the crash")
    print("ACK", flush=True)
    sys.stdin.read()  # block until the parent kills us


if __name__ == "__main__":
    main(*sys.argv[1:4])
