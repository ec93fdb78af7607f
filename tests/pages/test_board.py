"""Board page (pages/board.py) in-process: the projector board as escaped HTML, and the presentation mode."""

from __future__ import annotations

from cjm import editing
from cjm.i18n import t
from tests.pages.conftest import add_map, open_page

EVIL = '<script>alert("x")</script> & <b>bold</b>'


def board_html(at) -> str:
    [html] = [h for h in at.get("html") if 'class="cjm-signout"' not in h.proto.body]  # the sidebar's sign-out
    return html.proto.body


def test_the_board_shows_every_stage_and_lane_with_user_text_escaped(store):
    demo = add_map(store)
    first = demo.stages[0]
    m = store.save(editing.set_value(demo, first.id, "goals", EVIL), expected_version=1, note="evil").map
    at = open_page("pages/board.py", map_id=m.id)
    html = board_html(at)
    assert "cjm-board" in html
    for stage in m.stages:
        assert stage.name in html
    for lane in m.lanes:
        assert lane.label.replace("&", "&amp;") in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>" not in html and "<b>bold" not in html


def test_presentation_steps_through_the_stages(store):
    m = add_map(store, "classic_5stage", "ru")
    at = open_page("pages/board.py", lang="ru", map_id=m.id)
    at.button_group(key="board_mode").set_value("present").run()
    assert not at.exception
    slide = board_html(at)
    assert m.stages[0].name in slide and m.stages[1].name not in slide
    assert t("board.slide_of", "ru", number=1, total=5) in slide
    assert at.button(key="slide_back").disabled

    at.button(key="slide_next").click().run()
    slide = board_html(at)
    assert m.stages[1].name in slide and t("board.slide_of", "ru", number=2, total=5) in slide
    assert not at.button(key="slide_back").disabled
