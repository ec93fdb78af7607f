"""Analysis, Board and Compare in a real browser: the answer to "what do we fix first" follows every edit."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, shot, wait_idle
from tests.e2e.pages import Library, long_map, open_page_of, store_map


def go(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    wait_idle(page)
    assert_no_exception(page)


def test_an_edit_in_the_builder_moves_the_analysis_ranking_and_the_board_marking(page, app_server):
    builder = Library(page, app_server.url).open().create()
    go(page, "Analysis")
    ranking = page.locator(".st-key-ranking")  # a static table since issue 14 (the why-line reads whole)
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


# --- issue 14: Analysis for real maps ------------------------------------------------------------------------
BOXES = """els => els.filter(e => (e.textContent || '').trim()).map(e => {
  const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.textContent]; })"""


def overlaps(boxes: list, slack: float = 1.0) -> list:
    """Pairs of boxes that overlap by more than ``slack`` px each way."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack:
                found.append((a[4], b[4]))
    return found


def element_shot(locator, name: str) -> None:
    """A screenshot of one element (a chart below the first screen), beside the page shots."""
    from tests.e2e.conftest import ARTIFACTS

    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(ARTIFACTS / "screenshots" / f"{name}.png"))


def chart(page, index: int):
    return page.locator('[data-testid="stVegaLiteChart"]').nth(index)


def new_context(browser, language: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 1000}, locale=f"{language}-{language.upper()}")
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def test_a_200_stage_map_reads_well_no_none_titles_once_why_whole(browser, fresh_app):
    """Issue 14, 7: "None" for unrated stages, chart titles twice, the why cut, the curve's axis smeared and the
    matrix a pile of overprinted labels at 200 stages."""
    context, page = new_context(browser, "en", 1280)
    try:
        map_id = store_map(fresh_app, long_map(200, "en", unrated=3))
        page.goto(fresh_app.url)
        wait_idle(page)
        open_page_of(page, fresh_app, "analysis", map_id)
        ranking = page.locator(".st-key-ranking")
        expect(ranking).to_contain_text("importance 5/5 and emotion 😡 −2: strongest pain where it matters most")
        assert "None" not in ranking.inner_text()
        clipped = ranking.locator("td").evaluate_all("cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1)"
                                                     ".length")
        assert clipped == 0, "every cell of the ranking is read whole"
        expect(page.get_by_text("The top 10 of 200")).to_be_visible()
        for title in ("Emotion curve", "Priority matrix"):
            expect(page.get_by_role("heading", name=title, exact=True)).to_have_count(1)
        expect(page.locator('[data-testid="stVegaLiteChart"] .role-title')).to_have_count(0)  # no second title

        curve = chart(page, 0)
        curve.scroll_into_view_if_needed()
        expect(curve.locator(".role-axis-label text").first).to_be_visible()
        x_labels = curve.locator('.role-axis[aria-label^="X-axis"] .role-axis-label text').evaluate_all(BOXES)
        assert 10 <= len(x_labels) <= 25 and overlaps(x_labels) == [], x_labels
        expect(page.get_by_text("Mouse wheel over the curve zooms")).to_be_visible()

        matrix = chart(page, 1)
        matrix.scroll_into_view_if_needed()
        texts = matrix.locator(".role-mark text").evaluate_all(BOXES)
        assert len(texts) <= 60 and overlaps(texts) == [], overlaps(texts)
        assert matrix.locator(".mark-symbol.role-mark path").count() <= 25
        shot(page, "analysis-200-en-1280")
        element_shot(curve, "analysis-200-en-1280-curve")
        element_shot(matrix, "analysis-200-en-1280-matrix")
    finally:
        context.close()


def test_a_500_stage_matrix_still_stands(browser, fresh_app):
    context, page = new_context(browser, "ru", 1920)
    try:
        map_id = store_map(fresh_app, long_map(500, "ru"))
        page.goto(fresh_app.url)
        wait_idle(page)
        open_page_of(page, fresh_app, "analysis", map_id)
        matrix = chart(page, 1)
        matrix.scroll_into_view_if_needed()
        expect(matrix.locator(".mark-symbol.role-mark path").first).to_be_visible()
        texts = matrix.locator(".role-mark text").evaluate_all(BOXES)
        assert len(texts) <= 60 and overlaps(texts) == []
        assert "#1" in " ".join(text for *_, text in texts)  # the top stages marked by rank
        curve = chart(page, 0)
        x_labels = curve.locator('.role-axis[aria-label^="X-axis"] .role-axis-label text').evaluate_all(BOXES)
        assert len(x_labels) <= 25 and overlaps(x_labels) == []
        shot(page, "analysis-500-ru-1920")
        element_shot(curve, "analysis-500-ru-1920-curve")
        element_shot(matrix, "analysis-500-ru-1920-matrix")
    finally:
        context.close()


QUADRANTS_AND_POINTS = """root => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const rects = [...root.querySelectorAll('.mark-rect.role-mark path')].map(box);
  const points = [...root.querySelectorAll('.mark-symbol.role-mark path')].map(box)
    .map(b => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]);
  return [rects, points];
}"""


def test_every_point_of_the_matrix_is_inside_one_quadrant(page, app_server):
    """Issue 14, 7: importance 3 or emotion 0 sat on the quadrant lines, in no quadrant."""
    Library(page, app_server.url).open().create()
    go(page, "Analysis")
    matrix = chart(page, 1)
    matrix.scroll_into_view_if_needed()
    expect(matrix.locator(".mark-symbol.role-mark path")).to_have_count(4)
    rects, points = matrix.evaluate(QUADRANTS_AND_POINTS)
    assert len(rects) == 4
    for x, y in points:
        inside = [r for r in rects if r[0] + 3 <= x <= r[2] - 3 and r[1] + 3 <= y <= r[3] - 3]
        assert len(inside) == 1, (x, y, rects)  # well inside one quadrant, on no line
    expect(page.get_by_text("The quadrants' lines lie between the scale's points")).to_be_visible()


def test_no_bottleneck_is_said_under_what_to_fix_first(page, app_server):
    """Issue 14, 7: the "What to fix first" heading stood alone when nothing was a bottleneck."""
    m = long_map(3, "en")
    m = m.model_copy(update={"stages": [s.model_copy(update={"values": {**s.values, "emotion": {
        "score": 2, "words": ""}}}) for s in m.stages]})
    map_id = store_map(app_server, m)
    page.goto(app_server.url)
    wait_idle(page)
    open_page_of(page, app_server, "analysis", map_id)
    expect(page.get_by_role("heading", name="What to fix first")).to_be_visible()
    expect(page.get_by_text("No bottleneck: no stage reaches the warning threshold.")).to_be_visible()
