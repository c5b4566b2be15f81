"""A Persian page speaks Persian: on every page reached from the main ones, in fa, no Latin word
appears outside what the user typed or a code (shown isolated: <bdi>, dir="ltr", <code>, inputs),
every digit is Persian outside those, and the same walk in en shows no Persian interface text."""
import re
import urllib.parse
import uuid

import requests
from selenium.webdriver.common.by import By

from quotes_seed import sales_paths, seed_deal, seed_quote_and_contract
from helpers import open_page, url
from test_phone import seed as seed_customer_with_order

# Names, formats and units a Persian interface writes in Latin letters.
ALLOWED = {"English", "CSV", "vCard", "JSON", "JSONL", "PDF", "SKU", "IRR", "USD", "EUR", "AED", "RFM", "CLV", "BG", "NBD",
           "AUC", "API", "ISO", "UTF", "HTML", "Excel", "Windows", "Peyvand", "Kaplan", "Meier", "Cox", "Gamma", "vcf", "csv", "jsonl",
           "k", "r", "a", "b", "q", "p", "x", "ID", "E", "CRM",
           # names of methods and libraries the analytics page cites
           "ROC", "means", "silhouette", "scikit", "learn", "alive", "P"}
MAX_PAGES = 80
SKIP = re.compile(r"^/(logout|static/|documents/|api/)|/export\.|\.(csv|vcf|jsonl|ics)$|/password-reset/")

# Text a person reads, without what is isolated as data: the walk skips <bdi>, elements with a
# dir attribute, code, form controls, scripts and styles.
VISIBLE_TEXT = r"""
const skip = new Set(["BDI", "CODE", "KBD", "SAMP", "SCRIPT", "STYLE", "INPUT", "TEXTAREA", "SELECT", "TITLE"]);
const out = [];
const walk = (node) => {
  if (node.nodeType === Node.TEXT_NODE) { out.push(node.textContent); return; }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  if (skip.has(node.tagName) || node.hasAttribute("dir") || node.classList.contains("ltr") || node.getAttribute("translate") === "no") return;
  const style = getComputedStyle(node);
  if (style.display === "none" || style.visibility === "hidden") return;
  for (const child of node.childNodes) walk(child);
};
walk(document.body);
return out.join(" ");
"""


def pattern(path: str) -> str:
    return re.sub(r"/\d+", "/{id}", path)


def pages(driver, base, lang, starts):
    seen, queue = set(), list(starts)
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        key = pattern(path)
        if key in seen or SKIP.search(path):
            continue
        seen.add(key)
        open_page(driver, url(base, path, lang=lang))
        yield path
        for link in driver.find_elements(By.CSS_SELECTOR, "main a[href], nav#main-nav a[href]"):
            parts = urllib.parse.urlsplit(link.get_attribute("href") or "")
            if parts.scheme in ("http", "https") and parts.netloc == urllib.parse.urlsplit(base).netloc and pattern(parts.path) not in seen:
                queue.append(parts.path)


def seed(base, token):
    headers = {"Authorization": f"Bearer {token}"}
    marker = uuid.uuid4().hex[:6]
    r = requests.post(f"{base}/api/v1/customers", headers=headers, timeout=10,
                      json={"name": f"Atlas Trading {marker}", "kind": "organisation", "city": "Shiraz", "tags": ["wholesale"]})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def seed_lead(base, token):
    """A lead with a score reason and a note, a web-to-lead form and an assignment rule: every part of the lead pages."""
    headers = {"Authorization": f"Bearer {token}"}
    requests.post(f"{base}/api/v1/lead-rules/scoring", headers=headers, timeout=10, json={"field": "company", "condition": "present", "points": 10})
    requests.post(f"{base}/api/v1/lead-rules/assignment", headers=headers, timeout=10, json={"kind": "round-robin", "repIds": ["1"]})
    requests.post(f"{base}/api/v1/lead-forms", headers=headers, timeout=10,
                  json={"name": "فرم سایت", "source": "وب‌سایت", "consentFa": "می‌پذیرم", "consentEn": "I agree", "consentChannels": ["email"]})
    r = requests.post(f"{base}/api/v1/leads", headers=headers, timeout=10,
                      json={"name": "مریم احمدی", "company": "صنایع پارس", "phone": "09121234567", "source": "نمایشگاه", "message": "پیش‌فاکتور"})
    assert r.status_code == 201, r.text
    lead = r.json()["id"]
    requests.post(f"{base}/api/v1/leads/{lead}/notes", headers=headers, timeout=10, json={"body": "تماس گرفتم"})
    return lead


def seed_ticket(base, token, cid):
    """A service team, a routing rule and a ticket with an internal note: every part of the service pages."""
    headers = {"Authorization": f"Bearer {token}"}
    team = requests.post(f"{base}/api/v1/service-teams", headers=headers, timeout=10, json={"name": f"پشتیبانی {uuid.uuid4().hex[:4]}",
                                                                                             "routing": "skill"}).json()
    requests.put(f"{base}/api/v1/service-teams/{team['id']}/members", headers=headers, timeout=10,
                 json={"members": [{"userId": "1", "skills": ["complaint"]}]})
    requests.post(f"{base}/api/v1/routing-rules", headers=headers, timeout=10,
                  json={"name": "شکایت‌ها", "category": "complaint", "teamId": team["id"], "priority": "high", "minValue": "1000000"})
    r = requests.post(f"{base}/api/v1/tickets", headers=headers, timeout=10,
                      json={"customerId": cid, "subject": "دستگاه روشن نمی‌شود", "body": "از دیروز", "channel": "phone", "category": "complaint"})
    assert r.status_code == 201, r.text
    ticket = r.json()["id"]
    requests.post(f"{base}/api/v1/tickets/{ticket}/messages", headers=headers, timeout=10, json={"body": "پیگیری شود", "visibility": "internal"})
    return ticket


def service_paths(cid, ticket):
    return ["/tickets", "/tickets?queue=", f"/tickets/{ticket}", "/tickets/new", f"/tickets/new?customer={cid}", "/settings/service", "/support/new"]


def test_persian_pages_have_no_english_and_english_pages_no_persian(logged_in, base, token):
    driver = logged_in
    cid = seed(base, token)
    deal = seed_deal(base, token, cid)
    # A customer with a long Persian name, an interaction, an order shipped, invoiced and paid by
    # cheque: the order, invoice and timeline pages with every kind of line on them.
    buyer = seed_customer_with_order(base, token)
    lead = seed_lead(base, token)
    ticket = seed_ticket(base, token, cid)
    starts = service_paths(cid, ticket) + ["/", "/customers", f"/customers/{buyer}", "/leads", f"/leads/{lead}", "/leads/new", "/leads/import",
              "/settings/lead-forms", "/settings/lead-rules", f"/customers/{cid}", f"/customers/{cid}/edit", "/customers/new", "/customers/import",
              "/customers/duplicates", "/orders", "/orders/import", "/products", "/receivables", "/analytics", "/account",
              "/admin/users", "/channels", "/channels/templates/new", f"/customers/{cid}/send", f"/customers/{cid}/letter", "/no-such-page",
              # Sales: the board, the list, a deal, its form and the pipelines' settings.
              "/deals", "/deals/list", "/deals/new", f"/deals/{deal}", f"/deals/{deal}/edit", "/settings/pipelines",
              # The forecast in both calendars.
              "/forecast", "/forecast?calendar=gregorian&period=2026-Q2",
              # Tasks and the calendar.
              "/tasks", "/tasks/new", "/calendar", "/calendar?view=week", "/calendar?view=day", "/meetings/new", "/calendar/feed"] + sales_paths(cid, *seed_quote_and_contract(base, token, cid))
    problems = []
    for path in pages(driver, base, "fa", starts):
        text = driver.execute_script(VISIBLE_TEXT)
        latin = sorted({w for w in re.findall(r"[A-Za-z][A-Za-z]+", text) if w not in ALLOWED})
        digits = sorted(set(re.findall(r"[0-9]+", text)))
        if latin or digits:
            problems.append(f"fa {path}: latin {latin[:12]} digits {digits[:8]}")
    for path in pages(driver, base, "en", starts):
        text = driver.execute_script(VISIBLE_TEXT)
        persian = sorted(set(re.findall(r"[\u0600-\u06FF]{2,}", text)) - {"فارسی"})
        if persian:
            problems.append(f"en {path}: persian {persian[:12]}")
    assert not problems, "\n".join(problems)


def error_text(driver) -> str:
    """The visible text of a page's problems: the notices, the field errors and an import's rows."""
    return driver.execute_script(VISIBLE_TEXT.replace("walk(document.body);", """
        document.querySelectorAll('.notice.error, .form-error, .field-error, #import-problems').forEach(walk);"""))


def without_isolates(text: str) -> str:
    """Text without the runs isolated by FSI … PDI (U+2068 … U+2069): data quoted in a message."""
    return re.sub("\u2068[^\u2069]*\u2069", "", text)


def test_form_problems_are_said_in_persian(logged_in, base, token, tmp_path):
    """Each form refused in fa says why in Persian: the customer form, the order form, shipping,
    a payment, a product and an import's bad rows."""
    from helpers import choose, click_and_wait_for_new_page, fill, visible
    driver = logged_in
    said = []

    def check(where):
        text = without_isolates(error_text(driver))
        assert text.strip(), f"{where}: no problem shown"
        latin = sorted({w for w in re.findall(r"[A-Za-z][A-Za-z]+", text) if w not in ALLOWED})
        digits = sorted(set(re.findall(r"[0-9]+", text)))
        said.append(f"{where}: {text.strip()[:80]}")
        assert not latin and not digits, f"{where}: latin {latin} digits {digits} in «{text}»"

    # The customer form: a landline too short, a name too long.
    open_page(driver, url(base, "/customers/new", lang="fa"))
    form = visible(driver, "form#customer-form")
    fill(form, "name", "ن" * 201)
    fill(form, "phones", "12345")
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "customer-save"))
    check("customer form")

    # A product with a space in its code and a negative cost.
    open_page(driver, url(base, "/products", lang="fa"))
    form = visible(driver, "form#product-form")
    fill(form, "sku", "A B")
    fill(form, "name", "کالا")
    fill(form, "cost", "-5")
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "product-save"))
    check("product form")

    # An order with a line whose quantity is not a number; shipping and paying too much.
    cid = seed_customer_with_order(base, token)
    open_page(driver, url(base, f"/customers/{cid}/orders/new", lang="fa"))
    form = visible(driver, "form#order-form")
    fill(form, "description0", "خدمت")
    fill(form, "quantity0", "بسیار")
    fill(form, "unitPrice0", "1000")
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "order-save"))
    check("order form")
    headers = {"Authorization": f"Bearer {token}"}
    orders = requests.get(f"{base}/api/v1/customers/{cid}/orders", headers=headers, timeout=10).json()["items"]
    invoice_id = orders[0]["invoices"][0]["id"]
    open_page(driver, url(base, f"/invoices/{invoice_id}", lang="fa"))
    form = visible(driver, "form#payment-form")
    fill(form, "amount", "999999999999")
    choose(form, "method", "cash")
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "pay-save"))
    check("payment form")

    # An import whose rows are wrong in several ways.
    csv = tmp_path / "bad.csv"
    csv.write_text("name,mobile,email,stage\nمریم,12345,not-an-email,gold\n,09121234567,a@b.ir,lead\n", encoding="utf-8")
    open_page(driver, url(base, "/customers/import", lang="fa"))
    form = visible(driver, "form#import-form")
    form.find_element(By.NAME, "file").send_keys(str(csv))
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "import-submit"))
    check("customer import")
    assert len(said) == 5, said
