"""Persian (rtl) / English (ltr) switching."""

import urllib.parse

from selenium.webdriver.common.by import By

from helpers import click_and_wait_for_new_page, html_attrs, login_ok, open_page, path_of, present, url
from peyvand_proc import FRESH_EMAIL, FRESH_PASSWORD


def test_default_language_is_persian(driver, base):
    login_ok(driver, base, FRESH_EMAIL, FRESH_PASSWORD)
    assert html_attrs(driver) == ("fa", "rtl")
    open_page(driver, url(base, "/customers"))
    assert html_attrs(driver) == ("fa", "rtl")


def test_switch_between_fa_and_en(logged_in, base):
    driver = logged_in
    open_page(driver, url(base, "/customers"))
    nav = present(driver, "nav#main-nav")
    assert nav.find_elements(By.TAG_NAME, "a"), "nav#main-nav lists no areas"

    for lang, direction in (("en", "ltr"), ("fa", "rtl"), ("en", "ltr")):
        link = present(driver, f"a#lang-{lang}")
        href = urllib.parse.urlsplit(link.get_attribute("href"))
        assert href.path == "/customers", f"a#lang-{lang} leaves the page: {link.get_attribute('href')}"
        assert urllib.parse.parse_qs(href.query).get("lang") == [lang]
        click_and_wait_for_new_page(driver, link)
        assert path_of(driver) == "/customers"
        assert html_attrs(driver) == (lang, direction)
        # Remembered (cookie): another page without ?lang= keeps it.
        open_page(driver, url(base, "/"))
        assert html_attrs(driver) == (lang, direction)
        open_page(driver, url(base, "/customers"))
        assert html_attrs(driver) == (lang, direction)
