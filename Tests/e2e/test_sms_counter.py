"""SMS: the text box of an SMS shows its characters, parts and cost as it is typed, from the
server's own counting, in Persian digits on a Persian page."""
import uuid

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from helpers import set_language, visible, wait


def test_sms_counter_under_the_text(logged_in, base, token):
    driver = logged_in
    r = requests.post(f"{base}/api/v1/customers", json={"name": f"SMS {uuid.uuid4().hex[:6]}", "phones": ["09127770002"]},
                      headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 201, r.text
    set_language(driver, base, "fa", path=f"/customers/{r.json()['id']}")
    visible(driver, "#log-interaction-open").click()
    Select(visible(driver, "#i-kind")).select_by_value("sms")
    visible(driver, "#i-body").send_keys("س" * 71)
    counter = visible(driver, "#i-body-sms")
    wait(driver).until(lambda d: "۷۱" in counter.text)
    assert "۷۱ نویسه" in counter.text and "۲ بخش" in counter.text and "۶۷" in counter.text, counter.text
    assert "ریال" in counter.text and not any(c in counter.text for c in "0123456789"), counter.text
    Select(driver.find_element(By.ID, "i-kind")).select_by_value("call")
    wait(driver).until(lambda d: not counter.is_displayed())


def test_the_send_page_shows_what_an_sms_would_cost(logged_in, base, token):
    """On the send page the count and cost show when an SMS may go to the customer, before sending."""
    driver = logged_in
    headers = {"Authorization": f"Bearer {token}"}
    r = requests.post(f"{base}/api/v1/customers", headers=headers, timeout=10,
                      json={"name": f"SMS {uuid.uuid4().hex[:6]}", "phones": ["09127770003"], "consents": {"sms": True}})
    assert r.status_code == 201, r.text
    set_language(driver, base, "fa", path=f"/customers/{r.json()['id']}/send")
    visible(driver, "#send-text").send_keys("س" * 80)
    counter = visible(driver, "#send-text-sms")
    wait(driver).until(lambda d: "۸۰" in counter.text)
    assert "۲ بخش" in counter.text and "ریال" in counter.text, counter.text
    quiet = requests.post(f"{base}/api/v1/customers", headers=headers, timeout=10, json={"name": f"No SMS {uuid.uuid4().hex[:6]}"})
    set_language(driver, base, "fa", path=f"/customers/{quiet.json()['id']}/send")
    assert not driver.find_elements(By.ID, "send-text-sms"), "no counter where no SMS may go"
