#!/usr/bin/env python3
"""Web-to-lead submissions per second against a running `peyvand serve`.

Creates a web-to-lead form through the API (its per-address limits raised out of the way, or kept
with --keep-limits to measure refusals), then posts form submissions from many client addresses
(127.0.0.x source addresses: on Linux the whole 127/8 is loopback, so each is a separate client to
the server's per-address limit) on N concurrent connections, and reports accepted submissions per
second, latency percentiles, and that every accepted submission is stored.

    peyvand serve --db sqlite:/tmp/bench.sqlite --port 8080 &          # release build for figures
    scripts/bench/web_to_lead.py --base http://127.0.0.1:8080 --token TOKEN --seconds 20 --concurrency 16

Standard library only.
"""
import argparse
import http.client
import json
import statistics
import threading
import time
import urllib.parse
import urllib.request


def api(base, token, method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"{}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:8080")
    ap.add_argument("--token", required=True)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--addresses", type=int, default=200, help="distinct client addresses 127.0.0.2 …")
    ap.add_argument("--keep-limits", action="store_true", help="keep the default 5/min, 50/h per address")
    a = ap.parse_args()
    form = {"name": "bench form", "source": "bench", "campaign": "bench", "consentEn": "I agree", "consentChannels": ["email"]}
    if not a.keep_limits:
        form.update(perMinute=100000, perHour=1000000)
    made = api(a.base, a.token, "POST", "/api/v1/lead-forms", form)
    path = "/w2l/" + made["publicKey"]
    parts = urllib.parse.urlsplit(a.base)
    lock = threading.Lock()
    latencies, statuses = [], {}
    stop_at = time.monotonic() + a.seconds
    counter = [0]

    def worker(n):
        conns = {}
        while time.monotonic() < stop_at:
            with lock:
                i = counter[0]
                counter[0] += 1
            source = f"127.0.{(i % a.addresses) // 250}.{2 + (i % a.addresses) % 250}"
            conn = conns.get(source)
            if conn is None:
                conn = conns[source] = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30, source_address=(source, 0))
            body = urllib.parse.urlencode({"name": f"Bench Visitor {i}", "email": f"bench{i}@example.com", "phone": "09121234567",
                                           "company": "Bench Ltd", "message": "Please call me back about a quote.", "consent": "yes"})
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except Exception:
                conns.pop(source, None)
                status = "error"
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(a.concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    accepted = statuses.get(303, 0)
    stored = 0
    after = None
    while True:
        q = "/api/v1/leads?limit=500&campaign=bench" + (f"&after={after}" if after else "")
        page = api(a.base, a.token, "GET", q)
        stored += sum(1 for item in page["items"] if item.get("formId") == made["id"])
        after = page["next"]
        if not after:
            break
    lat = sorted(latencies)
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else 0
    print(json.dumps({
        "seconds": round(elapsed, 1), "concurrency": a.concurrency, "addresses": a.addresses,
        "statuses": {str(k): v for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))},
        "accepted_per_second": round(accepted / elapsed, 1),
        "latency_ms": {"p50": round(pct(0.5), 1), "p99": round(pct(0.99), 1), "mean": round(statistics.mean(lat) * 1000, 1) if lat else 0},
        "accepted": accepted, "stored": stored, "none_lost": stored == accepted,
    }, indent=2))


if __name__ == "__main__":
    main()
