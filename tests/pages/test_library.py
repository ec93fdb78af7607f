"""Library page (pages/library.py) in-process: cards, new map from a template, duplicate, rename."""

from __future__ import annotations

from datetime import date

import pytest

from cjm import templates
from cjm.i18n import t
from cjm.markdown import literal
from cjm.templates import ORDER, list_templates, load_template
from tests.pages.conftest import add_map, open_page


def card_keys(at) -> list[str]:
    return [key for key in (getattr(e, "key", None) for e in at.main.children.values()) if key and
            key.startswith("map_card_")]


def texts(at) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "text", "info") for e in at.get(kind))


def test_empty_library_offers_every_template_of_the_ui_language_with_a_preview(data_dir):
    at = open_page(lang="en")
    assert card_keys(at) == []
    assert at.info[0].value == t("library.empty", "en")
    picker = at.selectbox(key="new_template_en")
    assert picker.options[0].startswith("CJM demo")
    assert len(picker.options) == len(ORDER)
    demo = load_template("saas_demo", "en")
    assert " → ".join(s.name for s in demo.stages) in texts(at)  # the stages of the chosen template


DAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    """New maps are titled "template — day": the day fixed, so a test near midnight does not fail."""
    monkeypatch.setattr(templates, "today", lambda: DAY)


def test_a_new_map_from_a_template_is_stored_opened_and_shown_as_a_card(store):
    at = open_page(lang="en")
    at.selectbox(key="new_template_en").set_value("classic_5stage")
    at.button(key="create_map").click().run()
    assert not at.exception

    [summary] = store.list_maps()
    assert summary.title == load_template("classic_5stage", "en").title + " — 2026-11-30"
    assert summary.stage_count == 5
    assert at.session_state["map_id"] == summary.id  # the new map is the open map
    assert at.query_params["map"] == summary.id  # ... and in the address (?map=)

    at.switch_page("pages/library.py").run()
    assert card_keys(at) == [f"map_card_{summary.id}"]
    assert "**Classic funnel" in texts(at)


def test_a_russian_ui_creates_the_russian_template(store):
    at = open_page(lang="ru")
    assert [o.split(" — ")[0] for o in at.selectbox(key="new_template_ru").options] == [
        tpl.title for tpl in list_templates("ru")]
    at.button(key="create_map").click().run()
    [summary] = store.list_maps()
    assert summary.title == load_template("saas_demo", "ru").title + " — 30.11.2026"


def test_a_card_names_the_top_bottleneck_and_escapes_the_title(store):
    title = "**Bold** <b>tag</b> [link](http://x)"
    m = add_map(store, title=title)
    at = open_page(lang="en")
    assert card_keys(at) == [f"map_card_{m.id}"]
    shown = texts(at)
    assert f"**{literal(title)}**" in shown  # the title as text: Markdown and HTML escaped
    assert "<b>" not in shown and "**Bold**" not in shown and "](" not in shown
    stage_2 = m.stages[1].name
    assert f"🔴 {t('library.top', 'en', stage=stage_2, score='100')}" in shown


def test_duplicate_and_rename_change_the_stored_maps(store):
    m = add_map(store)
    at = open_page(lang="en")
    at.button(key=f"dup_{m.id}").click().run()
    titles = sorted(s.title for s in store.list_maps())
    assert titles == sorted([m.title, m.title + t("library.copy_suffix", "en")])
    assert len(card_keys(at)) == 2

    version = store.get(m.id).version
    at.text_input(key=f"rename_{m.id}_{version}").input("As-is journey")
    at.button(key=f"rename_save_{m.id}").click().run()
    assert not at.exception
    assert store.get(m.id).map.title == "As-is journey"
    assert f"**{literal('As-is journey')}**" in texts(at)


# --- issue 14: a new map has a title of its own, copies are told apart, the first-run path -----------------
def test_a_second_map_from_the_same_template_gets_a_title_of_its_own(store):
    at = open_page(lang="en")
    demo = load_template("saas_demo", "en").title + " — 2026-11-30"  # "template — day"
    assert at.text_input(key="new_title_en_saas_demo_0").value == demo
    at.button(key="create_map").click().run()
    at.switch_page("pages/library.py").run()
    assert at.text_input(key="new_title_en_saas_demo_1").value == f"{demo} (2)"  # the default, already unique
    at.button(key="create_map").click().run()
    at.switch_page("pages/library.py").run()
    at.text_input(key="new_title_en_saas_demo_2").input("Audit: shop.example")
    at.button(key="create_map").click().run()
    assert not at.exception
    assert sorted(s.title for s in store.list_maps()) == sorted([demo, f"{demo} (2)", "Audit: shop.example"])


def test_copies_of_a_map_are_told_apart(store):
    m = add_map(store)
    at = open_page(lang="ru")
    at.button(key=f"dup_{m.id}").click().run()
    at.button(key=f"dup_{m.id}").click().run()
    suffix = t("library.copy_suffix", "ru")
    assert sorted(s.title for s in store.list_maps()) == sorted([m.title, m.title + suffix, m.title + suffix + " (2)"])


def test_an_empty_library_shows_the_first_steps_until_dismissed(data_dir):
    at = open_page(lang="ru")
    steps = "\n".join(e.value for e in at.markdown)
    assert t("library.first_run", "ru") in steps and "**Экспорт**" in steps
    at.button(key="first_run_hide").click().run()
    assert t("library.first_run", "ru") not in "\n".join(e.value for e in at.markdown)
