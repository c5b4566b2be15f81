"""Messenger bots end to end: a real `peyvand serve` with a bot pointed at a Bot API server on
loopback (Python's http.server, recording each call). The CLI registers the webhook with its
secret token; the platform's updates, posted to the webhook, link a customer's chat by a code and
land the next message on the 360 page; the bot's confirmation reaches the API through the outbox.
The 360 page's "Connect a messenger" box is checked and photographed at 390 px in fa and en."""
import json
import os
import re
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By

from conftest import new_driver
from helpers import click_and_wait_for_new_page, login_ok, open_page, present, url, visible
from peyvand_proc import ADMIN_EMAIL, ADMIN_PASSWORD, PeyvandServer, api_token, running_servers, run_cli, free_port
from test_phone import screens_dir

TOKEN = "123456789:AAe2e_messenger-token"


class FakeBotAPI:
    """POST /bot<token>/<method>: records the call, answers like the Bot API."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                method = self.path.rsplit("/", 1)[-1]
                with api.lock:
                    api.calls.append((method, json.loads(body or b"{}")))
                    n = len(api.calls)
                result = {"message_id": 900 + n} if method == "sendMessage" else ([] if method == "getUpdates" else True)
                data = json.dumps({"ok": True, "result": result}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def sent(self) -> list[dict]:
        with self.lock:
            return [body for method, body in self.calls if method == "sendMessage"]

    def stop(self):
        self.server.shutdown()


class BotServer(PeyvandServer):
    """`peyvand serve` with the bot named and its API on loopback."""

    api_base: str = ""

    def start(self) -> None:
        self.port = free_port()
        self.log_path = self.workdir / "server.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [self.binary, "serve", "--db", self.db, "--host", "127.0.0.1", "--port", str(self.port),
                 "--documents", str(self.workdir / "documents"),
                 "--messenger-bot-name", "peyvand_bot", "--messenger-base-url", self.api_base],
                stdin=subprocess.DEVNULL, env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT)
        self._wait_healthy()


@pytest.fixture(scope="module")
def bot(e2e_tmp):
    api = FakeBotAPI()
    srv = BotServer(workdir=e2e_tmp / "messenger", env={"PEYVAND_MESSENGER_TOKEN": TOKEN})
    srv.api_base = api.base
    running_servers.append(srv)
    srv.prepare()
    srv.start()
    yield srv, api
    srv.stop()
    api.stop()


def until(check, seconds=30):
    """Waits for the server's outbox worker (it runs on its own schedule) to have done something."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    return check()


def test_link_code_webhook_and_360(bot):
    srv, api = bot
    env = {**os.environ, "PEYVAND_MESSENGER_TOKEN": TOKEN}
    token = api_token(srv.base)
    auth = {"Authorization": f"Bearer {token}"}
    customer = requests.post(f"{srv.base}/api/v1/customers", headers=auth, json={"name": "نیکا رحیمی"}, timeout=10).json()["id"]
    made = requests.post(f"{srv.base}/api/v1/customers/{customer}/messenger-link", headers=auth, timeout=10)
    assert made.status_code == 201, made.text
    code = made.json()["code"]["code"]
    assert made.json()["code"]["deepLink"] == f"https://t.me/peyvand_bot?start={code}", "a non-Bale API links to t.me"

    # The CLI registers the webhook: the path's secret appended, a secret token sent along.
    shown = subprocess.run([srv.binary, "messenger", "show", "--db", srv.db], capture_output=True, text=True, env=env, timeout=60)
    path = re.search(r"webhook path: (\S+)", shown.stdout).group(1)
    setup = subprocess.run([srv.binary, "messenger", "set-webhook", "--db", srv.db, "--messenger-base-url", api.base,
                            "--url", "https://crm.example.ir"], capture_output=True, text=True, env=env, timeout=60)
    assert setup.returncode == 0, setup.stderr
    method, body = api.calls[-1]
    assert method == "setWebhook" and body["url"] == "https://crm.example.ir" + path and len(body["secret_token"]) >= 32
    secret = {"X-Telegram-Bot-Api-Secret-Token": body["secret_token"]}
    bad = subprocess.run([srv.binary, "messenger", "set-webhook", "--db", srv.db, "--messenger-base-url", api.base,
                          "--url", "https://crm.example.ir/api/v1/messenger/webhook/not-ours"], capture_output=True, text=True,
                         env=env, timeout=60)
    assert bad.returncode != 0 and "another webhook secret" in bad.stderr

    def update(uid, text, chat=555):
        return {"update_id": uid, "message": {"message_id": uid, "from": {"id": chat, "first_name": "Nika", "username": "nika_r"},
                                               "chat": {"id": chat, "type": "private"}, "date": int(time.time()), "text": text}}

    hook = srv.base + path
    assert requests.post(hook, json=update(1, "/start " + code), timeout=10).status_code == 401, "no secret header"
    assert requests.post(srv.base + "/api/v1/messenger/webhook/forged", json=update(1, "x"), headers=secret, timeout=10).status_code == 404
    assert requests.post(hook, data="{not json", headers={**secret, "Content-Type": "application/json"}, timeout=10).status_code == 400
    linked = requests.post(hook, json=update(1, "/start " + code), headers=secret, timeout=10)
    assert linked.status_code == 200 and linked.json()["outcome"] == "linked"
    assert requests.post(hook, json=update(1, "/start " + code), headers=secret, timeout=10).json()["outcome"] == "duplicate"
    confirmation = until(lambda: [m for m in api.sent() if m["chat_id"] == 555])
    assert len(confirmation) == 1 and "وصل شد" in confirmation[0]["text"]
    got = requests.post(hook, json=update(2, "سلام، سفارشم کجاست؟"), headers=secret, timeout=10)
    assert got.json()["outcome"] == "received"
    state = requests.get(f"{srv.base}/api/v1/customers/{customer}/messenger-link", headers=auth, timeout=10).json()
    assert state["linked"] and state["chats"][0]["userName"] == "nika_r"
    timeline = requests.get(f"{srv.base}/api/v1/customers/{customer}/timeline", headers=auth, timeout=10).json()["items"]
    assert "سفارشم کجاست" in json.dumps(timeline, ensure_ascii=False), timeline

    # The 360 box on a phone, in both languages: a fresh code, its deep link, the linked chat.
    driver = new_driver()
    try:
        driver.set_window_size(390, 844)
        login_ok(driver, srv.base, ADMIN_EMAIL, ADMIN_PASSWORD)
        for lang in ("fa", "en"):
            open_page(driver, url(srv.base, f"/customers/{customer}", lang=lang))
            box = visible(driver, "#messenger")
            button = box.find_element(By.CSS_SELECTOR, "#messenger-code-form button")
            click_and_wait_for_new_page(driver, button)
            box = visible(driver, "#messenger")
            shown_code = box.find_element(By.ID, "messenger-code").text
            assert re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", shown_code), shown_code
            assert box.find_element(By.ID, "messenger-deep-link").get_attribute("href").endswith("?start=" + shown_code)
            assert "@nika_r" in box.find_element(By.ID, "messenger-chats").text
            if lang == "fa":
                assert "اتصال پیام‌رسان" in box.text and not re.search(r"[0-9]", box.find_element(By.CSS_SELECTOR, ".hint bdi").text)
            else:
                assert "Connect a messenger" in box.text
            width = driver.execute_script("return document.documentElement.scrollWidth")
            assert width <= 390, f"{lang}: the page is {width}px wide"
            driver.execute_script("window.scrollTo(0, document.getElementById('messenger').getBoundingClientRect().top + window.scrollY - 110)")
            driver.save_screenshot(str(screens_dir() / f"messenger-box-{lang}.png"))
    finally:
        driver.quit()
