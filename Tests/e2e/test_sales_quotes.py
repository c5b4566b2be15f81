"""A rep builds a quote from a deal in a real Chromium, prints it in Persian and English, sends it
through a real SMTP peer (aiosmtpd on loopback), and the customer's link accepts it: the order
exists with the same lines and prices."""

from __future__ import annotations

import email
import email.policy
import os
import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller
from selenium.webdriver.common.by import By

from conftest import new_driver
from helpers import click_and_wait_for_new_page, login_ok, open_page, path_of, present, set_language, url, visible, wait
from peyvand_proc import ADMIN_EMAIL, ADMIN_PASSWORD, api_token, free_port, start_server

PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")
SHOTS = Path(os.environ.get("PEYVAND_E2E_SHOTS") or "/tmp/peyvand-e2e-artifacts/quotes")


class Inbox:
    """The SMTP peer's mailbox: every message it accepted, parsed."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def wait_for(self, to: str, seconds: float = 60) -> email.message.EmailMessage:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                for m in self.messages:
                    if to in str(m["To"]):
                        return m
            time.sleep(0.3)  # the outbox worker sends on its own schedule
        raise AssertionError(f"no email to {to} within {seconds}s")


@pytest.fixture(scope="module")
def smtp():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture(scope="module")
def sales_server(e2e_tmp, smtp):
    _, port = smtp
    srv = start_server(e2e_tmp / "quotes", args=["--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--smtp-security", "none",
                                                 "--mail-from", "crm@example.test"])
    yield srv
    srv.stop()


def shot(driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def make_deal(srv, token: str) -> tuple[str, int, list[str]]:
    """A product, a customer who takes email, and a deal with two lines, as the deals area stores them."""
    h = {"Authorization": f"Bearer {token}"}
    r = requests.post(srv.base + "/api/v1/price-lists", json={"name": "retail", "currency": "IRR"}, headers=h, timeout=10)
    assert r.status_code == 201, r.text
    products = []
    for sku, name, price in (("TEA-1", "چای ممتاز لاهیجان", "1250000"), ("CUP-2", "Porcelain cup", "180000")):
        r = requests.post(srv.base + "/api/v1/products", json={"sku": sku, "name": name, "cost": "1000", "prices": {"retail": price}},
                          headers=h, timeout=10)
        assert r.status_code == 201, r.text
        products.append(r.json()["id"])
    r = requests.post(srv.base + "/api/v1/customers", headers=h, timeout=10, json={
        "name": "شرکت نمونه", "emails": ["buyer@example.test"], "preferredChannel": "email", "consents": {"email": True}})
    assert r.status_code == 201, r.text
    customer = r.json()["id"]
    con = sqlite3.connect(srv.db.removeprefix("sqlite:"), timeout=30)
    with con:
        cur = con.execute(
            "INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, currency, amount_minor, amount_base_minor, "
            "stage_entered_at, created_at, updated_at) VALUES (1, 3, 'open', 'تجهیز آبدارخانه', ?, 'IRR', 0, 0, 0, 0, 0)", (int(customer),))
        deal = cur.lastrowid
        con.execute("INSERT INTO deal_lines (deal_id, line_no, product_id, description, quantity_milli, unit_price_minor, discount_minor) "
                    "VALUES (?, 1, ?, 'چای ممتاز لاهیجان', 4000, 1250000, 250000)", (deal, int(products[0])))
        con.execute("INSERT INTO deal_lines (deal_id, line_no, product_id, description, quantity_milli, unit_price_minor, discount_minor) "
                    "VALUES (?, 2, ?, 'Porcelain cup', 12000, 180000, 0)", (deal, int(products[1])))
    con.close()
    return customer, deal, products


def test_a_rep_builds_prints_and_sends_a_quote_that_the_customer_accepts_into_an_order(sales_server, smtp):
    inbox, _ = smtp
    srv = sales_server
    token = api_token(srv.base)
    customer, deal, products = make_deal(srv, token)
    h = {"Authorization": f"Bearer {token}"}
    driver = new_driver()
    customer_driver = None
    try:
        login_ok(driver, srv.base, ADMIN_EMAIL, ADMIN_PASSWORD)
        # Build it from the deal, in Persian: the deal's lines are on the form.
        set_language(driver, srv.base, "fa", path=f"/quotes/new?deal={deal}")
        form = visible(driver, "form#quote-form")
        assert form.find_element(By.ID, "quote-quantity-0").get_attribute("value") == "4"
        assert form.find_element(By.ID, "quote-discount-1").get_attribute("value") == ""
        shot(driver, "quote-form-fa")
        click_and_wait_for_new_page(driver, form.find_element(By.ID, "quote-save"))
        assert re.fullmatch(r"/quotes/\d+", path_of(driver)), driver.current_url
        quote_id = path_of(driver).rsplit("/", 1)[1]
        # 4 × 1,250,000 − 250,000 + 12 × 180,000 = 6,910,000; VAT 10% = 691,000; total 7,601,000 (Rial; Persian digits).
        total = visible(driver, "#quote-total").text
        assert "۷٬۶۰۱٬۰۰۰" in total, total
        assert visible(driver, "#quote-status").text == "پیش‌نویس"
        assert not re.search(r"[A-Za-z]{3,}", visible(driver, "main").text.replace("Porcelain cup", "")), "English on the Persian quote page"
        shot(driver, "quote-fa")

        # The print page in Persian: Jalali date, Persian digits, the seller, the A4 print stylesheet.
        open_page(driver, url(srv.base, f"/quotes/{quote_id}/print", lang="fa"))
        issued = visible(driver, "#doc-issued").text
        assert re.fullmatch(r"۱۴[۰-۹]{2}/[۰-۹]{2}/[۰-۹]{2}", issued), issued
        assert set(visible(driver, "#doc-number").text) & PERSIAN_DIGITS
        assert "۷٬۶۰۱٬۰۰۰" in visible(driver, "#doc-total").text
        # On paper (print media emulated): the sheet alone, no navigation, no buttons.
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert visible(driver, "#quote-sheet").is_displayed()
        assert not driver.find_element(By.CSS_SELECTOR, ".quote-print-tools").is_displayed()
        assert all(not e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, "nav#main-nav, .topbar"))
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        shot(driver, "quote-print-fa")
        driver.set_window_size(390, 844)
        shot(driver, "quote-print-fa-390")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 392
        driver.set_window_size(1280, 900)
        # … and in English: Gregorian date, Latin digits.
        open_page(driver, url(srv.base, f"/quotes/{quote_id}/print", lang="en"))
        issued = visible(driver, "#doc-issued").text
        assert re.fullmatch(r"20\d\d-\d\d-\d\d", issued), issued
        assert "7,601,000" in visible(driver, "#doc-total").text
        shot(driver, "quote-print-en")

        # Send it: the customer prefers email; the real SMTP peer receives the link.
        set_language(driver, srv.base, "fa", path=f"/quotes/{quote_id}")
        click_and_wait_for_new_page(driver, visible(driver, "#quote-send"))
        assert visible(driver, "#quote-flash").text
        assert visible(driver, "#quote-status").text == "ارسال‌شده"
        message = inbox.wait_for("buyer@example.test")
        body = message.get_body(preferencelist=("plain",)).get_content()
        match = re.search(r"(http://127\.0\.0\.1:\d+/q/q_[A-Za-z0-9_-]+)", body)
        assert match, body
        link = match.group(1)
        assert "پیش‌فاکتور" in str(message["Subject"])

        # The customer opens the link (no sign-in), sees it in Persian, and accepts.
        customer_driver = new_driver()
        open_page(customer_driver, link)
        present(customer_driver, "html[lang=fa]")
        assert "۷٬۶۰۱٬۰۰۰" in visible(customer_driver, "#doc-total").text
        customer_driver.set_window_size(390, 844)
        shot(customer_driver, "quote-public-fa-390")
        assert customer_driver.execute_script("return document.documentElement.scrollWidth") <= 392
        click_and_wait_for_new_page(customer_driver, visible(customer_driver, "#quote-public-accept-button"))
        assert visible(customer_driver, "#quote-public-done").text
        assert not customer_driver.find_elements(By.ID, "quote-public-accept-button")
        shot(customer_driver, "quote-public-accepted-fa-390")
        # A second answer is refused politely, the first stands.
        again = requests.post(link, data={"answer": "decline"}, timeout=10)
        assert again.status_code == 409
        assert "quote-public-problem" in again.text

        # The order exists with the same lines and prices.
        q = requests.get(f"{srv.base}/api/v1/quotes/{quote_id}", headers=h, timeout=10).json()
        assert q["status"] == "accepted" and q["decidedVia"] == "link" and q["orderId"]
        order = requests.get(f"{srv.base}/api/v1/orders/{q['orderId']}", headers=h, timeout=10).json()
        assert order["status"] == "confirmed"
        assert order["total"] == q["total"] == {"amount": "7601000", "currency": "IRR"}
        keys = ("productId", "description", "quantity", "unitPrice", "discount", "taxRate", "net", "tax", "total")
        assert [{k: line[k] for k in keys} for line in order["lines"]] == [{k: line[k] for k in keys} for line in q["lines"]]
        assert [line["productId"] for line in order["lines"]] == products
        # The customer's timeline tells it, in Persian, linking to the quote.
        set_language(driver, srv.base, "fa", path=f"/customers/{customer}")
        entries = driver.find_elements(By.CSS_SELECTOR, "li.timeline-entry[data-source=agreement]")
        kinds = [e.get_attribute("data-kind") for e in entries]
        assert "quote-accepted" in kinds and "quote-sent" in kinds, kinds
        accepted = entries[kinds.index("quote-accepted")]
        assert "پذیرش پیش‌فاکتور" in accepted.text
        assert accepted.find_element(By.CSS_SELECTOR, "a.subject").get_attribute("href").endswith(f"/quotes/{quote_id}")
        # The staff page shows the order.
        set_language(driver, srv.base, "en", path=f"/quotes/{quote_id}")
        assert visible(driver, "#quote-status").text == "Accepted"
        present(driver, "#quote-order")
        shot(driver, "quote-en")
    finally:
        driver.quit()
        if customer_driver:
            customer_driver.quit()


def test_contracts_ending_soon_in_both_languages_and_on_a_phone(sales_server):
    srv = sales_server
    token = api_token(srv.base)
    h = {"Authorization": f"Bearer {token}"}
    customer = requests.post(srv.base + "/api/v1/customers", headers=h, timeout=10, json={"name": "Acme Ltd"}).json()["id"]
    import datetime as dt
    today = dt.date.today()
    r = requests.post(srv.base + "/api/v1/contracts", headers=h, timeout=10, json={
        "customerId": customer, "title": "پشتیبانی سالانه", "value": "480000000", "activate": True,
        "start": (today - dt.timedelta(days=300)).isoformat(), "end": (today + dt.timedelta(days=12)).isoformat()})
    assert r.status_code == 201, r.text
    contract = r.json()["id"]
    driver = new_driver()
    try:
        login_ok(driver, srv.base, ADMIN_EMAIL, ADMIN_PASSWORD)
        for lang in ("fa", "en"):
            set_language(driver, srv.base, lang, path="/contracts?ending=30")
            rows = driver.find_elements(By.CSS_SELECTOR, "tr.contract-row")
            assert any(f"/contracts/{contract}" in row.get_attribute("innerHTML") for row in rows)
            text = visible(driver, "main").text
            if lang == "fa":
                assert "۱۲ روز مانده" in text or "۱۱ روز مانده" in text or "۱۳ روز مانده" in text, text
            shot(driver, f"contracts-ending-{lang}")
            driver.set_window_size(390, 844)
            assert driver.execute_script("return document.documentElement.scrollWidth") <= 392
            shot(driver, f"contracts-ending-{lang}-390")
            driver.set_window_size(1280, 900)
        # Renew it on its page: the next term starts the day after.
        set_language(driver, srv.base, "fa", path=f"/contracts/{contract}")
        shot(driver, "contract-fa")
        click_and_wait_for_new_page(driver, visible(driver, "#contract-renew"))
        assert visible(driver, "#contract-flash").text
        renewed = requests.get(f"{srv.base}/api/v1/contracts/{contract}", headers=h, timeout=10).json()
        assert renewed["status"] == "renewed" and renewed["renewedToId"] == path_of(driver).rsplit("/", 1)[1]
    finally:
        driver.quit()
