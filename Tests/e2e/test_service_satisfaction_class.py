"""Satisfaction classes end to end, in a real Chromium against a real `peyvand serve`: two
complaints opened through the API make a customer angry; the 360 page says so in its
"Satisfaction" box — the class as a badge, "why this class" in the reader's language with Persian
digits in fa and a link to the ticket — and carries the red banner (role=alert), as does the
ticket page; the customer list filters by class and marks the row; `peyvand service
satisfaction-check --at <31 days later>` (the watch's controllable clock) moves the class, and the
banner is gone. Screenshots of the 360 box, the banner on the ticket page and the filtered list,
at 1440 and 390 px in fa and en, are kept."""
from __future__ import annotations

import re
import subprocess
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests
from selenium.webdriver.common.by import By

from helpers import login_ok, open_page, url, visible
from peyvand_proc import ADMIN_EMAIL, ADMIN_PASSWORD, api_token, peyvand_bin, start_server
from test_phone import screens_dir

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
LATIN_DIGIT = re.compile(r"[0-9]")


@pytest.fixture(scope="module")
def angry(e2e_tmp):
    """A server, a calm customer and one made angry by two complaints opened through the API."""
    srv = start_server(e2e_tmp / "satisfaction")
    base = srv.base
    headers = {"Authorization": f"Bearer {api_token(base)}"}

    def post(path, **body):
        r = requests.post(f"{base}/api/v1{path}", headers=headers, json=body, timeout=10)
        assert r.status_code in (200, 201), (path, r.status_code, r.text)
        return r.json()

    customer = post("/customers", name="مریم احمدی", phones=["09121234567"])
    calm = post("/customers", name="سارا کریمی")
    tickets = [post("/tickets", customerId=customer["id"], subject=subject, category="complaint", channel="phone")
               for subject in ("دستگاه روشن نمی‌شود", "باز هم خرابی")]
    yield srv, headers, customer, calm, tickets
    srv.stop()


def section_text(driver, css: str) -> str:
    """The text of a part of the page outside what it isolates (bdi, dir=…, form controls)."""
    return driver.execute_script("""
        const root = document.querySelector(arguments[0]);
        const skip = el => el.closest('bdi, [dir]:not(html), input, textarea, select, option, script, style');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let out = '';
        while (walker.nextNode()) { const n = walker.currentNode; if (!skip(n.parentElement)) out += ' ' + n.textContent; }
        return out;
    """, css)


def assert_persian(driver, css: str, page: str) -> None:
    text = section_text(driver, css)
    assert not LATIN_WORD.findall(text), f"{page} {css}: Latin words on a Persian page: {LATIN_WORD.findall(text)[:10]}"
    assert not LATIN_DIGIT.search(text), f"{page} {css}: Latin digits on a Persian page: {LATIN_DIGIT.findall(text)[:10]}"


def shoot(driver, name: str, css: str | None = None) -> None:
    """The page (or one part of it scrolled to the top) at 1440 and 390 px; it must fit the width."""
    for width in (1440, 390):
        driver.set_window_size(width, 1000)
        if css:
            # Under the sticky top bar: the part's heading stays in sight.
            driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'}); window.scrollBy(0, -80)", css)
        else:
            driver.execute_script("window.scrollTo(0, 0)")
        time.sleep(0.2)
        assert driver.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth"), \
            f"{name} is wider than {width}px"
        driver.save_screenshot(str(screens_dir() / f"{name}-{width}.png"))
    driver.set_window_size(1440, 1000)


def test_two_complaints_make_an_angry_customer_shown_everywhere_until_the_watch_moves_the_class(driver, angry):
    srv, headers, customer, calm, tickets = angry
    base = srv.base
    got = requests.get(f"{base}/api/v1/customers/{customer['id']}/satisfaction", headers=headers, timeout=10).json()
    assert got["class"] == "angry", got
    assert got["reasons"][0]["code"] == "angry.complaints" and got["reasons"][0]["params"]["count"] == "2", got
    driver.delete_all_cookies()
    login_ok(driver, base, ADMIN_EMAIL, ADMIN_PASSWORD)

    words = {
        "fa": ("خشمگین", "شکایت‌های ۳۰ روز گذشته: ۲", "مشتری خشمگین", "پرونده فوری جبران خدمت"),
        "en": ("Angry", "Complaints opened in the last 30 days: 2", "Angry customer", "Urgent service-recovery case"),
    }
    for lang, (label, reason, banner, handling) in words.items():
        open_page(driver, url(base, f"/customers/{customer['id']}", lang=lang))
        badge = visible(driver, "#satisfaction-class")
        assert badge.text == label and badge.get_attribute("data-class") == "angry"
        reasons = visible(driver, "#satisfaction-reasons").text
        assert reason in reasons, reasons
        link = driver.find_element(By.CSS_SELECTOR, "#satisfaction-reasons a")
        assert link.get_attribute("href").endswith(f"/tickets/{tickets[1]['id']}"), link.get_attribute("href")
        assert handling in visible(driver, "#satisfaction-handling").text
        alert = visible(driver, "#angry-banner")
        assert alert.get_attribute("role") == "alert" and banner in alert.text, alert.text
        color = alert.value_of_css_property("border-color")
        assert "194, 54, 43" in color or "255, 123, 112" in color, color
        entries = driver.find_elements(By.CSS_SELECTOR, "#timeline-list li[data-source=satisfaction]")
        assert len(entries) == 2, [e.text for e in entries]
        if lang == "fa":
            assert_persian(driver, "#satisfaction", "360")
            assert_persian(driver, "#angry-banner", "360")
            assert "۳۰" in reasons and "30" not in reasons
        shoot(driver, f"satisfaction-360-{lang}", "#satisfaction")
        shoot(driver, f"satisfaction-banner-360-{lang}")

        # The ticket page carries the same banner.
        open_page(driver, url(base, f"/tickets/{tickets[0]['id']}", lang=lang))
        alert = visible(driver, "#angry-banner")
        assert alert.get_attribute("role") == "alert" and banner in alert.text
        if lang == "fa":
            assert_persian(driver, "#angry-banner", "ticket")
        shoot(driver, f"satisfaction-banner-ticket-{lang}")

        # The customer list: the filter keeps the angry customer only, marked.
        open_page(driver, url(base, "/customers", lang=lang, satisfaction="angry,dissatisfied"))
        rows = driver.find_elements(By.CSS_SELECTOR, "#customer-list tr.customer-row")
        names = [r.find_element(By.CSS_SELECTOR, ".customer-link").text for r in rows]
        assert names == ["مریم احمدی"], names
        assert rows[0].find_elements(By.CSS_SELECTOR, ".angry-mark")
        chip = driver.find_element(By.CSS_SELECTOR, "#active-filters .chip[data-filter=satisfaction]").text
        assert label in chip, chip
        selected = driver.find_element(By.CSS_SELECTOR, "#satisfaction-filter option[selected]").get_attribute("value")
        assert selected == "angry,dissatisfied"
        shoot(driver, f"satisfaction-list-{lang}")

    # The calm customer: not enough evidence yet, no banner.
    open_page(driver, url(base, f"/customers/{calm['id']}", lang="fa"))
    assert visible(driver, "#satisfaction-none").text
    assert not driver.find_elements(By.ID, "angry-banner")

    # 31 days later the first complaint has left the 30-day window: the watch moves the class.
    at = (datetime.now(timezone.utc) + timedelta(days=31)).strftime("%Y-%m-%dT%H:%M:%SZ")
    done = subprocess.run([peyvand_bin(), "service", "satisfaction-check", "--db", srv.db, "--at", at], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert "classes changed: 1" in done.stdout.decode(), done.stdout.decode()
    after = requests.get(f"{base}/api/v1/customers/{customer['id']}/satisfaction", headers=headers, timeout=10).json()
    assert after["class"] == "dissatisfied" and after["changes"][0]["cause"] == "watch", after
    open_page(driver, url(base, f"/customers/{customer['id']}", lang="en"))
    assert visible(driver, "#satisfaction-class").get_attribute("data-class") == "dissatisfied"
    assert not driver.find_elements(By.ID, "angry-banner")
    assert "evidence aged out of a window" in visible(driver, "#satisfaction-changes").text
    open_page(driver, url(base, "/customers", lang="en", satisfaction="angry"))
    assert not driver.find_elements(By.CSS_SELECTOR, "#customer-list tr.customer-row")
