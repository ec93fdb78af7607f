"""The Builder in a real browser: edit in the grid, autosave, reload, undo/redo, history, conflicts."""

from __future__ import annotations

import sqlite3

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, shot, wait_idle
from tests.e2e.pages import Builder, Library, choose


def new_demo_map(page, url) -> Builder:
    return Library(page, url).open().create()


def test_create_from_template_shows_the_grid_and_the_bottleneck(page, app_server):
    builder = new_demo_map(page, app_server.url)
    builder.expect_stage_names(["Recognizing the need", "Comparing options", "Purchase decision",
                                "Onboarding and use"])
    expect(builder.top_bottleneck()).to_contain_text("Comparing options")
    expect(builder.top_bottleneck()).to_contain_text("100")
    expect(builder.cell(1, "_score")).to_have_text("🔴 100")
    expect(builder.cell(1, "v_importance")).to_have_text("★★★★★ 5")
    builder.saved_version(1)
    shot(page, "builder-demo-en")


def test_pickers_change_scores_and_the_top_bottleneck(page, app_server):
    builder = new_demo_map(page, app_server.url)
    builder.pick(1, "v_emotion", "🤩 +2")  # the worst stage is delighted now
    builder.saved_version(2)
    expect(builder.cell(1, "v_emotion")).to_have_text("🤩 +2")
    expect(builder.top_bottleneck()).to_contain_text("Recognizing the need")
    builder.pick(0, "v_importance", "★★★★★ 5")
    builder.saved_version(3)
    expect(builder.cell(0, "_score")).to_have_text("🔴 75")
    expect(builder.top_bottleneck()).to_contain_text("75")
    builder.pick(0, "v_importance", "—")  # unrated is not 0: the stage drops out of the ranking
    builder.saved_version(4)
    expect(builder.cell(0, "_score")).to_have_text("⚪ —")
    assert_no_exception(page)


def test_typed_text_lists_and_hostile_text_survive_a_reload(page, app_server):
    builder = new_demo_map(page, app_server.url)
    builder.type_text(0, "v_goals", "<script>alert(1)</script> **not bold** مرحبا 🙂")
    builder.saved_version(2)
    builder.type_text(0, "v_actions", "first item\nsecond item")
    builder.saved_version(3)
    builder.type_text(2, "name", "Решение о покупке")
    builder.saved_version(4)
    page.reload()
    builder.ready()
    expect(builder.cell(0, "v_goals")).to_have_text("<script>alert(1)</script> **not bold** مرحبا 🙂")
    expect(builder.cell(0, "v_actions")).to_have_text("first item\nsecond item")
    expect(builder.cell(2, "name")).to_have_text("Решение о покупке")
    builder.saved_version(4)
    shot(page, "builder-after-reload")


def test_add_delete_and_drag_reorder_stages(page, app_server):
    builder = new_demo_map(page, app_server.url)
    builder.select_rows(0)
    builder.button("add_stage").click()  # after the selected stage
    builder.saved_version(2)
    builder.expect_stage_names(["Recognizing the need", "New stage", "Comparing options", "Purchase decision",
                                "Onboarding and use"])
    builder.select_rows(1)
    builder.button("delete_stage").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Delete these stages: «New stage»?")
    dialog.get_by_role("button", name="Cancel").click()
    wait_idle(page)
    builder.expect_stage_names(["Recognizing the need", "New stage", "Comparing options", "Purchase decision",
                                "Onboarding and use"])
    builder.button("delete_stage").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    builder.saved_version(3)
    builder.expect_stage_names(["Recognizing the need", "Comparing options", "Purchase decision",
                                "Onboarding and use"])
    builder.drag_row(0, 2)
    builder.saved_version(4)
    builder.expect_stage_names(["Comparing options", "Purchase decision", "Recognizing the need",
                                "Onboarding and use"])
    page.reload()
    builder.ready()
    builder.expect_stage_names(["Comparing options", "Purchase decision", "Recognizing the need",
                                "Onboarding and use"])
    assert_no_exception(page)


def test_undo_redo_and_restore_a_version(page, app_server):
    builder = new_demo_map(page, app_server.url)
    builder.pick(1, "v_emotion", "😐 0")
    builder.saved_version(2)
    builder.type_text(1, "name", "Comparing plans")
    builder.saved_version(3)
    builder.button("undo").click()
    builder.saved_version(4)
    expect(builder.cell(1, "name")).to_have_text("Comparing options")
    builder.button("undo").click()
    builder.saved_version(5)
    expect(builder.cell(1, "v_emotion")).to_have_text("😡 −2")
    builder.button("redo").click()
    builder.saved_version(6)
    expect(builder.cell(1, "v_emotion")).to_have_text("😐 0")
    # restore version 3 from the history: a new version 7 with version 3's content
    page.get_by_role("button", name="🕘 History").click()
    page.locator(".st-key-restore_3 button").click()
    builder.saved_version(7)
    expect(builder.cell(1, "name")).to_have_text("Comparing plans")
    expect(builder.cell(1, "v_emotion")).to_have_text("😐 0")
    assert_no_exception(page)


def test_two_tabs_the_second_writer_is_told_and_can_reload(browser, app_server):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
    first_page = context.new_page()
    first = new_demo_map(first_page, app_server.url)
    second_page = context.new_page()
    second_page.goto(first_page.url)
    second = Builder(second_page).ready()
    first.pick(1, "v_importance", "★★☆☆☆ 2")
    first.saved_version(2)
    second.pick(2, "v_importance", "★☆☆☆☆ 1")  # edits version 1, which is no longer current
    expect(second_page.get_by_text("This map was changed in another tab or by someone else")).to_be_visible()
    expect(second_page.get_by_text("⚠ Not saved")).to_be_visible()
    shot(second_page, "builder-conflict")
    second_page.get_by_role("button", name="Reload the latest version").click()
    second.saved_version(2)
    expect(second.cell(1, "v_importance")).to_have_text("★★☆☆☆ 2")  # the first tab's edit, not overwritten
    expect(second.cell(2, "v_importance")).to_have_text("★★★★☆ 4")
    context.close()


def test_a_failed_save_is_shown_and_kept_for_retry(page, app_server):
    builder = new_demo_map(page, app_server.url)
    database = sqlite3.connect(app_server.data_dir / "cjm.sqlite3", timeout=1)
    try:
        database.execute("BEGIN EXCLUSIVE")  # another program holds the database
        builder.pick(1, "v_emotion", "🙂 +1")
        expect(page.get_by_text("could not save: database is locked")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("⚠ Not saved")).to_be_visible()
        expect(builder.cell(1, "v_emotion")).to_have_text("🙂 +1")  # the edit is still on screen
    finally:
        database.rollback()
        database.close()
    page.get_by_role("button", name="Try saving again").click()
    builder.saved_version(2)
    page.reload()
    builder.ready()
    expect(builder.cell(1, "v_emotion")).to_have_text("🙂 +1")


def test_map_details_and_language_of_the_map(page, app_server):
    builder = new_demo_map(page, app_server.url)
    page.get_by_text("Map: title, persona, kind, language").click()
    title = page.get_by_label("Title")
    title.fill("Audit: <b>SaaS</b> :red[trial]")
    title.press("Enter")
    builder.saved_version(2)
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit: <b>SaaS</b> :red[trial]")
    choose(page, "Map language", "Русский")
    builder.saved_version(3)
    expect(builder.grid.locator(".ag-header-cell-text").filter(has_text="Действия")).to_be_visible()
    assert_no_exception(page)


def test_lanes_add_rename_hide_and_delete(page, app_server):
    builder = new_demo_map(page, app_server.url)
    page.get_by_text("Lanes (the map's rows)").click()
    page.locator('[class*="st-key-new_lane_kind_"]').get_by_text("Custom").click()
    new_label = page.locator('[class*="st-key-new_lane_label_"] input')
    expect(new_label).to_be_visible()
    new_label.fill("Когда")
    new_label.press("Enter")
    wait_idle(page)
    page.locator('[class*="st-key-add_lane_"] button').click()
    builder.saved_version(2)
    expect(builder.grid.locator('.ag-header-cell[col-id="v_kogda"]')).to_be_visible()
    builder.type_text(0, "v_kogda", "День 0")
    builder.saved_version(3)
    page.locator(".st-key-lane_toggle_kogda button").click()
    builder.saved_version(4)
    expect(builder.grid.locator('.ag-header-cell[col-id="v_kogda"]')).to_have_count(0)
    page.locator(".st-key-lane_delete_kogda button").first.click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    builder.saved_version(5)
    expect(page.locator(".st-key-lane_delete_kogda")).to_have_count(0)
    assert_no_exception(page)


def test_switching_the_ui_language_keeps_the_open_map(page, app_server):
    builder = new_demo_map(page, app_server.url)
    page.locator(".st-key-lang_picker").get_by_text("Русский").click()
    expect(page.get_by_text("Главное узкое место")).to_be_visible()
    builder.ready()
    expect(page.get_by_role("button", name="➕ Этап")).to_be_visible()
    expect(builder.grid.locator(".ag-header-cell-text").filter(has_text="Приоритет")).to_be_visible()
    shot(page, "builder-ui-ru")


def test_a_20000_character_cell_is_kept_whole(page, app_server):
    builder = new_demo_map(page, app_server.url)
    text = ("Длинный текст, long text. " * 800)[:20_000]
    builder.type_text(1, "v_goals", text)
    builder.saved_version(2)
    page.reload()
    builder.ready()
    stored = builder.cell(1, "v_goals").inner_text()
    assert stored == text.strip() or stored == text
    assert_no_exception(page)


def test_letters_in_a_number_cell_never_become_nan(page, app_server):
    builder = Library(page, app_server.url).open().create("Clothing store: abandoned cart recovery — 6 stages")
    cell = builder.cell(0, "v_metrics")
    before = cell.inner_text()
    cell.scroll_into_view_if_needed()
    cell.dblclick()
    editor = builder.grid.locator(".ag-cell-inline-editing input")
    expect(editor).to_be_visible()
    editor.press_sequentially("abc")
    editor.press("Escape")  # nothing numeric typed: the edit is abandoned
    wait_idle(page)
    expect(cell).to_have_text(before)
    cell.dblclick()
    editor.fill("")
    editor.press_sequentially("12a3")  # the number editor takes the digits only
    editor.press("Enter")
    builder.saved_version(2)
    expect(cell).to_have_text("123")
    assert "NaN" not in builder.grid.locator(".ag-center-cols-container").inner_text()
    assert_no_exception(page)


def test_a_server_restart_keeps_every_edit(page, tmp_path):
    from tests.e2e.conftest import AppServer

    data = tmp_path / "data"
    server = AppServer(data, tmp_path / "first.log").start()
    try:
        builder = new_demo_map(page, server.url)
        builder.pick(1, "v_emotion", "😞 −1")
        builder.saved_version(2)
        builder.type_text(0, "name", "Понимание потребности")
        builder.saved_version(3)
        map_url = page.url
    finally:
        server.stop()
    restarted = AppServer(data, tmp_path / "second.log")
    restarted.port, restarted.url = server.port, server.url  # same address: the open tab reconnects
    restarted.start()
    try:
        page.goto(map_url)
        builder = Builder(page).ready()
        builder.saved_version(3)
        expect(builder.cell(0, "name")).to_have_text("Понимание потребности")
        expect(builder.cell(1, "v_emotion")).to_have_text("😞 −1")
    finally:
        restarted.stop()


def test_keyboard_only_editing(page, app_server):
    builder = new_demo_map(page, app_server.url)
    builder.cell(0, "name").click()
    page.keyboard.press("Enter")  # edit the focused cell
    editor = builder.grid.locator(".ag-cell-inline-editing input")
    expect(editor).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Need")
    page.keyboard.press("Enter")  # save; focus moves down a row
    builder.saved_version(2)
    expect(builder.cell(0, "name")).to_have_text("Need")
    page.keyboard.press("Enter")  # now editing row 1's name
    expect(editor).to_be_focused()
    page.keyboard.press("Escape")  # cancel: nothing saved
    wait_idle(page)
    expect(builder.cell(1, "name")).to_have_text("Comparing options")
    builder.saved_version(2)


def test_duplicate_a_stage_and_move_it_with_the_buttons(page, app_server):
    builder = new_demo_map(page, app_server.url)
    builder.select_rows(1)
    builder.button("duplicate_stage").click()
    builder.saved_version(2)
    builder.expect_stage_names(["Recognizing the need", "Comparing options", "Comparing options (copy)",
                                "Purchase decision", "Onboarding and use"])
    expect(builder.cell(2, "v_importance")).to_have_text("★★★★★ 5")  # the copy has the content too
    copy_box = builder.grid.locator('.ag-pinned-left-cols-container .ag-row[row-index="2"] input[type="checkbox"]')
    expect(copy_box).to_be_checked()  # the copy is selected now, not the original
    copy_box.uncheck()
    builder.selection_settled()
    wait_idle(page)
    builder.select_rows(0)
    builder.button("move_down").click()
    builder.saved_version(3)
    builder.expect_stage_names(["Comparing options", "Recognizing the need", "Comparing options (copy)",
                                "Purchase decision", "Onboarding and use"])


def test_rename_and_move_a_lane(page, app_server):
    builder = new_demo_map(page, app_server.url)
    page.get_by_text("Lanes (the map's rows)").click()
    label = page.locator('[class*="st-key-lane_label_goals_"] input')
    label.fill("Jobs to be done")
    label.press("Enter")
    builder.saved_version(2)
    expect(builder.grid.locator('.ag-header-cell[col-id="v_goals"]')).to_contain_text("Jobs to be done")
    page.locator(".st-key-lane_up_goals button").click()
    builder.saved_version(3)
    builder.ready()
    order = builder.grid.locator(".ag-header-row-column .ag-header-cell").evaluate_all(
        "cells => cells.map(c => c.getAttribute('col-id'))")
    assert order.index("v_goals") < order.index("v_touchpoints"), order
