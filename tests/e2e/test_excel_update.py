"""A workbook comes back and updates the map it came from, in a real browser: the per-cell diff, a conflict
with a change made in the app since the export, choosing per change, one version, and Undo.

Screenshots: .artifacts/screenshots/excel-update-<lang>-<width>.png (the preview) and
excel-update-<lang>-builder.png (after the update), to look at.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, shot, wait_idle
from tests.e2e.pages import Builder, Library

WORDS = {
    "en": {"Export": "Export", "Maps": "Maps", "sheet": "Map", "data": "Data", "update": "Update “",
           "new": "Create a new map", "chosen": "Update with the ticked changes", "undo": "Undo",
           "stage1": "Recognizing the need", "stage3": "Purchase decision", "stage4": "Onboarding and use",
           "lane": 'lane "Importance"', "conflict": "also changed in the app since the export",
           "saved": "Saved · version", "preview": "How the file was understood", "unread": "Cells not read (1)"},
    "ru": {"Export": "Экспорт", "Maps": "Карты", "sheet": "Карта", "data": "Данные", "update": "Обновить «",
           "new": "Создать новую карту", "chosen": "Обновить отмеченным", "undo": "Отменить",
           "stage1": "Осознание потребности", "stage3": "Решение о покупке", "stage4": "Onboarding и использование",
           "lane": "дорожка «Важность»", "conflict": "в приложении это тоже изменили после выгрузки",
           "saved": "Сохранено · версия", "preview": "Как понят файл",
           "unread": "Ячейки, которые не прочитаны (1)"},
}


def go(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    wait_idle(page)
    assert_no_exception(page)


def colleague_edits(data: bytes, words: dict[str, str]) -> bytes:
    """What the colleague does in Excel: on the Map sheet importance 5 for stage 1, an action line, a comment,
    stage 4 renamed, stage 3's importance 1; on the Data sheet a new stage."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book[words["sheet"]]
    ws["C11"] = "5"
    ws["C7"] = ws["C7"].value + "\n• Reads a review"
    ws["E9"].comment = Comment("Too vague?", "Anna")
    ws["F5"] = "4. Onboarding"
    ws["E11"] = "1"
    ws["D11"] = "a lot"  # not an importance: listed, kept as text
    data_ws = book[words["data"]]
    data_ws.append([None, "Renewal", "Renews the plan"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_update_the_map_from_its_workbook_choose_per_change_and_undo(browser, fresh_app, tmp_path: Path, language):
    words = WORDS[language]
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale=f"{language}-{language.upper()}")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        library = Library(page, fresh_app.url).open()
        if language == "ru":
            page.locator(".st-key-lang_picker").get_by_text("Русский").click()
            wait_idle(page)
        builder = library.create()
        go(page, words["Export"])
        with page.expect_download() as info:
            page.locator(".st-key-get_xlsx button").click()
        exported = tmp_path / info.value.suggested_filename
        info.value.save_as(exported)

        go(page, words["Maps"])
        page.locator('[class*="st-key-open_"] button').first.click()
        builder = Builder(page).ready()
        builder.pick(2, "v_importance", "★★☆☆☆ 2")  # changed in the app since the export
        expect(page.get_by_text(f"{words['saved']} 2", exact=False)).to_be_visible()
        wait_idle(page)

        back = tmp_path / exported.name.replace(".xlsx", "-back.xlsx")
        back.write_bytes(colleague_edits(exported.read_bytes(), words))
        go(page, words["Maps"])
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(back))
        preview = page.locator(".st-key-import_preview")
        expect(preview).to_contain_text(words["preview"])
        expect(preview.get_by_text(words["update"], exact=False).first).to_be_visible()
        changes = page.locator(".st-key-import_changes")
        expect(changes).to_contain_text(f"{words['stage1']}")
        expect(changes).to_contain_text(f"{words['lane']}: 3 → 5")
        expect(changes).to_contain_text("Renewal")
        expect(changes).to_contain_text(words["conflict"])  # stage 3: 2 in the app, 1 in the workbook
        expect(preview).to_contain_text(words["unread"])  # "a lot": sheet, cell, text and why in the table
        if language == "ru":  # the Russian preview speaks Russian: none of the English table's words
            text = preview.inner_text()
            for english in ("What the workbook changes", "Stage ", "lane ", "What to do", "Accept all", "changed cell",
                            "new stage", "read into the lane", "The workbook was exported"):
                assert english not in text, english
        assert_no_exception(page)
        for width in (1280, 1920):
            page.set_viewport_size({"width": width, "height": 3000})  # the whole preview in one picture
            wait_idle(page)
            preview.scroll_into_view_if_needed()
            shot(page, f"excel-update-{language}-{width}")
        page.set_viewport_size({"width": 1280, "height": 1000})

        # choose per change: leave the rename out; the conflict stays unticked (the app's 2 is kept)
        rename = changes.locator('[data-testid="stCheckbox"]').filter(has_text="Onboarding")
        rename.locator("label").click()
        wait_idle(page)
        page.locator(".st-key-import_apply_chosen button").click()
        builder = Builder(page).ready()
        expect(builder.cell(0, "v_importance")).to_have_text("★★★★★ 5")
        expect(builder.cell(2, "v_importance")).to_have_text("★★☆☆☆ 2")
        names = builder.stage_names()
        assert names[3] == words["stage4"] and names[-1] == "Renewal" and len(names) == 5
        expect(page.get_by_text(f"{words['saved']} 3", exact=False)).to_be_visible()  # one version
        shot(page, f"excel-update-{language}-builder")

        builder.button("undo").click()
        wait_idle(page)
        builder.expect_stage_names([words["stage1"], *names[1:4]])
        expect(builder.cell(0, "v_importance")).to_have_text("★★★☆☆ 3")
        expect(builder.cell(2, "v_importance")).to_have_text("★★☆☆☆ 2")  # the app's own change stays
        assert_no_exception(page)
    finally:
        context.close()


def test_a_workbook_whose_map_is_not_here_creates_a_new_map_with_the_ticked_changes(page, fresh_app, tmp_path):
    """Only *Create a new map* is offered; a deleted column is removed only when ticked."""
    from cjm.templates import load_template
    from cjm.xlsx.export import export_xlsx

    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(load_template("saas_demo", "en"), version=4)))
    ws = book["Map"]
    ws["C11"] = "★★★★★"
    ws.delete_cols(5)  # stage 3, "Purchase decision"
    path = tmp_path / "from-a-colleague.xlsx"
    book.save(path)
    Library(page, fresh_app.url).open()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    changes = page.locator(".st-key-import_changes")
    expect(changes).to_contain_text('Stage "Purchase decision" removed (was at position 3)')
    expect(page.get_by_text("Update “", exact=False)).to_have_count(0)
    removal = changes.locator('[data-testid="stCheckbox"]').filter(has_text="removed")
    expect(removal.locator("input")).not_to_be_checked()  # removed only when the person agrees
    removal.locator("label").click()
    wait_idle(page)
    shot(page, "excel-create-from-workbook")
    page.locator(".st-key-import_create button").click()
    builder = Builder(page).ready()
    builder.expect_stage_names(["Recognizing the need", "Comparing options", "Onboarding and use"])
    expect(builder.cell(0, "v_importance")).to_have_text("★★★★★ 5")
    assert_no_exception(page)
