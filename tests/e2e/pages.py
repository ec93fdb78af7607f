"""Page objects for the browser tests: how a person drives the Library and the Builder."""

from __future__ import annotations

import re

from playwright.sync_api import FrameLocator, Locator, Page, expect

from tests.e2e.conftest import assert_no_exception, wait_idle

# The grid's frame: in its container (the page names the frame after the map; before issue 14 it was titled
# "st_aggrid.AgGrid.agGrid", kept here so a test can be run on the old code to see it fail).
GRID_FRAME = '.st-key-map_grid iframe, iframe[title="st_aggrid.AgGrid.agGrid"]'


def choose(page: Page, label: str, option: str, typed: str | None = None, *, exact: bool = False) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` as a keyboard user: type, then Enter.

    (A click on the list often lands while it repositions; typing real keys opens it reliably.) If the
    box was being redrawn when we typed (a widget keyed by the map's version right after a save), the
    list does not open: then we type again, at most three times. ``exact``: the label exactly (not a part).
    """
    wanted = page.get_by_role("option", name=option, exact=True)
    for attempt in range(3):
        wait_idle(page)
        box = page.get_by_role("combobox", name=label, exact=exact)
        box.click()
        box.fill("")
        box.press_sequentially(typed or option)
        try:
            expect(wanted).to_be_visible(timeout=4_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
            box.press("Escape")
    box.press("Enter")
    expect(page.get_by_role("combobox", name=label, exact=exact)).to_have_value(option)


class Library:
    def __init__(self, page: Page, url: str):
        self.page, self.url = page, url

    def open(self) -> Library:
        self.page.goto(self.url)
        expect(self.page.get_by_role("heading", level=1)).to_be_visible()
        wait_idle(self.page)
        return self

    def create(self, template_title: str | None = None) -> Builder:
        """Create a map from a template (the default one if no title) and land in the Builder."""
        if template_title:
            choose(self.page, "Шаблон" if "этап" in template_title else "Template", template_title)
            wait_idle(self.page)
        self.page.locator(".st-key-create_map button").click()
        return Builder(self.page).ready()

    def card(self, title: str) -> Locator:
        return self.page.locator('[class*="st-key-map_card_"]').filter(has_text=title)


class Builder:
    def __init__(self, page: Page):
        self.page = page

    @property
    def grid(self) -> FrameLocator:
        return self.page.frame_locator(GRID_FRAME)

    def ready(self) -> Builder:
        expect(self.grid.locator('.ag-row[row-index="0"]').first).to_be_visible()
        wait_idle(self.page)
        assert_no_exception(self.page)
        return self

    def cell(self, row: int, field: str) -> Locator:
        return self.grid.locator(f'.ag-row[row-index="{row}"] .ag-cell[col-id="{field}"]')

    def stage_names(self) -> list[str]:
        rows = self.grid.locator(".ag-pinned-left-cols-container .ag-row")
        by_index = {}
        for i in range(rows.count()):
            row = rows.nth(i)
            by_index[int(row.get_attribute("row-index"))] = row.locator('.ag-cell[col-id="name"]').inner_text()
        return [by_index[i] for i in sorted(by_index)]

    def expect_stage_names(self, names: list[str]) -> None:
        expect(self.grid.locator('.ag-pinned-left-cols-container .ag-row .ag-cell[col-id="name"]')).to_have_count(
            len(names))
        for i, name in enumerate(names):
            expect(self.cell(i, "name")).to_have_text(name)

    def saved_version(self, version: int) -> None:
        expect(self.page.get_by_text(f"Saved · version {version}", exact=False)).to_be_visible()
        wait_idle(self.page)

    def pick(self, row: int, field: str, option: str) -> None:
        """Choose ``option`` in a picker cell (importance, emotion, choice) with the mouse."""
        cell = self.cell(row, field)
        cell.scroll_into_view_if_needed()
        cell.dblclick()
        self.grid.locator(".cjm-pick .cjm-pick-option").get_by_text(option, exact=True).click()

    def focus_cell(self, row: int, field: str) -> None:
        """Put the keyboard on a cell (a click, no editing)."""
        cell = self.cell(row, field)
        cell.scroll_into_view_if_needed()
        cell.click()
        expect(cell).to_have_class(re.compile(r"\bag-cell-focus\b"))

    def focused_cell(self) -> tuple[int, str] | None:
        """(row index, column id) of the cell that has the keyboard focus in the grid, None when none has."""
        found = self.grid.locator(":focus").first.evaluate(
            "e => { const c = e.closest('.ag-cell'); const r = e.closest('.ag-row');"
            " return c && r ? [Number(r.getAttribute('row-index')), c.getAttribute('col-id')] : null; }"
        ) if self.grid.locator(":focus").count() else None
        return tuple(found) if found else None

    def columns_shown(self) -> list[str]:
        return self.grid.locator(".ag-header-row-column .ag-header-cell").evaluate_all(
            "cells => cells.map(c => c.getAttribute('col-id'))")

    def type_text(self, row: int, field: str, text: str) -> None:
        """Type into a text cell's popup editor; new lines with Shift+Enter, Enter saves."""
        cell = self.cell(row, field)
        cell.scroll_into_view_if_needed()
        cell.dblclick()
        editor = self.grid.locator(".ag-popup-editor textarea, .ag-cell-inline-editing input").first
        expect(editor).to_be_visible()
        editor.fill("")
        for i, line in enumerate(text.split("\n")):
            if i:
                editor.press("Shift+Enter")
            editor.press_sequentially(line) if len(line) < 200 else editor.fill(editor.input_value() + line)
        editor.press("Enter")

    def select_rows(self, *rows: int) -> None:
        """Tick rows, then wait until the server holds the grid's selection (its caption names the count)."""
        for row in rows:
            self.grid.locator(f'.ag-pinned-left-cols-container .ag-row[row-index="{row}"] input[type="checkbox"]'
                              ).check()
            wait_idle(self.page)
        self.selection_settled()

    def selection_settled(self) -> None:
        ticked = self.grid.locator('.ag-pinned-left-cols-container input[type="checkbox"]:checked').count()
        info = self.page.locator(".st-key-selection_info")
        if ticked:
            expect(info).to_contain_text(re.compile(rf"^{ticked} stages? selected"))
        else:
            expect(info).to_contain_text("Tick a stage")

    def button(self, key: str) -> Locator:
        return self.page.locator(f".st-key-{key} button")

    def top_bottleneck(self) -> Locator:
        return self.page.locator(".st-key-top_bottleneck")

    def drag_row(self, source_row: int, target_row: int) -> None:
        """Drag a stage by its handle onto another row, as a mouse would."""
        handle = self.grid.locator(f'.ag-row[row-index="{source_row}"] .ag-drag-handle')
        target = self.cell(target_row, "name")
        start, end = handle.bounding_box(), target.bounding_box()
        mouse = self.page.mouse
        mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
        mouse.down()
        below = end["y"] + end["height"] * (0.8 if target_row > source_row else 0.2)
        mouse.move(start["x"] + 5, below, steps=20)
        mouse.move(start["x"] + 6, below + 1, steps=3)
        mouse.up()


# --- maps made for a test, straight into a server's store (a long map takes too long to type) ---------------
def long_map(count: int, language: str = "en", unrated: int = 0, title: str | None = None):
    """The SaaS demo's lanes with ``count`` stages of varied importance and emotion and text in every lane;
    the last ``unrated`` stages have no importance (unrated). Stage 2 is the top bottleneck (5, −2: 100)."""
    from cjm.model import Map, Stage
    from cjm.templates import load_template

    demo = load_template("saas_demo", language)
    word = "Этап" if language == "ru" else "Stage"
    stages = []
    for i in range(count):
        importance = 5 if i == 1 else 1 + (i * 7) % 4
        emotion = -2 if i == 1 else (i * 3) % 5 - 2
        values = {
            "actions": [f"{word} {i + 1}: action {j + 1}" for j in range(1 + i % 3)],
            "goals": "Find out quickly whether the product fits and what it costs.",
            "emotion": {"score": emotion, "words": ""},
            "pain_points": [f"Pain point {j + 1}" for j in range(i % 3)],
            "recommendations": [f"Recommendation {j + 1}" for j in range(1 + i % 2)],
        }
        if i < count - unrated:
            values["importance"] = importance
        stages.append(Stage(id=f"st{i:03d}", name=f"{word} {i + 1:03d}: a step of the journey", values=values))
    data = demo.model_dump(mode="json")
    data.pop("id")
    data.update(title=title or f"{count} stages", stages=[s.model_dump(mode="json") for s in stages])
    return Map.model_validate(data)


def store_map(server, m) -> str:
    """Save ``m`` in the running server's store; its id."""
    from cjm.storage import MapStore, database_url

    with MapStore(database_url(server.data_dir)) as store:
        return store.create(m).map.id


def open_page_of(page: Page, server, path: str, map_id: str) -> None:
    """Open /path?map=id and wait until it has drawn."""
    page.goto(f"{server.url}/{path}?map={map_id}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    wait_idle(page)
    assert_no_exception(page)
