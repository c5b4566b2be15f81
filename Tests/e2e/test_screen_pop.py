"""The telephone's screen-pop in a real browser: a PBX connector POSTs /api/v1/calls and the signed-in
page shows the caller (fa and en), links to their 360 or, for an unknown number, to a new customer
with the number filled in; the ended call is on the 360 timeline with its duration; the pop-up fits a
390 px phone. Screenshots go to $PEYVAND_E2E_ARTIFACTS/screens/."""
from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import uuid
from pathlib import Path

import requests
from selenium.webdriver.common.by import By

from helpers import click_and_wait_for_new_page, open_page, plain, present, set_language, strip_bidi, url, visible, wait
from summary import report_line


def screens() -> Path:
    root = Path(os.environ.get("PEYVAND_E2E_ARTIFACTS") or Path(tempfile.gettempdir()) / "peyvand-e2e-artifacts")
    d = root / "screens"
    d.mkdir(parents=True, exist_ok=True)
    return d


def api(base, token, method, path, **body):
    r = requests.request(method, f"{base}{path}", json=body or None, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code < 300, f"{method} {path}: {r.status_code} {r.text}"
    return r.json() if r.text else None


def new_number() -> str:
    return "0935" + str(uuid.uuid4().int)[:7]


def connected(driver):
    """The page's EventSource is open (the layout's script marks the pop-up)."""
    wait(driver).until(lambda d: d.find_element(By.ID, "call-pop").get_attribute("data-connected") == "true")


def ring(driver, base, token, call_id, number, **extra) -> float:
    """POST a ringing call and wait for this page's pop-up to show it; returns the seconds it took."""
    started = time.monotonic()
    api(base, token, "POST", "/api/v1/calls", callId=call_id, event="ringing", **{"from": number}, to="200", **extra)
    wait(driver, 5).until(lambda d: d.find_element(By.ID, "call-pop").get_attribute("data-call") == call_id
                          and d.find_element(By.ID, "call-pop").is_displayed())
    return time.monotonic() - started


def test_a_ringing_call_pops_the_callers_360_in_persian_and_english(logged_in, base, token):
    driver = logged_in
    number = new_number()
    name = f"سارا تماس {uuid.uuid4().hex[:4]}"
    cid = api(base, token, "POST", "/api/v1/customers", name=name, phones=[number])["id"]
    seconds = []
    for lang in ("fa", "en"):
        driver.set_window_size(1280, 900)
        set_language(driver, base, lang, path="/customers")
        connected(driver)
        call_id = f"pop-{lang}-{uuid.uuid4().hex[:8]}"
        seconds.append(ring(driver, base, token, call_id, "+98" + number[1:]))
        pop = visible(driver, "#call-pop")
        assert strip_bidi(driver.find_element(By.ID, "call-pop-name").text) == name
        shown = driver.find_element(By.ID, "call-pop-number")
        assert shown.get_attribute("dir") == "ltr" and shown.tag_name == "bdi"
        if lang == "fa":
            assert shown.text == "۰۹۳۵ " + "".join("۰۱۲۳۴۵۶۷۸۹"[int(c)] for c in number[4:7]) + " " + \
                "".join("۰۱۲۳۴۵۶۷۸۹"[int(c)] for c in number[7:]), shown.text
            assert "تماس ورودی" in pop.text and "باز کردن صفحهٔ مشتری" in pop.text
        else:
            assert plain(shown.text) == f"{number[:4]} {number[4:7]} {number[7:]}"
            assert "Incoming call" in pop.text and "Open the customer's page" in pop.text
        driver.save_screenshot(str(screens() / f"screen-pop-{lang}-1280.png"))
        link = driver.find_element(By.ID, "call-pop-open")
        assert link.get_attribute("href").endswith(f"/customers/{cid}")
        click_and_wait_for_new_page(driver, link)
        assert strip_bidi(present(driver, "h1#customer-name").text) == name
    report_line(f"screen-pop in the browser: {', '.join(f'{s * 1000:.0f} ms' for s in seconds)} from POST to the pop-up shown (fa, en)")


def test_an_unknown_number_offers_a_new_customer_with_the_number_filled_in(logged_in, base, token):
    driver = logged_in
    number = new_number()
    for lang, label in (("fa", "مشتری تازه"), ("en", "New customer")):
        set_language(driver, base, lang, path="/")
        connected(driver)
        call_id = f"unknown-{lang}-{uuid.uuid4().hex[:8]}"
        ring(driver, base, token, call_id, number)
        pop = visible(driver, "#call-pop")
        assert ("شمارهٔ ناشناس" if lang == "fa" else "Unknown number") in pop.text
        link = driver.find_element(By.ID, "call-pop-open")
        assert link.text == label
        click_and_wait_for_new_page(driver, link)
        assert driver.current_url.split("?")[0].endswith("/customers/new")
        phones = visible(driver, "form#customer-form textarea[name=phones]")
        assert plain(phones.get_attribute("value")) == "+98" + number[1:]


def test_the_ended_call_is_on_the_360_timeline_with_its_duration_and_agent(logged_in, base, token):
    driver = logged_in
    number = new_number()
    cid = api(base, token, "POST", "/api/v1/customers", name=f"Timeline call {uuid.uuid4().hex[:4]}", phones=[number])["id"]
    me = api(base, token, "GET", "/api/v1/me")
    ext = str(200 + int(uuid.uuid4().int % 700))
    api(base, token, "PUT", f"/api/v1/users/{me['id']}/extension", extension=ext)
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(minutes=5)
    call_id = f"ended-{uuid.uuid4().hex[:8]}"
    for event, offset in (("ringing", 0), ("answered", 5), ("ended", 130), ("ended", 200)):
        at = (start + dt.timedelta(seconds=offset)).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = {"callId": call_id, "event": event, "from": number, "at": at}
        if event == "answered":
            body["agentExtension"] = ext
        r = requests.post(f"{base}/api/v1/calls", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert r.status_code == 200, r.text
    assert r.json()["durationSeconds"] == 125 and r.json()["state"] == "ended"
    set_language(driver, base, "fa", path=f"/customers/{cid}")
    entries = driver.find_elements(By.CSS_SELECTOR, "#timeline-list li.timeline-entry[data-kind=call]")
    assert len(entries) == 1, "the call is logged once"
    text = entries[0].text
    assert "۳ دقیقه" in text and "پاسخ داده شد" in text and me["name"] in strip_bidi(text), text
    set_language(driver, base, "en", path=f"/customers/{cid}")
    text = visible(driver, "#timeline-list li.timeline-entry[data-kind=call]").text
    assert "3 min" in text and "answered" in text, text


def test_the_pop_up_fits_a_phone(logged_in, base, token):
    driver = logged_in
    number = new_number()
    api(base, token, "POST", "/api/v1/customers", name="نام بسیار بلند یک مشتری برای آزمودن پنجرهٔ کوچک تلفن همراه", phones=[number])
    driver.set_window_size(390, 844)
    for lang in ("fa", "en"):
        set_language(driver, base, lang, path="/customers")
        connected(driver)
        ring(driver, base, token, f"phone-{lang}-{uuid.uuid4().hex[:8]}", number)
        rect = driver.execute_script("var r = document.getElementById('call-pop').getBoundingClientRect();"
                                     "return [r.left, r.right, document.documentElement.clientWidth, document.documentElement.scrollWidth];")
        left, right, width, scroll = rect
        assert left >= 0 and right <= width and scroll <= width, rect
        driver.save_screenshot(str(screens() / f"screen-pop-{lang}-390.png"))
        driver.find_element(By.ID, "call-pop-close").click()
        assert not driver.find_element(By.ID, "call-pop").is_displayed()
    driver.set_window_size(1280, 900)


def test_open_by_itself_goes_straight_to_the_360(logged_in, base, token):
    driver = logged_in
    number = new_number()
    cid = api(base, token, "POST", "/api/v1/customers", name=f"Auto open {uuid.uuid4().hex[:4]}", phones=[number])["id"]
    set_language(driver, base, "en", path="/customers")
    connected(driver)
    ring(driver, base, token, f"auto-a-{uuid.uuid4().hex[:8]}", number)
    box = driver.find_element(By.ID, "call-pop-auto")
    box.click()  # remembered by this browser
    assert box.is_selected()
    driver.find_element(By.ID, "call-pop-close").click()
    open_page(driver, url(base, "/"))
    connected(driver)
    assert driver.find_element(By.ID, "call-pop-auto").is_selected(), "the choice is remembered"
    api(base, token, "POST", "/api/v1/calls", callId=f"auto-b-{uuid.uuid4().hex[:8]}", event="ringing", **{"from": number})
    wait(driver, 5).until(lambda d: d.current_url.split("?")[0].endswith(f"/customers/{cid}"))
    present(driver, "h1#customer-name")
