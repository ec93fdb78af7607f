"""Templates page: every sample map, shown read-only with its stage priorities."""

import pandas as pd
import streamlit as st

from cjm import emotion
from cjm.cells import map_matrix
from cjm.errors import CJMError
from cjm.i18n import t
from cjm.scoring import score_map
from cjm.templates import list_templates, load_template

lang = st.session_state.get("lang", "en")

st.title(t("templates.header", lang))
st.caption(t("templates.intro", lang))

templates = list_templates(lang)
if not templates:
    st.info(t("templates.empty", lang))
    st.stop()

by_id = {tpl.id: tpl for tpl in templates}


def _option(template_id: str) -> str:
    tpl = by_id[template_id]
    extra = f" · {t('templates.blank', lang)}" if tpl.blank else ""
    return f"{tpl.title} — {t('templates.stages', lang, count=len(tpl.stage_names))}{extra}"


# Keyed per language: the picker's text must follow a language switch; the chosen template carries over.
ids = list(by_id)
current = st.session_state.get("template_id")
chosen = st.selectbox(t("templates.pick", lang), ids, index=ids.index(current) if current in ids else 0,
                      format_func=_option, key=f"template_{lang}")
st.session_state.template_id = chosen
try:
    m = load_template(chosen, lang)
except CJMError as exc:
    st.error(t("error.template", lang, message=exc.message))
    st.stop()

st.header(m.title, anchor=False)
if m.description:
    st.write(m.description)
facts = [f"{t('map.kind', lang)}: {t('map.kind.' + m.kind, lang)}"]
if m.cyclic:
    facts.append(t("map.cyclic", lang))
if m.persona:
    facts.append(f"{t('map.persona', lang)}: {m.persona}")
st.caption(" · ".join(facts))

scores = score_map(m)
top = scores[0] if scores and scores[0].level in ("critical", "warning") else None
if top:
    st.warning(t("scores.top", lang, stage=top.stage, score=f"{top.score:g}", level=t("level." + top.level, lang)))
else:
    st.info(t("scores.none", lang))

lanes, headers, rows = map_matrix(m)
st.subheader(t("map.grid", lang), anchor=False)
st.dataframe(pd.DataFrame(rows, index=lanes, columns=headers), width="stretch", key="matrix")

st.subheader(t("scores.header", lang), anchor=False)
table = pd.DataFrame(
    {
        t("scores.rank", lang): [s.rank for s in scores],
        t("scores.stage", lang): [s.stage for s in scores],
        t("scores.importance", lang): [s.importance for s in scores],
        t("scores.emotion", lang): [emotion.label(s.emotion) for s in scores],
        t("scores.score", lang): [s.score for s in scores],
        t("scores.level", lang): [t("level." + s.level, lang) for s in scores],
    }
)
st.dataframe(table, hide_index=True, width="stretch", key="scores")
