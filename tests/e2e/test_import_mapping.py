"""The import's mapping step in a real browser (issue 13), in English and Russian: someone's spreadsheet comes in
with every stage unrated; the person puts a column into the Importance lane, gives "High" a score and a word the
reader does not know a score, and the ranking appears before the map is created; the next file with the same
labels comes in with those choices. Cells pasted from a spreadsheet (tab-separated text) get the same step."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, shot, wait_idle
from tests.e2e.pages import Builder, Library, choose

WORDS = {
    "en": {"title": "Onboarding audit — Acme CRM", "persona": "Persona: Olga, office manager",
           "header": ["Stage", "Doing", "Priority", "Mood", "Pain points"],
           "stages": ["Sign up", "Import contacts", "Invite the team", "First report"],
           "priority": ["Very high", "High", "Medium", "Low"], "meh": "Meh",
           "lane_for": "Lane for “Priority”", "importance": "⭐ Importance", "no_ranking": "No ranking yet",
           "create": "Create map", "paste_label": "…or paste cells from Excel or Google Sheets",
           "rated": "Olga, office manager"},
    "ru": {"title": "Аудит онбординга — Acme CRM", "persona": "Персона: Ольга, офис-менеджер",
           "header": ["Этап", "Что делает", "Приоритет", "Настроение", "Боли"],
           "stages": ["Регистрация", "Импорт контактов", "Приглашение команды", "Первый отчёт"],
           "priority": ["Очень высокая", "Высокая", "Средняя", "Низкая"], "meh": "Так себе",
           "lane_for": "Дорожка для «Приоритет»", "importance": "⭐ Важность", "no_ranking": "Пока нет рейтинга",
           "create": "Создать карту", "paste_label": "…или вставьте ячейки из Excel или Google Таблиц",
           "rated": "Ольга, офис-менеджер"},
}
MOODS = ["😐", "😤", None, "🙂"]  # the third: the "meh" word, which no lexicon scores


def table(words: dict) -> list[list[object]]:
    rows: list[list[object]] = [[words["title"]], [words["persona"]], [], words["header"]]
    for index, stage in enumerate(words["stages"]):
        mood = MOODS[index] or words["meh"]
        rows.append([stage, f"{stage}: …", words["priority"][index], mood, "x" if index == 1 else None])
    return rows


def workbook(path: Path, words: dict) -> Path:
    book = openpyxl.Workbook()
    for row in table(words):
        book.active.append(row)
    book.save(path)
    return path


def open_library(browser, url: str, language: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 1000}, locale=f"{language}-{language.upper()}")
    page = context.new_page()
    page.set_default_timeout(20_000)
    Library(page, url).open()
    if language == "ru":
        page.locator(".st-key-lang_picker").get_by_text("Русский").click()
        wait_idle(page)
    return context, page


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ru", 1920)])
def test_the_mapping_step_fixes_a_lane_and_values_then_the_ranking_appears(browser, fresh_app, tmp_path, language,
                                                                           width):
    words = WORDS[language]
    context, page = open_library(browser, fresh_app.url, language, width)
    try:
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            str(workbook(tmp_path / "audit.xlsx", words)))
        ranking = page.locator(".st-key-import_ranking")
        expect(ranking).to_contain_text(words["no_ranking"])  # every stage unrated: no answer yet
        expect(page.locator(".st-key-import_preview")).to_contain_text(" → ".join(words["stages"]))

        choose(page, words["lane_for"], words["importance"], typed=words["importance"][2:6], exact=True)
        wait_idle(page)
        expect(ranking.locator("li").first).to_have_text(f"🔴 {words['stages'][1]} — 80")  # the ranking appears
        values = page.locator(".st-key-import_values_1")
        expect(values).to_contain_text(words["priority"][0])  # the words read as a five-level scale, said

        choose(page, words["priority"][1], "★★★★★ 5", typed="5", exact=True)  # "High" → 5
        wait_idle(page)
        expect(ranking.locator("li").first).to_have_text(f"🔴 {words['stages'][1]} — 100")
        expect(ranking).not_to_contain_text(words["stages"][2])  # "meh" has no score yet
        choose(page, "⚠ " + words["meh"], "😞 −1", typed="−1", exact=True)  # the unknown word → −1
        wait_idle(page)
        expect(ranking).to_contain_text(words["stages"][2])
        shot(page, f"import-mapping-{language}-{width}")
        page.locator(".st-key-import_preview").screenshot(path=str(shot(page, f"import-preview-{language}-{width}")))
        assert_no_exception(page)

        page.locator(".st-key-import_create button").click()  # only now the map is made
        builder = Builder(page).ready()
        builder.expect_stage_names(words["stages"])
        expect(builder.cell(1, "v_importance")).to_have_text("★★★★★ 5")
        expect(builder.top_bottleneck()).to_contain_text(words["stages"][1])
        assert_no_exception(page)

        # the next file with the same labels: the choices are remembered (an import profile)
        page.get_by_role("link", name="Maps" if language == "en" else "Карты", exact=True).click()
        wait_idle(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            str(workbook(tmp_path / "audit-next-quarter.xlsx", words)))
        expect(page.get_by_role("combobox", name=words["lane_for"], exact=True)).to_have_value(words["importance"])
        expect(page.get_by_role("combobox", name=words["priority"][1], exact=True)).to_have_value("★★★★★ 5")
        expect(ranking.locator("li").first).to_have_text(f"🔴 {words['stages'][1]} — 100")
        assert_no_exception(page)
    finally:
        context.close()


@pytest.mark.parametrize(("language", "width"), [("en", 1920), ("ru", 1280)])
def test_cells_pasted_from_a_spreadsheet_get_the_same_step(browser, fresh_app, language, width):
    words = WORDS[language]
    context, page = open_library(browser, fresh_app.url, language, width)
    try:
        text = "\n".join("\t".join("" if cell is None else str(cell) for cell in row) for row in table(words)[3:])
        box = page.get_by_role("textbox", name=words["paste_label"], exact=True)
        box.fill(text)
        box.press("Control+Enter")
        preview = page.locator(".st-key-paste_preview")
        expect(preview).to_contain_text(" → ".join(words["stages"]))
        expect(page.locator(".st-key-paste_ranking")).to_contain_text(words["no_ranking"])
        choose(page, words["lane_for"], words["importance"], typed=words["importance"][2:6], exact=True)
        wait_idle(page)
        expect(page.locator(".st-key-paste_ranking li").first).to_have_text(f"🔴 {words['stages'][1]} — 80")
        shot(page, f"import-paste-{language}-{width}")
        page.locator(".st-key-paste_create button").click()
        builder = Builder(page).ready()
        builder.expect_stage_names(words["stages"])
        expect(builder.cell(0, "v_importance")).to_have_text("★★★★★ 5")
        assert_no_exception(page)
    finally:
        context.close()
