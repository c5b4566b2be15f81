#!/usr/bin/env python3
"""The deal board at scale: an SQLite database with 1,000,000 customers and 100,000 open deals
(plus won and lost ones) in one pipeline, served by a release `peyvand serve`, its board read by
wrk on loopback with 16 connections. Prints requests/s and the latency percentiles of
GET /api/v1/pipelines/1/board, unfiltered, by owner, and by expected close days.

    scripts/bench/board.py [--customers 1000000] [--deals 100000] [--connections 16] [--duration 20s] [--bin PATH] [--keep DIR]

The customers and deals are written with bulk SQL (a minute or two), not through the API: the
point is the board's reads. Not part of scripts/test. Needs wrk (apt-get install -y wrk)."""
import argparse, os, random, shutil, socket, sqlite3, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def sh(*args, **kw):
    return subprocess.run(args, check=True, text=True, capture_output=True, **kw).stdout


def build(bin_path):
    if bin_path:
        return bin_path
    subprocess.run(["swift", "build", "-c", "release", "--product", "peyvand"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(sh("swift", "build", "-c", "release", "--show-bin-path", cwd=ROOT).strip(), "peyvand")


def fill(path, customers, deals):
    """Bulk rows: customers owned by the five demo staff, open deals spread over the five stages
    and 5,000 owners' worth of close days, a tenth as many won and lost."""
    random.seed(1405)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    staff = [r[0] for r in con.execute("SELECT id FROM users ORDER BY id")]
    stages = [r[0] for r in con.execute("SELECT id FROM pipeline_stages WHERE pipeline_id = 1 ORDER BY position")]
    start = con.execute("SELECT COALESCE(MAX(id), 0) FROM customers").fetchone()[0]
    now = int(time.time() * 1000)
    batch = []
    for i in range(start + 1, start + customers + 1):
        name = f"مشتری آزمایشی {i}"
        batch.append((i, "person", name, "[]", "[]", "customer", random.choice(staff), "[]", "{}", 0, 0, 0, 0, name, 1, now, now))
        if len(batch) == 50_000:
            con.executemany("""INSERT INTO customers (id, kind, name, phones, emails, stage, owner_id, tags, custom_fields, consent_email,
                consent_sms, consent_phone, consent_letter, search_key, version, created_at, updated_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", batch)
            batch = []
    if batch:
        con.executemany("""INSERT INTO customers (id, kind, name, phones, emails, stage, owner_id, tags, custom_fields, consent_email,
            consent_sms, consent_phone, consent_letter, search_key, version, created_at, updated_at)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", batch)
    con.commit()
    top = start + customers
    today = int(time.time() // 86400)
    rows = []
    closed = deals // 10
    for n in range(deals + closed):
        status = "open" if n < deals else random.choice(["won", "lost"])
        amount = random.randint(1, 500) * 1_000_000
        rows.append((1, random.choice(stages), status, f"فرصت {n}", random.randint(1, top), random.choice(staff), "IRR", amount, amount,
                     today + random.randint(-30, 180), now - random.randint(0, 90) * 86_400_000, now, now))
        if len(rows) == 50_000:
            con.executemany("""INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, owner_id, currency, amount_minor,
                amount_base_minor, expected_close_day, stage_entered_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
            rows = []
    if rows:
        con.executemany("""INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, owner_id, currency, amount_minor,
            amount_base_minor, expected_close_day, stage_entered_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
    con.commit()
    # The stages' kept totals, as the store keeps them (deals written by SQL bypass it).
    con.execute("DELETE FROM deal_stage_totals")
    con.execute("""INSERT INTO deal_stage_totals (pipeline_id, stage_id, open_count, open_total_minor)
        SELECT pipeline_id, stage_id, COUNT(*), SUM(amount_base_minor) FROM deals
        WHERE status = 'open' AND deleted_at IS NULL GROUP BY pipeline_id, stage_id""")
    con.execute("ANALYZE")
    con.commit()
    con.close()
    return staff, today


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--deals", type=int, default=100_000)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--duration", default="20s")
    ap.add_argument("--bin", default="")
    ap.add_argument("--keep", default="", help="keep (or reuse) the database in this folder")
    a = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    binary = build(a.bin)
    work = a.keep or tempfile.mkdtemp(prefix="peyvand-board-")
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "board.sqlite")
    db = f"sqlite:{path}"
    if not os.path.exists(path):
        print(f"creating the staff, {a.customers:,} customers and {a.deals:,} open deals …", flush=True)
        t = time.time()
        sh(binary, "demo", "--db", db, "--customers", "10", "--seed", "1405")
        staff, today = fill(path, a.customers, a.deals)
        print(f"  done in {time.time() - t:.0f} s; database {os.path.getsize(path) / 2**20:.0f} MB", flush=True)
    con = sqlite3.connect(path)
    staff = [r[0] for r in con.execute("SELECT id FROM users ORDER BY id")]
    open_deals = con.execute("SELECT COUNT(*) FROM deals WHERE status = 'open' AND pipeline_id = 1").fetchone()[0]
    con.close()
    token = sh(binary, "token", "create", "--db", db, "--email", "admin@demo.peyvand.ir", "--name", "bench-board").strip()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([binary, "serve", "--db", db, "--port", str(port), "--log-level", "warning", "--analytics-every", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except Exception:
                time.sleep(0.2)
        from datetime import date, timedelta
        day = lambda d: (date(1970, 1, 1) + timedelta(days=d)).isoformat()
        today = int(time.time() // 86400)
        random.seed(7)
        cases = {
            "board": ["/api/v1/pipelines/1/board"],
            "board by owner": [f"/api/v1/pipelines/1/board?ownerId={o}" for o in staff],
            "board by close days (a month)": [f"/api/v1/pipelines/1/board?closeFrom={day(today + s)}&closeTo={day(today + s + 30)}"
                                              for s in random.sample(range(-30, 150), 40)],
        }
        print(f"GET the board: {a.customers:,} customers, {open_deals:,} open deals in the pipeline, {a.connections} connections, {a.duration}")
        for name, paths in cases.items():
            with open(os.path.join(work, "paths"), "w") as f:
                f.write("\n".join(paths) + "\n")
            env = dict(os.environ, PEYVAND_TOKEN=token, PEYVAND_PATHS=os.path.join(work, "paths"), PEYVAND_COOKIE="")
            lua = os.path.join(ROOT, "scripts", "bench", "paths.lua")
            subprocess.run(["wrk", "-t1", "-c4", "-d3s", "-s", lua, base], env=env, check=True, stdout=subprocess.DEVNULL)
            out = sh("wrk", "-t2", f"-c{a.connections}", f"-d{a.duration}", "--latency", "-s", lua, base, env=env)
            print(f"== {name}")
            keep = [l for l in out.splitlines() if l.strip().startswith(("50%", "90%", "99%", "Requests/sec", "Non-2xx", "Socket errors", "Latency "))]
            print("\n".join(keep), flush=True)
        rss = sh("ps", "-o", "rss=", "-p", str(server.pid)).strip()
        print(f"server RSS: {int(rss) / 1024:.0f} MB")
    finally:
        server.terminate()
        server.wait()
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
