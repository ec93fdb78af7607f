"""The app opens, shows its pages, and switches language — in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, shot, wait_idle


def test_app_opens_idle_without_errors(page, fresh_app):
    page.goto(fresh_app.url)
    expect(page.get_by_role("heading", name="My maps")).to_be_visible()
    wait_idle(page)
    expect(page).to_have_title("CJM Studio")
    assert_no_exception(page)
    # a first-time user is told what to do, and the default template is previewed
    expect(page.get_by_text("No maps yet. Create your first one from a template below")).to_be_visible()
    expect(page.get_by_text("Stages: Recognizing the need → Comparing options → Purchase decision")).to_be_visible()
    shot(page, "library-empty-en")


def test_language_switch_to_russian(page, fresh_app):
    page.goto(fresh_app.url)
    expect(page.get_by_role("heading", name="My maps")).to_be_visible()
    wait_idle(page)
    page.locator(".st-key-lang_picker").get_by_text("Русский").click()
    expect(page.get_by_role("heading", name="Мои карты")).to_be_visible()
    wait_idle(page)
    expect(page.get_by_text("Карт пока нет.")).to_be_visible()
    expect(page.get_by_role("link", name="Редактор")).to_be_visible()
    picker = page.get_by_role("combobox", name="Шаблон")
    expect(picker).to_have_value("Демо CJM: SaaS для автоматизации продаж — 4 этапа")
    assert_no_exception(page)
    shot(page, "library-empty-ru")


def test_builder_without_a_map_says_what_to_do(page, fresh_app):
    page.goto(f"{fresh_app.url}/builder")
    expect(page.get_by_text("No map is open. Open a map or create one on the Maps page.")).to_be_visible()
    page.get_by_role("link", name="Go to my maps").click()
    expect(page.get_by_role("heading", name="My maps")).to_be_visible()
    assert_no_exception(page)


def test_unknown_map_in_the_link_is_a_clear_message(page, fresh_app):
    page.goto(f"{fresh_app.url}/builder?map=doesnotexist")
    expect(page.get_by_text("This map was not found")).to_be_visible()
    assert_no_exception(page)


def test_first_request_straight_to_a_map_gets_the_whole_app(page, tmp_path):
    """After a server restart the first visit may be a bookmarked /builder?map=… link."""
    from cjm.storage import MapStore
    from cjm.templates import new_map_from_template
    from tests.e2e.conftest import AppServer

    data = tmp_path / "data"
    data.mkdir()
    with MapStore(f"sqlite:///{data / 'cjm.sqlite3'}") as store:
        map_id = store.create(new_map_from_template("saas_demo", "en")).map.id
    server = AppServer(data, tmp_path / "streamlit.log").start()
    try:
        page.goto(f"{server.url}/builder?map={map_id}")
        expect(page.get_by_role("heading", name="CJM demo: sales automation SaaS")).to_be_visible()
        wait_idle(page)
        expect(page).to_have_title("CJM Studio")  # app.py's page config ran
        expect(page.locator(".st-key-lang_picker")).to_be_visible()  # and its sidebar
        expect(page.get_by_role("link", name="Maps")).to_be_visible()
        expect(page.get_by_role("link", name="ui", exact=True)).to_have_count(0)  # not the legacy pages/ listing
        assert_no_exception(page)
    finally:
        server.stop()
