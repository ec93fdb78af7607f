"""Evidence marks in a real browser (issue 15, part 3), in Russian and in English: mark a cell as an assumption
beside the grid, see its badge, show the assumptions alone, weigh the scoring by evidence on Analysis (the level
and the why change), and get the mark back from the exported Excel and JSON."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from cjm.i18n import t
from cjm.mapfile import map_from_bytes
from cjm.storage import MapStore, database_url
from cjm.templates import new_map_from_template
from cjm.xlsx.read import read_table
from tests.e2e.conftest import assert_no_exception, shot, shots_at_both_widths, wait_idle
from tests.e2e.pages import GRID_FRAME, Builder, open_page_of


def download(page: Page, key: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.locator(f".st-key-{key} button").click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def validated_in_excel(data: bytes, stage_id: str, language: str) -> bytes:
    """What the colleague does: on the Data sheet, the stage's importance evidence picked as *validated*."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[t("xlsx.sheet.data", language)]
    keys = {cell.value: cell.column for cell in sheet[2]}
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == stage_id)
    sheet.cell(row, keys["e:importance"]).value = t("evidence.mark.validated", language)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def stored(server, map_id: str):
    with MapStore(database_url(server.data_dir)) as store:
        return store.get(map_id)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_mark_an_assumption_weigh_by_it_and_carry_it_in_excel(browser, fresh_app, tmp_path, language):
    with MapStore(database_url(fresh_app.data_dir)) as store:
        m = store.create(new_map_from_template("saas_demo", language)).map
    options = m.stages[1]  # Comparing options: importance 5, emotion −2, the top bottleneck (100, critical)
    importance = m.lane("importance").label
    assumption = f"? {t('evidence.mark.assumption', language)}"
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale=f"{language}-{language.upper()}")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        open_page_of(page, fresh_app, "builder", m.id)
        builder = Builder(page).ready()
        panel = page.locator(".st-key-evidence_panel")
        expect(panel).to_contain_text(t("evidence.panel", language))
        # closed until opened, and nothing inside it is drawn meanwhile (the Builder stays light on each edit)
        expect(panel.get_by_role("combobox")).to_have_count(0)
        panel.get_by_text(t("evidence.panel", language), exact=True).click()
        wait_idle(page)

        # the stage follows the row ticked in the grid; the lane is the importance scoring reads
        page.frame_locator(GRID_FRAME).locator(
            '.ag-pinned-left-cols-container .ag-row[row-index="1"] input[type="checkbox"]').check()
        stage_box = panel.get_by_role("combobox", name=t("builder.stage", language))
        expect(stage_box).to_have_value(options.name)
        expect(panel.get_by_role("combobox", name=t("builder.lane", language))).to_have_value(importance)
        expect(page.locator(".st-key-evidence_now")).to_contain_text(t("evidence.unmarked", language))

        panel.get_by_role("button", name=assumption).click()
        wait_idle(page)
        badge = builder.cell(1, "v_importance")
        expect(badge).to_have_class(re.compile(r"\bcjm-ev-assumption\b"))
        expect(builder.cell(0, "v_importance")).not_to_have_class(re.compile(r"\bcjm-ev-"))
        assert badge.evaluate("c => getComputedStyle(c, '::after').content") == '"?"'  # the badge is drawn
        expect(page.locator(".st-key-evidence_now")).to_contain_text(assumption)
        expect(panel).to_contain_text(t("evidence.counts", language, assumption=1, partly=0, validated=0))
        assert stored(fresh_app, m.id).map.stage(options.id).evidence == {"importance": "assumption"}
        # the top bottleneck's why says what it rests on (the weighting is still off: the score stays)
        expect(builder.top_bottleneck()).to_contain_text(t("evidence.why.assumed.importance", language))
        expect(builder.top_bottleneck()).to_contain_text("100")
        assert_no_exception(page)

        # only the assumptions: the other cells dimmed, the cell listed
        panel.get_by_text(t("evidence.only", language)).click()
        wait_idle(page)
        expect(page.locator(".st-key-evidence_list")).to_contain_text(f"{options.name} — {importance}")
        expect(builder.cell(0, "v_importance")).to_have_class(re.compile(r"\bcjm-ev-dim\b"))
        expect(badge).not_to_have_class(re.compile(r"\bcjm-ev-dim\b"))
        shots_at_both_widths(page, f"evidence-builder-{language}")

        # Analysis: weigh by evidence → 100 × 0.5 = 50, critical becomes warning, the why says so
        open_page_of(page, fresh_app, "analysis", m.id)
        top = page.locator('[class*="st-key-todo_"]').first
        expect(top).to_contain_text(options.name)
        expect(top).to_contain_text(t("evidence.why.assumed.importance", language))
        page.get_by_text(t("analysis.settings", language)).click()
        wait_idle(page)
        label = page.get_by_text(t("evidence.weigh", language), exact=True)
        expect(label).to_be_visible()
        for _ in range(3):  # a click that lands while the settings panel is still being redrawn is lost (CI saw it)
            label.click()
            wait_idle(page)
            if page.get_by_role("checkbox", name=t("evidence.weigh", language)).is_checked():
                break
        weighed = t("evidence.why.weighed", language, confidence="0,5" if language == "ru" else "0.5")
        expect(top).to_contain_text(weighed)
        expect(top).to_contain_text(t("level.warning", language))
        expect(page.get_by_text(t("evidence.weighed", language, assumption=1, partly=0, validated=0))).to_be_visible()
        saved = stored(fresh_app, m.id).map
        assert saved.scoring.weigh_by_evidence
        assert_no_exception(page)
        shots_at_both_widths(page, f"evidence-analysis-{language}")

        # the exported files carry the mark and the option, read back
        open_page_of(page, fresh_app, "export", m.id)
        xlsx = download(page, "get_xlsx", tmp_path)
        back, understanding = read_table(xlsx.read_bytes(), xlsx.name, language)
        assert understanding.kind == "cjm-workbook" and understanding.unread == ()
        assert back.stage(options.id).evidence == {"importance": "assumption"} and back.scoring.weigh_by_evidence
        as_json = map_from_bytes(download(page, "get_json", tmp_path).read_bytes())
        assert as_json.stage(options.id).evidence == {"importance": "assumption"}
        assert as_json.scoring.weigh_by_evidence

        # a colleague validates the importance in Excel; the workbook updates the map: the mark is a change
        back = tmp_path / xlsx.name.replace(".xlsx", "-back.xlsx")
        back.write_bytes(validated_in_excel(xlsx.read_bytes(), options.id, language))
        page.goto(fresh_app.url)
        wait_idle(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(back))
        changes = page.locator(".st-key-import_changes")
        was, now = (t(f"evidence.mark.{mark}", language) for mark in ("assumption", "validated"))
        expect(changes).to_contain_text(f"{importance} {t('evidence.part', language)}")
        expect(changes).to_contain_text(f"{was} → {now}")
        assert_no_exception(page)
        shots_at_both_widths(page, f"evidence-update-{language}")
        page.locator(".st-key-import_accept_all button").click()
        Builder(page).ready()
        expect(Builder(page).cell(1, "v_importance")).to_have_class(re.compile(r"\bcjm-ev-validated\b"))
        assert stored(fresh_app, m.id).map.stage(options.id).evidence == {"importance": "validated"}
    except BaseException:
        shot(page, f"FAILED-evidence-{language}")
        raise
    finally:
        context.close()
