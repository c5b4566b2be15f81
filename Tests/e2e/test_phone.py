"""Every page on a phone (390 × 844), in Persian and in English: no page is wider than the screen,
the content starts at the top, and the navigation opens from the menu button. Screenshots of the
pages are kept as test artefacts (PEYVAND_E2E_ARTIFACTS, default /tmp/peyvand-e2e-artifacts/screens)."""
import os
import re
import tempfile
import urllib.parse
import uuid
from pathlib import Path

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from quotes_seed import sales_paths, seed_deal, seed_quote_and_contract
from helpers import open_page, present, url, visible, wait

PHONE = (390, 844)
MAX_PAGES = 86
SKIP = re.compile(r"^/(logout|static/|documents/|api/)|/export\.|\.(csv|vcf|jsonl|ics)$|/password-reset/")


def screens_dir() -> Path:
    d = Path(os.environ.get("PEYVAND_E2E_ARTIFACTS") or Path(tempfile.gettempdir()) / "peyvand-e2e-artifacts") / "screens"
    d.mkdir(parents=True, exist_ok=True)
    return d


def seed(base, token):
    """A customer whose long names and numbers would push a page wide, with an interaction."""
    headers = {"Authorization": f"Bearer {token}"}
    marker = uuid.uuid4().hex[:6]
    r = requests.post(f"{base}/api/v1/customers", headers=headers, timeout=10, json={
        "givenName": "محمدرضا" * 3, "familyName": f"نیک‌نام‌پور‌اصفهانی {marker}", "phones": ["09121234567", "02188776655"],
        "emails": [f"a.very.long.address.for.testing.{marker}@example-organisation.ir"], "city": "تهران",
        "tags": ["مشتری-وفادار-بسیار-ارزشمند", "VIP"], "customFields": {"یادداشت": "x" * 120}})
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    requests.post(f"{base}/api/v1/customers/{cid}/interactions", headers=headers, timeout=10,
                  json={"kind": "call", "subject": "پیگیری " + "سفارش " * 20, "durationSeconds": 300})
    # An order shipped, invoiced and partly paid by cheque: the order and invoice pages.
    def post(path, **body):
        r = requests.post(f"{base}/api/v1{path}", headers=headers, timeout=10, json=body)
        assert r.status_code in (200, 201), (path, r.text)
        return r.json()
    price_list = post("/price-lists", name=f"phone-{marker}", currency="IRR")
    post("/products", sku=f"PHONE-{marker}", name="کالای با نامی بلند برای آزمودن پهنای صفحه", cost="600000",
         prices={f"phone-{marker}": "1250000"})
    order = post(f"/customers/{cid}/orders", priceListId=price_list["id"], lines=[{"sku": f"PHONE-{marker}", "quantity": "3", "taxRate": "10"}])
    post(f"/orders/{order['id']}/confirm")
    post(f"/orders/{order['id']}/shipments", carrier="پست پیشتاز", tracking="RR123456789IR")
    invoice = post(f"/orders/{order['id']}/invoice", termsDays=30)
    post(f"/invoices/{invoice['id']}/payments", amount="1000000", method="cheque", reference="778899",
         chequeBank="ملت", chequeDueDate="2026-12-22")
    return cid


def pattern(path: str) -> str:
    return re.sub(r"/\d+", "/{id}", path)


def crawl(driver, base, lang, start_paths):
    """Pages reachable from the start pages by same-site links, one per path pattern."""
    seen, queue, visited = set(), list(start_paths), []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        key = pattern(urllib.parse.urlsplit(path).path)
        if key in seen or SKIP.search(path):
            continue
        seen.add(key)
        open_page(driver, url(base, urllib.parse.urlsplit(path).path, lang=lang))
        visited.append(path)
        widths = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{path} ({lang}) is {widths[0]} px wide on a {widths[1]} px screen"
        name = re.sub(r"[^A-Za-z0-9]+", "_", key).strip("_") or "home"
        driver.save_screenshot(str(screens_dir() / f"phone-{lang}-{name}.png"))
        for link in driver.find_elements(By.CSS_SELECTOR, "main a[href], nav#main-nav a[href]"):
            href = link.get_attribute("href") or ""
            parts = urllib.parse.urlsplit(href)
            if parts.scheme not in ("http", "https") or parts.netloc != urllib.parse.urlsplit(base).netloc:
                continue
            if parts.path and not SKIP.search(parts.path) and pattern(parts.path) not in seen:
                queue.append(parts.path)
    return visited


def test_every_page_fits_a_phone_in_both_languages(logged_in, base, token):
    driver = logged_in
    cid = seed(base, token)
    deal = seed_deal(base, token, cid)
    driver.set_window_size(*PHONE)
    from test_persian_pages import seed_lead, seed_ticket, service_paths
    lead = seed_lead(base, token)
    starts = service_paths(cid, seed_ticket(base, token, cid)) + ["/", "/customers", f"/customers/{cid}", "/leads", f"/leads/{lead}", "/leads/new", "/leads/import", "/settings/lead-forms",
              "/settings/lead-rules", f"/customers/{cid}/edit", "/customers/new", "/customers/import",
              "/customers/duplicates", "/orders", "/orders/import", "/products", "/receivables", "/analytics", "/account",
              "/admin/users", "/channels", "/channels/templates/new", f"/customers/{cid}/send", f"/customers/{cid}/letter", "/no-such-page",
              # Sales: the board, the list, a deal, its form and the pipelines' settings.
              "/deals", "/deals/list", "/deals/new", f"/deals/{deal}", f"/deals/{deal}/edit", "/settings/pipelines",
              # The forecast in both calendars.
              "/forecast", "/forecast?calendar=gregorian&period=2026-Q2",
              # Tasks and the calendar.
              "/tasks", "/tasks/new", "/calendar", "/calendar?view=week", "/calendar?view=day", "/meetings/new", "/calendar/feed"] + sales_paths(cid, *seed_quote_and_contract(base, token, cid))
    for lang in ("fa", "en"):
        visited = crawl(driver, base, lang, starts)
        assert len(visited) >= len(starts) - 1, visited


def test_the_menu_opens_and_closes_on_a_phone(logged_in, base):
    driver = logged_in
    driver.set_window_size(*PHONE)
    open_page(driver, url(base, "/customers", lang="fa"))
    nav = present(driver, "nav#main-nav")
    assert not nav.is_displayed(), "on a phone the navigation waits behind the menu button"
    heading = present(driver, "main h1")
    assert heading.location["y"] < 200, "the content starts at the top of a phone's screen"
    toggle = visible(driver, "#nav-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    wait(driver).until(lambda d: d.find_element(By.ID, "main-nav").is_displayed())
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav.find_element(By.CSS_SELECTOR, "a[href='/customers']").is_displayed()
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(driver).until(lambda d: not d.find_element(By.ID, "main-nav").is_displayed())
    # A desk-sized window shows the navigation beside the content, with no menu button.
    driver.set_window_size(1440, 900)
    open_page(driver, url(base, "/customers", lang="en"))
    assert present(driver, "nav#main-nav").is_displayed()
    assert not present(driver, "#nav-toggle").is_displayed()
