"""The transactions engine in a real browser: an order is taken for a customer, shipped in two
parts, invoiced, paid partly by cheque, one line returned with a credit note, and the customer's
profit on the 360 page reflects all of it; bad input is answered with a message."""
import datetime as dt
import uuid

import requests
from selenium.webdriver.common.by import By

from helpers import (choose, click_and_wait_for_new_page, fill, jalali_fa, open_page, plain, set_checkbox, set_language,
                     tehran_today, url, visible)


def api(base, token, method, path, **body):
    r = requests.request(method, f"{base}/api/v1{path}", json=body or None, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    return r


def get(base, token, path, **params):
    return requests.get(f"{base}/api/v1{path}", params=params, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_order_to_profit_in_the_browser(logged_in, base, token):
    driver = logged_in
    marker = uuid.uuid4().hex[:6]
    assert api(base, token, "POST", "/price-lists", name=f"retail-{marker}", currency="IRR").status_code == 201
    tea = f"TEA-{marker}"
    cup = f"CUP-{marker}"
    assert api(base, token, "POST", "/products", sku=tea, name="چای ممتاز", unit="kg", cost="600000",
               prices={f"retail-{marker}": "1000000"}).status_code == 201
    assert api(base, token, "POST", "/products", sku=cup, name="Cup", cost="50000", prices={f"retail-{marker}": "120000"}).status_code == 201
    r = api(base, token, "POST", "/customers", name=f"مشتری سفارش {marker}", phones=["09121112233"])
    cid = r.json()["id"]

    # Take the order in Persian, typing Persian digits.
    set_language(driver, base, "fa", path=f"/customers/{cid}")
    click_and_wait_for_new_page(driver, visible(driver, "#new-order"))
    form = visible(driver, "form#order-form")
    choose(form, "sku0", tea)
    fill(form, "quantity0", "۲")
    fill(form, "unitPrice0", "۱۰۰۰۰۰۰")
    fill(form, "taxRate0", "۱۰")
    # The form starts with one line; "add a line" adds the next, at the default VAT rate.
    assert len(form.find_elements(By.CSS_SELECTOR, "tr.order-line-input")) == 1
    visible(driver, "#order-add-line").click()
    assert len(form.find_elements(By.CSS_SELECTOR, "tr.order-line-input")) == 2
    assert form.find_element(By.NAME, "taxRate1").get_attribute("value") == "10"
    choose(form, "sku1", cup)
    fill(form, "quantity1", "3")
    fill(form, "unitPrice1", "120000")
    fill(form, "taxRate1", "0")
    # The running total: 2 × 1,000,000 + 10% + 3 × 120,000 = 2,560,000, in Persian digits.
    total = visible(driver, "#order-total-value").text
    assert plain(total).replace("٬", "").replace(",", "") == "2560000" and "۲" in total, total
    set_checkbox(form, "confirm", True)
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "order-save"))
    assert visible(driver, "#order-status").get_attribute("data-status") == "confirmed"
    order_id = driver.current_url.split("/orders/")[1].split("?")[0]
    lines = driver.find_elements(By.CSS_SELECTOR, "tr.order-line")
    tea_line, cup_line = lines[0].get_attribute("data-line"), lines[1].get_attribute("data-line")

    # Ship in two parts.
    form = visible(driver, "form#ship-form")
    fill(form, f"ship_{tea_line}", "2")
    fill(form, f"ship_{cup_line}", "1")
    fill(form, "carrier", "پست")
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "ship-save"))
    assert visible(driver, "#order-status").get_attribute("data-status") == "partially-fulfilled"
    # Shipping more than remains is refused with a message and changes nothing.
    form = visible(driver, "form#ship-form")
    fill(form, f"ship_{cup_line}", "5")
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "ship-save"))
    refusal = visible(driver, "#order-errors").text
    assert "remain" in refusal or "مانده" in refusal, refusal  # said in the page's language
    form = visible(driver, "form#ship-form")
    fill(form, f"ship_{cup_line}", "2")
    fill(form, "carrier", "تیپاکس")
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "ship-save"))
    assert visible(driver, "#order-status").get_attribute("data-status") == "fulfilled"
    assert len(driver.find_elements(By.CSS_SELECTOR, "li.shipment-row")) == 2
    # The first parcel arrives.
    click_and_wait_for_new_page(driver, visible(driver, "li.shipment-row button.deliver-button"))
    assert len(driver.find_elements(By.CSS_SELECTOR, "li.shipment-row button.deliver-button")) == 1

    # Invoice, then pay part of it by a cheque dated in a month (Jalali).
    click_and_wait_for_new_page(driver, visible(driver, "#invoice-save"))
    assert "/invoices/" in driver.current_url
    number = plain(visible(driver, "#invoice-number").text)
    assert number.endswith("-000001") or number.split("-")[-1].isdigit()
    form = visible(driver, "form#payment-form")
    fill(form, "amount", "۱۰۰۰۰۰۰")
    choose(form, "method", "cheque")
    fill(form, "reference", "778899")
    fill(form, "chequeBank", "ملت")
    fill(form, "chequeDueDate", jalali_fa(tehran_today() + dt.timedelta(days=30)))
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "pay-save"))
    assert "778899" in plain(visible(driver, "li.payment-row").text)
    # 2 × 1,000,000 + 10% + 3 × 120,000 = 2,560,000; 1,000,000 paid.
    assert "1560000" in plain(visible(driver, "#invoice-outstanding").text).replace("٬", "").replace(",", "")
    # Paying more than is due is refused, and says how much is due.
    form = visible(driver, "form#payment-form")
    fill(form, "amount", "9999999")
    choose(form, "method", "cash")
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "pay-save"))
    assert "1560000" in plain(visible(driver, "#invoice-errors").text).replace("٬", "").replace(",", "")  # as the page writes amounts

    # Return one cup, not restocked: a credit note follows.
    open_page(driver, url(base, f"/orders/{order_id}"))
    form = visible(driver, "form#return-form")
    choose(form, "orderLineId", cup_line)
    fill(form, "quantity", "1")
    fill(form, "reason", "شکسته رسید")
    set_checkbox(form, "restock", False)
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "return-save"))
    rows = [plain(e.text) for e in driver.find_elements(By.CSS_SELECTOR, "li.invoice-row")]
    assert any("CN-" in row for row in rows)

    # The 360 page (in English) shows the profit: revenue 2,000,000 + 360,000 − 120,000,
    # cost of goods 1,200,000 + 150,000 (the broken cup was not restocked).
    set_language(driver, base, "en", path=f"/customers/{cid}")
    profit = plain(visible(driver, "#value-profit").text).replace(",", "")
    assert "890000" in profit
    assert "2240000" in plain(visible(driver, "#value-revenue").text).replace(",", "")
    # The same in Toman, as the person may choose (Rial ÷ 10), remembered for the next pages.
    open_page(driver, url(base, f"/customers/{cid}", money="toman"))
    assert "89000" in plain(visible(driver, "#value-profit").text).replace(",", "")
    open_page(driver, url(base, f"/customers/{cid}"))
    assert "89000" in plain(visible(driver, "#value-profit").text).replace(",", "")
    open_page(driver, url(base, f"/customers/{cid}", money="rial"))
    value = api(base, token, "GET", f"/customers/{cid}/value").json()
    assert value["profit"] == {"amount": "890000", "currency": "IRR"}
    kinds = {e.get_attribute("data-kind") for e in driver.find_elements(By.CSS_SELECTOR, "#timeline-list li.timeline-entry")}
    assert {"order-confirmed", "shipment", "invoice", "payment", "return", "credit-note"} <= kinds


def test_order_api_refuses_bad_input_and_keeps_what_is_stored(base, token):
    marker = uuid.uuid4().hex[:6]
    cid = api(base, token, "POST", "/customers", name=f"API order {marker}").json()["id"]
    bad = api(base, token, "POST", f"/customers/{cid}/orders", lines=[{"description": "x", "quantity": "-1", "unitPrice": "abc"}])
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"lines[0].quantity", "lines[0].unitPrice"} <= fields
    no_rate = api(base, token, "POST", f"/customers/{cid}/orders", currency="EUR", lines=[{"description": "x", "quantity": "1", "unitPrice": "5"}])
    assert no_rate.status_code == 422 and "no exchange rate for EUR" in no_rate.text
    assert api(base, token, "GET", f"/customers/{cid}/orders").json()["items"] == []
    ok = api(base, token, "POST", f"/customers/{cid}/orders", externalRef=f"shop-{marker}", confirm=True,
             lines=[{"description": "service", "quantity": "1", "unitPrice": "500000"}])
    assert ok.status_code == 201
    again = api(base, token, "POST", f"/customers/{cid}/orders", externalRef=f"shop-{marker}", confirm=True,
                lines=[{"description": "service", "quantity": "1", "unitPrice": "500000"}])
    assert again.status_code == 200 and again.json()["id"] == ok.json()["id"]
    order = ok.json()["id"]
    assert api(base, token, "POST", f"/orders/{order}/cancel").status_code == 200
    refused = api(base, token, "POST", f"/orders/{order}/invoice")
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("application/problem+json")
    ageing = api(base, token, "GET", "/reports/ageing")
    assert ageing.status_code == 200


def test_import_past_sales_in_the_browser(logged_in, base, token, tmp_path):
    driver = logged_in
    marker = uuid.uuid4().hex[:6]
    phone = "0912" + str(uuid.uuid4().int)[:7]
    cid = api(base, token, "POST", "/customers", name=f"History {marker}", phones=[phone]).json()["id"]
    csv = tmp_path / "sales.csv"
    csv.write_text("مشتری,تاریخ,شماره سفارش,کالا,تعداد,مبلغ\n"
                   f"{phone},1402/12/20,H-{marker}-1,gift basket,2,5000000\n"
                   f"{cid},2024-05-01,H-{marker}-2,tea,1,1450000\n"
                   f"{cid},2024-13-40,H-{marker}-3,tea,1,100\n", encoding="utf-8")
    set_language(driver, base, "en", path="/orders/import")
    form = visible(driver, "form#import-form")
    form.find_element(By.NAME, "file").send_keys(str(csv))
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "import-submit"))
    # The dry run names the bad row by its line and stores nothing.
    problems = [plain(r.text) for r in driver.find_elements(By.CSS_SELECTOR, "tr.problem-row")]
    assert len(problems) == 1 and problems[0].startswith("4") and "date" in problems[0]
    assert not driver.find_elements(By.ID, "import-confirm")
    assert api(base, token, "GET", f"/customers/{cid}/orders").json()["items"] == []
    form = visible(driver, "form#import-form")
    form.find_element(By.NAME, "file").send_keys(str(csv))
    set_checkbox(form, "skipInvalid", True)
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "import-submit"))
    assert plain(visible(driver, "#import-orders").text) == "2"
    click_and_wait_for_new_page(driver, visible(driver, "#import-confirm-submit"))
    orders = api(base, token, "GET", f"/customers/{cid}/orders").json()["items"]
    assert sorted(o["externalRef"] for o in orders) == [f"import:H-{marker}-1", f"import:H-{marker}-2"]
    assert api(base, token, "GET", f"/customers/{cid}/value").json()["revenue"] == {"amount": "6450000", "currency": "IRR"}


def test_analytics_page_after_scoring(logged_in, base, token, server):
    from peyvand_proc import run_cli
    driver = logged_in
    # Two customers with orders, so there is something to score.
    for n in range(2):
        cid = api(base, token, "POST", "/customers", name=f"Scored {uuid.uuid4().hex[:6]}").json()["id"]
        r = api(base, token, "POST", f"/customers/{cid}/orders", confirm=True,
                lines=[{"description": "service", "quantity": str(n + 1), "unitPrice": "1000000"}])
        assert r.status_code == 201
    out = run_cli(server.binary, "analyze", "refresh", "--db", server.db)
    assert "rfm:" in str(out)
    set_language(driver, base, "fa", path="/analytics")
    assert driver.find_elements(By.CSS_SELECTOR, "#segments svg.chart rect.chart-bar")
    assert len(driver.find_elements(By.CSS_SELECTOR, "tr.segment-row")) == 11
    assert "٪" in visible(driver, "#value-top-fifth").text
    assert visible(driver, "#retention h2")
    scores = api(base, token, "GET", f"/customers/{cid}/scores")
    assert scores.status_code == 200 and scores.json()["r"] in range(1, 6)
    summary = api(base, token, "GET", "/analytics/rfm").json()
    assert sum(s["customers"] for s in summary["segments"]) >= 2


def test_behaviour_churn_and_holdout_models(logged_in, base, token, server, tmp_path):
    """Two years of sales history for 150 customers, scored: segments, churn, holdout and
    retention curves on the page in both languages, as list filters and through the API."""
    import random
    from datetime import date, timedelta
    from peyvand_proc import run_cli
    driver = logged_in
    rng = random.Random(1405)
    today = date.today()
    rows = ["customer,date,order,product,quantity,amount"]
    for n in range(150):
        cid = api(base, token, "POST", "/customers", name=f"Buyer {n} {uuid.uuid4().hex[:4]}").json()["id"]
        first = rng.randint(120, 700)
        # Half keep buying to this day; the others stopped some time ago.
        end = 1 if rng.random() < 0.5 else rng.randint(1, first)
        day, k = first, 0
        while day >= end:
            rows.append(f"{cid},{(today - timedelta(days=day)).isoformat()},B{cid}-{k},tea,1,{rng.randint(5, 60) * 100000}")
            k += 1
            day -= rng.randint(7, 90)
    csv = tmp_path / "history.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run_cli(server.binary, "import", "transactions", "--db", server.db, str(csv))
    out = str(run_cli(server.binary, "analyze", "refresh", "--db", server.db))
    for model in ("segments:", "churn:", "bgnbd-holdout:", "survival:"):
        assert model in out and "not fitted" not in out.split(model)[1].split("\n")[0], out

    runs = {r["model"]: r for r in get(base, token, "/analytics/runs").json()}
    k = runs["segments"]["result"]["k"]
    assert 3 <= k <= 7
    assert 0.5 < runs["churn"]["result"]["auc"] <= 1
    assert "parameters" not in runs["churn"]
    holdout = get(base, token, "/analytics/runs/bgnbd-holdout").json()["result"]
    assert holdout["holdoutDays"] == 90 and holdout["totalActual"] > 0 and holdout["totalPredicted"] > 0
    pareto = get(base, token, "/analytics/runs/pareto").json()["result"]
    assert pareto["totalProfit"]["currency"] == "IRR" and len(pareto["deciles"]) == 10

    for lang in ("en", "fa"):
        set_language(driver, base, lang, path="/analytics")
        assert len(driver.find_elements(By.CSS_SELECTOR, "tr.behaviour-row")) == k
        assert plain(visible(driver, "#churn-auc").text)
        assert len(driver.find_elements(By.CSS_SELECTOR, "#churn svg.chart rect.chart-bar")) == 10
        assert len(driver.find_elements(By.CSS_SELECTOR, "#holdout-table tbody tr")) >= 2
        assert driver.find_elements(By.CSS_SELECTOR, "#holdout svg.chart rect.chart-bar-alt") or \
            driver.find_elements(By.CSS_SELECTOR, "#clv svg.chart rect.chart-bar-alt")
        assert len(driver.find_elements(By.CSS_SELECTOR, "#survival svg.chart path.chart-series")) >= 2
        # Segments, churn, survival and the holdout are fitted on this history (the spend model may
        # not be: its amounts are drawn without a per-customer level).
        assert not driver.find_elements(By.CSS_SELECTOR, ".model-note:not(.lifetime-note)")

    # A segment row leads to the customers in it, and each of them is in that segment.
    set_language(driver, base, "en", path="/analytics")
    click_and_wait_for_new_page(driver, visible(driver, "tr.behaviour-row a"))
    assert "behaviour=1" in driver.current_url
    listed = get(base, token, "/customers", behaviour="1", limit="100").json()["items"]
    assert listed
    for c in listed[:10]:
        assert get(base, token, f"/customers/{c['id']}/scores").json()["behaviourSegment"] == 1
    risky = get(base, token, "/customers", minChurnRisk="0.5", limit="100").json()["items"]
    for c in risky[:10]:
        assert get(base, token, f"/customers/{c['id']}/scores").json()["churnRisk90Days"] >= 0.5
    keep = get(base, token, "/analytics/retention/keep", limit="5")
    assert keep.status_code == 200 and len(keep.json()["items"]) <= 5
    if keep.json()["next"]:
        more = get(base, token, "/analytics/retention/keep", limit="5", after=keep.json()["next"]).json()["items"]
        assert more and more[0]["rank"] > keep.json()["items"][-1]["rank"]

    # Bad input: a clear problem, nothing changed.
    for path, params in (("/analytics/runs/nope", {}), ("/analytics/retention/maybe", {})):
        r = get(base, token, path, **params)
        assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    for params in ({"behaviour": "0"}, {"minChurnRisk": "2"}, {"rfm": "royalty"}):
        r = get(base, token, "/customers", **params)
        assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")
    assert get(base, token, "/analytics/retention/keep", limit="0").status_code == 400
