"""Logging in and out through the browser."""

from selenium.webdriver.common.by import By

from helpers import click_and_wait_for_new_page, login, open_page, path_of, present, url, visible


def test_bad_password_shows_error(driver, base, admin):
    email, _ = admin
    login(driver, base, email, "not the password")
    error = visible(driver, ".form-error")
    assert error.text.strip(), "the .form-error is empty"
    assert path_of(driver) == "/login", driver.current_url
    # Still the login form, not a logged-in page.
    present(driver, "form#login-form")
    assert not driver.find_elements(By.CSS_SELECTOR, "form#logout-form")


def test_unknown_user_shows_error(driver, base):
    login(driver, base, "nobody@example.test", "whatever password")
    assert visible(driver, ".form-error").text.strip()
    assert not driver.find_elements(By.CSS_SELECTOR, "form#logout-form")


def test_login_success_then_logout(driver, base, admin):
    login(driver, base, *admin)
    assert path_of(driver) == "/", f"expected a redirect to /, got {driver.current_url}"
    assert not driver.find_elements(By.CSS_SELECTOR, ".form-error")
    present(driver, "nav#main-nav")
    present(driver, "a#lang-fa")
    present(driver, "a#lang-en")
    logout = present(driver, "form#logout-form")
    click_and_wait_for_new_page(driver, logout.find_element(By.CSS_SELECTOR, "button#logout-submit"))
    # Logged out: a protected page shows the login form again.
    open_page(driver, url(base, "/customers"))
    present(driver, "form#login-form")
    assert not driver.find_elements(By.CSS_SELECTOR, "form#logout-form")
