"""Times the outbox delivering N emails to aiosmtpd on loopback (see scripts/bench-outbox)."""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Counter:
    def __init__(self):
        self.times = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's naming)
        with self.lock:
            self.times.append(time.monotonic())
        return "250 OK"


def serve(binary, db, workdir, extra):
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port), "--analytics-every", "0",
                             "--documents", os.path.join(workdir, "docs"), *extra],
                            stdout=open(os.path.join(workdir, f"serve-{port}.log"), "wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(base + "/health", timeout=1).status_code == 200:
                return proc, base
        except requests.RequestException:
            pass
        time.sleep(0.1)
    proc.kill()
    sys.exit("serve did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="peyvand-bench-outbox-")
    if args.db == "postgres":
        server = os.environ["PEYVAND_TEST_POSTGRES_URL"]
        name = "bench_" + uuid.uuid4().hex[:10]
        subprocess.run(["psql", server, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        db = server.rsplit("/", 1)[0] + "/" + name
    else:
        db = f"sqlite:{workdir}/bench.sqlite"
    subprocess.run([args.bin, "migrate", "--db", db], check=True, capture_output=True)
    subprocess.run([args.bin, "user", "add", "--db", db, "--email", "bench@example.test", "--name", "Bench", "--role", "administrator",
                    "--password-stdin"], input=b"bench password 123\n", check=True, capture_output=True)

    # 1. Queue: a serve without SMTP leaves email messages queued.
    proc, base = serve(args.bin, db, workdir, [])
    token = requests.post(base + "/api/v1/auth/token", json={"email": "bench@example.test", "password": "bench password 123"}).json()["token"]
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    ids = []
    for i in range(args.messages):
        r = session.post(base + "/api/v1/customers", json={"name": f"Bench {i}", "emails": [f"c{i}@example.test"], "consents": {"email": True}})
        ids.append(r.json()["id"])
    started = time.monotonic()
    for i, customer in enumerate(ids):
        r = session.post(base + f"/api/v1/customers/{customer}/messages", json={"subject": "سلام", "text": "{{customer.salutation}}، پیام آزمایشی"})
        assert r.status_code == 202, r.text
    queued = time.monotonic() - started
    proc.terminate()
    proc.wait()

    # 2. Deliver: a serve with SMTP; time the messages at the server.
    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    proc, _ = serve(args.bin, db, workdir, ["--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--smtp-security", "none",
                                            "--mail-from", "crm@example.test"])
    deadline = time.monotonic() + 600
    while len(counter.times) < args.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    proc.terminate()
    proc.wait()
    controller.stop()
    got = len(counter.times)
    span = counter.times[-1] - counter.times[0] if got > 1 else float("nan")
    print(f"db={args.db} messages={args.messages} delivered={got}")
    print(f"queued through the API: {args.messages / queued:.0f} messages/s ({queued:.1f} s)")
    print(f"delivered to SMTP: {(got - 1) / span:.0f} messages/s (first to last {span:.1f} s)")


if __name__ == "__main__":
    main()
