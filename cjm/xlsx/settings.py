"""The contract shared by the export and the import (docs/xlsx-format.md), and the limits of reading.

Sheet titles and every other word a sheet shows are in the map's language (``xlsx.*`` in :mod:`cjm.i18n`);
the reader never relies on them: it finds the hidden sheet by its fixed name and the Data sheet by its row-2 keys.
"""

from __future__ import annotations

# --- the workbook -------------------------------------------------------------------------------------
MAGIC = "cjm-studio-map"  # A1 of the hidden sheet
HIDDEN_SHEET = "_cjm"  # very hidden: A1 the magic, A2 the schema version, A3… the map's JSON in chunks
VERSION_KEY = "version"  # B1 of the hidden sheet; B2 the library version the map was exported at (or empty)
CHUNK_CHARS = 30_000  # the hidden JSON per cell (also at most this many UTF-16 units)
EXCEL_CELL_CHARS = 32_767  # Excel's limit of one cell, in UTF-16 units

# the Data sheet: row 1 headers for people, row 2 machine keys, one row per stage from row 3
HEADER_ROW, KEY_ROW, FIRST_STAGE_ROW = 1, 2, 3
STAGE_ID_KEY, STAGE_KEY = "stage_id", "stage"
VALUE_PREFIX, WORDS_PREFIX = "v:", "w:"  # v:<lane key>; w:<lane key> for an emotion lane's words
EVIDENCE_PREFIX = "e:"  # e:<lane key>: the evidence marks of a lane, after every lane's own columns
SPARE_ROWS = 200  # Data rows with validations below the stages, for stages a colleague adds
IMPORTANCE_LIST = '"1,2,3,4,5"'
EMOTION_LIST = '"-2,-1,0,1,2"'

# the Map sheet: column A (hidden) names each row's role, row 4 (hidden) holds each stage column's id, so
# that renamed, inserted, deleted and moved rows and columns are recognised when the sheet comes back
MAP_MAGIC = "cjm-map-sheet"  # column A of the hidden key row
ROLE_TITLE, ROLE_PERSONA, ROLE_DATE = "title", "persona", "date"
ROLE_STAGE, ROLE_LEVEL, ROLE_LEGEND = "stage", "level", "legend"  # lanes: "v:<lane key>"
ROLE_PHASE = "phase"  # the phases' row above the stage names (only when the map has phases)
MAP_ROLE_COLUMN, MAP_LABEL_COLUMN, MAP_FIRST_STAGE_COLUMN = 1, 2, 3
MAP_KEY_ROW, MAP_STAGE_ROW, MAP_LEVEL_ROW, MAP_FIRST_LANE_ROW = 4, 5, 6, 7  # a map with phases: one row lower

# --- looks --------------------------------------------------------------------------------------------
FONT_NAME = "Arial"  # every cell: Excel and LibreOffice have it (Debian: Liberation Sans, metric-compatible)
FONT_SIZE, TITLE_SIZE, SMALL_SIZE = 10, 14, 9
PAPER = {"ru": "9", "en": "9"}  # openpyxl's paperSize: 9 = A4 (1 would be US Letter); see README, Choices
PRINT_WIDTH_CHARS = 190  # about what fits across landscape A4 at 100 % (column widths in characters)
MIN_PRINT_SCALE = 70  # a wider Map sheet prints over several pages at this scale instead of shrinking further
HEADER_CHARS = 250  # Excel refuses print headers and footers longer than 255 characters
STAGE_WIDTH = 34  # Map: a stage's column
LANE_WIDTH = 26  # Map: the lane labels
ROLE_WIDTH = 2  # Map: the hidden column A of row roles
DATA_ID_WIDTH, DATA_WIDTH = 14, 30
MAX_ROW_POINTS = 409.0  # the tallest row a spreadsheet allows
LINE_POINTS = 13.5  # a line of 10-point text in a row
HEADER_FILL = "D9E1F2"
EMOTION_FILL = {-2: "F8696B", -1: "FBAA77", 0: "FFEB84", 1: "B1D580", 2: "63BE7B"}
TIME_FORMAT = "%Y-%m-%d %H:%M UTC"

# --- reading: limits checked before openpyxl sees a byte ----------------------------------------------
MAX_ZIP_ENTRIES = 2_000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # all entries together
MAX_RATIO = 200  # uncompressed / compressed, per entry bigger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
PROLOG_BYTES = 8_192  # the start of each XML part, searched for a DTD
MAX_ROWS = 5_000  # rows (or columns) of a sheet looked at
MAX_COLS = 1_000
MAX_HIDDEN_ROWS = 2_000  # rows of the hidden sheet read before giving up on it
MAX_LABEL_LENGTH = 120  # a longer cell is never taken for a lane label
LAYOUT_COLUMNS = 5  # stages-as-columns: the lane labels are looked for in this many first columns
LAYOUT_ROWS = 200  # stages-as-rows: the header row is looked for in this many first rows
CSV_SNIFF_CHARS, CSV_SNIFF_LINES = 65_536, 60

# --- what the reader tells the preview ----------------------------------------------------------------
KIND_WORKBOOK, KIND_SPREADSHEET, KIND_CSV = "cjm-workbook", "spreadsheet", "csv"
KIND_PASTE = "paste"  # cells pasted from a spreadsheet (the Library's paste box)
COLUMNS, ROWS, EXACT = "stages-as-columns", "stages-as-rows", "exact"
