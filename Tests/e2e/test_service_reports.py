"""Service reports end to end, in a real Chromium against a real `peyvand serve`: a team, two
agents and a customer made through the API; tickets, changes of satisfaction class, survey answers
and a recovery case written into its database (the surveys and classes engines fill those tables
in production); the administrator opens /reports/service from the tickets page, reads every figure
in Persian (Persian digits, the five class names, Jalali months, no English) and in English,
narrows it to a channel and a period through the form, and a reversed period is said at the top.
At 390 px the page never scrolls sideways: the tables scroll inside their box. Screenshots at
1440 and 390 px in fa and en are kept."""
from __future__ import annotations

import sqlite3
import time

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from helpers import click_and_wait_for_new_page, login_ok, open_page, url, visible
from peyvand_proc import ADMIN_EMAIL, ADMIN_PASSWORD, start_server
from smtp_peer import api_caller
from test_phone import screens_dir
from test_service_sla import assert_persian

MINUTE, HOUR, DAY = 60_000, 3_600_000, 86_400_000
CLASSES_FA = ("خشمگین", "ناراضی", "راضی", "شاد", "شیفته")


@pytest.fixture(scope="module")
def reports(e2e_tmp):
    srv = start_server(e2e_tmp / "service-reports")
    post, headers = api_caller(srv.base)
    agents = [post("/users", email=f"report.agent{i}@example.test", name=name, role="support-agent", password="agent password long", language="fa")
              for i, name in enumerate(("نگار کارشناس", "Olivia Agent"))]
    team = post("/service-teams", name="میز پشتیبانی", routing="round-robin")
    post(f"/service-teams/{team['id']}/members", method="put", members=[{"userId": a["id"], "skills": []} for a in agents])
    customers = [post("/customers", name=name)["id"] for name in ("مریم احمدی", "Olivia Brown", "رضا کریمی", "سارا مرادی")]
    now = int(time.time() * 1000)
    db = sqlite3.connect(srv.db.removeprefix("sqlite:"), timeout=30)
    with db:
        # Tickets over the last weeks: answered in 20, 40, 90 minutes (due in an hour), resolved or not.
        rows = [("email", agents[0], "resolved", now - 20 * DAY, 20, 60, 300), ("email", agents[0], "open", now - 10 * DAY, 90, 60, None),
                ("sms", agents[1], "waiting", now - 2 * DAY, 40, 60, None), ("phone", None, "new", now - 2 * HOUR, None, 60, None),
                ("email", agents[1], "open", now - 45 * DAY, 30, 60, None)]
        for i, (channel, agent, status, created, answered, due, resolved) in enumerate(rows):
            cur = db.execute(
                "INSERT INTO tickets (number, customer_id, subject, channel, category, priority, status, team_id, assignee_id, language,"
                " first_response_at, first_response_due_at, resolved_at, resolution_due_at, last_message_at, created_at, updated_at)"
                " VALUES (?, ?, 'خرابی دستگاه', ?, 'question', 'normal', ?, ?, ?, 'fa', ?, ?, ?, ?, ?, ?, ?)",
                (f"T-1405-90000{i}", int(customers[i % 4]), channel, status, int(team["id"]), int(agent["id"]) if agent else None,
                 created + answered * MINUTE if answered else None, created + due * MINUTE,
                 created + resolved * MINUTE if resolved else None, created + 27 * HOUR, created, created, created))
            if channel == "phone" or i == 0:
                interaction = db.execute(
                    "INSERT INTO interactions (customer_id, kind, channel, direction, occurred_at, cost_minor, cost_currency, created_at)"
                    " VALUES (?, 'call', 'phone', 'outbound', ?, ?, 'IRR', ?)", (int(customers[i % 4]), created, 250_000, created)).lastrowid
                db.execute("INSERT INTO ticket_messages (ticket_id, direction, visibility, channel, body, interaction_id, created_at)"
                           " VALUES (?, 'outbound', 'public', 'phone', 'تماس', ?, ?)", (cur.lastrowid, interaction, created))
        # Classes: changes over the last months, and the classes now.
        changes = [(0, None, "dissatisfied", 120), (0, "dissatisfied", "happy", 30), (1, None, "satisfied", 100), (1, "satisfied", "enthusiastic", 10),
                   (2, None, "angry", 60), (2, "angry", "satisfied", 5), (3, None, "happy", 50)]
        for who, before, after, days_ago in changes:
            db.execute("INSERT INTO satisfaction_changes (customer_id, from_class, to_class, reasons, cause, at) VALUES (?, ?, ?, '[]', 'e2e', ?)",
                       (int(customers[who]), before, after, now - days_ago * DAY))
        for who, cls in ((0, "happy"), (1, "enthusiastic"), (2, "satisfied"), (3, "happy")):
            db.execute("INSERT INTO customer_satisfaction (customer_id, class, reasons, since, assessed_at) VALUES (?, ?, '[]', 0, 0)", (int(customers[who]), cls))
        for i, (csat, nps) in enumerate(((5, 10), (4, 8), (2, 4))):
            db.execute("INSERT INTO surveys (customer_id, occasion, language, token_hash, expires_at, answered_at, csat, nps, created_at)"
                       " VALUES (?, 'manual', 'fa', ?, ?, ?, ?, ?, ?)", (int(customers[i]), f"e2e-{i}", now + DAY, now - (i + 1) * DAY, csat, nps, now - 9 * DAY))
        db.execute("INSERT INTO recovery_cases (number, customer_id, status, priority, class_before, class_after, outcome, opened_at, closed_at,"
                   " created_at, updated_at) VALUES ('R-1405-000001', ?, 'closed', 'urgent', 'angry', 'satisfied', 'recovered', ?, ?, ?, ?)",
                   (int(customers[2]), now - 20 * DAY, now - 18 * DAY, now - 20 * DAY, now - 20 * DAY))
    db.close()
    yield srv, headers


def no_sideways_scroll(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def shoot(driver, name: str, parts: list[str]) -> None:
    """The top of the page and each part scrolled into view, at 1440 and 390 px."""
    for width in (1440, 390):
        driver.set_window_size(width, 1000)
        time.sleep(0.3)
        assert no_sideways_scroll(driver), f"{name} is wider than {width}px"
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(screens_dir() / f"{name}-{width}.png"))
        for css in parts:
            driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", css)
            time.sleep(0.2)
            driver.save_screenshot(str(screens_dir() / f"{name}-{css.strip('#')}-{width}.png"))
    driver.set_window_size(1440, 1000)


PARTS = ["#report-times", "#report-backlog", "#report-cost", "#report-satisfaction", "#report-recovery"]


def test_the_report_in_persian_and_english_narrowed_and_refused(driver, reports):
    srv, headers = reports
    base = srv.base
    driver.delete_all_cookies()
    login_ok(driver, base, ADMIN_EMAIL, ADMIN_PASSWORD)

    # From the tickets page.
    open_page(driver, url(base, "/tickets", lang="fa"))
    click_and_wait_for_new_page(driver, driver.find_element(By.ID, "service-reports-link"))
    assert driver.current_url.split("?")[0].endswith("/reports/service")
    assert driver.find_element(By.CSS_SELECTOR, "nav a[href='/reports/service']")

    # Persian: the figures in Persian digits, the five classes by their Persian names, nothing in English.
    assert visible(driver, "#report-tile-opened .figure-value").text == "۵", "five tickets opened in the last six months"
    assert visible(driver, "#report-tile-first-response .figure-value").text == "۳۵ دقیقه", "answers in 20, 30, 40 and 90 minutes: median 35"
    assert driver.find_element(By.CSS_SELECTOR, "#report-tile-backlog .figure-value").text == "۴"
    assert driver.find_element(By.CSS_SELECTOR, "#report-tile-fully-satisfied .figure-value").text == "۷۵٫۰٪", "2 happy + 1 enthusiastic of 4 classed"
    chart = driver.find_element(By.CSS_SELECTOR, "#report-satisfaction svg.chart-stacked")
    legend = chart.get_attribute("innerHTML")
    assert all(name in legend for name in CLASSES_FA), legend[:300]
    assert driver.find_elements(By.CSS_SELECTOR, "#report-satisfaction svg rect.chart-stack-happy")
    now_rows = {r.get_attribute("data-class"): r.text for r in driver.find_elements(By.CSS_SELECTOR, "#report-classes-now tbody tr")}
    assert "۲" in now_rows["happy"] and "۵۰٫۰٪" in now_rows["happy"], now_rows
    assert "۱۴۰" in driver.find_element(By.ID, "report-period").text, "a Jalali period"
    assert_persian(driver, "/reports/service")
    shoot(driver, "service-reports-fa", PARTS)

    # English, Gregorian months.
    open_page(driver, url(base, "/reports/service", lang="en", calendar="gregorian"))
    text = driver.find_element(By.TAG_NAME, "main").text if driver.find_elements(By.TAG_NAME, "main") else driver.page_source
    for words in ("First response (median)", "Backlog and its age", "Service cost per channel", "Satisfaction classes over time", "Enthusiastic", "NPS"):
        assert words in text, words
    assert driver.find_element(By.CSS_SELECTOR, "#report-tile-first-response .figure-value").text == "35 min"
    shoot(driver, "service-reports-en", PARTS)

    # Narrowed to SMS through the form: one ticket, answered in 40 minutes.
    form = driver.find_element(By.ID, "report-filters")
    Select(form.find_element(By.NAME, "channel")).select_by_value("sms")
    click_and_wait_for_new_page(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "channel=sms" in driver.current_url
    assert driver.find_element(By.CSS_SELECTOR, "#report-tile-opened .figure-value").text == "1"
    assert driver.find_element(By.CSS_SELECTOR, "#report-tile-first-response .figure-value").text == "40 min"
    assert visible(driver, "#report-filter-note").text

    # A reversed period: said at the top, in the reader's language; the default period shown.
    open_page(driver, url(base, "/reports/service", lang="fa", calendar="jalali", **{"from": "1405-09", "to": "1405-01"}))
    assert "نباید پیش از ماه آغاز باشد" in visible(driver, "#report-errors").text
    api = requests.get(f"{base}/api/v1/reports/service", headers=headers, params={"from": "1405-09", "to": "1405-01"}, timeout=30)
    assert api.status_code == 422 and api.headers["content-type"].startswith("application/problem+json"), api.text
    report = requests.get(f"{base}/api/v1/reports/service", headers=headers, timeout=30).json()
    assert report["tickets"]["overall"]["opened"] == 5 and report["satisfaction"]["now"]["fullySatisfiedPercent"] == 75.0, report
