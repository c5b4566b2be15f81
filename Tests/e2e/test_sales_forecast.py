"""The sales forecast in a real browser: a manager reads this quarter's forecast of one pipeline in
Persian (Jalali season, Persian digits) and in English (Gregorian quarter), sets a rep's quota on the
page typing Persian digits, and sees the attainment the won deal gives; the figures agree with the
API's, and a rep reading the forecast through the API gets only their own deals."""
import datetime as dt
import uuid

import requests
from selenium.webdriver.common.by import By

from helpers import click_and_wait_for_new_page, open_page, plain, strip_bidi, tehran_today, url, visible


def api(base, token, method, path, **body):
    return requests.request(method, f"{base}/api/v1{path}", json=body or None, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def submit_quota(driver, rep, typed):
    form = visible(driver, "#quota-form")
    quota = form.find_element(By.NAME, f"quota{rep}")
    quota.clear()
    quota.send_keys(typed)
    click_and_wait_for_new_page(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def test_a_manager_reads_the_forecast_and_sets_a_quota(logged_in, base, token):
    driver = logged_in
    marker = uuid.uuid4().hex[:6]
    r = api(base, token, "POST", "/users", email=f"rep-{marker}@example.test", name=f"کارشناس {marker}", role="sales-rep",
            password="a long enough password")
    assert r.status_code == 201, r.text
    rep = r.json()["id"]
    rep_token = requests.post(f"{base}/api/v1/auth/token", json={"email": f"rep-{marker}@example.test", "password": "a long enough password",
                                                                 "name": "e2e"}, timeout=10).json()["token"]
    r = api(base, token, "POST", "/pipelines", name=f"قیف پیش‌بینی {marker}",
            stages=[{"name": "مذاکره", "probability": 50}, {"name": "آماده امضا", "probability": 90}])
    assert r.status_code == 201, r.text
    pipeline = r.json()
    stages = [s["id"] for s in pipeline["stages"]]
    customer = api(base, token, "POST", "/customers", name=f"شرکت پیش‌بینی {marker}", kind="organisation").json()["id"]
    today = tehran_today().isoformat()
    deals = []
    for title, stage, amount, owner in ((f"الف {marker}", stages[0], "10000000", rep), (f"ب {marker}", stages[1], "20000000", rep),
                                        (f"ج {marker}", stages[0], "4000000", None)):
        body = dict(title=title, customerId=customer, stageId=stage, amount=amount, expectedCloseDate=today)
        if owner:
            body["ownerId"] = owner
        r = api(base, token, "POST", "/deals", **body)
        assert r.status_code == 201, r.text
        deals.append(r.json())
    # The rep wins the second: 20,000,000 won; open: 10,000,000 at 50% and 4,000,000 at 50%.
    assert api(base, token, "POST", f"/deals/{deals[1]['id']}/won", reason="قیمت مناسب").status_code == 200

    r = requests.get(f"{base}/api/v1/forecast", params={"pipelineId": pipeline["id"]}, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 200, r.text
    total = r.json()["total"]
    assert total["won"]["amount"] == "20000000" and total["weighted"]["amount"] == "27000000"
    assert total["commit"]["amount"] == "20000000" and total["bestCase"]["amount"] == "34000000" and total["pipeline"]["amount"] == "14000000"

    # Persian: the season and year, Persian digits, the quota set by typing Persian digits.
    open_page(driver, url(base, "/forecast", lang="fa", pipelineId=pipeline["id"]))
    period = strip_bidi(visible(driver, "#forecast-period").text)
    assert any(season in period for season in ("بهار", "تابستان", "پاییز", "زمستان")) and not any(c.isascii() and c.isdigit() for c in period)
    assert strip_bidi(visible(driver, "#forecast-won .figure-value").text).startswith("۲۰٬۰۰۰٬۰۰۰")
    assert strip_bidi(visible(driver, "#forecast-weighted .figure-value").text).startswith("۲۷٬۰۰۰٬۰۰۰")
    submit_quota(driver, rep, "۴۰٬۰۰۰٬۰۰۰")
    assert "ذخیره شد" in visible(driver, ".notice.success").text
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, ".forecast-owner-row") if f"کارشناس {marker}" in r.text)
    assert "۴۰٬۰۰۰٬۰۰۰" in strip_bidi(row.text) and "۵۰٪" in strip_bidi(row.text)
    quotas = requests.get(f"{base}/api/v1/quotas", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()["items"]
    assert any(q["userId"] == rep and q["amount"]["amount"] == "40000000" for q in quotas)

    # A bad quota is said beside the form, in Persian, and nothing changes.
    submit_quota(driver, rep, "-۵")
    assert "نباید منفی باشد" in visible(driver, "#forecast-errors").text

    # English, Gregorian: the quarter's name, Latin digits, the same won figure.
    open_page(driver, url(base, "/forecast", lang="en", calendar="gregorian", pipelineId=pipeline["id"]))
    assert plain(visible(driver, "#forecast-period").text).startswith("Q")
    assert plain(visible(driver, "#forecast-won .figure-value").text).startswith("20,000,000")

    # The rep reads only their own: the unowned open deal is not in their pipeline figure.
    mine = requests.get(f"{base}/api/v1/forecast", params={"pipelineId": pipeline["id"]},
                        headers={"Authorization": f"Bearer {rep_token}"}, timeout=10).json()["total"]
    assert mine["won"]["amount"] == "20000000" and mine["pipeline"]["amount"] == "10000000"
