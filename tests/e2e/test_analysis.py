"""Analysis, Board and Compare in a real browser: the answer to "what do we fix first" follows every edit."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, shot, wait_idle
from tests.e2e.pages import Library


def go(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    wait_idle(page)
    assert_no_exception(page)


def test_an_edit_in_the_builder_moves_the_analysis_ranking_and_the_board_marking(page, app_server):
    builder = Library(page, app_server.url).open().create()
    go(page, "Analysis")
    ranking = page.locator('[data-testid="stDataFrame"]').first
    expect(page.locator('[class*="st-key-todo_"]').first).to_contain_text("1. Comparing options")
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2)  # curve + matrix (no funnel)
    expect(page.get_by_text("No funnel data")).to_be_visible()
    expect(ranking).to_be_visible()
    shot(page, "analysis-demo-en")
    go(page, "Board")
    expect(page.locator("th.lvl-critical")).to_contain_text("Comparing options")
    shot(page, "board-demo-en")

    go(page, "Builder")
    builder.ready()
    builder.pick(1, "v_emotion", "🤩 +2")
    builder.saved_version(2)
    go(page, "Analysis")
    expect(page.locator('[class*="st-key-todo_"]').first).to_contain_text("1. Recognizing the need")
    go(page, "Board")
    expect(page.locator("th.lvl-critical")).to_have_count(0)
    expect(page.locator("th.lvl-warning")).to_contain_text("Recognizing the need")


def test_presentation_mode_steps_through_the_stages(page, app_server):
    Library(page, app_server.url).open().create()
    go(page, "Board")
    page.locator(".st-key-board_mode").get_by_text("Presentation").click()
    wait_idle(page)
    expect(page.get_by_text("Stage 1 of 4")).to_be_visible()
    expect(page.locator(".cjm-slide h2")).to_have_text("Recognizing the need")
    page.locator(".st-key-slide_next button").click()
    expect(page.get_by_text("Stage 2 of 4")).to_be_visible()
    expect(page.locator(".cjm-slide")).to_contain_text("🔴 critical · 100")
    shot(page, "board-presentation")
    page.locator(".st-key-slide_back button").click()
    expect(page.get_by_text("Stage 1 of 4")).to_be_visible()


def test_funnel_chart_for_a_map_with_metrics(page, app_server):
    Library(page, app_server.url).open().create("Clothing store: abandoned cart recovery — 6 stages")
    go(page, "Analysis")
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(3)
    expect(page.get_by_text("No funnel data")).to_have_count(0)
    shot(page, "analysis-funnel")


def test_a_script_stage_name_is_text_on_the_board(page, app_server):
    builder = Library(page, app_server.url).open().create()
    builder.type_text(0, "name", "<script>alert(1)</script>")
    builder.saved_version(2)
    go(page, "Board")
    expect(page.locator("thead th").nth(1)).to_contain_text("<script>alert(1)</script>")
    assert page.locator(".cjm-board script").count() == 0


def test_compare_two_maps(page, fresh_app):
    library = Library(page, fresh_app.url).open()
    library.create()
    page.get_by_role("link", name="Maps", exact=True).click()
    wait_idle(page)
    library.card("CJM demo: sales automation SaaS").get_by_role("button", name="Duplicate").click()
    expect(library.card("(copy)")).to_be_visible()
    go(page, "Compare")
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(1)
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    shot(page, "compare")


def test_a_suggested_emotion_is_marked_and_can_be_confirmed(page, app_server):
    builder = Library(page, app_server.url).open().create()
    builder.pick(0, "v_emotion", "—")  # words stay ("Confusion, distrust"), the score goes
    builder.saved_version(2)
    go(page, "Analysis")
    expect(page.get_by_text("Emotions suggested from words")).to_be_visible()
    confirm = page.locator('[class*="st-key-confirm_"] button')
    expect(confirm).to_have_count(1)
    label = confirm.inner_text()
    assert label.startswith("Confirm 😞") or label.startswith("Confirm 😡"), label
    confirm.click()
    wait_idle(page)
    expect(page.get_by_text("Emotions suggested from words")).to_have_count(0)
    go(page, "Builder")
    builder.ready()
    expect(builder.cell(0, "v_emotion")).to_have_text(label.removeprefix("Confirm "))
    expect(builder.cell(0, "w_emotion")).to_have_text("Confusion, distrust")


def test_scoring_method_and_thresholds_per_map(page, app_server):
    Library(page, app_server.url).open().create()
    go(page, "Analysis")
    page.get_by_text("Scoring: method, weights, thresholds").click()
    wait_idle(page)
    page.get_by_text("opportunity score (importance + dissatisfaction)").click()
    expect(page.get_by_text("Scoring method: opportunity score")).to_be_visible()
    wait_idle(page)
    critical = page.get_by_label("Critical from")
    critical.fill("101")
    critical.press("Enter")
    wait_idle(page)
    expect(critical).to_have_attribute("aria-invalid", "true")  # flagged, and never submitted
    page.reload()
    expect(page.get_by_text("Scoring method: opportunity score")).to_be_visible()  # the method was saved
    wait_idle(page)
    page.get_by_text("Scoring: method, weights, thresholds").click()
    expect(page.get_by_label("Critical from")).to_have_value("70.00")  # the threshold was not
    assert_no_exception(page)
