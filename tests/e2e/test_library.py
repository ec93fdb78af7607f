"""The Library in a real browser: cards, duplicate, rename, delete with confirmation and a way back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, shot, wait_idle
from tests.e2e.pages import GRID_FRAME, Library


def to_library(page) -> None:
    page.get_by_role("link", name="Maps").click()
    expect(page.get_by_role("heading", name="My maps")).to_be_visible()
    wait_idle(page)


def test_card_shows_the_map_and_its_top_bottleneck(page, fresh_app):
    Library(page, fresh_app.url).open().create("B2B linear process: choosing a CRM — 4 stages")
    to_library(page)
    card = Library(page, fresh_app.url).card("B2B linear process: choosing a CRM")
    expect(card).to_contain_text("B2B · 4 stages · changed just now")
    expect(card).to_contain_text("🔴 Bottleneck: Defining requirements — 100")
    expect(page.get_by_text("No maps yet")).to_have_count(0)
    shot(page, "library-one-map")


def test_duplicate_rename_delete_undo_trash_and_purge(page, fresh_app):
    library = Library(page, fresh_app.url).open()
    library.create()
    title = page.get_by_role("heading", level=1).inner_text()  # "CJM demo: sales automation SaaS — <day>"
    assert re.fullmatch(r"CJM demo: sales automation SaaS — \d{4}-\d{2}-\d{2}", title), title
    to_library(page)
    library.card(title).get_by_role("button", name="Duplicate").click()
    expect(library.card(f"{title} (copy)")).to_be_visible()
    wait_idle(page)

    copy = library.card(f"{title} (copy)")
    copy.get_by_role("button", name="Rename").click()
    field = page.get_by_label("New title").last
    field.fill("Audit <b>copy</b>")
    page.get_by_role("button", name="Save").last.click()
    expect(library.card("Audit <b>copy</b>")).to_be_visible()
    wait_idle(page)

    # delete asks first; Cancel keeps the map
    library.card("Audit <b>copy</b>").get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Move the map “Audit <b>copy</b>” to the trash?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(library.card("Audit <b>copy</b>")).to_be_visible()
    wait_idle(page)

    library.card("Audit <b>copy</b>").get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Map “Audit <b>copy</b>” moved to the trash")).to_be_visible()
    expect(library.card("Audit <b>copy</b>")).to_have_count(0)
    page.locator(".st-key-undo_delete button").click()  # the way back, right there
    expect(library.card("Audit <b>copy</b>")).to_be_visible()
    wait_idle(page)

    library.card("Audit <b>copy</b>").get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(library.card("Audit <b>copy</b>")).to_have_count(0)
    wait_idle(page)
    page.get_by_text("Trash (1)").click()
    page.get_by_role("button", name="Restore").click()
    expect(library.card("Audit <b>copy</b>")).to_be_visible()
    wait_idle(page)

    library.card("Audit <b>copy</b>").get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(library.card("Audit <b>copy</b>")).to_have_count(0)
    wait_idle(page)
    page.get_by_text("Trash (1)").click()
    page.get_by_role("button", name="Delete forever").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("This cannot be undone")
    dialog.get_by_role("button", name="Delete forever").click()
    expect(page.get_by_text("Trash (1)")).to_have_count(0)
    expect(library.card(title)).to_have_count(1)  # the original is untouched
    assert_no_exception(page)


def test_a_template_opens_in_the_chosen_language(page, fresh_app):
    page.goto(fresh_app.url)
    expect(page.get_by_role("heading", name="My maps")).to_be_visible()
    wait_idle(page)
    page.locator(".st-key-lang_picker").get_by_text("Русский").click()
    expect(page.get_by_role("heading", name="Мои карты")).to_be_visible()
    wait_idle(page)
    page.locator(".st-key-create_map button").click()
    expect(page.get_by_role("heading", name="Демо CJM: SaaS для автоматизации продаж")).to_be_visible()
    frame = page.frame_locator(GRID_FRAME)
    expect(frame.locator(".ag-header-cell-text").filter(has_text="Действия")).to_be_visible()
    expect(frame.locator('.ag-row[row-index="1"] .ag-cell[col-id="name"]')).to_have_text("Рассмотрение вариантов")
    expect(page.locator(".st-key-top_bottleneck")).to_contain_text("Рассмотрение вариантов")
    shot(page, "builder-demo-ru")


@pytest.mark.parametrize(("language", "content", "why", "not_said"), [
    ("ru", b"", "Файл не импортирован: {name}.csv: файл пуст", "the file is empty"),
    ("en", b"", "The file was not imported: {name}.csv: the file is empty", "файл пуст"),
    ("ru", b"a;b\n1;2\n", "таблица карты пути не найдена (нет подписей дорожек вроде «Действия», «Эмоции»",
     "no journey map table"),
])
def test_a_bad_upload_is_refused_in_the_ui_language(page, app_server, tmp_path, language, content, why, not_said):
    """An empty CSV or one without a map (named with braces, which must not upset the message) is refused in the
    language of the UI."""
    bad = tmp_path / "{name}.csv"
    bad.write_bytes(content)
    page.goto(app_server.url)
    expect(page.get_by_role("heading", name="My maps")).to_be_visible()
    wait_idle(page)
    if language == "ru":
        page.locator(".st-key-lang_picker").get_by_text("Русский").click()
        expect(page.get_by_role("heading", name="Мои карты")).to_be_visible()
        wait_idle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    alert = page.locator('[data-testid="stAlert"]').filter(has_text=why)
    expect(alert).to_be_visible()
    expect(alert).not_to_contain_text(not_said)
    alert.scroll_into_view_if_needed()
    shot(page, f"library-refused-upload-{language}{'-no-table' if content else ''}")
    assert_no_exception(page)
