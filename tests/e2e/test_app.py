"""The app opens, shows the templates, and switches language — in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, shot, wait_idle


def open_app(page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name="Map templates")).to_be_visible()
    wait_idle(page)


def test_app_opens_idle_without_errors(page, app_server):
    open_app(page, app_server.url)
    expect(page).to_have_title("CJM Studio")
    assert_no_exception(page)
    # the default template is the SaaS demo, its top bottleneck announced
    expect(page.get_by_text("Top bottleneck: “Comparing options”")).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(2)  # map and priorities rendered
    shot(page, "app-templates-en")


def test_language_switch_to_russian(page, app_server):
    open_app(page, app_server.url)
    page.locator(".st-key-lang").get_by_text("Русский").click()
    expect(page.get_by_role("heading", name="Шаблоны карт")).to_be_visible()
    wait_idle(page)
    expect(page.get_by_text("Главное узкое место: «Рассмотрение вариантов»")).to_be_visible()
    # the picker follows the language too, keeping the chosen template
    picker = page.get_by_role("combobox", name="Шаблон")
    expect(picker).to_have_value("Демо CJM: SaaS для автоматизации продаж — 4 этапа")
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(2)
    assert_no_exception(page)
    shot(page, "app-templates-ru")


def test_choosing_another_template_shows_it(page, app_server):
    open_app(page, app_server.url)
    page.locator(".st-key-template_en").get_by_role("button", name="Open").click()
    expect(page.get_by_role("listbox")).to_be_visible()
    page.get_by_role("option", name="B2B linear process").click()
    wait_idle(page)
    expect(page.get_by_role("heading", level=2).first).to_contain_text("B2B")
    assert_no_exception(page)
