"""Service levels end to end, in a real Chromium against a real `peyvand serve` that sends its
outbox email to a real SMTP peer (aiosmtpd) on loopback: the administrator sets a team's business
hours and adds a holiday on /settings/service through the forms (Persian digits typed, a bad line
refused in Persian beside its field); an email piped through `peyvand mail receive` opens a ticket
routed to the team's agent; `peyvand service sla-check --at <after the first-response due>` (the
watch's controllable clock) escalates the breach to the team lead, whose email reaches the SMTP
peer; the ticket page shows the breach and the escalation, the watch's note labelled, in fa and
en; the queue sorted by due marks the ticket breached. Screenshots of the three pages at 1440 and
390 px in fa and en are kept."""
from __future__ import annotations

import re
import subprocess
import time
import uuid
from datetime import datetime, timedelta

import pytest
import requests
from selenium.webdriver.common.by import By

from helpers import click_and_wait_for_new_page, login_ok, open_page, url, visible
from peyvand_proc import ADMIN_EMAIL, ADMIN_PASSWORD, peyvand_bin
from smtp_peer import api_caller, smtp_peer, start_mailing_server, wait_for_mail
from test_phone import screens_dir
from test_service_tickets import pipe_email, shoot

AGENT = ("sla.agent@example.test", "نگار کارشناس")
LEAD = ("sla.lead@example.test", "Leila Lead")
PASSWORD = "agent password long"
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
LATIN_DIGIT = re.compile(r"[0-9]")


@pytest.fixture(scope="module")
def smtp():
    with smtp_peer() as peer:
        yield peer


@pytest.fixture(scope="module")
def sla(e2e_tmp, smtp):
    srv = start_mailing_server(e2e_tmp / "sla", smtp[1])
    base = srv.base
    post, headers = api_caller(base)

    agent = post("/users", email=AGENT[0], name=AGENT[1], role="support-agent", password=PASSWORD, language="fa")
    lead = post("/users", email=LEAD[0], name=LEAD[1], role="support-agent", password=PASSWORD, language="en")
    team = post("/service-teams", name="میز سطح خدمت", routing="round-robin", leadId=lead["id"])
    post(f"/service-teams/{team['id']}/members", method="put", members=[{"userId": agent["id"], "skills": []}])
    post("/routing-rules", name="همه‌ی ایمیل‌ها", channel="email", teamId=team["id"])
    yield srv, headers, agent, lead, team
    srv.stop()


def visible_text(driver) -> str:
    """The page's text outside what it isolates (bdi, dir=…, code, form controls), as the Persian walk reads it."""
    return driver.execute_script("""
        const skip = el => el.closest('bdi, [dir], code, input, textarea, select, option, script, style, [aria-hidden="true"]');
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let out = '';
        while (walker.nextNode()) { const n = walker.currentNode; if (!skip(n.parentElement)) out += ' ' + n.textContent; }
        return out.replace(/[\\u2068][^\\u2069]*[\\u2069]/g, ' ');
    """)


def assert_persian(driver, page: str) -> None:
    text = visible_text(driver)
    words = [w for w in LATIN_WORD.findall(text) if w not in ("IRR",)]
    assert not words, f"{page}: Latin words on a Persian page: {words[:10]}"
    assert not LATIN_DIGIT.search(text), f"{page}: Latin digits on a Persian page: {LATIN_DIGIT.findall(text)[:10]}"


def shoot_parts(driver, name: str, parts: list[str]) -> None:
    """Each part of a long page scrolled to the top of the window, at 1440 and 390 px: what a person sees there."""
    for width in (1440, 390):
        driver.set_window_size(width, 1000)
        for css in parts:
            driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", css)
            time.sleep(0.2)
            assert driver.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth"), \
                f"{name} is wider than {width}px"
            driver.save_screenshot(str(screens_dir() / f"{name}-{css.strip('#')}-{width}.png"))
    driver.set_window_size(1440, 1000)


def test_hours_and_a_holiday_then_a_breach_is_escalated_and_shown(driver, sla, smtp):
    srv, headers, agent, lead, team = sla
    base = srv.base
    mailbox, _ = smtp
    driver.delete_all_cookies()
    login_ok(driver, base, ADMIN_EMAIL, ADMIN_PASSWORD)

    # Business hours: a bad line is refused in Persian beside the field, what was typed kept.
    open_page(driver, url(base, "/settings/service", lang="fa"))
    field = driver.find_element(By.ID, f"hours-text-{team['id']}")
    field.clear()
    field.send_keys("mon2 ۸-۱۷")
    click_and_wait_for_new_page(driver, driver.find_element(By.CSS_SELECTOR, f"#hours-{team['id']} button[type=submit]"))
    error = visible(driver, f"#hours-{team['id']} .field-error[data-field=hours]").text
    assert "شناخته نیست" in error, error
    assert driver.find_element(By.ID, f"hours-text-{team['id']}").get_attribute("value") == "mon2 ۸-۱۷"
    # Then the right one, with Persian digits: shown back in Persian digits.
    field = driver.find_element(By.ID, f"hours-text-{team['id']}")
    field.clear()
    field.send_keys("sat-wed ۰۸:۰۰-۱۶:۰۰; thu ۰۸:۰۰-۱۲:۰۰")
    click_and_wait_for_new_page(driver, driver.find_element(By.CSS_SELECTOR, f"#hours-{team['id']} button[type=submit]"))
    assert visible(driver, "#service-flash").text
    assert driver.find_element(By.CSS_SELECTOR, f"#hours-{team['id']} .hours-now").text == "sat-wed ۰۸:۰۰-۱۶:۰۰; thu ۰۸:۰۰-۱۲:۰۰"
    # Read back from the database, in English: Latin digits.
    open_page(driver, url(base, "/settings/service", lang="en"))
    assert driver.find_element(By.CSS_SELECTOR, f"#hours-{team['id']} .hours-now").text == "sat-wed 08:00-16:00; thu 08:00-12:00"
    open_page(driver, url(base, "/settings/service", lang="fa"))

    # A holiday typed as a Jalali day in Persian digits.
    year = int(driver.find_element(By.CSS_SELECTOR, "#holiday-year option[selected]").get_attribute("value"))
    day = f"{year}/12/25"
    digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    driver.find_element(By.ID, "holiday-date").send_keys(day.translate(digits))
    driver.find_element(By.ID, "holiday-name-fa").send_keys("روز شرکت")
    driver.find_element(By.ID, "holiday-name-en").send_keys("Company day")
    click_and_wait_for_new_page(driver, driver.find_element(By.ID, "holiday-add"))
    rows = [r for r in driver.find_elements(By.CSS_SELECTOR, "#holiday-list tr.holiday-row.kind-custom") if "روز شرکت" in r.text]
    assert rows and day.translate(digits) in rows[0].text, [r.text for r in rows]
    assert_persian(driver, "/settings/service")
    shoot(driver, "sla-settings-fa")
    shoot_parts(driver, "sla-settings-fa", ["#service-sla", "#service-hours", "#service-holidays"])
    open_page(driver, url(base, "/settings/service", lang="en", year=str(year)))
    assert any("Company day" in r.text for r in driver.find_elements(By.CSS_SELECTOR, "#holiday-list tr.holiday-row"))
    shoot(driver, "sla-settings-en")
    shoot_parts(driver, "sla-settings-en", ["#service-sla", "#service-hours", "#service-holidays"])

    # An email opens a ticket routed to the team's agent.
    marker = uuid.uuid4().hex[:8]
    sender = f"customer.{marker}@example.com"
    pipe_email(srv.db, sender, "مریم احمدی", f"دستگاه روشن نمی‌شود {marker}", "سلام، دستگاه روشن نمی‌شود.", marker)
    found = requests.get(f"{base}/api/v1/tickets", headers=headers, params={"q": marker}, timeout=10).json()["items"]
    assert len(found) == 1, found
    ticket = found[0]
    assert ticket["assigneeId"] == agent["id"] and ticket["teamId"] == team["id"]
    assert ticket["firstResponseDueAt"], ticket

    # The watch, run as of a minute after the first response was due: the breach goes to the lead.
    due = datetime.fromisoformat(ticket["firstResponseDueAt"].replace("Z", "+00:00"))
    at = (due + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    done = subprocess.run([peyvand_bin(), "service", "sla-check", "--db", srv.db, "--at", at], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert "breaches escalated to team leads: 1" in done.stdout.decode(), done.stdout.decode()
    mail = wait_for_mail(mailbox, LEAD[0], ticket["number"])
    assert "escalated" in str(mail["Subject"]), str(mail["Subject"])

    # The ticket page, in fa and en: the breach in words and colour, the escalation, the watch's note.
    words = {"fa": ("نقض شده", "ارجاع به سرپرست تیم", "ناظر سطح خدمت"), "en": ("Breached", "escalated to the team lead", "SLA watch")}
    for lang, (breached, escalated, watch) in words.items():
        open_page(driver, url(base, f"/tickets/{ticket['id']}", lang=lang))
        first = visible(driver, "#ticket-sla .sla-target[data-target=first-response]")
        assert first.get_attribute("data-state") == "breached", first.text
        assert breached in first.text
        escalation = visible(driver, "#ticket-escalations .sla-escalation[data-level='1']").text
        assert escalated in escalation and LEAD[1] in escalation, escalation
        note = visible(driver, ".msg-system").text
        assert watch in note, note
        if lang == "fa":
            assert_persian(driver, f"/tickets/{ticket['id']}")
        shoot(driver, f"sla-ticket-{lang}")
        shoot_parts(driver, f"sla-ticket-{lang}", ["#ticket-sla"])

    # The queue sorted by due marks it breached.
    for lang, breached in (("fa", "نقض شده"), ("en", "breached")):
        open_page(driver, url(base, "/tickets", lang=lang, queue="", sort="due"))
        row = driver.find_element(By.CSS_SELECTOR, f"tr.ticket-row[data-id='{ticket['id']}']")
        cell = row.find_element(By.CSS_SELECTOR, "td.ticket-due")
        assert cell.get_attribute("data-due") == "breached" and breached in cell.text, cell.text
        assert driver.find_element(By.CSS_SELECTOR, "#ticket-sort a[data-sort=due]").get_attribute("aria-current") == "true"
        if lang == "fa":
            assert_persian(driver, "/tickets?sort=due")
        shoot(driver, f"sla-queue-{lang}")
