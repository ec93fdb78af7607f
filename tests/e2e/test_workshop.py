"""A live workshop in real browsers: a facilitator's screen and participants' phones.

Every wait is on what the screen shows (the facilitator's board updating itself, a participant's
"received"), never a sleep: the board's fragment re-runs every second, so a vote shows up on its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from cjm.model import Map
from cjm.storage import MapStore
from cjm.templates import load_template
from tests.e2e.conftest import AppServer, assert_no_exception, shot, wait_idle

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "en-US"}
NAMES = ["Anna", "Boris", "Chen", "Dana", "Eve"]


def stored_map(server: AppServer, template: str = "saas_demo") -> Map:
    """A map put straight into the server's database (the Library's own tests cover creating one)."""
    m = load_template(template, "en").model_copy(update={"id": f"ws-{template}-{server.port}"})
    server.data_dir.mkdir(parents=True, exist_ok=True)
    with MapStore(f"sqlite:///{server.data_dir}/cjm.sqlite3") as store:
        store.create(m)
    return m


class Facilitator:
    def __init__(self, page: Page, server: AppServer):
        self.page, self.server = page, server

    def start(self, m: Map) -> str:
        self.page.goto(f"{self.server.url}/workshop?map={m.id}")
        self.page.locator(".st-key-ws_start button").click()
        code = self.page.get_by_test_id("cjm-join-code")
        expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
        assert_no_exception(self.page)
        return code.inner_text().strip()

    def phase(self, name: str) -> None:
        self.page.locator(".st-key-ws_phase").get_by_role("radio", name=name).click()
        expect(self.page.get_by_role("heading", level=3).filter(has_text=name)).to_be_visible()

    def metric(self, label: str):
        return self.page.locator('[data-testid="stMetric"]').filter(has_text=label).locator(
            '[data-testid="stMetricValue"]')

    def stage_row(self, stage_id: str):
        return self.page.locator(f'tr[data-stage="{stage_id}"]')


class Phone:
    def __init__(self, page: Page, server: AppServer):
        self.page, self.server = page, server

    def join(self, code: str, name: str, typed: bool = True) -> Phone:
        if typed:  # a person typing what they read off the projector, in lower case with a space
            self.page.goto(f"{self.server.url}/join")
            self.page.get_by_role("textbox", name="Room code").fill(f"{code[:3].lower()} {code[3:].lower()}")
        else:  # a person who scanned the QR code: the code is in the link
            self.page.goto(f"{self.server.url}/join?code={code}")
            expect(self.page.get_by_role("textbox", name="Room code")).to_have_value(code)
        self.page.get_by_role("textbox", name="Your name").fill(name)
        self.page.get_by_role("button", name="Join").click()
        expect(self.page.get_by_text(f"You are {name} · room {code}")).to_be_visible()
        return self

    def add_note(self, stage: str, kind: str, text: str) -> None:
        self.page.locator(".st-key-note_stage").get_by_text(stage, exact=True).click()
        self.page.locator(".st-key-note_kind").get_by_role("radio", name=kind).click()
        wait_idle(self.page)
        self.page.get_by_role("textbox", name="Note", exact=True).fill(text)
        self.page.locator(".st-key-note_add button").click()
        expect(self.page.get_by_text("✓ Note received")).to_be_visible()
        expect(self.page.locator('[class*="st-key-del_"]').first).to_be_visible()

    def stage(self, stage_id: str):
        return self.page.locator(f".st-key-stage_{stage_id}")

    def vote(self, stage_id: str, importance: int, emotion: str) -> None:
        card = self.stage(stage_id)
        card.locator('[class*="st-key-importance_"]').get_by_role("radio", name=str(importance)).click()
        expect(card.get_by_text(re.compile(rf"✓ Vote received: importance {importance}"))).to_be_visible()
        card.locator('[class*="st-key-emotion_"]').get_by_role("radio", name=emotion).click()
        received = rf"✓ Vote received: importance {importance}, emotion \S+ {re.escape(emotion)}$"
        expect(card.get_by_text(re.compile(received))).to_be_visible()


def phones(browser: Browser, server: AppServer, count: int) -> list[Phone]:
    return [Phone(browser.new_context(**PHONE).new_page(), server) for _ in range(count)]


@pytest.fixture
def facilitator(browser, app_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    yield Facilitator(context.new_page(), app_server)
    context.close()


def test_a_workshop_with_five_phones_from_join_to_a_changed_ranking(browser, app_server, facilitator):
    m = stored_map(app_server)
    first, second, decision, onboarding = (s.id for s in m.stages)
    code = facilitator.start(m)
    expect(facilitator.page.get_by_role("img")).to_be_visible()  # the QR code, drawn locally
    expect(facilitator.page.get_by_text(f"/join?code={code}")).to_be_visible()
    shot(facilitator.page, "workshop-facilitator-start")

    people = phones(browser, app_server, 5)
    for i, (phone, name) in enumerate(zip(people, NAMES, strict=True)):
        phone.join(code, name, typed=i % 2 == 0)
    expect(facilitator.metric("Participants")).to_have_text("5")  # no reload: the board's fragment

    people[0].add_note("Onboarding and use", "Pain point", "Setup takes <b>two weeks</b>")
    people[1].add_note("Onboarding and use", "Question", "Who trains the team?")
    people[2].add_note("Recognizing the need", "Idea", "Case studies by industry")
    shot(people[0].page, "workshop-phone-collect")
    expect(facilitator.metric("Notes")).to_have_text("3")
    notes = facilitator.page.locator(f'.cjm-notes section[data-stage="{onboarding}"]')
    expect(notes).to_contain_text("Setup takes <b>two weeks</b> — Anna")  # escaped: shown as typed
    expect(notes).to_contain_text("Who trains the team?")

    facilitator.phase("Vote")
    for phone in people:
        expect(phone.page.get_by_text("Stages rated: 0 of 4")).to_be_visible()  # the phones follow the phase
        expect(phone.page.get_by_text("⏱")).to_be_visible()  # and the timer
    for i, phone in enumerate(people):
        phone.vote(onboarding, 5, "−2")
        phone.vote(second, 1 if i % 2 else 5, "0")  # the room disagrees on "Comparing options"
    people[4].vote(onboarding, 4, "−1")  # a changed vote counts once: the last one
    shot(people[0].page, "workshop-phone-vote")

    expect(facilitator.stage_row(onboarding)).to_have_attribute("data-votes", "5")
    expect(facilitator.stage_row(onboarding)).to_contain_text("4.8")
    expect(facilitator.stage_row(second)).to_have_attribute("data-votes", "5")
    expect(facilitator.stage_row(second)).to_contain_text("discuss")
    expect(facilitator.metric("Have voted")).to_have_text("5")
    shot(facilitator.page, "workshop-facilitator-board")

    facilitator.phase("Review")
    expect(people[0].page.get_by_text("the facilitator is reviewing")).to_be_visible()
    facilitator.page.locator(".st-key-ws_accept button").click()
    expect(facilitator.page.get_by_text("Accepted: 10 votes on 2 stages, 3 notes.")).to_be_visible()
    expect(facilitator.page.get_by_text("The top bottleneck is now “Onboarding and use”")).to_be_visible()
    shot(facilitator.page, "workshop-accepted")

    facilitator.page.get_by_role("link", name="Open the analysis").click()
    wait_idle(facilitator.page)
    assert_no_exception(facilitator.page)
    expect(facilitator.page.locator('[class*="st-key-todo_"]').first).to_contain_text("1. Onboarding and use")
    for phone in people:
        phone.page.context.close()


def test_undo_takes_the_accept_back_and_closing_ends_the_room(browser, app_server, facilitator):
    m = stored_map(app_server, "classic_5stage")
    code = facilitator.start(m)
    phone = phones(browser, app_server, 1)[0].join(code, "<img src=x onerror=alert(1)>", typed=False)
    phone.add_note(m.stages[0].name, "Pain point", "**not bold** :red[plain]")
    expect(facilitator.page.locator(".cjm-notes")).to_contain_text("**not bold** :red[plain] — <img src=x")
    facilitator.page.locator(".st-key-ws_accept button").click()
    expect(facilitator.page.get_by_text("Accepted: 0 votes on 0 stages, 1 notes.")).to_be_visible()
    facilitator.page.locator(".st-key-ws_accept_undo button").click()
    expect(facilitator.page.get_by_text("The accept was undone")).to_be_visible()
    with MapStore(f"sqlite:///{app_server.data_dir}/cjm.sqlite3") as store:
        history = store.history(m.id)
        current = store.get(m.id)
    assert [h.version for h in history] == [3, 2, 1]
    assert history[1].note == f"workshop {code}: votes and notes"
    assert [s.values for s in current.map.stages] == [s.values for s in m.stages]  # as before the accept
    assert current.map.workshops == []

    facilitator.page.locator(".st-key-ws_close button").click()
    facilitator.page.locator(".st-key-ws_close_yes button").click()
    expect(facilitator.page.get_by_text("This workshop has ended")).to_be_visible()
    expect(phone.page.get_by_text("The workshop has ended. Thank you")).to_be_visible()  # without a reload
    late = phones(browser, app_server, 1)[0]
    late.page.goto(f"{app_server.url}/join?code={code}")
    late.page.get_by_role("textbox", name="Your name").fill("Late")
    late.page.get_by_role("button", name="Join").click()
    expect(late.page.get_by_text(f'the workshop "{code}" has ended')).to_be_visible()
    shot(late.page, "workshop-phone-closed-code")


def test_a_wrong_facilitator_key_runs_nothing(browser, app_server, facilitator):
    m = stored_map(app_server, "b2b_linear")
    facilitator.start(m)
    room = re.search(r"room=([0-9a-f]+)", facilitator.page.url).group(1)
    stranger = browser.new_context(**PHONE).new_page()
    stranger.goto(f"{app_server.url}/workshop?room={room}&key=guess")
    expect(stranger.get_by_text("this facilitator link is not valid")).to_be_visible()
    expect(stranger.locator(".st-key-ws_phase")).to_have_count(0)
    expect(stranger.locator(".st-key-ws_accept")).to_have_count(0)
    stranger.context.close()


def test_a_server_restart_in_the_middle_keeps_the_room_and_people_go_on(browser, tmp_path: Path):
    data = tmp_path / "data"
    server = AppServer(data, tmp_path / "first.log").start()
    restarted = None
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        m = stored_map(server, "classic_5stage")
        facilitator = Facilitator(context.new_page(), server)
        code = facilitator.start(m)
        facilitator.phase("Vote")
        anna, boris = phones(browser, server, 2)
        anna.join(code, "Anna")
        boris.join(code, "Boris", typed=False)
        anna.vote(m.stages[0].id, 2, "+1")
        expect(facilitator.stage_row(m.stages[0].id)).to_have_attribute("data-votes", "1")
        server.stop()

        restarted = AppServer(data, tmp_path / "second.log")
        restarted.port, restarted.url = server.port, server.url  # same address: the open tabs reconnect
        restarted.start()
        for page in (facilitator.page, anna.page, boris.page):
            page.reload()  # a participant whose phone slept: the link in the address brings them back
        expect(anna.page.get_by_text("You are Anna")).to_be_visible()
        expect(anna.page.get_by_text("Stages rated: 1 of 5")).to_be_visible()
        anna.vote(m.stages[1].id, 4, "−2")
        boris.vote(m.stages[0].id, 4, "−1")
        expect(facilitator.stage_row(m.stages[0].id)).to_have_attribute("data-votes", "2")
        expect(facilitator.stage_row(m.stages[0].id)).to_contain_text("3")
        expect(facilitator.metric("Participants")).to_have_text("2")
        assert_no_exception(facilitator.page)
    finally:
        context.close()
        (restarted or server).stop()
        server.stop()


def test_start_from_the_builder_and_find_the_room_again(page, app_server):
    from tests.e2e.pages import Library

    Library(page, app_server.url).open().create()
    page.get_by_role("link", name="Start workshop").click()
    wait_idle(page)
    expect(page.get_by_role("combobox", name="Map")).to_have_value(re.compile("CJM demo"))
    page.locator(".st-key-ws_start button").click()
    code = page.get_by_test_id("cjm-join-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    room_code = code.inner_text().strip()
    page.get_by_role("link", name="Maps", exact=True).click()  # navigating away drops the room from the address
    wait_idle(page)
    page.get_by_role("link", name="Workshop", exact=True).click()
    wait_idle(page)
    page.get_by_role("link", name=re.compile(f"^{room_code} · ")).click()
    expect(page.get_by_test_id("cjm-join-code")).to_have_text(room_code)
    assert_no_exception(page)
