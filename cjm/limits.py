"""Sane limits. Past each one the user gets a clear error rather than a frozen app."""

MAX_STAGES = 500
MAX_LANES = 60
MAX_CELL_CHARS = 20_000  # text of one cell (a list's items together)
MAX_LABEL_CHARS = 200  # lane labels, stage names, choice options
MAX_TITLE_CHARS = 300
MAX_FILE_BYTES = 20 * 1024 * 1024  # 20 MB, any file we read
MAX_OPTIONS = 100  # options of a choice lane
