"""Two `peyvand serve` instances on one PostgreSQL deliver the outbox together: every webhook
reaches a real receiver on loopback exactly once; and when one instance is killed with SIGKILL
mid-batch, the other delivers what it held once its lease runs out: nothing is lost, and only the
messages in flight at the kill may arrive twice (with the same delivery key, for the receiver to
drop)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from peyvand_proc import ADMIN_EMAIL, ADMIN_NAME, ADMIN_PASSWORD, PeyvandServer, api_token, free_port, run_cli, running_servers

PG_URL = os.environ.get("PEYVAND_TEST_POSTGRES_URL", "")
pytestmark = pytest.mark.skipif(not PG_URL, reason="needs PEYVAND_TEST_POSTGRES_URL (scripts/test starts PostgreSQL)")

LEASE_SECONDS = 10
BATCH = 20  # the worker's batch: the most a killed instance can hold in flight


class Receiver:
    """A webhook receiver on loopback: checks each signature, records each delivery key, and can
    be told to answer slowly (so an instance is killed while it is sending)."""

    def __init__(self) -> None:
        self.secret = ""
        self.delay = 0.0
        self.keys: list[str] = []
        self.bad_signatures = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                signature = self.headers.get("Peyvand-Signature", "")
                parts = dict(p.split("=", 1) for p in signature.split(",") if "=" in p)
                expected = hmac.new(receiver.secret.encode(), f"{parts.get('t', '')}.".encode() + body, hashlib.sha256).hexdigest()
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver.lock:
                    if not hmac.compare_digest(expected, parts.get("v1", "")):
                        receiver.bad_signatures += 1
                    receiver.keys.append(self.headers.get("Peyvand-Delivery", ""))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def distinct(self) -> set[str]:
        with self.lock:
            return set(self.keys)

    def wait_for(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.distinct()) < count and time.monotonic() < deadline:
            time.sleep(0.2)  # waiting on another process's deliveries; nothing to block on instead

    def stop(self) -> None:
        self.server.shutdown()


class PostgresServer(PeyvandServer):
    """A `peyvand serve` on a PostgreSQL database shared with other instances."""

    url: str = ""

    @property
    def db(self) -> str:
        return self.url

    def start(self) -> None:
        self.port = free_port()
        self.log_path = self.workdir / f"server-{self.port}.log"
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--db", self.db, "--host", "127.0.0.1", "--port", str(self.port),
             "--documents", str(self.workdir / "documents"), "--outbox-lease", str(LEASE_SECONDS), "--analytics-every", "0"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        self._wait_healthy()


@pytest.fixture
def shared_db(tmp_path: Path):
    name = "outbox_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", PG_URL, "-v", "ON_ERROR_STOP=1", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    subprocess.run(["psql", PG_URL, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)


def instance(tmp_path: Path, url: str, n: int) -> PostgresServer:
    server = PostgresServer(workdir=tmp_path / f"instance-{n}")
    server.url = url
    running_servers.append(server)
    server.start()
    return server


def create_customers(bases: list[str], token: str, count: int, tag: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    for i in range(count):
        r = requests.post(bases[i % len(bases)] + "/api/v1/customers", json={"name": f"{tag} {i}"}, headers=headers, timeout=10)
        assert r.status_code == 201, r.text[:300]


def test_two_instances_deliver_each_webhook_once_and_a_killed_one_loses_nothing(tmp_path, shared_db):
    binary = PeyvandServer(workdir=tmp_path).binary
    run_cli(binary, "migrate", "--db", shared_db)
    run_cli(binary, "user", "add", "--db", shared_db, "--email", ADMIN_EMAIL, "--name", ADMIN_NAME, "--role", "administrator",
            "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    receiver = Receiver()
    a = instance(tmp_path, shared_db, 1)
    b = instance(tmp_path, shared_db, 2)
    try:
        token = api_token(a.base)
        made = requests.post(a.base + "/api/v1/webhooks", json={"url": receiver.url, "eventTypes": ["customer.created"]},
                             headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert made.status_code == 201, made.text
        receiver.secret = made.json()["secret"]

        # Both instances deliver; every event arrives once.
        create_customers([a.base, b.base], token, 120, "Both")
        receiver.wait_for(120, timeout=90)
        assert len(receiver.distinct()) == 120, f"{len(receiver.distinct())} of 120 delivered\n{a.log_tail()}\n{b.log_tail()}"
        assert len(receiver.keys) == 120, "a delivery was sent twice"
        assert receiver.bad_signatures == 0

        # Kill one instance with SIGKILL while it is sending slowly; the other finishes its work.
        receiver.delay = 0.1
        before = len(receiver.keys)
        create_customers([b.base], token, 60, "Killed")
        deadline = time.monotonic() + 30
        while len(receiver.keys) < before + 3 and time.monotonic() < deadline:
            time.sleep(0.05)  # waiting for deliveries to be under way before the kill
        a.process.send_signal(signal.SIGKILL)
        a.process.wait(timeout=10)
        receiver.delay = 0.0
        receiver.wait_for(180, timeout=120)
        assert len(receiver.distinct()) == 180, f"lost: {180 - len(receiver.distinct())}\n{b.log_tail()}"
        twice = len(receiver.keys) - len(receiver.distinct())
        assert twice <= BATCH, f"{twice} deliveries repeated; only those in flight at the kill may be"
        r = requests.get(b.base + "/api/v1/outbox?status=dead", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert r.status_code == 200 and r.json()["items"] == []
    finally:
        receiver.stop()
        for server in (a, b):
            server.stop()
