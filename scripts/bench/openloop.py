#!/usr/bin/env python3
"""Open-loop load at a fixed arrival rate, as users arrive (not as fast as the server answers).

Each request is due at start + i / rate; its latency is measured from when it was due, so a
server that falls behind is charged for the wait (no coordinated omission). Lines of the paths
file are as for paths.lua: a path to GET, or "POST <path> <json body>".

  openloop.py URL PATHS --rate 100 --duration 20 [--token T] [--connections 64]
"""
import argparse, asyncio, random, time
from urllib.parse import urlparse


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url"); ap.add_argument("paths")
    ap.add_argument("--rate", type=float, required=True)
    ap.add_argument("--duration", type=float, default=20)
    ap.add_argument("--token", default="")
    ap.add_argument("--connections", type=int, default=64)
    a = ap.parse_args()
    u = urlparse(a.url)
    lines = [l.rstrip("\n") for l in open(a.paths, encoding="utf-8") if l.strip()]
    rng = random.Random(1405)
    idle: asyncio.Queue = asyncio.Queue()
    for _ in range(a.connections):
        idle.put_nowait(await asyncio.open_connection(u.hostname, u.port))
    latencies, statuses = [], {}

    async def one(due, line):
        reader, writer = await idle.get()
        try:
            if line.startswith("POST "):
                _, path, body = line.split(" ", 2)
                data = body.encode()
                head = f"POST {path} HTTP/1.1\r\nHost: {u.netloc}\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n"
            else:
                data, head = b"", f"GET {line} HTTP/1.1\r\nHost: {u.netloc}\r\n"
            if a.token:
                head += f"Authorization: Bearer {a.token}\r\n"
            writer.write((head + "\r\n").encode() + data)
            await writer.drain()
            status = int((await reader.readline()).split()[1])
            length = 0
            while (h := await reader.readline()) not in (b"\r\n", b""):
                k, _, v = h.decode("latin-1").partition(":")
                if k.lower() == "content-length":
                    length = int(v)
            await reader.readexactly(length)
            latencies.append(time.monotonic() - due)
            statuses[status] = statuses.get(status, 0) + 1
        finally:
            idle.put_nowait((reader, writer))

    start = time.monotonic()
    total = int(a.rate * a.duration)
    tasks = []
    for i in range(total):
        due = start + i / a.rate
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(due, rng.choice(lines))))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - start
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000
    print(f"  {len(latencies)} requests at {a.rate:g}/s offered, {len(latencies) / elapsed:.0f}/s done; statuses {statuses}")
    print(f"  p50 {pct(50):.1f} ms, p90 {pct(90):.1f} ms, p99 {pct(99):.1f} ms, max {latencies[-1] * 1000:.1f} ms")


asyncio.run(main())
