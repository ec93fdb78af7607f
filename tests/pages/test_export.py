"""Export page (pages/export.py) in-process: the formats on offer, named after the map."""

from __future__ import annotations

from cjm.formats import WRITABLE
from cjm.i18n import t
from cjm.markdown import literal
from tests.pages.conftest import add_map, open_page


def test_export_offers_excel_json_csv_markdown_and_mermaid_for_the_open_map(store):
    m = add_map(store, "saas_demo", "ru")
    at = open_page("pages/export.py", lang="ru", map_id=m.id)
    assert at.title[0].value == literal(m.title)
    buttons = {b.key: b.label for b in at.get("download_button")}
    assert buttons == {
        "get_xlsx": t("export.download", "ru", ext="xlsx"), "get_json": t("export.download", "ru", ext="json"),
        "get_csv": t("format.csv", "ru"), "get_md": t("format.md", "ru"), "get_mmd": t("format.mmd", "ru"),
    }
    assert set(buttons) == {f"get_{fmt.extension}" for fmt in WRITABLE}  # the page offers what the table writes
    assert buttons["get_xlsx"].endswith(".xlsx") and buttons["get_json"].endswith(".json")
    assert all(b.proto.deferred_file_id for b in at.get("download_button"))  # each file is built on click


def test_export_without_an_open_map_points_to_the_library(data_dir):
    at = open_page("pages/export.py")
    assert [e.value for e in at.info] == [t("builder.none", "en")]
    assert not at.get("download_button")
