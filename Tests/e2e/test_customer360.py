"""Customer 360 in a real browser: log an interaction in two clicks, search that sees
through ي/ی and ك/ک, merge duplicates and undo, import a CSV with a bad row."""
import uuid

import requests
from selenium.webdriver.common.by import By

from helpers import (click_and_wait_for_new_page, open_page, present, set_language, strip_bidi, url, visible,
                     search_customers)


def api_create(base, token, **body):
    r = requests.post(f"{base}/api/v1/customers", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_log_an_interaction_in_two_clicks(logged_in, base, token):
    driver = logged_in
    cid = api_create(base, token, name=f"Timeline {uuid.uuid4().hex[:6]}", phones=["09127770001"])
    set_language(driver, base, "fa", path=f"/customers/{cid}")
    assert driver.find_elements(By.ID, "timeline-empty")
    visible(driver, "#log-interaction-open").click()                       # click 1: open the form
    form = visible(driver, "form#interaction-form")
    form.find_element(By.NAME, "subject").send_keys("پیگیری پیش‌فاکتور")
    form.find_element(By.NAME, "durationMinutes").send_keys("۵")
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "interaction-save"))  # click 2: save
    entry = visible(driver, "#timeline-list li.timeline-entry")
    assert entry.get_attribute("data-kind") == "call"
    assert "پیگیری پیش‌فاکتور" in entry.text
    r = requests.get(f"{base}/api/v1/customers/{cid}/timeline", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    items = r.json()["items"]
    assert [i["title"] for i in items] == ["پیگیری پیش‌فاکتور"]
    assert items[0]["durationSeconds"] == 300


def test_search_sees_through_arabic_letters(logged_in, base, token):
    driver = logged_in
    marker = uuid.uuid4().hex[:6]
    cid = api_create(base, token, name=f"كريم نيك‌نام {marker}")  # typed with Arabic kaf and yeh
    rows = search_customers(driver, base, f"کریم نیکنام {marker}")       # searched with Persian letters, no ZWNJ
    assert len(rows) == 1
    assert rows[0].find_element(By.CSS_SELECTOR, "a.customer-link").get_attribute("href").endswith(f"/customers/{cid}")


def test_merge_duplicates_and_undo(logged_in, base, token):
    driver = logged_in
    marker = uuid.uuid4().hex[:6]
    phone = "0912" + str(uuid.uuid4().int)[:7]
    first = api_create(base, token, name=f"Merge Keep {marker}", phones=[phone], city="Tehran")
    second = api_create(base, token, name=f"Merge Other {marker}", phones=[phone], emails=[f"{marker}@example.com"])
    requests.post(f"{base}/api/v1/customers/{second}/interactions", json={"kind": "email", "subject": f"mail {marker}"},
                  headers={"Authorization": f"Bearer {token}"}, timeout=10)
    set_language(driver, base, "en", path="/customers/duplicates")
    row = present(driver, f'tr.duplicate-row[data-first="{first}"][data-second="{second}"]')
    click_and_wait_for_new_page(driver, row.find_element(By.CSS_SELECTOR, "button.merge-submit"), accept_confirm=True)
    assert f"/customers/{first}" in driver.current_url
    assert marker + "@example.com" in visible(driver, "#customer-emails").text
    assert f"mail {marker}" in visible(driver, "#timeline-list").text
    open_page(driver, url(base, f"/customers/{second}"))
    visible(driver, ".deleted-banner")

    open_page(driver, url(base, f"/customers/{first}"))
    click_and_wait_for_new_page(driver, visible(driver, "#merge-list button.undo-merge"))
    assert marker + "@example.com" not in visible(driver, "#customer-emails").text
    assert not driver.find_elements(By.ID, "timeline-list") or f"mail {marker}" not in driver.find_element(By.ID, "timeline-list").text
    open_page(driver, url(base, f"/customers/{second}"))
    assert not driver.find_elements(By.CSS_SELECTOR, ".deleted-banner")
    assert f"mail {marker}" in visible(driver, "#timeline-list").text


def test_csv_import_reports_the_bad_row_then_imports_the_rest(logged_in, base, e2e_tmp):
    driver = logged_in
    marker = uuid.uuid4().hex[:6]
    csv_path = e2e_tmp / f"import-{marker}.csv"
    csv_path.write_text(
        "نام,نام خانوادگی,موبایل,شهر\r\n"
        f"مریم,واردشده{marker},۰۹۱۲ ۴۴۴ {marker[:4].translate(str.maketrans('abcdef', '123456'))},تهران\r\n"
        "Bad,Row,12ab,x\r\n"
        f"رضا,واردشده{marker},+98 935 444 0{str(uuid.uuid4().int)[:3]},اصفهان\r\n",
        encoding="utf-8-sig")
    set_language(driver, base, "en", path="/customers/import")
    form = visible(driver, "form#import-form")
    form.find_element(By.NAME, "file").send_keys(str(csv_path))
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "import-submit"))
    problems = driver.find_elements(By.CSS_SELECTOR, "#import-problems tr.problem-row")
    assert [strip_bidi(p.find_elements(By.TAG_NAME, "td")[0].text) for p in problems] == ["3"]
    assert "phones" in problems[0].text.lower()
    assert not driver.find_elements(By.ID, "import-confirm")

    # The preview offers to import the valid rows from the file already sent (the preview stored
    # nothing: the store's import tests check dry runs).
    assert strip_bidi(visible(driver, "#import-valid-count").text) == "2"
    click_and_wait_for_new_page(driver, visible(driver, "#import-valid-submit"))
    assert strip_bidi(visible(driver, "#import-created").text) == "2"
    assert len(search_customers(driver, base, f"واردشده{marker}")) == 2


def test_attach_a_document_and_download_it(logged_in, base, token, e2e_tmp):
    driver = logged_in
    cid = api_create(base, token, name=f"Docs {uuid.uuid4().hex[:6]}")
    pdf = e2e_tmp / "contract.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% contract\n%%EOF\n")
    fake = e2e_tmp / "fake.pdf"
    fake.write_bytes(b"<html><script>alert(1)</script></html>")
    set_language(driver, base, "en", path=f"/customers/{cid}")
    visible(driver, "#attach-document-open").click()
    visible(driver, "#document-file").send_keys(str(fake))
    click_and_wait_for_new_page(driver, visible(driver, "#document-save"))
    assert "not an accepted kind" in visible(driver, '.field-error[data-field="file"]').text
    visible(driver, "#document-file").send_keys(str(pdf))
    click_and_wait_for_new_page(driver, visible(driver, "#document-save"))
    link = visible(driver, "#timeline-list a.document-link")
    assert link.text == "contract.pdf"
    session = requests.Session()
    for c in driver.get_cookies():
        session.cookies.set(c["name"], c["value"])
    r = session.get(link.get_attribute("href"), timeout=10)
    assert r.status_code == 200 and r.content.startswith(b"%PDF-1.4")
    assert r.headers["Content-Type"] == "application/pdf"
    assert requests.get(link.get_attribute("href"), timeout=10, allow_redirects=False).status_code == 303  # signed out


def test_saved_view_reproduces_the_list(logged_in, base, token):
    driver = logged_in
    marker = uuid.uuid4().hex[:6]
    api_create(base, token, name=f"View A {marker}", city=f"Yazd{marker}", consents={"sms": True})
    api_create(base, token, name=f"View B {marker}", city=f"Yazd{marker}")
    open_page(driver, url(base, "/customers", lang="en", city=f"Yazd{marker}", consent="sms"))
    assert len(driver.find_elements(By.CSS_SELECTOR, "tr.customer-row")) == 1
    form = visible(driver, "form#save-view")
    form.find_element(By.NAME, "viewName").send_keys(f"SMS in Yazd {marker}")
    click_and_wait_for_new_page(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    open_page(driver, url(base, "/customers"))
    view = [a for a in driver.find_elements(By.CSS_SELECTOR, "#saved-views a.saved-view") if marker in a.text][0]
    click_and_wait_for_new_page(driver, view)
    rows = driver.find_elements(By.CSS_SELECTOR, "tr.customer-row")
    assert [r.find_element(By.CSS_SELECTOR, "a.customer-link").text for r in rows] == [f"View A {marker}"]
