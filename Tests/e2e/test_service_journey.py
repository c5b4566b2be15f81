"""Customer service the whole way round, in a real Chromium against a real `peyvand serve` whose
outbox sends to a real SMTP peer (aiosmtpd) on loopback:

an email from a customer (piped through `peyvand mail receive`, as the mail server delivers it)
opens a ticket routed to the team's agent; the agent answers and resolves it; the survey email
reaches the customer; answered on a 390 px phone in Persian with CSAT 1 and NPS 2, it makes the
customer angry (خشمگین): an urgent recovery case opens at once for the team's manager, who is
emailed; the red banner shows on the customer's page and on the ticket's page, in fa and en; the
manager, signed in, works the case and closes it as recovered; the class moves — the banner is
gone, the case and the 360 page show angry → the class after. Screenshots at 390 and 1440 px."""
from __future__ import annotations

import re
import time
import uuid

import pytest
import requests
from selenium.webdriver.common.by import By

from conftest import new_driver
from helpers import choose, click_and_wait_for_new_page, fill, login_ok, open_page, url, visible
from smtp_peer import api_caller, smtp_peer, start_mailing_server, wait_for_mail
from test_phone import screens_dir
from test_service_tickets import fits, pipe_email

AGENT = ("journey.agent@example.test", "نگار کارشناس")
MANAGER = ("journey.manager@example.test", "Mina Manager")
PASSWORD = "manager password long"
LINK = re.compile(r"(https?://\S+/survey/s_[A-Za-z0-9_-]+)")


@pytest.fixture(scope="module")
def smtp():
    with smtp_peer() as peer:
        yield peer


@pytest.fixture(scope="module")
def journey(e2e_tmp, smtp):
    srv = start_mailing_server(e2e_tmp / "journey", smtp[1])
    post, headers = api_caller(srv.base)
    agent = post("/users", email=AGENT[0], name=AGENT[1], role="support-agent", password=PASSWORD, language="fa")
    manager = post("/users", email=MANAGER[0], name=MANAGER[1], role="channel-manager", password=PASSWORD, language="fa")
    team = post("/service-teams", name="پشتیبانی مشتریان", routing="round-robin", leadId=agent["id"], managerId=manager["id"])
    post(f"/service-teams/{team['id']}/members", method="put", members=[{"userId": agent["id"], "skills": []}])
    post("/routing-rules", name="ایمیل‌ها به پشتیبانی", channel="email", teamId=team["id"])
    yield srv, post, headers, agent, manager, team
    srv.stop()


def get(base, headers, path, **params):
    r = requests.get(f"{base}/api/v1{path}", headers=headers, params=params, timeout=10)
    assert r.status_code == 200, (path, r.status_code, r.text)
    return r.json()


def shoot(driver, name: str, css: str | None = None) -> None:
    for width in (1440, 390):
        driver.set_window_size(width, 1000)
        if css:
            driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", css)
        time.sleep(0.2)
        assert fits(driver), f"{name} is wider than {width}px"
        driver.save_screenshot(str(screens_dir() / f"{name}-{width}.png"))
    driver.set_window_size(1440, 1000)


def test_a_low_survey_answer_makes_the_customer_angry_and_recovery_moves_the_class(driver, journey, smtp):
    srv, post, headers, agent, manager, team = journey
    base = srv.base
    mailbox, _ = smtp
    marker = uuid.uuid4().hex[:8]
    email = f"maryam.{marker}@example.com"
    customer = post("/customers", kind="person", name="مریم احمدی", emails=[email], preferredChannel="email", consents={"email": True})

    # The email opens a ticket routed to the team's agent.
    pipe_email(srv.db, email, "مریم احمدی", f"دستگاه روشن نمی‌شود {marker}", "سلام، دستگاه از دیروز روشن نمی‌شود.", marker)
    tickets = get(base, headers, "/tickets", customerId=customer["id"])["items"]
    assert len(tickets) == 1, tickets
    ticket = tickets[0]
    assert (ticket["channel"], ticket["teamId"], ticket["assigneeId"]) == ("email", team["id"], agent["id"]), ticket

    # Answered and resolved: the survey goes to the customer by email.
    post(f"/tickets/{ticket['id']}/messages", body="دستگاه را برایتان تعویض کردیم.")
    post(f"/tickets/{ticket['id']}", method="patch", status="resolved")
    mail = wait_for_mail(mailbox, email, "نظر شما")
    link = LINK.search(mail.get_body(preferencelist=("plain",)).get_content()).group(1)
    satisfaction = get(base, headers, f"/customers/{customer['id']}/satisfaction")
    assert satisfaction["class"] != "angry", satisfaction

    # The customer answers on their phone: CSAT 1, NPS 2.
    phone = new_driver()
    try:
        phone.set_window_size(390, 844)
        open_page(phone, link)
        phone.find_element(By.CSS_SELECTOR, "label[for='survey-csat-1']").click()
        phone.find_element(By.CSS_SELECTOR, "label[for='survey-nps-2']").click()
        phone.find_element(By.ID, "survey-comment").send_keys("دستگاه جدید هم خراب است. بسیار ناراضی‌ام.")
        click_and_wait_for_new_page(phone, phone.find_element(By.ID, "survey-submit"))
        assert "survey-thanks" in visible(phone, "#survey-state").get_attribute("class")
    finally:
        phone.quit()

    # Angry at once, with the answer as the reason; an urgent case for the team's manager, who is emailed.
    satisfaction = get(base, headers, f"/customers/{customer['id']}/satisfaction")
    assert satisfaction["class"] == "angry", satisfaction
    assert any(r["code"] == "angry.answer" for r in satisfaction["reasons"]), satisfaction
    cases = get(base, headers, "/recovery-cases", customer=customer["id"])["items"]
    assert len(cases) == 1, cases
    case = cases[0]
    assert (case["status"], case["priority"], case["ownerId"], case["classBefore"]) == ("open", "urgent", manager["id"], "angry"), case
    wait_for_mail(mailbox, MANAGER[0], case["number"])

    # The manager signs in: the banner on the customer's page and on the ticket's, in fa and en.
    driver.delete_all_cookies()
    login_ok(driver, base, MANAGER[0], PASSWORD)
    for lang in ("fa", "en"):
        open_page(driver, url(base, f"/customers/{customer['id']}", lang=lang))
        banner = visible(driver, "#angry-banner")
        assert banner.get_attribute("role") == "alert"
        assert ("خشمگین" if lang == "fa" else "Angry") in banner.text, banner.text
        assert visible(driver, "#angry-banner-case").get_attribute("href").endswith(f"/recovery/{case['id']}")
        shoot(driver, f"journey-360-angry-{lang}")
        open_page(driver, url(base, f"/tickets/{ticket['id']}", lang=lang))
        assert visible(driver, "#angry-banner").is_displayed()
        shoot(driver, f"journey-ticket-angry-{lang}")

    # The manager works the case from the banner and closes it as recovered.
    open_page(driver, url(base, f"/customers/{customer['id']}", lang="fa"))
    click_and_wait_for_new_page(driver, visible(driver, "#angry-banner-case"))
    assert visible(driver, "#recovery-class-before").text == "خشمگین"
    form = driver.find_element(By.ID, "recovery-form")
    fill(form, "cause", "دستگاه جایگزین از انبار معیوب بود")
    fill(form, "remedy", "دستگاه نو با پیک ویژه و تماس مدیر")
    choose(form, "compensationKind", "discount")
    fill(form, "compensationAmount", "۵۰۰۰۰۰")
    click_and_wait_for_new_page(driver, driver.find_element(By.ID, "recovery-save"))
    assert visible(driver, "#recovery-flash").text
    fill(driver.find_element(By.ID, "recovery-close-form"), "outcome", "مشتری از دستگاه نو و تماس مدیر راضی بود")
    click_and_wait_for_new_page(driver, driver.find_element(By.ID, "recovery-recovered"))
    assert visible(driver, "#recovery-status").get_attribute("data-status") == "recovered"
    after = visible(driver, "#recovery-class-after").text
    assert after and after != "خشمگین", after
    shoot(driver, "journey-case-recovered-fa")

    # The class moved: no longer angry, no banner; the change is on the 360 page.
    satisfaction = get(base, headers, f"/customers/{customer['id']}/satisfaction")
    assert satisfaction["class"] != "angry", satisfaction
    stored = get(base, headers, f"/recovery-cases/{case['id']}")
    assert (stored["status"], stored["classBefore"]) == ("recovered", "angry") and stored["classAfter"] == satisfaction["class"], stored
    for lang in ("fa", "en"):
        open_page(driver, url(base, f"/customers/{customer['id']}", lang=lang))
        assert not driver.find_elements(By.ID, "angry-banner")
        box = visible(driver, "#satisfaction")
        assert ("بازیابی" in box.text or "جبران" in box.text) if lang == "fa" else ("recover" in box.text.lower()), box.text
        shoot(driver, f"journey-360-recovered-{lang}", "#satisfaction")
