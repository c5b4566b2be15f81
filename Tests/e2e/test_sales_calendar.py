"""A sales rep, in a real browser, in fa and in en, schedules meetings with a customer, sees them on
the month and week calendars, makes a feed URL, and the feed fetched over HTTP and read by the
`icalendar` package holds the meetings at the right UTC times."""
import datetime as dt
import uuid

import jdatetime
import requests
from icalendar import Calendar
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from helpers import click_and_wait_for_new_page, login_ok, open_page, url, visible
from test_phone import screens_dir

TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30))
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def jalali(day: dt.date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day


def make_rep(base: str, token: str) -> tuple[str, str, str]:
    """A sales rep and a customer of theirs; (email, password, customer id)."""
    headers = {"Authorization": f"Bearer {token}"}
    marker = uuid.uuid4().hex[:6]
    email, password = f"rep-{marker}@example.test", "a long rep password"
    r = requests.post(f"{base}/api/v1/users", headers=headers, timeout=10,
                      json={"email": email, "name": "سارا فروشنده", "role": "sales-rep", "password": password, "language": "fa"})
    assert r.status_code == 201, r.text
    rep_id = r.json()["id"]
    r = requests.post(f"{base}/api/v1/customers", headers=headers, timeout=10,
                      json={"name": f"مریم احمدی {marker}", "ownerId": rep_id, "phones": ["09121234567"]})
    assert r.status_code == 201, r.text
    return email, password, r.json()["id"]


def schedule(driver, base, lang, cid, title, day_text, time_text):
    open_page(driver, url(base, f"/customers/{cid}", lang=lang))
    click_and_wait_for_new_page(driver, visible(driver, "#customer-meeting-new"))
    form = visible(driver, "form#meeting-form")
    form.find_element(By.NAME, "title").send_keys(title)
    date = form.find_element(By.NAME, "date")
    date.clear()
    date.send_keys(day_text)
    # The time field is a native time input: set it as the browser would on a phone.
    driver.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, "time"), time_text)
    Select(form.find_element(By.NAME, "duration")).select_by_value("90")
    form.find_element(By.NAME, "location").send_keys("تهران، خیابان ولیعصر; پلاک ۱۲")
    assert form.find_element(By.CSS_SELECTOR, f"input[name=contact][value='{cid}']").is_selected(), "the customer attends"
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "meeting-save"))
    assert "/meetings/" in driver.current_url, driver.current_url
    assert visible(driver, "#meeting-status").get_attribute("data-status") == "scheduled"
    return driver.current_url.split("/meetings/")[1].split("?")[0]


def test_a_rep_schedules_meetings_in_fa_and_en_and_the_feed_has_them(driver, base, token):
    email, password, cid = make_rep(base, token)
    login_ok(driver, base, email, password)
    shots = screens_dir()
    day = (dt.datetime.now(TEHRAN) + dt.timedelta(days=2)).date()
    jy, jm, jd = jalali(day)

    # fa: the Jalali day typed in Persian digits, 10:30 Tehran time.
    fa_id = schedule(driver, base, "fa", cid, "جلسهٔ معرفی محصول", f"{jy}/{jm:02d}/{jd:02d}".translate(PERSIAN), "10:30")
    open_page(driver, url(base, "/calendar", lang="fa", view="month", date=day.isoformat()))
    month = visible(driver, "#calendar-month")
    assert month.find_elements(By.CSS_SELECTOR, f"a[data-meeting='{fa_id}']"), "the meeting is on the month grid"
    headers = [th.get_attribute("textContent").strip() for th in month.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers[0].startswith("شنبه") and headers[6].startswith("جمعه"), headers
    assert "holiday" in month.find_elements(By.CSS_SELECTOR, "thead th")[6].get_attribute("class")
    driver.save_screenshot(str(shots / "calendar-month-fa-desktop.png"))
    driver.set_window_size(390, 844)
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    driver.save_screenshot(str(shots / "calendar-month-fa-phone.png"))
    driver.set_window_size(1280, 900)
    open_page(driver, url(base, "/calendar", lang="fa", view="week", date=day.isoformat()))
    chip = visible(driver, f"#calendar-hours a[data-meeting='{fa_id}']")
    assert "۱۰:۳۰" in chip.text
    driver.save_screenshot(str(shots / "calendar-week-fa-desktop.png"))

    # en: the Gregorian day, 14:00 Tehran time, the next day.
    en_day = day + dt.timedelta(days=1)
    en_id = schedule(driver, base, "en", cid, "Price negotiation", en_day.isoformat(), "14:00")
    open_page(driver, url(base, "/calendar", lang="en", view="month", date=en_day.isoformat()))
    month = visible(driver, "#calendar-month")
    assert month.find_elements(By.CSS_SELECTOR, f"a[data-meeting='{en_id}']")
    headers = [th.get_attribute("textContent").strip() for th in month.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers[0].startswith("Monday"), headers
    driver.save_screenshot(str(shots / "calendar-month-en-desktop.png"))
    driver.set_window_size(390, 844)
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    driver.save_screenshot(str(shots / "calendar-month-en-phone.png"))
    driver.set_window_size(1280, 900)

    # The feed URL, made on its page and fetched like a phone would.
    open_page(driver, url(base, "/calendar/feed", lang="fa"))
    click_and_wait_for_new_page(driver, visible(driver, "#feed-create"))
    feed_url = visible(driver, "#feed-url").get_attribute("value")
    driver.save_screenshot(str(shots / "calendar-feed-fa-desktop.png"))
    assert feed_url.startswith(base + "/calendar/cal_") and feed_url.endswith(".ics")
    r = requests.get(feed_url, timeout=10)
    assert r.status_code == 200 and r.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(r.content)
    events = {str(e.get("url")).rsplit("/", 1)[-1]: e for e in calendar.walk("VEVENT") if "/meetings/" in str(e.get("url"))}
    fa_event, en_event = events[fa_id], events[en_id]
    want = dt.datetime.combine(day, dt.time(10, 30), TEHRAN).astimezone(dt.timezone.utc)
    assert fa_event.decoded("dtstart") == want, fa_event.decoded("dtstart")
    assert fa_event.decoded("dtend") - fa_event.decoded("dtstart") == dt.timedelta(minutes=90)
    assert str(fa_event.get("summary")) == "جلسهٔ معرفی محصول"
    assert str(fa_event.get("location")) == "تهران، خیابان ولیعصر; پلاک ۱۲"
    assert "مریم احمدی" in str(fa_event.get("description"))
    assert en_event.decoded("dtstart") == dt.datetime.combine(en_day, dt.time(14, 0), TEHRAN).astimezone(dt.timezone.utc)
    assert int(en_event.get("sequence")) == 0 and str(en_event.get("status")) == "CONFIRMED"

    # Cancelling raises the sequence and marks it cancelled in the feed; a revoked URL is gone.
    open_page(driver, url(base, f"/meetings/{en_id}", lang="en"))
    click_and_wait_for_new_page(driver, visible(driver, "#meeting-cancel"))
    again = {str(e.get("uid")): e for e in Calendar.from_ical(requests.get(feed_url, timeout=10).content).walk("VEVENT")}
    cancelled = again[str(en_event.get("uid"))]
    assert str(cancelled.get("status")) == "CANCELLED" and int(cancelled.get("sequence")) == 1
    open_page(driver, url(base, "/calendar/feed", lang="en"))
    click_and_wait_for_new_page(driver, visible(driver, "#feed-revoke"))
    assert requests.get(feed_url, timeout=10).status_code == 404


def test_tasks_my_day_quick_add_and_one_click_done(driver, base, token):
    email, password, cid = make_rep(base, token)
    login_ok(driver, base, email, password)
    open_page(driver, url(base, "/tasks", lang="fa"))
    form = visible(driver, "#task-quick")
    form.find_element(By.NAME, "title").send_keys("تماس با مشتری دربارهٔ پیش‌فاکتور")
    driver.execute_script("arguments[0].value = '23:59'", form.find_element(By.NAME, "dueTime"))
    click_and_wait_for_new_page(driver, form.find_element(By.ID, "q-add"))
    row = visible(driver, "#task-list .task-row")
    assert "تماس با مشتری" in row.text
    assert visible(driver, "#tab-today .badge").text == "۱"
    shots = screens_dir()
    driver.save_screenshot(str(shots / "tasks-fa-desktop.png"))
    driver.set_window_size(390, 844)
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    driver.save_screenshot(str(shots / "tasks-fa-phone.png"))
    driver.set_window_size(1280, 900)
    click_and_wait_for_new_page(driver, row.find_element(By.CSS_SELECTOR, "button.task-done"))
    assert driver.find_elements(By.ID, "tasks-empty")
    open_page(driver, url(base, "/tasks", lang="en", view="done"))
    assert "تماس با مشتری" in visible(driver, "#task-list").text
