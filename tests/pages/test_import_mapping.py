"""The Library's paste box and mapping step (pages/_import.py, issue 13), in-process: pasted cells → the lanes and
values a person fixes → the ranking → Create map stores the map as chosen; bad text changes nothing."""

from __future__ import annotations

import pytest

from cjm.i18n import t
from tests.pages.conftest import open_page

PASTED = {
    "en": "Stage\tDoing\tPriority\tMood\nSign up\tFills the form\tLow\t🙂\nImport contacts\tUploads CSV\tHigh\t😤\n"
          "Invite the team\tSends invites\tMedium\tMeh\n",
    "ru": "Этап\tЧто делает\tПриоритет\tНастроение\nРегистрация\tЗаполняет форму\tНизкий\t🙂\n"
          "Импорт контактов\tЗагружает CSV\tВысокий\t😤\nПриглашение\tОтправляет\tСредний\tТак себе\n",
}


def texts(at) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "text", "info", "warning") for e in at.get(kind))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_pasted_cells_are_mapped_ranked_and_created_as_chosen(store, language):
    at = open_page(lang=language)
    at.text_area(key="paste_text_0").set_value(PASTED[language]).run()
    assert not at.exception
    assert t("mapping.no_ranking", language) in texts(at)  # nothing rated before the person's choices
    assert store.list_maps() == []
    lane_for = t("mapping.lane_for", language, label="Priority" if language == "en" else "Приоритет")
    next(box for box in at.selectbox if box.label == lane_for).set_value("importance").run()  # → Importance
    shown = texts(at)
    assert t("mapping.ranking", language) in shown and "— 100" in shown  # three levels: High = 5
    unknown = [box for box in at.selectbox if box.label.startswith("⚠")]
    assert [box.label for box in unknown] == ["⚠ " + ("Meh" if language == "en" else "Так себе")]
    unknown[0].set_value(-1).run()
    at.button(key="paste_create").click().run()
    assert not at.exception
    [summary] = store.list_maps()
    m = store.get(summary.id).map
    assert [s.values.get("importance") for s in m.stages] == [1, 5, 3]
    assert m.stages[2].values["emotion"]["score"] == -1
    assert summary.top_stage == m.stages[1].name


@pytest.mark.parametrize("language", ["en", "ru"])
def test_pasted_text_without_a_table_says_why_in_the_ui_language_and_creates_nothing(store, language):
    at = open_page(lang=language)
    at.text_area(key="paste_text_0").set_value("just a sentence, no table").run()
    [error] = [e.value for e in at.error if t("library.import_failed", language, message="")[:20] in e.value]
    why = {"en": "no journey map table found", "ru": "таблица карты пути не найдена"}
    assert why[language] in error
    if language == "ru":
        assert "no journey map" not in error and "«Действия»" in error
    assert store.list_maps() == []
