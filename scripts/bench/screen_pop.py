#!/usr/bin/env python3
"""Screen-pop latency: from the start of `POST /api/v1/calls` (a ringing call) to the event arriving
at a browser's `GET /events` stream, measured with plain SSE clients (http.client) on loopback
against a real `peyvand serve` started here on a fresh SQLite file.

    PEYVAND_BIN=$(swift build --show-bin-path)/peyvand python3 scripts/bench/screen_pop.py [--calls 500] [--listeners 20]

Each call is posted while `listeners` signed-in clients (one user each, all allowed to read the
customer) hold an open stream; the latency of a call is the time until the last of them has it.
Prints p50/p95/p99/max of that, and of the POST's own answer. Uses Tests/e2e's helpers to run the
server; needs `requests` (the e2e venv has it).
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "e2e"))
import requests  # noqa: E402
from peyvand_proc import api_token, run_cli, start_server  # noqa: E402


class Listener(threading.Thread):
    """One browser: reads `GET /events` and notes when each call id arrives."""

    def __init__(self, port: int, token: str):
        super().__init__(daemon=True)
        self.port, self.token = port, token
        self.arrived: dict[str, float] = {}
        self.ready = threading.Event()

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        conn.request("GET", "/events", headers={"Authorization": f"Bearer {self.token}", "Accept": "text/event-stream"})
        answer = conn.getresponse()
        assert answer.status == 200, answer.status
        self.ready.set()
        while True:
            line = answer.fp.readline()
            if not line:
                return
            if line.startswith(b"data: "):
                now = time.perf_counter()
                call = json.loads(line[6:])
                self.arrived.setdefault(call["callId"], now)


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))] * 1000
    return (f"p50 {at(0.5):.1f} ms, p95 {at(0.95):.1f} ms, p99 {at(0.99):.1f} ms, max {ordered[-1] * 1000:.1f} ms "
            f"(mean {statistics.mean(ordered) * 1000:.1f} ms, n={len(ordered)})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--listeners", type=int, default=20)
    parser.add_argument("--gap", type=float, default=0.02, help="seconds between calls")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="phone-bench-"))
    server = start_server(work)
    try:
        base = server.base
        admin = api_token(base)
        tokens = []
        for i in range(args.listeners):
            email = f"agent{i}@example.test"
            run_cli(server.binary, "user", "add", "--db", server.db, "--email", email, "--name", f"Agent {i}",
                    "--role", "support-agent", "--password-stdin", stdin="agent password 123\n")
            made = run_cli(server.binary, "token", "create", "--db", server.db, "--email", email)
            tokens.append(made.stdout.strip().splitlines()[-1])
        number = "09121234567"
        requests.post(f"{base}/api/v1/customers", json={"name": "سارا رضایی", "phones": [number]},
                      headers={"Authorization": f"Bearer {admin}"}, timeout=10).raise_for_status()
        listeners = [Listener(server.port, t) for t in tokens]
        for listener in listeners:
            listener.start()
        for listener in listeners:
            listener.ready.wait(10)
        time.sleep(0.5)
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {admin}"
        sent: dict[str, float] = {}
        posts: list[float] = []
        for _ in range(args.calls):
            call_id = uuid.uuid4().hex
            started = time.perf_counter()
            session.post(f"{base}/api/v1/calls", json={"callId": call_id, "event": "ringing", "from": number}, timeout=10).raise_for_status()
            posts.append(time.perf_counter() - started)
            sent[call_id] = started
            time.sleep(args.gap)
        time.sleep(1)
        latencies, lost = [], 0
        for call_id, started in sent.items():
            got = [l.arrived.get(call_id) for l in listeners]
            if any(g is None for g in got):
                lost += 1
                continue
            latencies.append(max(got) - started)
        print(f"{args.calls} ringing calls, {args.listeners} listeners, {args.gap * 1000:.0f} ms apart, binary {server.binary}")
        print(f"POST to the last listener's event: {percentiles(latencies)}; not delivered to every listener: {lost}")
        print(f"POST answered:                      {percentiles(posts)}")
        return 0 if lost == 0 else 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
