"""The action plan in a real browser, in Russian and English: a recommendation becomes an action on Analysis, the
Actions page sets its owner and status, filters, downloads the tracker CSV, and the library card shows the progress."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from cjm.i18n import t
from cjm.storage import MapStore, database_url
from cjm.templates import new_map_from_template
from tests.e2e.conftest import assert_no_exception, shot, wait_idle
from tests.e2e.pages import choose, open_page_of, store_map

OWNER = {"ru": "Анна", "en": "Anna"}


@pytest.fixture(params=["ru", "en"])
def lang_page(request, browser):
    """A browser whose language is Russian or English (the app opens in it), 1280 px wide."""
    language = request.param
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  locale="ru-RU" if language == "ru" else "en-US", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield language, page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        shot(page, f"FAILED-{request.node.name}")
    context.close()


def go(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    wait_idle(page)
    assert_no_exception(page)


def screenshots(page, name: str) -> None:
    for width in (1280, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        wait_idle(page)
        shot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_recommendation_becomes_an_action_with_an_owner_and_a_status(lang_page, app_server, tmp_path):
    language, page = lang_page
    m = new_map_from_template("saas_demo", language)
    m = m.model_copy(update={"title": f"{m.title} · plan e2e"})
    map_id = store_map(app_server, m)
    stage = m.stages[1]  # the demo's critical stage, with two recommendations

    # Analysis: "→ to the plan" beside each recommendation of the bottleneck; once made, "✓ in the plan"
    open_page_of(page, app_server, "analysis", map_id)
    for index in (0, 1):
        make = page.locator(f".st-key-to_action_{stage.id}_recommendations_{index}").get_by_role("button")
        expect(make).to_have_text(t("analysis.to_action", language))
        make.click()
        expect(make).to_have_text(t("analysis.in_plan", language))
        expect(make).to_be_disabled()
        wait_idle(page)
    shot(page, f"actions-analysis-{language}")

    # the Actions page: two open actions, none done
    go(page, t("nav.actions", language))
    progress = page.locator('[data-testid="stProgress"]')
    expect(progress).to_contain_text(t("actions.progress", language, count=2, done=0))

    # edit the first: an owner and the status done
    page.get_by_text(t("actions.edit", language), exact=True).click()
    owner = page.get_by_role("textbox", name=t("actions.field.owner", language), exact=True)
    expect(owner).to_be_visible()
    owner.fill(OWNER[language])
    # the screenshots before the status is picked: resizing the window after a pick in this form put the picker
    # back to its first value 2 times in 3 (the typed owner stayed) — a Streamlit redraw, noted for the team
    screenshots(page, f"actions-edit-{language}")
    choose(page, t("actions.field.status", language), t("action.status.done", language))
    page.get_by_role("button", name=t("actions.save", language), exact=True).click()
    expect(progress).to_contain_text(t("actions.progress", language, count=2, done=1))
    wait_idle(page)
    assert_no_exception(page)

    with MapStore(database_url(app_server.data_dir)) as store:
        saved = store.get(map_id).map
    assert [(a.title, a.stage_id, a.owner, a.status) for a in saved.actions] == [
        (stage.values["recommendations"][0], stage.id, OWNER[language], "done"),
        (stage.values["recommendations"][1], stage.id, "", "open")]

    # filter by owner, then by status as well
    choose(page, t("actions.filter_owner", language), OWNER[language])
    expect(page.get_by_text(t("actions.shown", language, shown=1, total=2), exact=True)).to_be_visible()
    pills = page.locator(f".st-key-actions_status_{map_id}")
    pills.get_by_role("button", name=t("action.status.open", language), exact=True).click()
    expect(page.get_by_text(t("actions.none_match", language), exact=True)).to_be_visible()
    pills.get_by_role("button", name=t("action.status.open", language), exact=True).click()
    pills.get_by_role("button", name=t("action.status.done", language), exact=True).click()
    expect(page.get_by_text(t("actions.shown", language, shown=1, total=2), exact=True)).to_be_visible()
    wait_idle(page)
    screenshots(page, f"actions-page-{language}")

    # the CSV for a tracker: the actions shown
    with page.expect_download() as info:
        page.locator(".st-key-actions_csv").get_by_role("button").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name.endswith("-actions.csv")
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows == [["Summary", "Stage", "Owner", "Due", "Status", "Effort", "Notes"],
                    [stage.values["recommendations"][0], stage.name, OWNER[language], "", "Done", "", ""]]

    # the library card: how far the plan is
    go(page, t("nav.library", language))
    card = page.locator(f".st-key-map_card_{map_id}")
    expect(card).to_contain_text(t("library.actions", language, count=2, done=1))
    card.scroll_into_view_if_needed()
    screenshots(page, f"actions-library-{language}")


def test_a_plan_changed_in_the_workbook_is_listed_in_the_import_preview_and_updates_the_map(lang_page, app_server,
                                                                                            tmp_path):
    import openpyxl

    from cjm.actions import add_action
    from cjm.xlsx.export import export_xlsx

    language, page = lang_page
    m = new_map_from_template("saas_demo", language)
    m = m.model_copy(update={"title": f"{m.title} · workbook plan"})
    m, _ = add_action(m, "Simplify the pricing", stage_id=m.stages[1].id, owner=OWNER[language])
    m, _ = add_action(m, "Old idea")
    map_id = store_map(app_server, m)
    with MapStore(database_url(app_server.data_dir)) as store:
        stored = store.get(map_id)
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(stored.map, version=stored.version)))
    ws = book[t("xlsx.sheet.actions", language)]
    ws["F3"] = t("action.status.done", language)  # a colleague: the first is done,
    ws.delete_rows(4)  # the second removed,
    ws["B4"] = "Call every lost lead"  # and a new one
    path = tmp_path / "plan-back.xlsx"
    book.save(path)

    page.goto(app_server.url)
    wait_idle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    changes = page.locator(".st-key-import_changes")
    lines = [t("diff.action", language, action="Simplify the pricing", field=t("diff.action_field.status", language),
               before=t("action.status.open", language), after=t("action.status.done", language)),
             t("diff.action_added", language, action="Call every lost lead"),
             t("diff.action_removed", language, action="Old idea")]
    for line in lines:
        expect(changes).to_contain_text(line)
    changes.scroll_into_view_if_needed()
    screenshots(page, f"actions-import-{language}")
    page.locator(".st-key-import_accept_all").get_by_role("button").click()
    expect(changes).to_have_count(0)  # the preview is gone: the map was updated
    wait_idle(page)
    assert_no_exception(page)
    go(page, t("nav.library", language))
    expect(page.locator(f".st-key-map_card_{map_id}")).to_contain_text(
        t("library.actions", language, count=2, done=1))
    with MapStore(database_url(app_server.data_dir)) as store:
        updated = store.get(map_id)
    assert [(a.title, a.status, a.owner) for a in updated.map.actions] == [
        ("Simplify the pricing", "done", OWNER[language]), ("Call every lost lead", "open", "")]
    assert updated.version == stored.version + 1  # one version
