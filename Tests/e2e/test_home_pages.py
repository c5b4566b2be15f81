"""The start page, the interactions list and the account pages in a browser, in fa and en, on a desk
and on a phone: the dashboard's figures link to their lists, the navigation reaches interactions and
churn and folds the areas to come, and a Persian page shows no Latin word or digit outside isolated
data (nor an English page a Persian word). Screenshots are kept (PEYVAND_E2E_ARTIFACTS/screens)."""
import re

import requests
from selenium.webdriver.common.by import By

from helpers import open_page, url
from test_persian_pages import ALLOWED, VISIBLE_TEXT
from test_phone import screens_dir

PAGES = ["/", "/interactions", "/interactions?kind=call", "/account", "/admin/users", "/admin/users/1", "/areas/loyalty", "/no-such-page"]


def seed(base, token):
    headers = {"Authorization": f"Bearer {token}"}
    r = requests.post(f"{base}/api/v1/customers", headers=headers, timeout=10, json={"name": "Atlas Trading", "city": "Shiraz"})
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    r = requests.post(f"{base}/api/v1/customers/{cid}/interactions", headers=headers, timeout=10,
                      json={"kind": "call", "subject": "Follow-up 42", "outcome": "call back", "durationSeconds": 300})
    assert r.status_code == 201, r.text
    return cid


def problems_on(driver, lang):
    text = driver.execute_script(VISIBLE_TEXT)
    if lang == "fa":
        latin = sorted({w for w in re.findall(r"[A-Za-z][A-Za-z]+", text) if w not in ALLOWED})
        digits = sorted(set(re.findall(r"[0-9]+", text)))
        return latin + digits
    return sorted(set(re.findall(r"[\u0600-\u06FF]{2,}", text)) - {"فارسی"})


def test_home_and_account_pages_speak_the_readers_language(logged_in, base, token):
    driver = logged_in
    cid = seed(base, token)
    found = []
    for lang in ("fa", "en"):
        for path in PAGES:
            open_page(driver, url(base, path, lang=lang))
            bad = problems_on(driver, lang)
            if bad:
                found.append(f"{lang} {path}: {bad[:12]}")
    assert not found, "\n".join(found)
    open_page(driver, url(base, "/interactions", lang="fa"))
    link = driver.find_element(By.CSS_SELECTOR, "#interaction-list a[href]")
    assert link.get_attribute("href").endswith(f"/customers/{cid}#timeline")


def test_dashboard_figures_link_to_their_lists_and_the_navigation_is_honest(logged_in, base, token):
    driver = logged_in
    seed(base, token)
    open_page(driver, url(base, "/", lang="en"))
    hrefs = {el.get_attribute("id"): el.get_attribute("href") for el in driver.find_elements(By.CSS_SELECTOR, "#dashboard-figures a.figure")}
    assert hrefs["figure-customers"].endswith("/customers") and hrefs["figure-overdue"].endswith("/receivables")
    assert "/interactions?from=" in hrefs["figure-active"] and hrefs["figure-at-risk"].endswith("/analytics#retention")
    nav = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "nav#main-nav > ul a")]
    assert any(h.endswith("/interactions") for h in nav) and any(h.endswith("/analytics#churn") for h in nav)
    assert not any("/areas/" in h for h in nav), "areas to come are folded away, not among the main items"
    later = driver.find_element(By.CSS_SELECTOR, "nav#main-nav details.nav-later")
    assert later.get_attribute("open") is None


def test_screens_of_the_dashboard_and_interactions(logged_in, base, token):
    driver = logged_in
    seed(base, token)
    out = screens_dir()
    for width, height in ((1440, 900), (390, 844)):
        driver.set_window_size(width, height)
        for lang in ("fa", "en"):
            for name, path in (("home", "/"), ("interactions", "/interactions")):
                open_page(driver, url(base, path, lang=lang))
                wide = driver.execute_script("return document.documentElement.scrollWidth")
                assert wide <= driver.execute_script("return window.innerWidth") + 1, f"{path} {lang} {width}: {wide}px wide"
                driver.save_screenshot(str(out / f"{name}-{lang}-{width}.png"))


def test_sign_in_and_password_reset_speak_the_readers_language(driver, base):
    found = []
    for lang in ("fa", "en"):
        for path in ("/login", "/password-reset/not-a-valid-link"):
            open_page(driver, url(base, path, lang=lang))
            bad = problems_on(driver, lang)
            if bad:
                found.append(f"{lang} {path}: {bad[:12]}")
    assert not found, "\n".join(found)
