"""The files of a ticket's thread, in a real Chromium against a real `peyvand serve` whose outbox
sends to a real SMTP peer (aiosmtpd) on loopback:

an email with a PDF attached, piped through `peyvand mail receive` as the mail server delivers
it, opens a ticket; the agent sees the file under the customer's message in fa (its size in
Persian digits) and en, and downloads it — the same bytes; answers from the page with a file
chosen in the reply form; the SMTP peer receives the reply with that file attached, byte for
byte. A file the documents refuse comes back as a message on the page, the reply kept as typed,
nothing sent. Screenshots of the thread in fa at 390 px and en at 1440 px."""
from __future__ import annotations

import base64
import subprocess
import time
import uuid

import pytest
import requests
from selenium.webdriver.common.by import By

from helpers import click_and_wait_for_new_page, login_ok, open_page, url, visible
from peyvand_proc import peyvand_bin
from smtp_peer import api_caller, smtp_peer, start_mailing_server, wait_for_mail
from test_phone import screens_dir
from test_service_tickets import fits

AGENT = ("files.agent@example.test", "نگار کارشناس")
PASSWORD = "agent password long"
INVOICE = b"%PDF-1.4\n% \xd9\x81\xd8\xa7\xda\xa9\xd8\xaa\xd9\x88\xd8\xb1\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + bytes(range(256)) * 8
GUIDE = b"%PDF-1.4\n% guide\n2 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + bytes(reversed(range(256))) * 40


@pytest.fixture(scope="module")
def smtp():
    with smtp_peer() as peer:
        yield peer


@pytest.fixture(scope="module")
def desk(e2e_tmp, smtp):
    srv = start_mailing_server(e2e_tmp / "ticket-files", smtp[1])
    post, headers = api_caller(srv.base)
    agent = post("/users", email=AGENT[0], name=AGENT[1], role="support-agent", password=PASSWORD, language="fa")
    team = post("/service-teams", name="پشتیبانی", routing="round-robin", leadId=agent["id"])
    post(f"/service-teams/{team['id']}/members", method="put", members=[{"userId": agent["id"], "skills": []}])
    post("/routing-rules", name="ایمیل‌ها", channel="email", teamId=team["id"])
    yield srv, post, headers, agent
    srv.stop()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def pipe_email_with_file(srv, sender: str, subject: str, body: str, filename: str, content: bytes, marker: str) -> str:
    """The message as the mail server pipes it: multipart/mixed, the file in base64, LF line ends."""
    encoded = b64(content)
    lines = [f"From {sender}  Sun Dec  6 10:00:00 2026", f"Return-Path: <{sender}>", "Delivered-To: crm@example.ir",
             f"From: =?UTF-8?B?{b64('مریم احمدی'.encode())}?= <{sender}>", "To: crm@example.ir",
             f"Subject: =?UTF-8?B?{b64(subject.encode())}?=", f"Message-ID: <{marker}@example.com>", "MIME-Version: 1.0",
             'Content-Type: multipart/mixed; boundary="part"', "",
             "--part", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", b64(body.encode()),
             "--part", f'Content-Type: application/pdf; name="{filename}"',
             f"Content-Disposition: attachment; filename*=UTF-8''{requests.utils.quote(filename)}",
             "Content-Transfer-Encoding: base64", ""]
    lines += [encoded[i:i + 76] for i in range(0, len(encoded), 76)]
    lines += ["--part--", ""]
    done = subprocess.run([peyvand_bin(), "mail", "receive", "--db", srv.db, "--documents", str(srv.workdir / "documents")],
                          input="\n".join(lines).encode(), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def shoot(driver, name: str, width: int) -> None:
    driver.set_window_size(width, 1000)
    driver.execute_script("document.getElementById('ticket-thread').scrollIntoView({block: 'start'}); window.scrollBy(0, -70)")
    time.sleep(0.2)
    assert fits(driver), f"{name} is wider than {width}px"
    driver.save_screenshot(str(screens_dir() / f"{name}-{width}.png"))


def browser_get(driver, target: str) -> requests.Response:
    """GET with the signed-in browser's session (what clicking the download link fetches)."""
    jar = {c["name"]: c["value"] for c in driver.get_cookies()}
    return requests.get(target, cookies=jar, timeout=10)


def test_an_emailed_file_is_in_the_thread_and_the_agent_answers_with_a_file(driver, desk, smtp, tmp_path):
    srv, post, headers, agent = desk
    base = srv.base
    mailbox, _ = smtp
    marker = uuid.uuid4().hex[:8]
    sender = f"maryam.{marker}@example.com"
    filename = "فاکتور خرید.pdf"
    out = pipe_email_with_file(srv, sender, f"فاکتور اشتباه {marker}", "سلام، فاکتور پیوست مبلغ اشتباه دارد.", filename, INVOICE, marker)
    assert " documents " in out and " ticket " in out, out
    ticket = requests.get(f"{base}/api/v1/tickets", headers=headers, params={"q": marker}, timeout=10).json()["items"][0]
    thread = requests.get(f"{base}/api/v1/tickets/{ticket['id']}/messages", headers=headers, timeout=10).json()["items"]
    files = thread[0]["attachments"]
    assert [(f["filename"], f["contentType"], f["size"]) for f in files] == [(filename, "application/pdf", len(INVOICE))], files

    # The agent sees the file under the customer's message, in Persian on a phone and in English.
    login_ok(driver, base, AGENT[0], PASSWORD)
    for lang, size, width in (("fa", "۲ کیلوبایت", 390), ("en", "2 KB", 1440)):
        driver.set_window_size(width, 1000)
        open_page(driver, url(base, f"/tickets/{ticket['id']}", lang=lang))
        item = visible(driver, ".msg-inbound .msg-file")
        assert item.find_element(By.CSS_SELECTOR, ".msg-file-name").text == filename
        assert item.find_element(By.CSS_SELECTOR, ".msg-file-size").text == size
        link = item.find_element(By.CSS_SELECTOR, "a")
        assert link.get_attribute("href").endswith(f"/documents/{files[0]['id']}")
        assert visible(driver, "label[for='tk-files']").text == ("پیوست پرونده" if lang == "fa" else "Attach files")
        shoot(driver, f"ticket-files-thread-{lang}", width)
    # Downloaded with the agent's session: the same bytes, as an attachment.
    got = browser_get(driver, link.get_attribute("href"))
    assert got.status_code == 200 and got.content == INVOICE
    assert got.headers["Content-Type"] == "application/pdf" and got.headers["Content-Disposition"].startswith("attachment")

    # A file the documents refuse: the message names it, the reply stays as typed, nothing goes out.
    open_page(driver, url(base, f"/tickets/{ticket['id']}", lang="fa"))
    bad = tmp_path / "setup.exe"
    bad.write_bytes(b"MZ\x90\x00" + bytes(64))
    driver.find_element(By.ID, "tk-reply").send_keys("نسخه اصلاح‌شده پیوست است.")
    driver.find_element(By.ID, "tk-files").send_keys(str(bad))
    click_and_wait_for_new_page(driver, driver.find_element(By.ID, "ticket-send"))
    error = visible(driver, "#ticket-errors").text
    assert "setup.exe" in error and "پذیرفته نیست" in error, error
    assert driver.find_element(By.ID, "tk-reply").get_attribute("value") == "نسخه اصلاح‌شده پیوست است."
    assert len(requests.get(f"{base}/api/v1/tickets/{ticket['id']}/messages", headers=headers, timeout=10).json()["items"]) == 1

    # The reply with a good file: stored on the message and sent with the email.
    guide = tmp_path / "راهنمای بازپرداخت.pdf"
    guide.write_bytes(GUIDE)
    # The page's own picker, in Persian (the browser's control, in the browser's language, is behind it).
    assert visible(driver, "#tk-files-choose").text == "انتخاب پرونده‌ها"
    assert visible(driver, "#tk-files-chosen").text == "پرونده‌ای انتخاب نشده"
    driver.find_element(By.ID, "tk-files").send_keys(str(guide))
    assert visible(driver, "#tk-files-chosen").text == guide.name
    driver.set_window_size(390, 1000)
    driver.execute_script("document.getElementById('ticket-reply-form').scrollIntoView({block: 'center'})")
    assert fits(driver)
    driver.save_screenshot(str(screens_dir() / "ticket-files-chosen-fa-390.png"))
    driver.set_window_size(1440, 1000)
    assert driver.find_element(By.ID, "tk-public").is_selected()
    click_and_wait_for_new_page(driver, driver.find_element(By.ID, "ticket-send"))
    assert visible(driver, "#ticket-flash").text
    sent = visible(driver, ".msg-outbound .msg-file")
    assert sent.find_element(By.CSS_SELECTOR, ".msg-file-name").text == guide.name
    mail = wait_for_mail(mailbox, sender, ticket["number"])
    attached = [(part.get_filename(), part.get_content_type(), part.get_content()) for part in mail.iter_attachments()]
    assert attached == [(guide.name, "application/pdf", GUIDE)], [(n, t, len(c)) for n, t, c in attached]
    assert "نسخه اصلاح‌شده پیوست است." in mail.get_body(preferencelist=("plain",)).get_content()

    # The whole thread, in fa on a phone and in en on a desktop.
    for lang, width in (("fa", 390), ("en", 1440)):
        open_page(driver, url(base, f"/tickets/{ticket['id']}", lang=lang))
        assert len(driver.find_elements(By.CSS_SELECTOR, ".msg-file")) == 2
        shoot(driver, f"ticket-files-reply-{lang}", width)
