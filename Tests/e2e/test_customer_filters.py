"""Filters that stick: a segment-filtered customers list keeps its filters on every next page, shows
each as a chip whose × removes only that one, and its exports (CSV for a person, CSV for the import,
vCard, JSON Lines) hold exactly the customers the list shows. Screenshots of the list and of a
customer in fa and en, on a desk and on a phone, are kept as artefacts."""
import csv
import io
import os
import sqlite3
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import requests
from selenium.webdriver.common.by import By

from helpers import click_and_wait_for_new_page, open_page, present, url


def screens_dir() -> Path:
    d = Path(os.environ.get("PEYVAND_E2E_ARTIFACTS") or Path(tempfile.gettempdir()) / "peyvand-e2e-artifacts") / "customers"
    d.mkdir(parents=True, exist_ok=True)
    return d


def seed(server, token, count=36):
    """`count` customers tagged with a fresh marker; every other one put in the at-risk segment."""
    headers = {"Authorization": f"Bearer {token}"}
    marker = "flt" + uuid.uuid4().hex[:6]
    ids = []
    for n in range(count):
        phones = [f"0912{4000000 + n:07d}"] + ([f"+44207946{n:04d}"] if n % 4 == 0 else [])
        r = requests.post(f"{server.base}/api/v1/customers", headers=headers, timeout=10, json={
            "name": f"مشتری {n} {marker}", "phones": phones, "tags": [marker], "city": "شیراز", "stage": "customer"})
        assert r.status_code == 201, r.text
        ids.append(int(r.json()["id"]))
    at_risk = set(ids[::2])
    db = sqlite3.connect(str(server.workdir / "e2e.sqlite"), timeout=30)
    with db:
        for cid in ids:
            db.execute("INSERT OR REPLACE INTO customer_scores (customer_id, recency_days, purchases, monetary_minor, r, f, m, segment,"
                       " repeat_purchases, computed_at, churn_risk) VALUES (?, 10, 2, 1000, 3, 3, 3, ?, 1, ?, 0.5)",
                       (cid, "at_risk" if cid in at_risk else "champions", int(time.time() * 1000)))
    db.close()
    return marker, at_risk


def session(driver):
    s = requests.Session()
    for c in driver.get_cookies():
        s.cookies.set(c["name"], c["value"])
    return s


def listed_ids(driver):
    return [int(a.get_attribute("href").rstrip("/").split("/")[-1]) for a in driver.find_elements(By.CSS_SELECTOR, "a.customer-link")]


def test_a_filtered_list_pages_and_exports_only_its_customers(logged_in, server, base, token):
    driver = logged_in
    marker, at_risk = seed(server, token)
    open_page(driver, url(base, "/customers", rfm="at_risk", tag=marker, limit="5", lang="en"))

    chips = {c.get_attribute("data-filter") for c in driver.find_elements(By.CSS_SELECTOR, "#active-filters .chip")}
    assert chips == {"rfm", "tag"}, chips
    export_links = {i: driver.find_element(By.ID, i).get_attribute("href")
                    for i in ("export-csv", "export-csv-machine", "export-vcf", "export-jsonl")}

    seen, pages = [], 0
    while True:
        seen += listed_ids(driver)
        pages += 1
        nexts = driver.find_elements(By.ID, "next-page")
        if not nexts:
            break
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(nexts[0].get_attribute("href")).query)
        assert query.get("rfm") == ["at_risk"] and query.get("tag") == [marker], query
        click_and_wait_for_new_page(driver, nexts[0])
        assert pages < 20
    assert pages >= 3, pages
    assert len(seen) == len(set(seen)) and set(seen) == at_risk, (sorted(seen), sorted(at_risk))

    s = session(driver)
    # CSV for a person: English headers (the account's language), national phones, never an apostrophe.
    r = s.get(export_links["export-csv"], timeout=30)
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "Number" and "Phones" in header, header
    assert {int(row[0]) for row in body} == at_risk and len(body) == len(at_risk)
    phones = [row[header.index("Phones")] for row in body]
    assert all(p.startswith("0") and not p.startswith("'") for p in phones), phones
    assert any("; 0044" in p for p in phones), "a foreign number is written as dialled from Iran"
    assert all(row[header.index("Stage")] == "Customer" for row in body)

    # The same list in Persian: Persian headers, Jalali dates.
    r = s.get(export_links["export-csv"] + "&lang=fa", timeout=30)
    fa = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert fa[0][0] == "شماره" and {int(row[0]) for row in fa[1:]} == at_risk
    created = fa[1][fa[0].index("تاریخ ایجاد")]
    assert created.startswith("14"), created

    # CSV for the import: machine headers, E.164 in every phone cell alike.
    r = s.get(export_links["export-csv-machine"], timeout=30)
    machine = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert machine[0][:3] == ["id", "kind", "name"]
    assert {int(row[0]) for row in machine[1:]} == at_risk
    assert all(row[machine[0].index("phones")].startswith("+") for row in machine[1:])

    r = s.get(export_links["export-vcf"], timeout=30)
    assert r.text.count("BEGIN:VCARD") == len(at_risk)
    r = s.get(export_links["export-jsonl"], timeout=30)
    lines = [line for line in r.text.splitlines() if line.strip()]
    assert {int(__import__("json").loads(line)["id"]) for line in lines} == at_risk

    # The × of the segment chip removes only the segment.
    open_page(driver, url(base, "/customers", rfm="at_risk", tag=marker, lang="en"))
    chip = driver.find_element(By.CSS_SELECTOR, '#active-filters .chip[data-filter="rfm"] a.chip-remove')
    click_and_wait_for_new_page(driver, chip)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)
    assert query.get("tag") == [marker] and "rfm" not in query
    assert set(listed_ids(driver)) >= at_risk and len(listed_ids(driver)) == 36


def test_screenshots_of_the_customer_pages(logged_in, server, base, token):
    driver = logged_in
    marker, at_risk = seed(server, token, count=4)
    cid = sorted(at_risk)[0]
    out = screens_dir()
    for width, height in ((1440, 900), (390, 844)):
        driver.set_window_size(width, height)
        for lang in ("fa", "en"):
            for name, path, query in (("list", "/customers", {"rfm": "at_risk", "tag": marker}), ("customer", f"/customers/{cid}", {})):
                open_page(driver, url(base, path, lang=lang, **query))
                present(driver, "main")
                driver.save_screenshot(str(out / f"{name}-{lang}-{width}.png"))
                assert driver.execute_script("return document.documentElement.scrollWidth") <= width + 1, (name, lang, width)
