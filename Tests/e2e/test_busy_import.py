"""A command-line import in another process, while people keep working through the API.

The import writes in chunks (short transactions), so reads, creates and logins of a real
`peyvand serve` on the same SQLite file go on between them: none may fail, none may wait long.
"""

from __future__ import annotations

import subprocess
import threading
import time

import requests

from peyvand_proc import ADMIN_EMAIL, ADMIN_PASSWORD, api_token, start_server
from summary import report_line

ROWS = 30_000


def test_cli_import_does_not_fail_others(e2e_tmp):
    srv = start_server(e2e_tmp / "busy-import")
    try:
        token = api_token(srv.base)
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        csv = e2e_tmp / "busy-import" / "many.csv"
        with csv.open("w", encoding="utf-8") as out:
            out.write("name,mobile,city\n")
            for n in range(1, ROWS + 1):
                out.write(f"مشتری {n},0936{n:07d},کرمان\n")
        importer = subprocess.Popen([srv.binary, "import", "customers", "--db", srv.db, str(csv)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        failures: list[str] = []
        slowest = 0.0
        sent = 0
        stop = threading.Event()

        def work(kind: int) -> None:
            nonlocal sent, slowest
            n = 0
            while not stop.is_set():
                n += 1
                started = time.monotonic()
                if kind == 0:
                    r = requests.get(f"{srv.base}/api/v1/me", headers=auth, timeout=30)
                    want = 200
                elif kind == 1:
                    r = requests.post(f"{srv.base}/api/v1/customers", headers=auth, json={"name": f"هم‌زمان {n}"}, timeout=30)
                    want = 201
                else:
                    r = requests.post(f"{srv.base}/api/v1/auth/token", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, timeout=30)
                    want = 201
                slowest = max(slowest, time.monotonic() - started)
                sent += 1
                if r.status_code != want:
                    failures.append(f"{r.request.method} {r.request.path_url}: {r.status_code} {r.text[:160]}")

        workers = [threading.Thread(target=work, args=(k,)) for k in (0, 1, 2)]
        for w in workers:
            w.start()
        out, err = importer.communicate(timeout=600)
        stop.set()
        for w in workers:
            w.join()
        assert importer.returncode == 0, f"import failed:\n{out}\n{err}"
        count = requests.get(f"{srv.base}/api/v1/customers?q=کرمان&limit=1", headers=auth, timeout=30)
        assert count.status_code == 200
        report_line(f"busy import: {ROWS} rows imported by the CLI while {sent} API requests ran; "
                    f"{len(failures)} failed; slowest {slowest:.2f} s")
        assert sent > 30, "the requests did not overlap the import"
        assert not failures, f"{len(failures)} of {sent} requests failed during the import:\n" + "\n".join(failures[:10])
    finally:
        srv.stop()
