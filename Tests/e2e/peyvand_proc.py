"""Runs a real `peyvand` binary for the end-to-end tests: migrate, add users, serve."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ADMIN_EMAIL = "admin@example.test"
ADMIN_NAME = "Admin"
ADMIN_PASSWORD = "correct horse battery"
# A user nobody switches the language of, to check the default language (fa).
FRESH_EMAIL = "fresh@example.test"
FRESH_NAME = "Fresh User"
FRESH_PASSWORD = "fresh user password 1"

HEALTH_TIMEOUT_SECONDS = 60
CLI_TIMEOUT_SECONDS = 120


def peyvand_bin() -> str:
    """Path of the binary under test, from $PEYVAND_BIN."""
    path = os.environ.get("PEYVAND_BIN", "")
    if not path:
        raise RuntimeError(
            "PEYVAND_BIN is not set: run the e2e suite through scripts/test, or set "
            "PEYVAND_BIN=$(swift build --show-bin-path)/peyvand"
        )
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise RuntimeError(f"PEYVAND_BIN={path} is not an executable file (did `swift build` run?)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(binary: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [binary, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_SECONDS,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"`peyvand {' '.join(args)}` exited {proc.returncode}\n"
            f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
        )
    return proc


@dataclass
class PeyvandServer:
    """A `peyvand serve` on its own SQLite database in `workdir`."""

    workdir: Path
    binary: str = field(default_factory=peyvand_bin)
    port: int = 0
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    # More `serve` options (an SMTP peer to send email through, …).
    args: list[str] = field(default_factory=list)
    _final_log: str | None = None

    @property
    def db(self) -> str:
        return f"sqlite:{self.workdir / 'e2e.sqlite'}"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def prepare(self) -> None:
        """migrate, then add the admin and the fresh user (passwords on stdin)."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        run_cli(self.binary, "migrate", "--db", self.db)
        for email, name, password in (
            (ADMIN_EMAIL, ADMIN_NAME, ADMIN_PASSWORD),
            (FRESH_EMAIL, FRESH_NAME, FRESH_PASSWORD),
        ):
            run_cli(
                self.binary, "user", "add", "--db", self.db,
                "--email", email, "--name", name, "--role", "administrator", "--password-stdin",
                stdin=password + "\n",
            )

    def start(self) -> None:
        self.port = free_port()
        self.log_path = self.workdir / "server.log"
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--db", self.db, "--host", "127.0.0.1", "--port", str(self.port),
             "--documents", str(self.workdir / "documents"), *self.args],
            stdin=subprocess.DEVNULL,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"peyvand serve exited with {self.process.returncode} before it was healthy\n{self.log_tail()}"
                )
            try:
                r = requests.get(self.base + "/health", timeout=2)
                if r.status_code == 200:
                    return
                last = f"HTTP {r.status_code}"
            except requests.RequestException as exc:
                last = type(exc).__name__
            time.sleep(0.2)  # polling a process that is starting; nothing to wait on instead
        self.stop()
        raise RuntimeError(
            f"peyvand serve was not healthy within {HEALTH_TIMEOUT_SECONDS}s ({last})\n{self.log_tail()}"
        )

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
        if self.log_path and self.log_path.exists():
            # Keep the log: the temp dir is deleted before pytest prints its summary.
            self._final_log = self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 60) -> str:
        if self.log_path and self.log_path.exists():
            text = self.log_path.read_text(errors="replace").splitlines()
        elif self._final_log is not None:
            text = self._final_log.splitlines()
        else:
            return "(no server log)"
        return "--- peyvand serve log (last %d lines)\n%s" % (lines, "\n".join(text[-lines:]))


def api_token(base: str, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> str:
    r = requests.post(base + "/api/v1/auth/token", json={"email": email, "password": password}, timeout=10)
    assert r.status_code == 201, f"POST /api/v1/auth/token -> {r.status_code}: {r.text[:500]}"
    token = r.json().get("token")
    assert isinstance(token, str) and token, f"no token in {r.text[:500]}"
    return token


# Every server started in this process, so that conftest can stop them and show their logs.
running_servers: list[PeyvandServer] = []


def start_server(workdir: Path, env: dict[str, str] | None = None, args: list[str] | None = None) -> PeyvandServer:
    """migrate + users + serve in `workdir` (with `env` added to the environment and `args` to the command line); returns once /health answers 200."""
    server = PeyvandServer(workdir=workdir, env=dict(env or {}), args=list(args or []))
    running_servers.append(server)
    server.prepare()
    server.start()
    return server
