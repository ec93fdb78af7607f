"""Hostile text that arrives from outside runs nothing, in a real browser.

Every frame (the app and the grid's iframe) gets a trap before any script of the page runs:
``alert``, ``confirm`` and ``prompt`` set a flag on the top window, and any dialog is recorded.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, shot
from tests.e2e.pages import Builder, Library

# The payload of issue 10: a single replace of the grid component's code mark left a fresh pair behind.
NESTED = "::JSCODE::JSCODE::alert(1)//::JSCODE::JSCODE::"
TRAP = """
(() => {
  const hit = (how) => { try { window.top.__cjm_ran = (window.top.__cjm_ran || []).concat([how]); } catch (e) {} };
  window.alert = () => hit('alert');
  window.confirm = () => { hit('confirm'); return false; };
  window.prompt = () => { hit('prompt'); return null; };
})();
"""


def test_an_imported_csv_with_code_marks_in_its_labels_runs_nothing(page, fresh_app, tmp_path):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAP)
    csv = tmp_path / "audit.csv"
    csv.write_text(
        f"Stage,{NESTED},Importance,Emotion,<img src=x onerror=alert(2)>\n"
        f"Search,{NESTED},5,-2,<script>alert(3)</script>\n"
        "Payment,pays by card,3,0,ok\n",
        encoding="utf-8",
    )
    Library(page, fresh_app.url).open()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(csv))
    expect(page.locator(".st-key-import_preview")).to_contain_text("Search → Payment")
    page.locator(".st-key-import_create button").click()
    builder = Builder(page).ready()
    builder.expect_stage_names(["Search", "Payment"])
    grid = builder.grid
    # the label is shown as text in the header, and the cell as text in the grid
    expect(grid.locator(".ag-header-cell-text").filter(has_text="JSCODE").first).to_be_visible()
    expect(grid.locator(".ag-header-cell-text").filter(has_text="<img src=x").first).to_be_visible()
    expect(grid.locator(".ag-cell").filter(has_text="<script>alert(3)</script>").first).to_be_visible()
    shot(page, "safety-imported-code-marks")
    assert page.evaluate("window.__cjm_ran || []") == []
    assert dialogs == []
    assert_no_exception(page)
