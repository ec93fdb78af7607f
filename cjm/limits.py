"""Sane limits. Past each one the user gets a clear error rather than a frozen app."""

MAX_STAGES = 500
MAX_LANES = 60
MAX_CELL_CHARS = 20_000  # text of one cell (a list's items together)
MAX_LABEL_CHARS = 200  # lane labels, stage names, choice options
MAX_TITLE_CHARS = 300
MAX_FILE_BYTES = 20 * 1024 * 1024  # 20 MB, any file we read
MAX_OPTIONS = 100  # options of a choice lane
# --- data files: orders and event logs (issue 15) ---
MAX_DATA_FILE_BYTES = 2 * 1024 * 1024 * 1024  # 2 GB, an orders file or event log named on the command line (an
#                                               upload in the app: MAX_FILE_BYTES); DuckDB streams it
MIN_SUPPORT = 0.001  # the lowest share of orders a combination of items is looked for at (0.1 %)
MAX_COMBINATION_ITEMS = 4  # items in one combination (JTBD from deals)
MAX_FUNNEL_STEPS = 100  # steps of a funnel built from an event log's distinct events
