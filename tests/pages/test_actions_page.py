"""The action plan in the app, in-process: Analysis makes a recommendation an action, the Actions page filters,
adds, edits and deletes, the library card shows the progress."""

from __future__ import annotations

from datetime import date

from cjm import actions
from cjm.i18n import t
from tests.pages.conftest import add_map, open_page


def with_plan(store, language="en"):
    m = add_map(store, "saas_demo", language)
    plan = m
    for title, owner, status, stage in (("Simplify pricing", "Ира", "done", 1), ("ROI calculator", "Bob", "open", 1),
                                        ("SEO content", "", "in_progress", 0)):
        plan, _ = actions.add_action(plan, title, owner=owner, status=status, stage_id=m.stages[stage].id)
    return store.save(plan, expected_version=1, note="plan").map


def button(at, key):
    return next(b for b in at.button if b.key == key)


def test_a_recommendation_becomes_an_action_once_from_the_analysis_page(store):
    m = add_map(store, "saas_demo", "ru")
    stage = m.stages[1]
    text = stage.values["recommendations"][0]
    at = open_page("pages/analysis.py", lang="ru", map_id=m.id)
    make = button(at, f"to_action_{stage.id}_recommendations_0")
    assert make.label == t("analysis.to_action", "ru") and not make.disabled
    make.click().run()
    saved = store.get(m.id).map
    assert [(a.title, a.stage_id, a.status) for a in saved.actions] == [(text, stage.id, "open")]
    made = button(at, f"to_action_{stage.id}_recommendations_0")
    assert made.label == t("analysis.in_plan", "ru") and made.disabled
    assert not button(at, f"to_action_{stage.id}_recommendations_1").disabled


def test_the_actions_page_shows_progress_and_filters_by_owner_and_status(store):
    m = with_plan(store)
    at = open_page("pages/actions.py", map_id=m.id)
    assert at.get("progress")[0].proto.text == "1 of 3 actions done"
    table = at.dataframe[0].value
    assert list(table[t("actions.field.title", "en")]) == ["Simplify pricing", "ROI calculator", "SEO content"]
    at.selectbox(key=f"actions_owner_{m.id}").select("Bob").run()
    assert list(at.dataframe[0].value[t("actions.field.title", "en")]) == ["ROI calculator"]
    at.selectbox(key=f"actions_owner_{m.id}").select("").run()  # unassigned
    assert list(at.dataframe[0].value[t("actions.field.title", "en")]) == ["SEO content"]
    assert "1 of 3 shown" in [c.value for c in at.caption]


def test_add_edit_and_delete_through_the_forms(store):
    m = with_plan(store)
    at = open_page("pages/actions.py", map_id=m.id)
    prefix = f"add_{m.id}"
    at.text_area(key=f"{prefix}_title").input("Call back within a day")
    at.text_input(key=f"{prefix}_owner").input("Anna")
    at.selectbox(key=f"{prefix}_status").select("in_progress")
    at.date_input(key=f"{prefix}_due").set_value(date(2026, 12, 24))
    at.button(key=f"FormSubmitter:actions_add_form_{m.id}-{t('actions.add', 'en')}").click().run()
    saved = store.get(m.id).map
    assert [(a.title, a.owner, a.status, a.due) for a in saved.actions][-1] == (
        "Call back within a day", "Anna", "in_progress", date(2026, 12, 24))

    first = saved.actions[0]
    at.selectbox(key=f"actions_pick_{m.id}").select(first.id).run()
    prefix = f"edit_{first.id}_{store.get(m.id).version}"
    at.selectbox(key=f"{prefix}_status").select("open")
    at.button(key=f"FormSubmitter:actions_edit_form_{prefix}-{t('actions.save', 'en')}").click().run()
    assert store.get(m.id).map.actions[0].status == "open"
    assert not at.exception

    prefix = f"edit_{first.id}_{store.get(m.id).version}"
    at.button(key=f"FormSubmitter:actions_edit_form_{prefix}-{t('actions.delete', 'en')}").click().run()
    assert [a.title for a in store.get(m.id).map.actions] == ["ROI calculator", "SEO content", "Call back within a day"]


def test_an_action_without_text_is_not_added(store):
    m = with_plan(store)
    at = open_page("pages/actions.py", map_id=m.id)
    at.button(key=f"FormSubmitter:actions_add_form_{m.id}-{t('actions.add', 'en')}").click().run()
    assert len(store.get(m.id).map.actions) == 3
    assert t("actions.title_needed", "en") in [w.value for w in at.warning]


def test_the_library_card_says_how_far_the_plan_is_in_russian_plural_forms(store):
    with_plan(store, "ru")
    at = open_page(None, lang="ru")
    captions = [c.value for c in at.caption]
    assert any("✅ 1 из 3 действий выполнено" in c for c in captions)
    empty = add_map(store, "saas_demo", "ru", title="Без плана")
    at = open_page(None, lang="ru")
    assert sum("выполнено" in c for c in (c.value for c in at.caption)) == 1 and empty.actions == []


def test_odd_text_typed_in_the_form_is_stored_exactly_or_refused_in_a_notice(store):
    m = with_plan(store)
    at = open_page("pages/actions.py", map_id=m.id)
    prefix = f"add_{m.id}"
    submit = f"FormSubmitter:actions_add_form_{m.id}-{t('actions.add', 'en')}"
    odd = "=1+2 <script>x</script> \u202eRTL e\u0301 👩‍👩‍👧 **bold**"
    at.text_area(key=f"{prefix}_title").input(odd)
    at.text_input(key=f"{prefix}_owner").input("@owner")
    at.button(key=submit).click().run()
    assert not at.exception
    assert (store.get(m.id).map.actions[-1].title, store.get(m.id).map.actions[-1].owner) == (odd, "@owner")
    at.text_area(key=f"{prefix}_title").input("bad \ufffe text")  # a non-character: the model refuses it
    at.button(key=submit).click().run()
    assert not at.exception and len(store.get(m.id).map.actions) == 4
    assert any("U\\+FFFE" in e.value and "cannot be stored" in e.value for e in at.error)
