"""Customers through the browser: create (Persian input), edit + audit, validation, XSS, delete/restore, search."""

import uuid

from selenium.webdriver.common.by import By

from helpers import (
    assert_no_alert,
    click_and_wait_for_new_page,
    create_customer,
    fill_customer_form,
    html_attrs,
    jalali_fa,
    open_page,
    path_of,
    plain,
    present,
    save_customer_form,
    search_customers,
    set_language,
    strip_bidi,
    tehran_today,
    url,
    visible,
)


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def test_create_customer_in_persian(logged_in, base):
    driver = logged_in
    set_language(driver, base, "fa")
    day_before = tehran_today()
    cid = create_customer(
        driver, base,
        kind="person",
        name="علی رضایی",
        givenName="علی",
        familyName="رضایی",
        phones="۰۹۱۲ ۱۲۳ ۴۵۶۷",
        emails="ali.rezaei@example.test",
        city="تهران",
        stage="lead",
        tags="vip, تهران",
        preferredChannel="sms",
        consent_sms=True,
        customFields="source=web",
    )
    day_after = tehran_today()
    assert html_attrs(driver) == ("fa", "rtl")
    assert strip_bidi(visible(driver, "h1#customer-name").text) == "علی رضایی"

    phones = present(driver, "#customer-phones").text
    assert "۰۹۱۲ ۱۲۳ ۴۵۶۷" in strip_bidi(phones), f"#customer-phones shows {phones!r}: the national form in Persian digits"
    link = present(driver, "#customer-phones a.phone").get_attribute("href")
    assert link == "tel:+989121234567", link

    created = strip_bidi(present(driver, "#customer-created").text)
    expected_fa = {jalali_fa(day_before), jalali_fa(day_after)}
    assert any(e in created for e in expected_fa), (
        f"#customer-created is {created!r}; expected the Jalali date in Persian digits, one of {expected_fa}"
    )

    # The same page in English: Gregorian ISO date.
    set_language(driver, base, "en", path=f"/customers/{cid}")
    created_en = strip_bidi(present(driver, "#customer-created").text)
    expected_en = {day_before.isoformat(), day_after.isoformat()}
    assert any(e in created_en for e in expected_en), f"#customer-created (en) is {created_en!r}, expected {expected_en}"
    assert "0912 123 4567" in plain(present(driver, "#customer-phones").text)
    assert strip_bidi(present(driver, "h1#customer-name").text) == "علی رضایی"


def test_edit_city_is_audited(logged_in, base):
    driver = logged_in
    set_language(driver, base, "en")
    name = unique("Audit Person")
    cid = create_customer(driver, base, kind="person", name=name, phones="09121112233", city="تهران", stage="lead")

    click_and_wait_for_new_page(driver, visible(driver, "a#edit-customer"))
    assert path_of(driver) == f"/customers/{cid}/edit", driver.current_url
    form = visible(driver, "form#customer-form")
    assert form.find_element(By.CSS_SELECTOR, "input[name=name]").get_attribute("value") == name
    assert form.find_element(By.CSS_SELECTOR, "input[name=city]").get_attribute("value") == "تهران"
    fill_customer_form(driver, city="اصفهان")
    save_customer_form(driver)
    assert path_of(driver) == f"/customers/{cid}", driver.current_url

    set_language(driver, base, "en", path=f"/customers/{cid}")
    rows = present(driver, "table#audit-log").find_elements(By.CSS_SELECTOR, "tr.audit-row")
    seen = []
    for row in rows:
        cells = [strip_bidi(c.text).strip() for c in row.find_elements(By.CSS_SELECTOR, "td, th")]
        seen.append(cells)
        is_city = (row.get_attribute("data-field") == "city") or any("city" in c.lower() for c in cells)
        if is_city and "تهران" in cells and "اصفهان" in cells and cells.index("تهران") < cells.index("اصفهان"):
            break
    else:
        raise AssertionError(f"no audit row (city, تهران → اصفهان); rows: {seen}")


def test_invalid_phone_is_rejected_and_input_kept(logged_in, base):
    driver = logged_in
    set_language(driver, base, "en")
    name = unique("Bad Phone")
    open_page(driver, url(base, "/customers/new"))
    fill_customer_form(driver, kind="person", name=name, phones="12ab", city="Shiraz", stage="prospect")
    save_customer_form(driver)

    error = visible(driver, '.field-error[data-field="phones"]')
    assert error.text.strip(), "the phones .field-error gives no reason"
    form = visible(driver, "form#customer-form")
    assert form.find_element(By.CSS_SELECTOR, "input[name=name]").get_attribute("value") == name
    assert form.find_element(By.CSS_SELECTOR, "textarea[name=phones]").get_attribute("value").strip() == "12ab"
    assert form.find_element(By.CSS_SELECTOR, "input[name=city]").get_attribute("value") == "Shiraz"
    # Nothing was saved.
    assert search_customers(driver, base, name) == []


def test_script_in_name_is_shown_as_text(logged_in, base):
    driver = logged_in
    set_language(driver, base, "en")
    evil = "<script>alert(1)</script>"
    cid = create_customer(driver, base, kind="person", name=evil, phones="09127778899", stage="lead")
    assert_no_alert(driver)
    assert strip_bidi(visible(driver, "h1#customer-name").text) == evil

    # The list and the search box echo it as text too.
    rows = search_customers(driver, base, evil)
    assert_no_alert(driver)
    assert any(r.find_element(By.CSS_SELECTOR, "a.customer-link").get_attribute("href").endswith(f"/customers/{cid}")
               for r in rows), "the customer is not found by searching its name"
    open_page(driver, url(base, "/customers", q="<script>alert(2)</script>"))
    assert_no_alert(driver)
    present(driver, "table#customer-list")


def test_delete_then_restore(logged_in, base):
    driver = logged_in
    set_language(driver, base, "en")
    name = unique("Delete Me")
    cid = create_customer(driver, base, kind="organisation", name=name, phones="02188776655", stage="customer")
    assert not driver.find_elements(By.CSS_SELECTOR, ".deleted-banner")

    delete_form = present(driver, "form#delete-customer")
    click_and_wait_for_new_page(driver, delete_form.find_element(By.CSS_SELECTOR, "button#delete-submit"),
                                accept_confirm=True)
    open_page(driver, url(base, f"/customers/{cid}"))
    visible(driver, ".deleted-banner")
    restore_form = present(driver, "form#restore-customer")
    assert search_customers(driver, base, name) == [], "a deleted customer is still listed"

    open_page(driver, url(base, f"/customers/{cid}"))
    restore_form = present(driver, "form#restore-customer")
    click_and_wait_for_new_page(driver, restore_form.find_element(By.CSS_SELECTOR, "button#restore-submit"),
                                accept_confirm=True)
    open_page(driver, url(base, f"/customers/{cid}"))
    assert strip_bidi(visible(driver, "h1#customer-name").text) == name
    assert not driver.find_elements(By.CSS_SELECTOR, ".deleted-banner")
    assert not driver.find_elements(By.CSS_SELECTOR, "form#restore-customer")
    present(driver, "form#delete-customer")
    rows = search_customers(driver, base, name)
    assert len(rows) == 1, f"restored customer listed {len(rows)} times"


def test_search_finds_customer_and_links_to_it(logged_in, base):
    driver = logged_in
    set_language(driver, base, "fa")
    token = f"Srch{uuid.uuid4().hex[:8]}"
    name = f"{token} پارسا"
    cid = create_customer(driver, base, kind="person", name=name, phones="+98 912 000 1122", stage="prospect")
    create_customer(driver, base, kind="person", name=unique("Unrelated"), phones="09120001133", stage="prospect")

    rows = search_customers(driver, base, token)
    assert len(rows) == 1, f"searching {token!r} gave {len(rows)} rows"
    link = rows[0].find_element(By.CSS_SELECTOR, "a.customer-link")
    assert link.get_attribute("href").endswith(f"/customers/{cid}")
    click_and_wait_for_new_page(driver, link)
    assert path_of(driver) == f"/customers/{cid}"
    assert strip_bidi(visible(driver, "h1#customer-name").text) == name
