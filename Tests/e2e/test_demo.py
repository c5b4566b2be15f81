"""`peyvand serve --demo` with its output going to a file, as under a service manager or `> log`."""

from __future__ import annotations

import signal
import subprocess
import time

import requests

from peyvand_proc import HEALTH_TIMEOUT_SECONDS, free_port, peyvand_bin

DEMO_EMAILS = [
    "admin@demo.peyvand.ir",
    "sales@demo.peyvand.ir",
    "support@demo.peyvand.ir",
    "analyst@demo.peyvand.ir",
    "partner@demo.peyvand.ir",
]


def test_serve_demo_prints_the_logins_when_output_is_a_file(tmp_path):
    port = free_port()
    out_path, err_path = tmp_path / "out.txt", tmp_path / "err.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(
            [peyvand_bin(), "serve", "--demo", "--demo-customers", "60", "--analytics-every", "0",
             "--db", f"sqlite:{tmp_path / 'demo.sqlite'}", "--host", "127.0.0.1", "--port", str(port),
             "--documents", str(tmp_path / "documents")],
            stdin=subprocess.DEVNULL, stdout=out, stderr=err,
        )
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS + 120  # the demo data is made first
        healthy = False
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if requests.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    healthy = True
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)  # polling a process that is starting; nothing to wait on instead
        assert healthy, f"serve --demo never became healthy:\n{err_path.read_text(errors='replace')[-3000:]}"
        # Read while the server still runs: the logins must not wait for it to exit.
        printed = out_path.read_text(errors="replace")
        for email in DEMO_EMAILS:
            assert email in printed, f"{email} not printed; stdout was:\n{printed}"
        assert "peyvand-admin" in printed
        assert f"http://127.0.0.1:{port}" in printed
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
