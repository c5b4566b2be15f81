"""The sales board in a real browser, in Persian and in English: a rep drags a deal's card to
another stage with the mouse, moves another with the keyboard (] and [), and the stored stage,
read back through the API, is where the card went; a stale move is refused and the card comes back.
On a phone (390 px, touch events through the DevTools protocol) a finger held on a card picks it up
and puts it down in the next column; a quick swipe only scrolls."""
import time
import uuid

import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from helpers import html_attrs, open_page, plain, set_language, url, visible, wait


def api(base, token, method, path, headers=None, **body):
    h = {"Authorization": f"Bearer {token}"}
    h.update(headers or {})
    return requests.request(method, f"{base}/api/v1{path}", json=body or None, headers=h, timeout=10)


def setup_board(base, token, marker):
    """A pipeline of its own (so other tests' deals stay off this board), a customer, two deals."""
    r = api(base, token, "POST", "/pipelines", name=f"قیف آزمون {marker}",
            stages=[{"name": "اول", "probability": 10}, {"name": "دوم", "probability": 40}, {"name": "سوم", "probability": 80}])
    assert r.status_code == 201, r.text
    pipeline = r.json()
    stages = [s["id"] for s in pipeline["stages"]]
    customer = api(base, token, "POST", "/customers", name=f"شرکت آزمون {marker}", kind="organisation").json()["id"]
    deals = []
    for title, amount in ((f"قرارداد {marker}", "2500000"), (f"Renewal {marker}", "1000000")):
        r = api(base, token, "POST", "/deals", title=title, customerId=customer, stageId=stages[0], amount=amount, expectedCloseDate="2027-01-15")
        assert r.status_code == 201, r.text
        deals.append(r.json())
    return pipeline, stages, deals


def column_of(driver, deal_id):
    card = driver.find_element(By.ID, f"deal-card-{deal_id}")
    return card.find_element(By.XPATH, "./ancestor::section[contains(@class,'board-column')]").get_attribute("data-stage")


def figures(driver, stage):
    col = driver.find_element(By.ID, f"column-{stage}")
    return plain(col.find_element(By.CSS_SELECTOR, ".board-count").text), plain(col.find_element(By.CSS_SELECTOR, ".board-total").text)


def stored_stage(base, token, deal_id):
    return api(base, token, "GET", f"/deals/{deal_id}").json()["stageId"]


def wait_stored(base, token, deal_id, stage):
    for _ in range(50):
        if stored_stage(base, token, deal_id) == stage:
            return True
        time.sleep(0.1)
    return False


def test_drag_and_keyboard_moves_in_both_languages(logged_in, base, token):
    driver = logged_in
    for lang in ("fa", "en"):
        marker = uuid.uuid4().hex[:6]
        pipeline, stages, (dragged, keyed) = setup_board(base, token, marker)
        set_language(driver, base, lang, path="/deals")
        open_page(driver, url(base, "/deals", pipeline=pipeline["id"]))
        assert html_attrs(driver) == (lang, "rtl" if lang == "fa" else "ltr")
        visible(driver, f"#deal-card-{dragged['id']}")
        # The first column counts both deals and totals their amounts (Persian digits in fa).
        count, total = figures(driver, stages[0])
        assert count == "2" and total.startswith("3,500,000" if lang == "en" else "3٬500٬000"), (count, total)
        if lang == "fa":
            raw = driver.find_element(By.ID, f"column-{stages[0]}").find_element(By.CSS_SELECTOR, ".board-total").text
            assert "۳٬۵۰۰٬۰۰۰ ریال" in raw

        # A real mouse drag from the first column to the second.
        card = driver.find_element(By.ID, f"deal-card-{dragged['id']}")
        ActionChains(driver).drag_and_drop(card, driver.find_element(By.ID, f"column-{stages[1]}")).perform()
        wait(driver).until(lambda d: column_of(d, dragged["id"]) == stages[1])
        assert wait_stored(base, token, dragged["id"], stages[1]), "the drag did not reach the server"
        wait(driver).until(lambda d: figures(d, stages[1])[0] == "1")
        assert figures(driver, stages[0])[0] == "1"
        assert figures(driver, stages[1])[1].startswith("2,500,000" if lang == "en" else "2٬500٬000")
        live = driver.find_element(By.ID, "board-live").text
        assert ("Moved to" if lang == "en" else "منتقل شد") in live

        # The keyboard: focus the other card, ] twice takes it to the third stage, [ back to the second.
        card = driver.find_element(By.ID, f"deal-card-{keyed['id']}")
        driver.execute_script("arguments[0].focus()", card)
        card.send_keys("]")
        wait(driver).until(lambda d: column_of(d, keyed["id"]) == stages[1])
        assert wait_stored(base, token, keyed["id"], stages[1])
        driver.switch_to.active_element.send_keys("]")
        wait(driver).until(lambda d: column_of(d, keyed["id"]) == stages[2])
        assert wait_stored(base, token, keyed["id"], stages[2])
        driver.switch_to.active_element.send_keys("[")
        wait(driver).until(lambda d: column_of(d, keyed["id"]) == stages[1])
        assert wait_stored(base, token, keyed["id"], stages[1])

        # Someone else moves the dragged deal meanwhile: the card's version is stale, the server
        # says 412, the card goes back and the reader is told in their language.
        current = api(base, token, "GET", f"/deals/{dragged['id']}").json()
        assert api(base, token, "POST", f"/deals/{dragged['id']}/move", headers={"If-Match": f'"{current["version"]}"'},
                   stageId=stages[2]).status_code == 200
        card = driver.find_element(By.ID, f"deal-card-{dragged['id']}")
        ActionChains(driver).drag_and_drop(card, driver.find_element(By.ID, f"column-{stages[0]}")).perform()
        wait(driver).until(lambda d: "error" in (d.find_element(By.ID, "board-live").get_attribute("class") or ""))
        assert column_of(driver, dragged["id"]) == stages[1]
        told = driver.find_element(By.ID, "board-live").text
        assert ("Someone else changed" if lang == "en" else "کس دیگری") in told
        assert stored_stage(base, token, dragged["id"]) == stages[2]


def test_move_form_without_script_and_deal_page(logged_in, base, token):
    """The card's own "move to" form (what works without the script) and the deal page's history."""
    driver = logged_in
    marker = uuid.uuid4().hex[:6]
    pipeline, stages, (deal, _) = setup_board(base, token, marker)
    set_language(driver, base, "fa", path="/deals")
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        open_page(driver, url(base, "/deals", pipeline=pipeline["id"]))
        form = visible(driver, f"#deal-card-{deal['id']} form.deal-card-move")
        form.find_element(By.CSS_SELECTOR, f"option[value='{stages[2]}']").click()
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait(driver).until(lambda d: "moved=done" in d.current_url)
        assert stored_stage(base, token, deal["id"]) == stages[2]
        assert column_of(driver, deal["id"]) == stages[2]
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    open_page(driver, url(base, f"/deals/{deal['id']}"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#deal-history tr.history-row")
    assert len(rows) == 2
    assert "هنوز در این مرحله" in rows[0].text and "دقیقه" in rows[0].text
    assert not any(c in driver.find_element(By.ID, "deal-history").text for c in "0123456789")


def touch(driver, kind, x, y):
    points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
    driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def test_a_finger_held_on_a_card_drags_it_on_a_phone(logged_in, base, token):
    driver = logged_in
    marker = uuid.uuid4().hex[:6]
    pipeline, stages, (dragged, swiped) = setup_board(base, token, marker)
    set_language(driver, base, "fa", path="/deals")
    driver.set_window_size(390, 900)
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    try:
        open_page(driver, url(base, "/deals", pipeline=pipeline["id"]))
        for deal in (dragged, swiped):
            visible(driver, f"#deal-card-{deal['id']}")
        rect = "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];"

        # A quick swipe across a card scrolls; it moves nothing.
        card = driver.find_element(By.ID, f"deal-card-{swiped['id']}")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", card)
        left, top, right, _ = driver.execute_script(rect, card)
        x, y = (left + right) / 2, top + 4
        touch(driver, "touchStart", x, y)
        for step in range(1, 6):
            touch(driver, "touchMove", x, y - step * 15)
        touch(driver, "touchEnd", 0, 0)
        time.sleep(0.5)
        assert column_of(driver, swiped["id"]) == stages[0] and stored_stage(base, token, swiped["id"]) == stages[0]

        # Held still, the card is picked up, follows the finger into the second column and stays there.
        card = driver.find_element(By.ID, f"deal-card-{dragged['id']}")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", card)
        left, top, right, _ = driver.execute_script(rect, card)
        x, y = (left + right) / 2, top + 4
        touch(driver, "touchStart", x, y)
        time.sleep(0.6)
        assert "dragging" in card.get_attribute("class")
        width, height = driver.execute_script("return [window.innerWidth, window.innerHeight]")
        target = driver.find_element(By.ID, f"column-{stages[1]}")
        for _ in range(200):
            tl, tt, tr, tb = driver.execute_script(rect, target)
            shown_left, shown_right, shown_top, shown_bottom = max(tl, 0), min(tr, width), max(tt, 0), min(tb, height)
            if shown_right - shown_left > 60 and shown_bottom - shown_top > 80:
                x, y = (shown_left + shown_right) / 2, (shown_top + shown_bottom) / 2
                touch(driver, "touchMove", x, y)
                break
            # Toward the edge where the column is: the board or the page scrolls under the finger.
            if shown_right - shown_left <= 60:
                x = 8 if tr <= 60 else width - 8
            else:
                x = (shown_left + shown_right) / 2
            y = height - 10 if tt > height - 80 else (10 if tb < 80 else y)
            touch(driver, "touchMove", x, y)
        else:
            raise AssertionError(f"the second column never came into view while dragging: {driver.execute_script(rect, target)} {width}x{height}")
        assert "drop-target" in target.get_attribute("class")
        touch(driver, "touchEnd", 0, 0)
        wait(driver).until(lambda d: column_of(d, dragged["id"]) == stages[1])
        assert wait_stored(base, token, dragged["id"], stages[1]), "the touch drag did not reach the server"
        count, _ = figures(driver, stages[1])
        assert count == "1", count
    finally:
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
        driver.set_window_size(1440, 1000)
