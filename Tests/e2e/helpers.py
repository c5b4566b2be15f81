"""Shared helpers for Peyvand's end-to-end tests (browser and HTTP)."""

from __future__ import annotations

import datetime as _dt
import re
import urllib.parse
from zoneinfo import ZoneInfo

from selenium.common.exceptions import WebDriverException, NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

WAIT_SECONDS = 15
TEHRAN = ZoneInfo("Asia/Tehran")

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, "0123456789" * 2)
_TO_PERSIAN = str.maketrans("0123456789", PERSIAN_DIGITS)
# LRM, RLM, ALM, embeddings/overrides (LRE..RLO, PDF) and isolates (LRI..PDI).
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def wait(driver: WebDriver, seconds: float = WAIT_SECONDS) -> WebDriverWait:
    return WebDriverWait(driver, seconds)


def to_ascii_digits(text: str) -> str:
    return text.translate(_TO_ASCII)


def to_persian_digits(text: str) -> str:
    return text.translate(_TO_PERSIAN)


def strip_bidi(text: str) -> str:
    """Remove invisible bidi control characters (a page may wrap numbers in LTR isolates)."""
    return _BIDI_CONTROLS.sub("", text)


def plain(text: str) -> str:
    """Text with bidi controls removed and Persian/Arabic digits made ASCII, for comparisons."""
    return to_ascii_digits(strip_bidi(text))


def url(base: str, path: str, **query: str) -> str:
    u = base.rstrip("/") + path
    if query:
        u += ("&" if "?" in u else "?") + urllib.parse.urlencode(query)
    return u


def path_of(driver: WebDriver) -> str:
    return urllib.parse.urlsplit(driver.current_url).path


def html_attrs(driver: WebDriver) -> tuple[str, str]:
    """(lang, dir) of the <html> element."""
    el = driver.find_element(By.TAG_NAME, "html")
    return (el.get_attribute("lang") or "", el.get_attribute("dir") or "")


def visible(driver: WebDriver, css: str, seconds: float = WAIT_SECONDS) -> WebElement:
    return wait(driver, seconds).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def present(driver: WebDriver, css: str, seconds: float = WAIT_SECONDS) -> WebElement:
    return wait(driver, seconds).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def wait_for_new_page(driver: WebDriver, old_html: WebElement, *, accept_confirm: bool = False,
                      seconds: float = WAIT_SECONDS) -> None:
    """Wait until the document `old_html` belonged to has been replaced and the new one has loaded.

    With accept_confirm, a JavaScript confirm() (e.g. "delete this customer?") is accepted;
    otherwise any alert makes the wait fail (an alert is never expected).
    """

    def new_page_loaded(d: WebDriver) -> bool:
        if accept_confirm:
            try:
                d.switch_to.alert.accept()
                return False
            except NoAlertPresentException:
                pass
        try:
            old_html.is_enabled()  # raises once the old document is gone
            return False
        except StaleElementReferenceException:
            return d.execute_script("return document.readyState") == "complete"
        except WebDriverException:
            return False  # the old document is being torn down; look again

    wait(driver, seconds).until(new_page_loaded)


def click_and_wait_for_new_page(driver: WebDriver, element: WebElement, *, accept_confirm: bool = False,
                                seconds: float = WAIT_SECONDS) -> None:
    """Click something that submits a form or follows a link, and wait for the next page."""
    old_html = driver.find_element(By.TAG_NAME, "html")
    element.click()
    wait_for_new_page(driver, old_html, accept_confirm=accept_confirm, seconds=seconds)


def assert_no_alert(driver: WebDriver) -> None:
    """Fails if a JavaScript alert/confirm/prompt is open."""
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        return
    text = alert.text
    alert.dismiss()
    raise AssertionError(f"an unexpected JavaScript alert is open: {text!r}")


def open_page(driver: WebDriver, target: str) -> None:
    """driver.get() and make sure the document finished loading."""
    driver.get(target)
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")


def login(driver: WebDriver, base: str, email: str, password: str) -> None:
    """Fill in /login and submit it; returns once the next page has loaded.

    Does not assert the outcome: on success the browser is at /, on failure the
    login form is shown again with a .form-error.
    """
    open_page(driver, url(base, "/login"))
    form = visible(driver, "form#login-form")
    email_input = form.find_element(By.CSS_SELECTOR, "input[name=email]")
    password_input = form.find_element(By.CSS_SELECTOR, "input[name=password]")
    email_input.clear()
    email_input.send_keys(email)
    password_input.clear()
    password_input.send_keys(password)
    click_and_wait_for_new_page(driver, form.find_element(By.CSS_SELECTOR, "button#login-submit"))


def login_ok(driver: WebDriver, base: str, email: str, password: str) -> None:
    login(driver, base, email, password)
    assert path_of(driver) == "/", f"login did not land on /: {driver.current_url}"
    present(driver, "form#logout-form")


def set_language(driver: WebDriver, base: str, lang: str, path: str = "/customers") -> None:
    """Open `path` in `lang` (fa or en) with ?lang=, which the app remembers."""
    open_page(driver, url(base, path, lang=lang))
    want_dir = "rtl" if lang == "fa" else "ltr"
    wait(driver).until(lambda d: html_attrs(d) == (lang, want_dir))


def fill(form: WebElement, name: str, value: str) -> None:
    el = form.find_element(By.CSS_SELECTOR, f"[name={name}]")
    el.clear()
    if value:
        el.send_keys(value)


def choose(form: WebElement, name: str, value: str) -> None:
    Select(form.find_element(By.CSS_SELECTOR, f"select[name={name}]")).select_by_value(value)


def set_checkbox(form: WebElement, name: str, checked: bool) -> None:
    box = form.find_element(By.CSS_SELECTOR, f"input[name={name}]")
    if box.is_selected() != checked:
        box.click()


def fill_customer_form(driver: WebDriver, **fields) -> WebElement:
    """Fill form#customer-form. Keyword names are the form's field names.

    Strings go to inputs/textareas, `kind`/`stage`/`preferredChannel` to selects,
    `consent_*` booleans to checkboxes. Fields not given are left as they are.
    """
    form = visible(driver, "form#customer-form")
    for name, value in fields.items():
        if name in ("kind", "stage", "preferredChannel"):
            choose(form, name, value)
        elif name.startswith("consent_"):
            set_checkbox(form, name, bool(value))
        else:
            fill(form, name, value)
    return form


def save_customer_form(driver: WebDriver) -> None:
    form = visible(driver, "form#customer-form")
    click_and_wait_for_new_page(driver, form.find_element(By.CSS_SELECTOR, "button#customer-save"))


_CUSTOMER_PATH = re.compile(r"^/customers/([^/]+)$")


def create_customer(driver: WebDriver, base: str, **fields) -> str:
    """Create a customer through /customers/new; returns its id (from the URL it lands on)."""
    open_page(driver, url(base, "/customers"))
    click_and_wait_for_new_page(driver, visible(driver, "a#new-customer"))
    assert path_of(driver) == "/customers/new", driver.current_url
    fill_customer_form(driver, **fields)
    save_customer_form(driver)
    match = _CUSTOMER_PATH.match(path_of(driver))
    errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".field-error, .form-error")]
    assert match and match.group(1) not in ("new",), (
        f"saving the customer did not land on /customers/{{id}}: {driver.current_url}; errors shown: {errors}"
    )
    present(driver, "h1#customer-name")
    return match.group(1)


def search_customers(driver: WebDriver, base: str, q: str) -> list[WebElement]:
    """Search with form#customer-search on /customers; returns the tr.customer-row rows shown."""
    from selenium.webdriver.common.keys import Keys

    open_page(driver, url(base, "/customers"))
    form = visible(driver, "form#customer-search")
    box = form.find_element(By.CSS_SELECTOR, "input[name=q]")
    box.clear()
    box.send_keys(q)
    old_html = driver.find_element(By.TAG_NAME, "html")
    box.send_keys(Keys.ENTER)
    wait_for_new_page(driver, old_html)
    present(driver, "table#customer-list")
    return driver.find_elements(By.CSS_SELECTOR, "table#customer-list tr.customer-row")


def tehran_today() -> _dt.date:
    return _dt.datetime.now(TEHRAN).date()


def jalali_fa(day: _dt.date) -> str:
    """'۱۴۰۵/۰۹/۰۲' for a Gregorian date."""
    import jdatetime

    j = jdatetime.date.fromgregorian(date=day)
    return to_persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}")
