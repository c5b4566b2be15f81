"""A real SMTP peer on loopback (aiosmtpd) and a `peyvand serve` that sends its outbox email to it:
what the tests that read the email Peyvand sends (leads, quotes, tickets, SLA escalations) share."""
from __future__ import annotations

import email
import os
import subprocess
import threading
import time
from contextlib import contextmanager
from email.policy import default as default_policy

from aiosmtpd.controller import Controller

from peyvand_proc import PeyvandServer, free_port


class Inbox:
    """The SMTP peer's mailbox: every message it accepted with its envelope recipients, parsed."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=default_policy)))
        return "250 OK"


@contextmanager
def smtp_peer():
    """(inbox, port) of an SMTP server on 127.0.0.1 for as long as the block runs."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def wait_for_mail(inbox: Inbox, to: str, subject_part: str, seconds: float = 30) -> email.message.EmailMessage:
    """The first message to `to` whose subject holds `subject_part` (the outbox sends on its own schedule)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with inbox.lock:
            for rcpts, msg in inbox.messages:
                if to in rcpts and subject_part in str(msg["Subject"]):
                    return msg
        time.sleep(0.3)
    raise AssertionError(f"no email to {to} about {subject_part}: {[(r, str(m['Subject'])) for r, m in inbox.messages]}")


class MailingServer(PeyvandServer):
    """`peyvand serve` that sends its outbox email to the loopback SMTP peer."""
    smtp_port: int = 0

    def start(self) -> None:
        self.port = free_port()
        self.log_path = self.workdir / "server.log"
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--db", self.db, "--host", "127.0.0.1", "--port", str(self.port),
             "--documents", str(self.workdir / "documents"), "--smtp-host", "127.0.0.1", "--smtp-port", str(self.smtp_port),
             "--smtp-security", "none", "--mail-from", "crm@example.test"],
            stdin=subprocess.DEVNULL, env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self._wait_healthy()


def start_mailing_server(workdir, smtp_port: int) -> MailingServer:
    """A prepared, started `peyvand serve` mailing to `smtp_port`, stopped with the session's servers."""
    from peyvand_proc import running_servers
    srv = MailingServer(workdir=workdir)
    srv.smtp_port = smtp_port
    running_servers.append(srv)
    srv.prepare()
    srv.start()
    return srv


def api_caller(base: str):
    """`call(path, method="post", **body)` as the administrator's API token; asserts 200 or 201 and returns the JSON."""
    import requests
    from peyvand_proc import api_token
    headers = {"Authorization": f"Bearer {api_token(base)}"}

    def call(path, method="post", **body):
        r = requests.request(method, f"{base}/api/v1{path}", headers=headers, timeout=10, json=body)
        assert r.status_code in (200, 201), (path, r.status_code, r.text)
        return r.json()
    return call, headers
