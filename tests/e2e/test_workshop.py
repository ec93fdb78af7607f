"""A live workshop in real browsers: the signed-in facilitator's screen (Streamlit) and participants' phones (/j).

The server runs with ``CJM_REQUIRE_SIGNIN=1``, so even on loopback everything but the phone page needs the owner's
sign-in. Every wait is on what a screen shows (the board's fragment updating itself, a phone's "received", the
phone's poll following the phase), never a sleep.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from cjm.model import Map
from cjm.storage import MapStore
from cjm.templates import load_template
from tests.e2e.conftest import AppServer, assert_no_exception, shot, wait_idle

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "en-US"}
DESK = {"viewport": {"width": 1400, "height": 1000}, "locale": "en-US"}
NAMES = ["Anna", "Boris", "Chen", "Dana", "Eve"]
SIGNED = {"CJM_REQUIRE_SIGNIN": "1", "CJM_WRONG_CODES_PER_MINUTE": "4"}


def stored_map(server: AppServer, template: str = "saas_demo", lang: str = "en") -> Map:
    """A map put straight into the server's database (the Library's own tests cover creating one)."""
    m = load_template(template, lang).model_copy(update={"id": f"ws-{template}-{lang}-{server.port}"})
    server.data_dir.mkdir(parents=True, exist_ok=True)
    with MapStore(f"sqlite:///{server.data_dir}/cjm.sqlite3") as store:
        store.create(m)
    return m


@pytest.fixture(scope="module")
def signed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    base = tmp_path_factory.mktemp("workshop")
    server = AppServer(base / "data", base / "server.log", env=SIGNED).start()
    yield server
    server.stop()


class Facilitator:
    def __init__(self, page: Page, server: AppServer):
        self.page, self.server = page, server

    def sign_in(self) -> Facilitator:
        self.page.goto(self.server.signin_link())
        wait_idle(self.page)
        assert "token=" not in self.page.url  # taken out of the address at once
        return self

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

    def stage_row(self, stage_id: str, revealed: bool | None = None):
        """The board's row of a stage (``revealed``: only the table with the votes shown, never a stale blind one)."""
        which = "" if revealed is None else f'[data-blind="{str(not revealed).lower()}"]'
        return self.page.locator(f'.cjm-room{which}:not(.cjm-rounds) tr[data-stage="{stage_id}"]').last

    def click(self, key: str) -> None:
        # .first: while a script run replaces the page, Streamlit briefly keeps the stale copy of an element
        self.page.locator(f'.st-key-{key} [data-testid^="stBaseButton"]:enabled').first.click()


class Phone:
    def __init__(self, page: Page, server: AppServer):
        self.page, self.server = page, server

    def join(self, code: str, name: str, typed: bool = True) -> Phone:
        if typed:  # a person typing what they read off the projector, in lower case with a space
            self.page.goto(f"{self.server.url}/j")
            self.page.get_by_role("textbox", name="Room code").fill(f"{code[:3].lower()} {code[3:].lower()}")
            self.page.get_by_role("button", name="Next").click()
        else:  # a person who scanned the QR code: the short link
            self.page.goto(f"{self.server.url}/j/{code}")
        self.page.get_by_role("textbox", name="Your name").fill(name)
        self.page.get_by_role("button", name="Join").click()
        expect(self.page.get_by_text(f"You are {name} · room {code}")).to_be_visible()
        expect(self.page.locator("html[data-ready]")).to_have_count(1)  # htmx has set the page up
        return self

    def add_note(self, stage: str, kind: str, text: str) -> None:
        self.page.get_by_label("Stage").select_option(label=stage)
        self.page.get_by_role("radio", name=kind).check()
        self.page.get_by_role("textbox", name="Note", exact=True).fill(text)
        self.page.get_by_role("button", name="Add the note").click()
        expect(self.page.get_by_text("✓ Note received")).to_be_visible()
        expect(self.page.locator("ul.notes li").filter(has_text=text)).to_be_visible()

    def card(self, stage_id: str):
        return self.page.locator(f'article[data-stage="{stage_id}"]')

    def vote(self, stage: str, stage_id: str, importance: int, emotion: str) -> None:
        card = self.card(stage_id)
        card.get_by_role("group", name=f"Importance of “{stage}”").get_by_role("button", name=str(importance),
                                                                               exact=True).tap()
        expect(card.get_by_text(re.compile(rf"✓ Vote received: importance {importance}"))).to_be_visible()
        card.get_by_role("group", name=f"Emotion at “{stage}”").get_by_role("button", name=emotion).tap()
        received = rf"✓ Vote received: importance {importance}, emotion \S+ {re.escape(emotion)}$"
        expect(card.get_by_text(re.compile(received))).to_be_visible()


def phones(browser: Browser, server: AppServer, count: int, **options) -> list[Phone]:
    return [Phone(browser.new_context(**{**PHONE, **options}).new_page(), server) for _ in range(count)]


@pytest.fixture
def facilitator(browser, signed_server):
    context = browser.new_context(**DESK)
    yield Facilitator(context.new_page(), signed_server).sign_in()
    context.close()


def test_a_workshop_with_five_phones_blind_votes_two_rounds_and_accept(browser, signed_server, facilitator):
    server = signed_server
    m = stored_map(server)
    first, second, decision, onboarding = (s.id for s in m.stages)
    names = {s.id: s.name for s in m.stages}
    code = facilitator.start(m)
    expect(facilitator.page.get_by_role("img")).to_be_visible()  # the QR code, drawn locally
    expect(facilitator.page.get_by_text(f"/j/{code}")).to_be_visible()  # the short link
    token = server.signin_link().split("token=")[1]
    assert "key=" not in facilitator.page.url and token not in facilitator.page.url
    assert token not in facilitator.page.content()  # no secret anywhere in the projected page
    shot(facilitator.page, "workshop-facilitator-start")

    people = phones(browser, server, 5)
    for i, (phone, name) in enumerate(zip(people[:4], NAMES, strict=False)):
        phone.join(code, name, typed=i % 2 == 0)
    expect(facilitator.metric("Participants")).to_have_text("4")  # no reload: the board's fragment

    people[0].add_note("Onboarding and use", "Pain point", "Setup takes <b>two weeks</b>")
    people[1].add_note("Onboarding and use", "Question", "Who trains the team?")
    people[2].add_note("Recognizing the need", "Idea", "Case studies by industry")
    shot(people[0].page, "workshop-phone-collect")
    expect(facilitator.metric("Notes")).to_have_text("3")
    feed = facilitator.page.locator(".cjm-feed")
    expect(feed).to_contain_text("Setup takes <b>two weeks</b> — Anna")  # escaped: shown as typed
    expect(facilitator.page.locator(f'.cjm-notes section[data-stage="{onboarding}"]')).to_contain_text("Pain point: 1")

    facilitator.phase("Vote")
    for phone in people[:4]:
        expect(phone.page.get_by_text("Stages rated: 0 of 4")).to_be_visible()  # the phones follow the phase
        expect(phone.page.locator(".timer")).to_contain_text("⏱")  # and the timer
    people[4].join(code, "Eve")  # a late joiner lands straight in the vote
    expect(people[4].page.get_by_text("Stages rated: 0 of 4")).to_be_visible()
    for i, phone in enumerate(people):
        phone.vote(names[onboarding], onboarding, 5, "−2")
        phone.vote(names[second], second, 1 if i % 2 else 5, "0")  # the room disagrees on "Comparing options"
    people[4].vote(names[onboarding], onboarding, 4, "−1")  # a changed vote counts once: the last one
    shot(people[0].page, "workshop-phone-vote")

    expect(facilitator.stage_row(onboarding, revealed=False)).to_have_attribute("data-votes", "5")
    expect(facilitator.page.locator('.cjm-room[data-blind="false"]')).to_have_count(0)  # blind: counts only
    expect(facilitator.stage_row(onboarding, revealed=False)).not_to_contain_text("4.8")
    expect(facilitator.metric("Have voted")).to_have_text("5")
    shot(facilitator.page, "workshop-facilitator-blind")
    facilitator.click("ws_reveal")
    expect(facilitator.stage_row(onboarding, revealed=True)).to_contain_text("4.8")
    expect(facilitator.stage_row(second, revealed=True)).to_contain_text("discuss")
    expect(facilitator.stage_row(onboarding, revealed=True).locator(".cjm-hist").first).to_be_visible()  # histogram
    shot(facilitator.page, "workshop-facilitator-revealed")

    facilitator.phase("Review")
    expect(people[0].page.get_by_text("the facilitator is reviewing")).to_be_visible()
    facilitator.click("ws_round")  # after the discussion: round 2, blind again
    expect(facilitator.page.get_by_role("heading", level=3).filter(has_text="round 2")).to_be_visible()
    for phone in people:
        expect(phone.page.get_by_text("Stages rated: 0 of 4")).to_be_visible()
        expect(phone.card(second).get_by_text("In round 1 you gave")).to_be_visible()
    for i, phone in enumerate(people):
        phone.vote(names[second], second, 4 if i in (1, 3) else 5, "0")  # Boris and Dana move from 1 to 4
    expect(facilitator.stage_row(second, revealed=False)).to_have_attribute("data-votes", "5")
    facilitator.click("ws_reveal")
    moved = facilitator.page.locator(f'.cjm-rounds tr[data-stage="{second}"]').last
    expect(moved).to_have_attribute("data-moved", "2")
    expect(moved).to_contain_text("Boris (★ 1→4)")
    expect(facilitator.stage_row(second, revealed=True)).to_contain_text("4.6")
    shot(facilitator.page, "workshop-facilitator-rounds")

    facilitator.click("ws_accept")
    expect(facilitator.page.get_by_text("Accepted: 5 votes on 1 stages, 3 notes.")).to_be_visible()  # round 2 only
    shot(facilitator.page, "workshop-accepted")
    with MapStore(f"sqlite:///{server.data_dir}/cjm.sqlite3") as store:
        accepted = store.get(m.id).map.stage(second)
    assert sorted(v.importance for v in accepted.votes) == [4, 4, 5, 5, 5]
    for phone in people:
        phone.page.context.close()


def test_without_signing_in_a_browser_gets_no_map_and_a_participant_cannot_run_the_room(browser, signed_server,
                                                                                        facilitator):
    server = signed_server
    m = stored_map(server, "classic_5stage")
    code = facilitator.start(m)
    room = re.search(r"room=([0-9a-f]+)", facilitator.page.url).group(1)

    stranger = browser.new_context(**DESK).new_page()
    for path in ("/", "/library", f"/builder?map={m.id}", f"/workshop?room={room}", f"/board?map={m.id}"):
        answer = stranger.goto(f"{server.url}{path}")
        assert answer.status == 401
        expect(stranger.get_by_role("heading", name="Sign in")).to_be_visible()
        assert m.title not in stranger.content()
        expect(stranger.locator('[data-testid="stApp"]')).to_have_count(0)  # no Streamlit at all
    shot(stranger, "signin-page")
    stranger.get_by_label("Owner token").fill("a guess")
    stranger.get_by_role("button", name="Sign in").click()
    expect(stranger.get_by_text("That is not it")).to_be_visible()

    phone = phones(browser, server, 1)[0].join(code, "Mallory")
    answer = phone.page.goto(f"{server.url}/workshop?room={room}")  # the phone's cookie is no owner's
    assert answer.status == 401
    participant_token = phone.page.context.cookies()[0]["value"]
    assert phone.page.goto(f"{server.url}/?token={participant_token}").status == 401
    me = phone.page.request.get(f"{server.url}/api/v1/me", headers={"Authorization": f"Bearer {participant_token}"})
    assert me.status == 200 and me.json()["room"]["code"] == code  # …it is a participant's, nothing more
    expect(facilitator.page.locator(".st-key-ws_phase")).to_be_visible()
    stranger.context.close()
    phone.page.context.close()


def test_throttles_answer_429(browser, tmp_path):
    signed_server = AppServer(tmp_path / "data", tmp_path / "server.log", env=SIGNED).start()  # its own counts
    phone = phones(browser, signed_server, 1)[0]
    phone.page.goto(f"{signed_server.url}/j")
    for _ in range(4):  # CJM_WRONG_CODES_PER_MINUTE=4
        phone.page.get_by_role("textbox", name="Room code").fill("ZZZZZZ")
        phone.page.get_by_role("button", name="Next").click()
        expect(phone.page.get_by_text("No workshop has the code “ZZZZZZ”")).to_be_visible()
    answer = phone.page.goto(f"{signed_server.url}/j/YYYYYY")
    assert answer.status == 429 and int(answer.headers["retry-after"]) > 0
    throttled = re.compile(r"Too many wrong codes: try again in \d+\ss")  # \s: a no-break space
    expect(phone.page.get_by_text(throttled)).to_be_visible()
    shot(phone.page, "workshop-phone-throttled")
    api = phone.page.request.post(f"{signed_server.url}/api/v1/join", data={"code": "QQQQQQ", "name": "x"})
    assert api.status == 429 and "retry-after" in api.headers
    phone.page.context.close()
    signed_server.stop()


def test_closing_ends_the_room_on_every_phone_and_undo_takes_the_accept_back(browser, signed_server, facilitator):
    server = signed_server
    m = stored_map(server, "b2b_linear")
    code = facilitator.start(m)
    phone = phones(browser, server, 1, locale="ru-RU")[0]
    phone.page.goto(f"{server.url}/j/{code}")
    expect(phone.page.get_by_role("heading", name="Присоединиться к воркшопу")).to_be_visible()  # the phone's language
    phone.page.get_by_role("link", name="English").click()  # the toggle
    phone.join(code, "<img src=x onerror=alert(1)>", typed=False)
    phone.add_note(m.stages[0].name, "Pain point", "**not bold** :red[plain]")
    expect(facilitator.page.locator(".cjm-feed")).to_contain_text("**not bold** :red[plain] — <img src=x")
    facilitator.click("ws_accept")
    expect(facilitator.page.get_by_text("Accepted: 0 votes on 0 stages, 1 notes.")).to_be_visible()
    facilitator.click("ws_accept_undo")
    expect(facilitator.page.get_by_text("The accept was undone")).to_be_visible()
    with MapStore(f"sqlite:///{server.data_dir}/cjm.sqlite3") as store:
        assert [h.version for h in store.history(m.id)] == [3, 2, 1]
        assert store.get(m.id).map.workshops == []

    facilitator.click("ws_close")
    facilitator.click("ws_close_yes")
    expect(facilitator.page.get_by_text("This workshop has ended")).to_be_visible()
    expect(phone.page.get_by_text("The workshop has ended. Thank you")).to_be_visible()  # without a reload
    late = phones(browser, server, 1)[0]
    late.page.goto(f"{server.url}/j/{code}")
    expect(late.page.get_by_text(f"The workshop “{code}” has ended")).to_be_visible()
    shot(late.page, "workshop-phone-closed-code")
    phone.page.context.close()
    late.page.context.close()


def test_a_server_restart_in_the_middle_keeps_the_room_and_people_go_on(browser, tmp_path: Path):
    data = tmp_path / "data"
    server = AppServer(data, tmp_path / "first.log", env=SIGNED).start()
    restarted = None
    context = browser.new_context(**DESK)
    try:
        m = stored_map(server, "classic_5stage")
        facilitator = Facilitator(context.new_page(), server).sign_in()
        code = facilitator.start(m)
        facilitator.phase("Vote")
        anna, boris = phones(browser, server, 2)
        anna.join(code, "Anna")
        boris.join(code, "Boris", typed=False)
        anna.vote(m.stages[0].name, m.stages[0].id, 2, "+1")
        expect(facilitator.stage_row(m.stages[0].id)).to_have_attribute("data-votes", "1")
        server.stop()

        restarted = AppServer(data, tmp_path / "second.log", env=SIGNED)
        restarted.port, restarted.url = server.port, server.url  # same address: the open tabs reconnect
        restarted.start()
        for page in (facilitator.page, anna.page, boris.page):
            page.reload()  # the owner's cookie and the phones' cookies bring everyone back
        expect(anna.page.get_by_text("You are Anna")).to_be_visible()
        expect(anna.page.get_by_text("Stages rated: 1 of 5")).to_be_visible()
        anna.vote(m.stages[1].name, m.stages[1].id, 4, "−2")
        boris.vote(m.stages[0].name, m.stages[0].id, 4, "−1")
        expect(facilitator.stage_row(m.stages[0].id)).to_have_attribute("data-votes", "2")
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


def test_in_russian_the_phone_and_the_board_speak_russian(browser, signed_server):
    server = signed_server
    m = stored_map(server, "saas_demo", "ru")
    context = browser.new_context(**{**DESK, "locale": "ru-RU"})
    facilitator = Facilitator(context.new_page(), server).sign_in()
    code = facilitator.start(m)
    phone = phones(browser, server, 1, locale="ru-RU")[0]
    phone.page.goto(f"{server.url}/j/{code}")
    phone.page.get_by_role("textbox", name="Ваше имя").fill("Аня")
    phone.page.get_by_role("button", name="Войти").click()
    expect(phone.page.get_by_text(f"Вы — Аня · комната {code}")).to_be_visible()
    phone.page.get_by_label("Этап").select_option(label=m.stages[1].name)
    phone.page.get_by_role("radio", name="Вопрос").check()
    phone.page.get_by_role("textbox", name="Заметка", exact=True).fill("Кто платит за внедрение?")
    phone.page.get_by_role("button", name="Добавить заметку").click()
    expect(phone.page.get_by_text("✓ Заметка получена")).to_be_visible()
    shot(phone.page, "workshop-phone-collect-ru")
    facilitator.page.locator(".st-key-ws_phase").get_by_role("radio", name="Голосование").click()
    stage = m.stages[1]
    card = phone.card(stage.id)
    card.get_by_role("group", name=f"Важность этапа «{stage.name}»").get_by_role("button", name="5").tap()
    card.get_by_role("group", name=f"Эмоция на этапе «{stage.name}»").get_by_role("button", name="−2").tap()
    expect(card.get_by_text("✓ Голос получен: важность 5, эмоция 😡 −2")).to_be_visible()
    shot(phone.page, "workshop-phone-vote-ru")
    expect(facilitator.stage_row(stage.id)).to_have_attribute("data-votes", "1")
    facilitator.click("ws_reveal")
    expect(facilitator.stage_row(stage.id, revealed=True)).to_contain_text("😡 −2")
    expect(facilitator.page.get_by_text("Заметки, сначала новые")).to_be_visible()
    shot(facilitator.page, "workshop-facilitator-revealed-ru")
    phone.page.context.close()
    context.close()


@pytest.mark.parametrize(("lang", "button", "go", "heading"), [("en", "Sign out", "Sign out on this device", "Sign in"),
                                                               ("ru", "Выйти", "Выйти на этом устройстве", "Вход")])
def test_the_owner_signs_out_on_a_shared_laptop_and_the_app_asks_again(browser, signed_server, lang, button, go,
                                                                       heading):
    context = browser.new_context(**{**DESK, "locale": "ru-RU" if lang == "ru" else "en-US"})
    owner = Facilitator(context.new_page(), signed_server).sign_in()
    page = owner.page
    link = page.get_by_test_id("stSidebar").get_by_role("link", name=button)
    expect(link).to_be_visible()
    shot(page, f"signout-link-{lang}")
    link.click()
    expect(page.get_by_role("button", name=go)).to_be_visible()
    shot(page, f"signout-{lang}")
    page.get_by_role("button", name=go).click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert [c for c in context.cookies() if c["name"] == "cjm_owner"] == []
    assert page.goto(f"{signed_server.url}/library").status == 401
    expect(page.locator('[data-testid="stApp"]')).to_have_count(0)
    context.close()
