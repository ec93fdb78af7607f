"""Every view shows a level the one way cjm/levels.py says, in Russian and English, at 1280 and 1920 px.

Screenshots land in .artifacts/screenshots/views-<lang>-<width>-<page>.png, to look at.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cjm import levels
from tests.e2e.conftest import assert_no_exception, shot, wait_idle
from tests.e2e.pages import Builder, Library

NAV = {"en": {"Analysis": "Analysis", "Board": "Board", "Builder": "Builder"},
       "ru": {"Analysis": "Анализ", "Board": "Доска", "Builder": "Редактор"}}
DEMO = {"en": "Comparing options", "ru": "Рассмотрение вариантов"}


@pytest.mark.parametrize("width", [1280, 1920])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_levels_read_the_same_on_every_view(browser, fresh_app, language, width):
    context = browser.new_context(viewport={"width": width, "height": 1000}, locale=f"{language}-{language.upper()}")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        Library(page, fresh_app.url).open().create()
        critical = levels.label("critical", language)  # "🔴 critical" / "🔴 критично"
        panel = page.locator(".st-key-top_bottleneck")
        expect(panel).to_contain_text(critical)
        expect(panel).to_contain_text(DEMO[language])
        shot(page, f"views-{language}-{width}-builder")

        page.get_by_role("link", name=NAV[language]["Analysis"], exact=True).click()
        wait_idle(page)
        todo = page.locator('[class*="st-key-todo_"]').first
        expect(todo).to_contain_text(f"{levels.icon('critical')} 1. {DEMO[language]}")
        expect(todo).to_contain_text(levels.word("critical", language))  # the why-line ends with the level word
        assert_no_exception(page)
        shot(page, f"views-{language}-{width}-analysis")

        page.get_by_role("link", name=NAV[language]["Board"], exact=True).click()
        wait_idle(page)
        header = page.locator("th.lvl-critical")
        expect(header).to_contain_text(DEMO[language])
        expect(header.locator(".badge")).to_contain_text(critical)
        # the tint comes from cjm/levels.py
        tint = page.locator("td.lvl-critical").first.evaluate("e => getComputedStyle(e).backgroundColor")
        expected = levels.STYLES["critical"].tint.lstrip("#")
        assert tint == "rgb({}, {}, {})".format(*(int(expected[i:i + 2], 16) for i in (0, 2, 4)))
        assert_no_exception(page)
        shot(page, f"views-{language}-{width}-board")
    finally:
        context.close()


# --- issue 14: numbers in the UI's language, titles of their own, nothing clipped, the first steps ----------
def voted_demo(language: str):
    """The demo with three workshop votes on stage 1: importance 4.67 ±0.47, emotion −0.33 ±0.47, priority 54.4."""
    from cjm.mapfile import map_from_dict
    from cjm.templates import new_map_from_template

    doc = new_map_from_template("saas_demo", language).model_dump(mode="json")
    doc["stages"][0]["votes"] = [{"participant": "p1", "importance": 4, "emotion": -1},
                                 {"participant": "p2", "importance": 5, "emotion": 0},
                                 {"participant": "p3", "importance": 5, "emotion": 0}]
    return map_from_dict(doc)


def test_russian_numbers_have_a_decimal_comma_on_every_view(browser, fresh_app):
    """Issue 14, 8: "😞 −0.67 ±0,47" and "62.2 · важность 4,67" mixed separators; a selectbox showed
    "Демо CJM\\: SaaS…"."""
    from tests.e2e.pages import open_page_of, store_map

    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        map_id = store_map(fresh_app, voted_demo("ru"))
        page.goto(fresh_app.url)
        wait_idle(page)
        open_page_of(page, fresh_app, "builder", map_id)
        expect(page.get_by_text("🟠 54,4 — Осознание потребности")).to_be_visible()
        assert "54.4" not in page.locator('[data-testid="stMain"]').inner_text()

        open_page_of(page, fresh_app, "analysis", map_id)
        ranking = page.locator(".st-key-ranking")
        for text in ("54,4", "4,67", "😐 −0,33", "±0,47"):
            expect(ranking).to_contain_text(text)
        for text in ("54.4", "4.67", "0.33", "0.47"):
            assert text not in ranking.inner_text()
        shot(page, "views-ru-1280-analysis-votes")

        open_page_of(page, fresh_app, "board", map_id)
        expect(page.locator('th[data-index="0"] .badge')).to_have_text("🟠 внимание · 54,4")

        page.get_by_role("link", name="Воркшоп", exact=True).click()
        wait_idle(page)
        expect(page.get_by_role("combobox", name="Карта")).to_have_value("Демо CJM: SaaS для автоматизации продаж")
    finally:
        context.close()


NOT_CLIPPED = "el => el.scrollWidth <= el.clientWidth + 1"


@pytest.mark.parametrize("width", [1280, 1920])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_new_map_gets_a_title_of_its_own_and_rename_is_not_clipped(browser, fresh_app, language, width):
    """Issue 14, 9: a new map kept the template's title, so the library filled with identical cards; "Rename"
    ("Переименовать") was clipped. And an empty library shows the first steps of an audit, dismissible."""
    from cjm.templates import load_template

    context = browser.new_context(viewport={"width": width, "height": 1000}, locale=f"{language}-{language.upper()}")
    page = context.new_page()
    page.set_default_timeout(20_000)
    words = {"en": ("Maps", "Where to start", "Rename", "Title of the new map"),
             "ru": ("Карты", "С чего начать", "Переименовать", "Название новой карты")}[language]
    try:
        library = Library(page, fresh_app.url).open()
        expect(page.locator(".st-key-first_run")).to_contain_text(words[1])
        shot(page, f"views-{language}-{width}-library-first-run")
        day = r"\d{2}\.\d{2}\.\d{4}" if language == "ru" else r"\d{4}-\d{2}-\d{2}"
        demo = re.escape(load_template("saas_demo", language).title) + " — " + day  # "template — day"
        expect(page.get_by_role("textbox", name=words[3])).to_have_value(re.compile(f"^{demo}$"))
        library.create()
        page.get_by_role("link", name=words[0], exact=True).click()
        wait_idle(page)
        expect(page.get_by_role("textbox", name=words[3])).to_have_value(re.compile(fr"^{demo} \(2\)$"))
        page.locator(".st-key-create_map button").click()
        Builder(page).ready()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(fr"^{demo} \(2\)$"))
        page.get_by_role("link", name=words[0], exact=True).click()
        wait_idle(page)
        cards = page.locator('[class*="st-key-map_card_"]')
        expect(cards).to_have_count(2)
        expect(cards.filter(has_text=re.compile(fr"{demo} \(2\)"))).to_have_count(1)
        rename = page.get_by_role("button", name=words[2]).first
        expect(rename).to_be_visible()
        for button in page.locator('[class*="st-key-card_actions_"] button').all():
            assert button.locator("p").first.evaluate(NOT_CLIPPED), button.inner_text()
        expect(page.locator(".st-key-first_run")).to_have_count(0)  # the library is not empty any more
        shot(page, f"views-{language}-{width}-library-two-maps")
        assert_no_exception(page)
    finally:
        context.close()
