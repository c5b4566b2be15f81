"""Surveys end to end, in a real Chromium against a real `peyvand serve` that sends its outbox email
to a real SMTP peer (aiosmtpd) on loopback: a ticket of a customer who prefers email is resolved;
the survey email reaches their mailbox with its link; the link opens in Chromium in Persian on a
390 px phone, is answered CSAT 2, NPS 3 with a Persian comment (a score chosen with the keyboard);
the answer shows on the ticket page and on the 360 timeline, and the ticket's agent is told of the
low score by email; the link opened again says "already answered"; a replayed post changes
nothing; an out-of-range post is refused (the form keeps what was typed; the API says 422).
Screenshots of the survey in fa and en at 390 and 1440 px are kept."""
from __future__ import annotations

import re
import time
import uuid

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import new_driver
from helpers import click_and_wait_for_new_page, login_ok, open_page, url, visible
from peyvand_proc import ADMIN_EMAIL, ADMIN_PASSWORD
from smtp_peer import api_caller, smtp_peer, start_mailing_server, wait_for_mail
from test_phone import screens_dir
from test_service_tickets import fits

COMMENT = "پاسخ دیر رسید و دستگاه دوباره خاموش شد؛ لطفاً پیگیری کنید."
LINK = re.compile(r"(https?://\S+/survey/s_[A-Za-z0-9_-]+)")


@pytest.fixture(scope="module")
def smtp():
    with smtp_peer() as peer:
        yield peer


@pytest.fixture(scope="module")
def service(e2e_tmp, smtp):
    srv = start_mailing_server(e2e_tmp / "surveys", smtp[1])
    post, headers = api_caller(srv.base)
    agent = post("/users", email="agent.survey@example.test", name="سارا پشتیبان", role="support-agent",
                 password="agent password long", language="fa")
    team = post("/service-teams", name="پشتیبانی نظرسنجی", routing="round-robin", leadId=agent["id"])
    post(f"/service-teams/{team['id']}/members", method="put", members=[{"userId": agent["id"], "skills": []}])
    yield srv, post, headers, agent, team
    srv.stop()


def resolved_ticket(post, agent, team, email: str, subject: str) -> dict:
    """A customer who prefers email (and consented to it), a ticket of theirs in Persian, resolved."""
    customer = post("/customers", kind="person", name="مریم احمدی", emails=[email], preferredChannel="email",
                    consents={"email": True})
    ticket = post("/tickets", customerId=customer["id"], subject=subject, body="دستگاه روشن نمی‌شود.", channel="phone",
                  language="fa", assigneeId=agent["id"], teamId=team["id"])
    post(f"/tickets/{ticket['id']}", method="patch", status="resolved")
    return ticket


def survey_link(mailbox, email: str) -> str:
    mail = wait_for_mail(mailbox, email, "نظر شما")
    body = mail.get_body(preferencelist=("plain",)).get_content()
    found = LINK.search(body)
    assert found, body
    assert "۱۴" in body, "the link's lifetime in Persian digits"
    return found.group(1)


def shoot(driver, name: str) -> None:
    for width in (390, 1440):
        driver.set_window_size(width, 1000)
        time.sleep(0.3)
        assert fits(driver), f"{name} is wider than {width}px"
        driver.save_screenshot(str(screens_dir() / f"{name}-{width}.png"))
    driver.set_window_size(390, 844)


def test_a_resolved_ticket_is_surveyed_by_email_and_answered_once_on_a_phone(service, smtp):
    srv, post, headers, agent, team = service
    base = srv.base
    mailbox, _ = smtp
    marker = uuid.uuid4().hex[:8]
    email = f"customer.{marker}@example.com"
    ticket = resolved_ticket(post, agent, team, email, f"دستگاه خراب {marker}")
    link = survey_link(mailbox, email)
    assert link.startswith(base + "/survey/s_"), link
    surveys = requests.get(f"{base}/api/v1/surveys", params={"ticketId": ticket["id"]}, headers=headers, timeout=10).json()["items"]
    assert len(surveys) == 1 and surveys[0]["channel"] == "email" and surveys[0]["state"] == "waiting", surveys
    survey_id = surveys[0]["id"]

    customer = new_driver()  # the customer's own phone: no cookies, no sign-in
    try:
        customer.set_window_size(390, 844)
        open_page(customer, link)
        assert customer.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fa"
        assert fits(customer)
        about = visible(customer, "#survey-about").text
        assert marker not in about and "T-" in about and "۱۴" in about, about  # the number in Persian digits
        # Big tap targets.
        button = customer.find_element(By.CSS_SELECTOR, "label[for='survey-nps-10']")
        assert button.size["height"] >= 44 and button.size["width"] >= 40, button.size
        shoot(customer, "survey-fa")
        # The English page, then back.
        click_and_wait_for_new_page(customer, customer.find_element(By.ID, "survey-lang"))
        assert customer.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        assert "How satisfied" in customer.find_element(By.ID, "survey-form").text
        shoot(customer, "survey-en")
        click_and_wait_for_new_page(customer, customer.find_element(By.ID, "survey-lang"))
        assert customer.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fa"

        # CSAT with the keyboard: 1 chosen, then the arrow key moves to 2. NPS 3 by tapping.
        customer.find_element(By.CSS_SELECTOR, "label[for='survey-csat-1']").click()
        customer.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
        assert customer.find_element(By.ID, "survey-csat-2").is_selected()
        customer.find_element(By.CSS_SELECTOR, "label[for='survey-nps-3']").click()
        assert customer.find_element(By.ID, "survey-nps-3").is_selected()
        customer.find_element(By.ID, "survey-comment").send_keys(COMMENT)
        click_and_wait_for_new_page(customer, customer.find_element(By.ID, "survey-submit"))
        thanks = visible(customer, "#survey-state")
        assert "survey-thanks" in thanks.get_attribute("class") and "سپاسگزاریم" in thanks.text
        assert not customer.find_elements(By.ID, "survey-form")
        shoot(customer, "survey-fa-thanks")

        stored = requests.get(f"{base}/api/v1/surveys/{survey_id}", headers=headers, timeout=10).json()
        assert (stored["state"], stored["csat"], stored["nps"], stored["comment"]) == ("answered", 2, 3, COMMENT), stored

        # Opened again: "already answered", nothing to fill in.
        open_page(customer, link)
        state = visible(customer, "#survey-state")
        assert "survey-answered" in state.get_attribute("class") and "پیش‌تر پاسخ داده شده" in state.text
        assert "۲" in customer.find_element(By.ID, "survey-summary").text
        assert not customer.find_elements(By.ID, "survey-form")
        shoot(customer, "survey-fa-answered")
    finally:
        customer.quit()

    # A replayed post (the same form sent again, or other scores) changes nothing.
    token = link.rsplit("/", 1)[1]
    replay = requests.post(f"{base}/survey/{token}", data={"lang": "fa", "csat": "5", "nps": "10", "comment": "عالی"}, timeout=10,
                           allow_redirects=False)
    assert replay.status_code == 409, replay.status_code
    api_replay = requests.post(f"{base}/api/v1/public/surveys/{token}", json={"csat": 5, "nps": 10}, timeout=10)
    assert api_replay.status_code == 409 and api_replay.headers["Content-Type"] == "application/problem+json"
    again = requests.get(f"{base}/api/v1/surveys/{survey_id}", headers=headers, timeout=10).json()
    assert (again["csat"], again["nps"], again["comment"], again["answeredAt"]) == (2, 3, COMMENT, stored["answeredAt"])

    # The ticket's agent (also the team's lead) is told of the low score, in Persian.
    alert = wait_for_mail(mailbox, "agent.survey@example.test", "امتیاز پایین")
    assert ticket["number"] in str(alert["Subject"])

    # Staff see it: the ticket page (scores, comment, the internal note) and the 360 timeline.
    staff = new_driver()
    try:
        login_ok(staff, base, ADMIN_EMAIL, ADMIN_PASSWORD)
        open_page(staff, url(base, f"/tickets/{ticket['id']}", lang="fa"))
        box = visible(staff, "#ticket-survey")
        assert staff.find_element(By.ID, "ticket-survey-state").get_attribute("data-state") == "answered"
        assert staff.find_element(By.ID, "ticket-survey-csat").text == "۲ از ۵"
        assert staff.find_element(By.ID, "ticket-survey-nps").text == "۳ از ۱۰"
        assert COMMENT in box.text
        notes = [n.text for n in staff.find_elements(By.CSS_SELECTOR, ".msg-survey .msg-body")]
        assert any("رضایت ۲ از ۵" in n and COMMENT in n for n in notes), notes
        for width in (1440, 390):
            staff.set_window_size(width, 1000)
            staff.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            time.sleep(0.2)
            assert fits(staff), f"the ticket page is wider than {width}px"
            staff.save_screenshot(str(screens_dir() / f"survey-ticket-fa-{width}.png"))
        staff.set_window_size(1440, 1000)
        open_page(staff, url(base, f"/customers/{ticket['customerId']}", lang="en"))
        entry = visible(staff, "#timeline-list li[data-source='survey']")
        assert "Satisfaction (CSAT): 2/5" in entry.text and "Recommendation (NPS): 3/10" in entry.text and COMMENT in entry.text
        staff.execute_script("arguments[0].scrollIntoView({block: 'center'})", entry)
        time.sleep(0.2)
        staff.save_screenshot(str(screens_dir() / "survey-360-en-1440.png"))
        open_page(staff, url(base, f"/customers/{ticket['customerId']}", lang="fa"))
        entry = visible(staff, "#timeline-list li[data-source='survey']")
        assert "رضایت: ۲ از ۵" in entry.text and "پیشنهاد به دیگران: ۳ از ۱۰" in entry.text
        staff.execute_script("arguments[0].scrollIntoView({block: 'center'})", entry)
        time.sleep(0.2)
        staff.save_screenshot(str(screens_dir() / "survey-360-fa-1440.png"))
        for lang in ("fa", "en"):
            open_page(staff, url(base, "/surveys", lang=lang, answered="true", csatMax="2"))
            assert staff.find_elements(By.CSS_SELECTOR, f"tr.survey-row[data-id='{survey_id}']")
            for width in (1440, 390):
                staff.set_window_size(width, 1000)
                time.sleep(0.2)
                assert fits(staff), f"/surveys is wider than {width}px"
                staff.save_screenshot(str(screens_dir() / f"survey-list-{lang}-{width}.png"))
            staff.set_window_size(1440, 1000)
        # The settings' survey section.
        open_page(staff, url(base, "/settings/service", lang="fa"))
        section = visible(staff, "#service-surveys")
        assert staff.find_element(By.ID, "sv-after-resolution").is_selected() and staff.find_element(By.ID, "sv-days").get_attribute("value") == "۱۴"
        staff.execute_script("arguments[0].scrollIntoView({block: 'center'})", section)
        time.sleep(0.2)
        staff.save_screenshot(str(screens_dir() / "survey-settings-fa-1440.png"))
    finally:
        staff.quit()


def test_an_out_of_range_answer_is_refused_and_nothing_is_stored(service, smtp):
    srv, post, headers, agent, team = service
    base = srv.base
    mailbox, _ = smtp
    email = f"customer.{uuid.uuid4().hex[:8]}@example.com"
    ticket = resolved_ticket(post, agent, team, email, "پرسش دربارهٔ فاکتور")
    token = survey_link(mailbox, email).rsplit("/", 1)[1]
    # The form: 422, the message in the page's language, what was typed kept.
    page = requests.post(f"{base}/survey/{token}", data={"lang": "fa", "csat": "7", "nps": "3", "comment": "نوشتهٔ من"}, timeout=10)
    assert page.status_code == 422
    assert "امتیازی از ۱ تا ۵ برگزینید" in page.text and "نوشتهٔ من" in page.text and 'id="survey-nps-3" checked' in page.text
    en = requests.post(f"{base}/survey/{token}", data={"lang": "en", "csat": "3", "nps": "11"}, timeout=10)
    assert en.status_code == 422 and "choose a score from 0 to 10" in en.text
    # The API: 422 problem+json naming the fields.
    api = requests.post(f"{base}/api/v1/public/surveys/{token}", json={"csat": 0, "nps": 12}, timeout=10)
    assert api.status_code == 422 and api.headers["Content-Type"] == "application/problem+json"
    assert {e["field"] for e in api.json()["errors"]} == {"csat", "nps"}
    too_long = requests.post(f"{base}/api/v1/public/surveys/{token}", json={"csat": 4, "nps": 8, "comment": "x" * 2001}, timeout=10)
    assert too_long.status_code == 422
    assert requests.post(f"{base}/api/v1/public/surveys/s_forged{token[8:]}", json={"csat": 4, "nps": 8}, timeout=10).status_code == 404
    surveys = requests.get(f"{base}/api/v1/surveys", params={"ticketId": ticket["id"]}, headers=headers, timeout=10).json()["items"]
    assert surveys[0]["state"] == "waiting" and "csat" not in surveys[0], surveys
