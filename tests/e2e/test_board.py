"""The Board for real maps (issue 14): up to 8 stages fit the screen, longer maps scroll from their top bottleneck
with a jump list, the sticky lane column hides what scrolls under it, and a clicker steps the presentation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, shot, wait_idle
from tests.e2e.pages import Library, choose, long_map, open_page_of, store_map

VISIBLE = """board => {
  const box = board.getBoundingClientRect();
  return [...board.querySelectorAll('thead th[data-index]')].map(th => {
    const r = th.getBoundingClientRect();
    return [Number(th.dataset.index), r.left >= box.left - 1 && r.right <= box.right + 1];
  });
}"""


def context_at(browser, width: int, language: str = "en"):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=f"{language}-{language.upper()}")
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def open_board(page, server, m) -> str:
    map_id = store_map(server, m)
    page.goto(server.url)
    wait_idle(page)
    open_page_of(page, server, "board", map_id)
    return map_id


@pytest.mark.parametrize(("width", "count"), [(1280, 8), (1400, 4), (1920, 6)])
def test_up_to_8_stages_fit_the_screen_with_the_sidebar_open(browser, fresh_app, width, count):
    """Issue 14, 5: at 1400 px a 4-stage map's critical column was cut, at 1920 px stage 6."""
    context, page = context_at(browser, width)
    try:
        open_board(page, fresh_app, long_map(count, "en"))
        board = page.locator(".cjm-board")
        expect(board.locator("th.lvl-critical").first).to_contain_text("Stage 002")
        assert board.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), "no sideways scrolling"
        assert all(seen for _, seen in board.evaluate(VISIBLE)), "every stage column is on screen"
        shot(page, f"board-{count}-stages-en-{width}")
    finally:
        context.close()


def test_a_long_map_opens_at_its_top_bottleneck_and_jumps_to_a_stage(browser, fresh_app):
    """Issue 14, 5: no way to jump to a stage on a long map; the top bottleneck can be far to the right."""
    m = long_map(30, "en")
    stages = list(m.stages)
    stages[1], stages[22] = stages[22], stages[1]  # the one critical stage (5, −2) is stage 23 now
    m = m.model_copy(update={"stages": stages})
    context, page = context_at(browser, 1280)
    try:
        open_board(page, fresh_app, m)
        board = page.locator(".cjm-board")
        expect(page.get_by_text("Top bottleneck: 23. Stage 002")).to_be_visible()
        header = board.locator('th[data-index="22"]')
        expect(header).to_contain_text("critical")
        expect(header).to_be_in_viewport()
        assert dict(board.evaluate(VISIBLE))[22], "the top bottleneck's column is on screen when the board opens"
        choose(page, "Jump to stage", "3. Stage 003: a step of the journey", typed="3. Stage 003")
        wait_idle(page)
        page.wait_for_function("() => { const b = document.querySelector('.cjm-board');"
                               " const th = b.querySelector('th[data-index=\"2\"]');"
                               " const r = th.getBoundingClientRect(), box = b.getBoundingClientRect();"
                               " return r.left >= box.left && r.right <= box.right; }")
        shot(page, "board-long-jump-en-1280")
        assert_no_exception(page)
    finally:
        context.close()


def test_the_sticky_lane_column_hides_what_scrolls_under_it(browser, fresh_app):
    """Issue 14, 5: text of the scrolled cells showed at the left edge of the sticky lane column."""
    context, page = context_at(browser, 1280)
    try:
        open_board(page, fresh_app, long_map(20, "en"))
        board = page.locator(".cjm-board")
        board.evaluate("b => { b.scrollLeft = 0; }")
        box = board.bounding_box()
        strip = {"x": box["x"], "y": box["y"] + 10, "width": 14, "height": min(box["height"], 700) - 12}
        before = page.screenshot(clip=strip)
        for offset in (137, 500, 1111):
            board.evaluate(f"b => {{ b.scrollLeft = {offset}; }}")
            page.wait_for_function(f"() => document.querySelector('.cjm-board').scrollLeft === {offset}")
            assert page.screenshot(clip=strip) == before, f"something shows through at scrollLeft {offset}"
    finally:
        context.close()


def test_presentation_steps_with_a_clickers_keys(page, app_server):
    """Issue 14, 6: the presentation ignored ←/→/PageUp/PageDown, so a clicker did not advance it."""
    Library(page, app_server.url).open().create()
    page.get_by_role("link", name="Board", exact=True).click()
    wait_idle(page)
    page.locator(".st-key-board_mode").get_by_text("Presentation").click()
    wait_idle(page)
    expect(page.get_by_text("Stage 1 of 4")).to_be_visible()
    page.locator(".cjm-slide").click()  # the keyboard is on the slide, not in a field
    for key, expected in (("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("PageUp", 3), ("ArrowLeft", 2)):
        page.keyboard.press(key)
        expect(page.get_by_text(f"Stage {expected} of 4")).to_be_visible()
        wait_idle(page)
    page.locator(".st-key-slide_next button").focus()  # Space on a focused button steps once, not twice
    page.keyboard.press("Space")
    expect(page.get_by_text("Stage 3 of 4")).to_be_visible()
    wait_idle(page)
    expect(page.get_by_text("Stage 3 of 4")).to_be_visible()
    expect(page.get_by_text("Keys: → PageDown Space forward")).to_be_visible()
    shot(page, "board-presentation-keys")
