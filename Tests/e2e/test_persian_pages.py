"""A Persian page speaks Persian: on every page reached from the main ones, in fa, no Latin word
appears outside what the user typed or a code (shown isolated: <bdi>, dir="ltr", <code>, inputs),
every digit is Persian outside those, and the same walk in en shows no Persian interface text."""
import re
import urllib.parse
import uuid

import requests
from selenium.webdriver.common.by import By

from helpers import open_page, url
from test_phone import seed as seed_customer_with_order

# Names, formats and units a Persian interface writes in Latin letters.
ALLOWED = {"English", "CSV", "vCard", "JSON", "JSONL", "PDF", "SKU", "IRR", "USD", "EUR", "AED", "RFM", "CLV", "BG", "NBD",
           "AUC", "API", "ISO", "UTF", "Excel", "Windows", "Peyvand", "Kaplan", "Meier", "Cox", "Gamma", "vcf", "csv", "jsonl",
           "k", "r", "a", "b", "q", "p", "x", "ID", "E", "CRM",
           # names of methods and libraries the analytics page cites
           "ROC", "means", "silhouette", "scikit", "learn", "alive", "P"}
MAX_PAGES = 40
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


def test_persian_pages_have_no_english_and_english_pages_no_persian(logged_in, base, token):
    driver = logged_in
    cid = seed(base, token)
    # A customer with a long Persian name, an interaction, an order shipped, invoiced and paid by
    # cheque: the order, invoice and timeline pages with every kind of line on them.
    buyer = seed_customer_with_order(base, token)
    starts = ["/", "/customers", f"/customers/{buyer}", f"/customers/{cid}", f"/customers/{cid}/edit", "/customers/new", "/customers/import",
              "/customers/duplicates", "/orders", "/orders/import", "/products", "/receivables", "/analytics", "/account",
              "/admin/users", "/no-such-page"]
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
