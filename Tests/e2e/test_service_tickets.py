"""Customer service end to end, in a real Chromium against a real `peyvand serve` that sends its
outbox email to a real SMTP peer (aiosmtpd) on loopback: an email piped through `peyvand mail
receive` (as Postfix runs it) opens a ticket that the routing rules send to the right agent (the
Persian desk's for a Persian email, the English desk's for an English one); the agent signs in,
finds it in their queue on /tickets, answers — the answer reaches the customer's mailbox with the
ticket's number and the conversation's token — and adds an internal note that never leaves.
Screenshots at 1440 and 390 px in fa and en are kept."""
from __future__ import annotations

import base64
import subprocess
import time
import uuid

import pytest
import requests
from selenium.webdriver.common.by import By

from helpers import click_and_wait_for_new_page, login_ok, open_page, url, visible
from peyvand_proc import api_token, peyvand_bin
from test_phone import screens_dir
from smtp_peer import api_caller, smtp_peer, start_mailing_server, wait_for_mail

AGENTS = {"fa": ("agent.fa@example.test", "سارا پشتیبان"), "en": ("agent.en@example.test", "Olivia Support")}
PASSWORD = "agent password long"
EMAILS = {
    "fa": ("مریم احمدی", "دستگاه روشن نمی‌شود", "سلام، دستگاهی که هفتهٔ پیش خریدم روشن نمی‌شود.", "فردا کارشناس ما با شما تماس می‌گیرد.",
           "با انبار هماهنگ شود"),
    "en": ("Olivia Brown", "Device will not turn on", "Hello, the device I bought last week will not turn on.",
           "Our engineer will call you tomorrow.", "Check the stock with the warehouse"),
}


@pytest.fixture(scope="module")
def smtp():
    with smtp_peer() as peer:
        yield peer


@pytest.fixture(scope="module")
def service(e2e_tmp, smtp):
    srv = start_mailing_server(e2e_tmp / "service", smtp[1])
    base = srv.base
    post, headers = api_caller(base)

    agents = {lang: post("/users", email=email, name=name, role="support-agent", password=PASSWORD, language=lang)
              for lang, (email, name) in AGENTS.items()}
    desks = {}
    for lang, name in (("fa", "میز فارسی"), ("en", "English desk")):
        team = post("/service-teams", name=name, routing="round-robin")
        post(f"/service-teams/{team['id']}/members", method="put", members=[{"userId": agents[lang]["id"], "skills": [lang]}])
        post("/routing-rules", name=name, language=lang, channel="email", teamId=team["id"])
        desks[lang] = team
    yield srv, headers, agents, desks
    srv.stop()


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def pipe_email(db: str, sender: str, name: str, subject: str, body: str, marker: str) -> str:
    envelope = [f"From {sender}  Sun Dec  6 10:00:00 2026", f"Return-Path: <{sender}>", "X-Original-To: crm@example.ir",
                "Delivered-To: crm@example.ir"]
    lines = [f"From: =?UTF-8?B?{b64(name)}?= <{sender}>", "To: crm@example.ir", f"Subject: =?UTF-8?B?{b64(subject)}?=",
             f"Message-ID: <{marker}@example.com>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
             "Content-Transfer-Encoding: base64", "", b64(body)]
    done = subprocess.run([peyvand_bin(), "mail", "receive", "--db", db], input=("\n".join(envelope + lines) + "\n").encode(),
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def fits(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def shoot(driver, name: str) -> None:
    for width in (1440, 390):
        driver.set_window_size(width, 1000)
        time.sleep(0.2)
        assert fits(driver), f"{name} is wider than {width}px"
        driver.save_screenshot(str(screens_dir() / f"{name}-{width}.png"))
    driver.set_window_size(1440, 1000)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_an_email_opens_a_ticket_in_the_right_queue_and_the_agent_answers_and_notes(driver, service, smtp, lang):
    srv, headers, agents, desks = service
    base = srv.base
    mailbox, _ = smtp
    name, subject, body, answer, note = EMAILS[lang]
    marker = uuid.uuid4().hex[:8]
    sender = f"customer.{marker}@example.com"
    out = pipe_email(srv.db, sender, name, f"{subject} {marker}", body, marker)
    assert "(new contact)" in out, out
    # Routed at once: the desk of the email's language, its one agent.
    found = requests.get(f"{base}/api/v1/tickets", headers=headers, params={"q": marker}, timeout=10).json()["items"]
    assert len(found) == 1, found
    ticket = found[0]
    assert ticket["channel"] == "email" and ticket["language"] == lang and ticket["status"] == "new"
    assert ticket["teamId"] == desks[lang]["id"] and ticket["assigneeId"] == agents[lang]["id"]
    other = "en" if lang == "fa" else "fa"
    other_token = api_token(base, AGENTS[other][0], PASSWORD)
    theirs = requests.get(f"{base}/api/v1/tickets", params={"queue": "mine"}, timeout=10,
                          headers={"Authorization": f"Bearer {other_token}"}).json()["items"]
    assert ticket["id"] not in [t["id"] for t in theirs], "not in the other desk's agent's queue"

    # The agent signs in and finds it in their own queue.
    driver.delete_all_cookies()
    login_ok(driver, base, AGENTS[lang][0], PASSWORD)
    open_page(driver, url(base, "/tickets", lang=lang))
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert visible(driver, ".queue-tab.current").get_attribute("data-queue") == "mine"
    row = driver.find_element(By.CSS_SELECTOR, f"tr.ticket-row[data-id='{ticket['id']}']")
    assert marker in row.text
    shoot(driver, f"service-queue-{lang}")
    click_and_wait_for_new_page(driver, row.find_element(By.CSS_SELECTOR, "td a"))
    assert body in visible(driver, ".msg-inbound .msg-body").text
    # A public answer: through the outbox to the customer's mailbox, with the ticket's number and token.
    driver.find_element(By.ID, "tk-reply").send_keys(answer)
    assert driver.find_element(By.ID, "tk-public").is_selected()
    click_and_wait_for_new_page(driver, driver.find_element(By.ID, "ticket-send"))
    assert visible(driver, "#ticket-flash").text
    mail = wait_for_mail(mailbox, sender, ticket["number"])
    assert "[#" in str(mail["Subject"]) and answer in mail.get_body(preferencelist=("plain",)).get_content()
    # An internal note: on the ticket, set apart, never sent.
    driver.find_element(By.ID, "tk-reply").send_keys(note)
    driver.find_element(By.ID, "tk-internal").click()
    click_and_wait_for_new_page(driver, driver.find_element(By.ID, "ticket-send"))
    assert note in visible(driver, ".msg-note .msg-body").text
    assert driver.find_element(By.ID, "ticket-status").get_attribute("data-status") == "open"
    shoot(driver, f"service-ticket-{lang}")
    time.sleep(2)
    assert not any(note in m.get_body(preferencelist=("plain",)).get_content() for _, m in mailbox.messages), "the note left the building"
    thread = requests.get(f"{base}/api/v1/tickets/{ticket['id']}/messages", headers=headers, timeout=10).json()["items"]
    assert [m["direction"] for m in thread] == ["inbound", "outbound", "note"]
    got = requests.get(f"{base}/api/v1/tickets/{ticket['id']}", headers=headers, timeout=10).json()
    assert got["firstResponseAt"] and got["status"] == "open"
    # The customer's 360 shows the open ticket.
    open_page(driver, url(base, f"/customers/{got['customerId']}", lang=lang))
    assert marker in visible(driver, "#customer-tickets").text


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_public_form_in_both_languages(driver, service, lang):
    srv, headers, _, _ = service
    open_page(driver, f"{srv.base}/support/new?lang={lang}")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    form = driver.find_element(By.ID, "support-form")
    form.find_element(By.NAME, "name").send_keys("رضا" if lang == "fa" else "Reza")
    form.find_element(By.NAME, "email").send_keys(f"visitor.{lang}.{uuid.uuid4().hex[:6]}@example.com")
    form.find_element(By.NAME, "body").send_keys("کمک لازم دارم" if lang == "fa" else "I need help")
    click_and_wait_for_new_page(driver, driver.find_element(By.ID, "support-submit"))
    assert visible(driver, "#support-opened").text
    shoot(driver, f"service-support-{lang}")
