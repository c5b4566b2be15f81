"""Leads end to end, in a real Chromium against a real `peyvand serve` that sends email through a
real SMTP peer (aiosmtpd) on loopback: a visitor fills in the public web-to-lead form (fa and en),
the lead is stored, scored and given to a rep by the round-robin rule, the rep is told by email and
on the leads page, qualifies the lead (need, budget, authority, timing) and converts it; the API
then shows the customer, the deal and the consent. A flood from one address gets 429 while
another address's submission is stored. Screenshots at desk width and 390 px are kept."""
import http.client
import time
import urllib.parse

import pytest
import requests
from selenium.webdriver.common.by import By

from helpers import click_and_wait_for_new_page, login_ok, open_page, present, url, visible
from peyvand_proc import api_token, running_servers
from smtp_peer import MailingServer, smtp_peer, wait_for_mail
from test_phone import screens_dir

REP_EMAIL, REP_PASSWORD = "rep.leads@example.test", "rep password long"


@pytest.fixture(scope="module")
def mail():
    with smtp_peer() as peer:
        yield peer


@pytest.fixture(scope="module")
def leads_server(e2e_tmp, mail):
    srv = MailingServer(workdir=e2e_tmp / "leads")
    srv.smtp_port = mail[1]
    running_servers.append(srv)
    srv.prepare()
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def setup(leads_server):
    base = leads_server.base
    headers = {"Authorization": f"Bearer {api_token(base)}"}

    def post(path, **body):
        r = requests.post(f"{base}/api/v1{path}", headers=headers, timeout=10, json=body)
        assert r.status_code in (200, 201), (path, r.status_code, r.text)
        return r.json()

    rep = post("/users", email=REP_EMAIL, name="سارا کارشناس", role="sales-rep", password=REP_PASSWORD, language="fa")
    post("/lead-rules/assignment", kind="round-robin", repIds=[rep["id"]])
    post("/lead-rules/scoring", field="budget", condition="present", points=25)
    post("/lead-rules/scoring", field="need", condition="present", points=20)
    post("/lead-rules/scoring", field="company", condition="present", points=10)
    forms = {
        "fa": post("/lead-forms", name="فرم تماس وب‌سایت", source="وب‌سایت", campaign="نمایشگاه پاییز", language="fa",
                   consentFa="می‌پذیرم خبرنامه و پیشنهادها با ایمیل برایم فرستاده شود.", consentEn="I agree to receive news by email.",
                   consentChannels=["email"], perMinute=5),
        "en": post("/lead-forms", name="Website contact form", source="website", campaign="autumn-expo", language="en",
                   consentEn="I agree to receive news by email.", consentChannels=["email"], perMinute=5),
    }
    return base, headers, rep, forms


CASES = {
    "fa": {"name": "مریم احمدی", "company": "صنایع پارس", "email": "maryam.leads@example.com", "phone": "09121234567",
           "province": "تهران", "city": "تهران", "message": "برای ۵۰ دستگاه پیش‌فاکتور بفرستید."},
    "en": {"name": "Olivia Brown", "company": "Northwind Ltd", "email": "olivia.leads@example.com", "phone": "+44 20 7946 0958",
           "province": "", "city": "London", "message": "Please send a quote for 50 units."},
}


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_visitor_fills_the_form_and_the_rep_qualifies_and_converts(driver, setup, mail, lang):
    base, headers, rep, forms = setup
    inbox, _ = mail
    form = forms[lang]
    case = CASES[lang]
    # The visitor, on the hosted form (the same fields the pasted snippet has).
    open_page(driver, f"{base}/w2l/{form['publicKey']}")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    trap = present(driver, "#w2l-website")
    assert not trap.is_displayed(), "the honeypot is out of sight"
    page = driver.find_element(By.ID, "w2l-form")
    for name, value in case.items():
        if value:
            page.find_element(By.NAME, name).send_keys(value)
    consent = driver.find_element(By.ID, "w2l-consent")
    consent.click()
    click_and_wait_for_new_page(driver, driver.find_element(By.ID, "w2l-submit"))
    assert visible(driver, "#w2l-thanks").text
    for width in (1440, 390):
        driver.set_window_size(width, 900)
        driver.save_screenshot(str(screens_dir() / f"leads-w2l-thanks-{lang}-{width}.png"))
    driver.set_window_size(1440, 900)
    r = requests.get(f"{base}/api/v1/leads", headers=headers, params={"q": case["email"]}, timeout=10)
    lead = r.json()["items"][0]
    assert lead["channel"] == "web-form" and lead["ownerId"] == rep["id"] and lead["score"] == 10
    assert lead["source"] == form["source"] and lead["campaign"] == form["campaign"] and lead["consent"] is True
    assert lead["consentText"] == (form.get("consentFa") if lang == "fa" else form["consentEn"])
    # The rep is told by email through the outbox and the SMTP peer…
    msg = wait_for_mail(inbox, REP_EMAIL, case["name"])
    assert f"{base}/leads/{lead['id']}" in msg.get_body(preferencelist=("plain",)).get_content(), "the link is whole"
    # …and on the leads page, in their language.
    driver.delete_all_cookies()
    login_ok(driver, base, REP_EMAIL, REP_PASSWORD)
    open_page(driver, url(base, "/leads", lang=lang))
    assert visible(driver, "#leads-new-for-me").text
    row = driver.find_element(By.CSS_SELECTOR, f"tr.lead-row[data-id='{lead['id']}'] a")
    click_and_wait_for_new_page(driver, row)
    for width in (1440, 390):
        driver.set_window_size(width, 1000)
        wide = driver.execute_script("return document.documentElement.scrollWidth")
        assert wide <= driver.execute_script("return document.documentElement.clientWidth"), f"lead page {lang} {width}: {wide}px"
        driver.save_screenshot(str(screens_dir() / f"leads-lead-{lang}-{width}.png"))
    driver.set_window_size(1440, 1000)
    # Qualify: need and budget, status qualified.
    for flag in ("need", "budget"):
        driver.find_element(By.ID, f"lead-{flag}").click()
    driver.find_element(By.CSS_SELECTOR, "#lead-status-select option[value='qualified']").click()
    click_and_wait_for_new_page(driver, driver.find_element(By.ID, "lead-qualify"))
    assert visible(driver, "#lead-saved").text
    score = driver.find_element(By.ID, "lead-score-value").text
    assert score == ("۵۵" if lang == "fa" else "55")
    assert "new customer" in driver.find_element(By.ID, "lead-match").text or lang == "fa"
    # Convert, with a deal title and amount.
    title = driver.find_element(By.ID, "lead-deal-title")
    title.clear()
    title.send_keys("۵۰ دستگاه" if lang == "fa" else "50 units")
    driver.find_element(By.ID, "lead-amount").send_keys("250000000")
    click_and_wait_for_new_page(driver, driver.find_element(By.ID, "lead-convert-submit"))
    assert visible(driver, "#lead-saved").text
    assert driver.find_element(By.ID, "lead-status").text == ("تبدیل شده" if lang == "fa" else "Converted")
    driver.save_screenshot(str(screens_dir() / f"leads-converted-{lang}-1440.png"))
    # The API agrees: converted, with a customer (the organisation), its contact with the consent, and a deal.
    got = requests.get(f"{base}/api/v1/leads/{lead['id']}", headers=headers, timeout=10).json()
    assert got["status"] == "converted" and got["need"] is True and got["budget"] is True and got["score"] == 55
    org = requests.get(f"{base}/api/v1/customers/{got['customerId']}", headers=headers, timeout=10).json()
    assert org["kind"] == "organisation" and org["name"] == case["company"]
    people = requests.get(f"{base}/api/v1/customers", headers=headers, params={"q": case["name"]}, timeout=10).json()["items"]
    people = [p for p in people if p["kind"] == "person"]
    assert len(people) == 1 and people[0]["consents"]["email"] is True and people[0]["consents"].get("sms") is False
    # Converting again is refused and changes nothing.
    again = requests.post(f"{base}/api/v1/leads/{lead['id']}/convert", headers=headers, json={}, timeout=10)
    assert again.status_code == 409 and again.headers["content-type"].startswith("application/problem+json")


def post_from(base: str, source: str, path: str, fields: dict) -> tuple[int, dict]:
    """A form post from a given loopback address (127.0.0.x): each is its own client."""
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10, source_address=(source, 0))
    conn.request("POST", path, body=urllib.parse.urlencode(fields), headers={"Content-Type": "application/x-www-form-urlencoded"})
    resp = conn.getresponse()
    resp.read()
    headers = dict(resp.getheaders())
    conn.close()
    return resp.status, headers


def test_a_flood_from_one_address_is_refused_and_another_address_is_stored(setup):
    base, headers, _, forms = setup
    key = forms["en"]["publicKey"]
    before = requests.get(f"{base}/api/v1/leads", headers=headers, params={"limit": 500}, timeout=10).json()["items"]
    accepted, refused = [], 0
    if time.time() % 60 > 45:  # all in one minute's window
        time.sleep(61 - time.time() % 60)
    for i in range(12):
        status, h = post_from(base, "127.0.0.9", f"/w2l/{key}", {"name": f"Flood {i}", "email": f"flood{i}@example.com"})
        if status == 303:
            accepted.append(f"flood{i}@example.com")
        else:
            assert status == 429 and int(h["Retry-After"]) > 0
            refused += 1
    assert len(accepted) == 5 and refused == 7
    status, _ = post_from(base, "127.0.0.10", f"/w2l/{key}", {"name": "Another visitor", "email": "another@example.com"})
    assert status == 303
    after = requests.get(f"{base}/api/v1/leads", headers=headers, params={"limit": 500}, timeout=10).json()["items"]
    emails = {lead.get("email") for lead in after}
    assert set(accepted) | {"another@example.com"} <= emails, "every accepted submission is stored"
    assert len(after) - len(before) == len(accepted) + 1


def test_screens_of_the_lead_pages(driver, setup):
    base, headers, _, forms = setup
    login_ok(driver, base, "admin@example.test", "correct horse battery")
    lead = requests.post(f"{base}/api/v1/leads", headers=headers, timeout=10,
                         json={"name": "رضا " + "نیک‌نام‌پور" * 4, "company": "بازرگانی آریا", "phone": "02188776655", "message": "x" * 300}).json()
    for width, height in ((1440, 900), (390, 844)):
        driver.set_window_size(width, height)
        for lang in ("fa", "en"):
            for name, path in (("list", "/leads"), ("new", "/leads/new"), ("lead", f"/leads/{lead['id']}"), ("import", "/leads/import"),
                               ("forms", "/settings/lead-forms"), ("rules", "/settings/lead-rules"), ("w2l", f"/w2l/{forms[lang]['publicKey']}")):
                open_page(driver, url(base, path, lang=lang))
                wide = driver.execute_script("return document.documentElement.scrollWidth")
                assert wide <= driver.execute_script("return document.documentElement.clientWidth"), f"{path} {lang} {width}: {wide}px wide"
                driver.save_screenshot(str(screens_dir() / f"leads-{name}-{lang}-{width}.png"))
