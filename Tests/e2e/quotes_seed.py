"""A quote and a contract for a customer, through the API, for the page walks (Persian text, phone width)."""

from __future__ import annotations

import datetime as dt
import uuid

import requests


def seed_quote_and_contract(base: str, token: str, customer_id: str) -> tuple[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    marker = uuid.uuid4().hex[:6]

    def post(path: str, **body) -> dict:
        r = requests.post(f"{base}/api/v1{path}", headers=headers, timeout=10, json=body)
        assert r.status_code in (200, 201), (path, r.text)
        return r.json()

    post("/price-lists", name=f"quotes-{marker}", currency="IRR")
    product = post("/products", sku=f"Q-{marker}", name="خدمات نصب و راه‌اندازی با نامی بلند", cost="100000",
                   prices={f"quotes-{marker}": "2500000"})
    quote = post("/quotes", customerId=customer_id, notes="تحویل در دفتر مرکزی", terms="پیش‌پرداخت سی درصد",
                 lines=[{"productId": product["id"], "quantity": "2", "unitPrice": "2500000", "discount": "100000"},
                        {"description": "هزینهٔ حمل", "quantity": "1", "unitPrice": "300000"}])
    today = dt.date.today()
    contract = post("/contracts", customerId=customer_id, title="قرارداد پشتیبانی سالانه", parties="شرکت پیوند\nمدیرعامل خریدار",
                    value="480000000", start=(today - dt.timedelta(days=300)).isoformat(), end=(today + dt.timedelta(days=10)).isoformat(),
                    terms="پشتیبانی در ساعات اداری", activate=True)
    return quote["id"], contract["id"]


def sales_paths(customer_id: str, quote_id: str, contract_id: str) -> list[str]:
    return ["/quotes", f"/quotes/{quote_id}", f"/quotes/{quote_id}/print", f"/quotes/{quote_id}/edit", f"/quotes/new?customer={customer_id}",
            "/contracts", "/contracts?ending=30", f"/contracts/{contract_id}", f"/contracts/{contract_id}/edit",
            f"/contracts/new?customer={customer_id}", "/settings/quotes"]


def seed_deal(base, token, customer):
    """A deal with a long title, a next step, a product line, moved once and lost, for the sales pages."""
    headers = {"Authorization": f"Bearer {token}"}
    r = requests.post(f"{base}/api/v1/deals", headers=headers, timeout=10, json={
        "title": "قرارداد پشتیبانی سالانهٔ " + "سامانه‌های " * 6 + uuid.uuid4().hex[:4], "customerId": customer, "amount": "125000000",
        "expectedCloseDate": "2027-01-15", "nextStep": "جلسه با مدیر خرید " * 5, "source": "نمایشگاه"})
    assert r.status_code == 201, r.text
    deal = r.json()
    stages = requests.get(f"{base}/api/v1/pipelines/{deal['pipelineId']}", headers=headers, timeout=10).json()["stages"]
    requests.post(f"{base}/api/v1/deals/{deal['id']}/move", headers=headers, timeout=10, json={"stageId": stages[1]["id"]})
    requests.post(f"{base}/api/v1/deals", headers=headers, timeout=10, json={"title": "فرصت دوم", "customerId": customer, "amount": "5000000"})
    requests.post(f"{base}/api/v1/deals/{deal['id']}/lost", headers=headers, timeout=10, json={"reason": "قیمت بالا", "competitor": "رقیب الف"})
    return deal["id"]
