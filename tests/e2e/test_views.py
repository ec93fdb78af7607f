"""Every view shows a level the one way cjm/levels.py says, in Russian and English, at 1280 and 1920 px.

Screenshots land in .artifacts/screenshots/views-<lang>-<width>-<page>.png, to look at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cjm import levels
from tests.e2e.conftest import assert_no_exception, shot, wait_idle
from tests.e2e.pages import Library

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
