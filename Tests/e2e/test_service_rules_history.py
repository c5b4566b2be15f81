"""The routing rules put in order from the service settings page, and a ticket's Changes card, in a
real Chromium against a real `peyvand serve`, in fa and en: the administrator moves the billing
rule above the catch-all with its ↑ button, the next billing ticket goes to the billing desk; an
agent changes the ticket's status and priority on its page and the Changes card says what changed,
in the page's language. Screenshots at 1440 and 390 px."""
from __future__ import annotations

import pytest
import requests
from selenium.webdriver.common.by import By

from helpers import click_and_wait_for_new_page, login_ok, open_page, url, visible
from peyvand_proc import start_server
from smtp_peer import api_caller
from test_phone import screens_dir
from test_service_tickets import shoot

TEXT = {
    "fa": {"up": "یک ردیف بالاتر", "changes": "تغییرها", "status": "وضعیت: تازه ← حل شده", "priority": "اولویت: عادی ← زیاد"},
    "en": {"up": "Move up", "changes": "Changes", "status": "Status: New → Resolved", "priority": "Priority: Normal → High"},
}


@pytest.fixture(scope="module")
def desk(e2e_tmp):
    srv = start_server(e2e_tmp / "rules-history")
    post, headers = api_caller(srv.base)
    admin_id = requests.get(f"{srv.base}/api/v1/users", headers=headers, timeout=10).json()["items"][0]["id"]
    teams = {}
    for name in ("پشتیبانی عمومی", "صورت‌حساب"):
        team = post("/service-teams", name=name, routing="round-robin")
        post(f"/service-teams/{team['id']}/members", method="put", members=[{"userId": admin_id, "skills": []}])
        teams[name] = team
    yield srv, post, headers, teams
    srv.stop()


def rule_names(driver) -> list[str]:
    return [row.find_elements(By.CSS_SELECTOR, "td")[1].text for row in driver.find_elements(By.CSS_SELECTOR, "#rule-list .rule-row")]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_rules_are_put_in_order_and_a_ticket_shows_its_changes(driver, desk, admin, lang):
    srv, post, headers, teams = desk
    base = srv.base
    for rule in requests.get(f"{base}/api/v1/routing-rules", headers=headers, timeout=10).json()["items"]:
        requests.delete(f"{base}/api/v1/routing-rules/{rule['id']}", headers=headers, timeout=10)
    general, billing = teams["پشتیبانی عمومی"], teams["صورت‌حساب"]
    post("/routing-rules", name=f"all {lang}", teamId=general["id"])
    post("/routing-rules", name=f"billing {lang}", category="billing", teamId=billing["id"])
    customer = post("/customers", kind="person", name="مریم احمدی" if lang == "fa" else "Maryam Ahmadi")

    login_ok(driver, base, *admin)
    open_page(driver, url(base, "/settings/service", lang=lang))
    assert rule_names(driver) == [f"all {lang}", f"billing {lang}"]
    rows = driver.find_elements(By.CSS_SELECTOR, "#rule-list .rule-row")
    assert not rows[0].find_elements(By.CSS_SELECTOR, ".rule-up") and not rows[1].find_elements(By.CSS_SELECTOR, ".rule-down")
    up = rows[1].find_element(By.CSS_SELECTOR, ".rule-up")
    assert up.get_attribute("aria-label") == f"{TEXT[lang]['up']}: billing {lang}"
    click_and_wait_for_new_page(driver, up)
    assert rule_names(driver) == [f"billing {lang}", f"all {lang}"]
    shoot(driver, f"service-rules-order-{lang}")

    ticket = post("/tickets", customerId=customer["id"], subject="صورت‌حساب اشتباه" if lang == "fa" else "Wrong invoice", category="billing")
    assert ticket["teamId"] == billing["id"]

    open_page(driver, url(base, f"/tickets/{ticket['id']}", lang=lang))
    form = visible(driver, "#ticket-status-form")
    form.find_element(By.CSS_SELECTOR, "#tk-status option[value='resolved']").click()
    form.find_element(By.CSS_SELECTOR, "#tk-prio option[value='high']").click()
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "ticket-status-save"))
    card = visible(driver, "#ticket-changes")
    assert card.find_element(By.TAG_NAME, "h2").text == TEXT[lang]["changes"]
    lines = [li.text for li in card.find_elements(By.CSS_SELECTOR, "li")]
    assert any(line.endswith(TEXT[lang]["status"]) for line in lines), lines
    assert any(line.endswith(TEXT[lang]["priority"]) for line in lines), lines
    shoot(driver, f"ticket-changes-{lang}")
    for width in (390, 1440):
        driver.set_window_size(width, 1000)
        driver.execute_script("document.getElementById('ticket-changes').scrollIntoView()")
        driver.save_screenshot(str(screens_dir() / f"ticket-changes-card-{lang}-{width}.png"))
