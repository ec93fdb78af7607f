"""Export and import in a real browser: the file a colleague gets, and the file that comes back."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from cjm.mapfile import map_from_bytes
from cjm.xlsx.read import read_table
from tests.e2e.conftest import assert_no_exception, shot, wait_idle
from tests.e2e.pages import Builder, Library


def go(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    wait_idle(page)
    assert_no_exception(page)


def download(page, key: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.locator(f".st-key-{key} button").click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_export_excel_and_json(page, app_server, tmp_path):
    builder = Library(page, app_server.url).open().create()
    builder.pick(1, "v_importance", "★★★☆☆ 3")
    builder.saved_version(2)
    go(page, "Export")
    xlsx = download(page, "get_xlsx", tmp_path)
    assert xlsx.name.startswith("cjm-demo-sales-automation-saas") and xlsx.suffix == ".xlsx"
    m, understanding = read_table(xlsx.read_bytes(), xlsx.name, "en")
    assert understanding.kind == "cjm-workbook"
    assert m.stages[1].values["importance"] == 3  # the edit made in the Builder is in the file
    as_json = map_from_bytes(download(page, "get_json", tmp_path).read_bytes())
    assert as_json.stages == m.stages
    assert download(page, "get_mmd", tmp_path).read_text(encoding="utf-8").startswith("journey\n")
    assert "Comparing options" in download(page, "get_csv", tmp_path).read_text(encoding="utf-8-sig")
    shot(page, "export-page")


def test_import_a_foreign_csv_with_a_preview(page, fresh_app, tmp_path):
    csv = tmp_path / "аудит.csv"
    csv.write_bytes("Аудит сайта;;\n\nЭтап;👤 Действия;Важность (1-5);Эмоции\n"
                    "Поиск;Ищет в Яндексе;5/5;😡\nОплата;Платит картой;★★★;раздражение\n".encode("cp1251", "ignore"))
    library = Library(page, fresh_app.url).open()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(csv))
    preview = page.locator(".st-key-import_preview")
    expect(preview).to_contain_text("How the file was understood")
    expect(preview).to_contain_text("Type: CSV · one row per stage · 2 stages")
    expect(preview).to_contain_text("Importance")
    expect(preview).to_contain_text("Поиск → Оплата")
    shot(page, "import-preview")
    expect(page.get_by_text("No maps yet")).to_be_visible()  # nothing is created before the click
    page.locator(".st-key-import_create button").click()
    builder = Builder(page).ready()
    builder.expect_stage_names(["Поиск", "Оплата"])
    expect(builder.cell(0, "v_importance")).to_have_text("★★★★★ 5")
    go(page, "Maps")
    expect(library.card("Аудит сайта")).to_be_visible()


def test_garbage_upload_is_refused_and_the_maps_stay(page, fresh_app, tmp_path):
    library = Library(page, fresh_app.url).open()
    library.create()
    go(page, "Maps")
    garbage = tmp_path / "report.xlsx"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(garbage))
    expect(page.get_by_text("The file was not imported:")).to_be_visible()
    expect(page.locator(".st-key-import_preview")).to_have_count(0)
    expect(library.card("CJM demo: sales automation SaaS")).to_have_count(1)
    assert_no_exception(page)
