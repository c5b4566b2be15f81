"""`peyvand mail receive` as Postfix runs it: a message piped in with the envelope lines that
local(8) prepends and LF line ends, landing on the customer 360 in Persian and English; a
bounce marking the address; the exit codes an MTA acts on (0, 65 EX_DATAERR, 75 EX_TEMPFAIL)."""
from __future__ import annotations

import base64
import subprocess
import uuid

from selenium.webdriver.common.by import By

from helpers import set_language, visible
from peyvand_proc import peyvand_bin

EX_DATAERR = 65
EX_TEMPFAIL = 75


def receive(db: str, message: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([peyvand_bin(), "mail", "receive", "--db", db], input=message, capture_output=True, timeout=120)


def postfix_delivery(sender: str, lines: list[str]) -> bytes:
    """The message as local(8) hands it to a command: envelope headers first, LF line ends."""
    envelope = [f"From {sender}  Sun Dec  6 10:00:00 2026", f"Return-Path: <{sender}>",
                "X-Original-To: crm@example.ir", "Delivered-To: crm@example.ir"]
    return ("\n".join(envelope + lines) + "\n").encode()


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_piped_email_lands_on_the_360_and_a_bounce_marks_the_address(logged_in, server):
    driver = logged_in
    marker = uuid.uuid4().hex[:8]
    sender = f"sara.{marker}@example.com"
    message = postfix_delivery(sender, [
        f"From: =?UTF-8?B?{b64('سارا احمدی')}?= <{sender}>",
        "To: crm@example.ir",
        f"Subject: =?UTF-8?B?{b64('درخواست پیش‌فاکتور ' + marker)}?=",
        f"Message-ID: <{marker}@example.com>",
        "Date: Sun, 06 Dec 2026 09:30:00 +0330",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: base64",
        "",
        b64("سلام، لطفاً پیش‌فاکتور فرش دستباف را بفرستید."),
    ])
    done = receive(server.db, message)
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert out.startswith("received: customer ") and "(new contact)" in out, out
    customer_id = out.split()[2]

    again = receive(server.db, message)
    assert again.returncode == 0 and "already received" in again.stdout.decode()

    for lang, title in (("fa", "درخواست پیش‌فاکتور " + marker), ("en", "درخواست پیش‌فاکتور " + marker)):
        set_language(driver, server.base, lang, path=f"/customers/{customer_id}")
        assert visible(driver, "#customer-name").text == "سارا احمدی"
        entries = driver.find_elements(By.CSS_SELECTOR, "#timeline-list li.timeline-entry")
        assert len(entries) == 1, "the message delivered twice is on the timeline once"
        assert entries[0].get_attribute("data-kind") == "email"
        assert title in entries[0].text and "پیش‌فاکتور فرش دستباف" in entries[0].text
        assert sender in visible(driver, "#customer-emails").text
        assert not driver.find_elements(By.CSS_SELECTOR, "#customer-emails .badge.bounced")

    dsn = postfix_delivery("MAILER-DAEMON", [
        "From: MAILER-DAEMON@mail.example.ir (Mail Delivery System)",
        "To: crm@example.ir",
        "Subject: Undelivered Mail Returned to Sender",
        "MIME-Version: 1.0",
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
        "",
        "--B1",
        "Content-Type: text/plain",
        "",
        "Your message could not be delivered.",
        "--B1",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mail.example.ir",
        "",
        f"Final-Recipient: rfc822; {sender}",
        "Action: failed",
        "Status: 5.1.1",
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown",
        "",
        "--B1--",
    ])
    bounced = receive(server.db, dsn)
    assert bounced.returncode == 0, bounced.stderr.decode()
    assert bounced.stdout.decode().startswith(f"bounce: {sender} 5.1.1 (hard)")

    for lang, label in (("fa", "برگشتی"), ("en", "bounced")):
        set_language(driver, server.base, lang, path=f"/customers/{customer_id}")
        badge = visible(driver, "#customer-emails .badge.bounced.hard")
        assert badge.text == label
        assert "5.1.1" in badge.get_attribute("title")
        assert len(driver.find_elements(By.CSS_SELECTOR, "#timeline-list li.timeline-entry")) == 1, "the bounce is no message"


def test_exit_codes_an_mta_acts_on(server, e2e_tmp):
    malformed = receive(server.db, b"this is not an email at all\n")
    assert malformed.returncode == EX_DATAERR
    assert b"malformed message: the message does not begin with header fields" in malformed.stderr

    broken = receive(server.db, postfix_delivery("a@example.com", [
        "From: a@example.com", "Content-Type: multipart/mixed; boundary=right", "", "--wrong", "", "x", "--wrong--"]))
    assert broken.returncode == EX_DATAERR
    assert b"never contains its boundary line" in broken.stderr

    unavailable = subprocess.run([peyvand_bin(), "mail", "receive", "--db", "postgres://peyvand@127.0.0.1:1/nothing"],
                                 input=postfix_delivery("a@example.com", ["From: a@example.com", "Subject: hi", "", "hello"]),
                                 capture_output=True, timeout=120)
    assert unavailable.returncode == EX_TEMPFAIL, unavailable.stderr.decode()
    assert b"try again later" in unavailable.stderr
