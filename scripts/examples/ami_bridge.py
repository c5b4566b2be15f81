#!/usr/bin/env python3
"""A small bridge from Asterisk's Manager Interface (AMI) to Peyvand's telephone API.

It logs in to AMI (TCP port 5038), reads the call events, groups them by `Linkedid` (one id for
every channel of one call) and reports each call to Peyvand as it rings, is answered and ends:

    Newchannel              remembers the call: who calls whom, and whether it is incoming
    DialBegin               -> ringing  (with the extension being rung, so it pops up for that agent)
    DialEnd ANSWER,
    BridgeEnter             -> answered (with the extension that answered)
    Hangup of the last
    channel of the call     -> ended

Each report is a POST to /api/v1/calls with the API token of an account whose role has
`calls.report` (docs/roles.md). Peyvand ignores a report it already has, so a report that is
retried, or sent again after a restart, is harmless.

Python 3.9+, standard library only. Example:

    PEYVAND_TOKEN=pvt_... AMI_SECRET=... python3 ami_bridge.py \\
        --ami-host 127.0.0.1 --ami-user peyvand --peyvand https://crm.example.ir

Asterisk's /etc/asterisk/manager.conf needs a user that may read call events:

    [peyvand]
    secret = a-long-secret
    read = call
    write =
    deny = 0.0.0.0/0.0.0.0
    permit = 10.0.0.5/255.255.255.255   ; the host this bridge runs on
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import queue
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.request

log = logging.getLogger("ami_bridge")

# "PJSIP/201-0000002a", "SIP/201-00000001", "Local/201@from-queue-00000003;1" -> "201"
CHANNEL_EXTENSION = re.compile(r"^[A-Za-z0-9]+/([^-@;/]+)")


def channel_extension(channel: str) -> str | None:
    m = CHANNEL_EXTENSION.match(channel or "")
    return m.group(1) if m else None


class Calls:
    """The calls in progress, by Linkedid, and what has been reported of each."""

    def __init__(self, internal: re.Pattern[str], report):
        self.internal = internal
        self.report = report
        self.calls: dict[str, dict] = {}

    def handle(self, event: dict[str, str]) -> None:
        name = event.get("Event", "")
        linked = event.get("Linkedid") or event.get("LinkedID") or event.get("Uniqueid")
        if not linked:
            return
        at = self.instant(event)
        if name == "Newchannel":
            call = self.calls.get(linked)
            if call is None:
                caller = event.get("CallerIDNum", "")
                callee = event.get("Exten", "")
                outgoing = bool(self.internal.match(caller))
                call = {"from": caller, "to": callee, "direction": "out" if outgoing else "in", "channels": set(), "sent": set(),
                        "agent": caller if outgoing else None}
                self.calls[linked] = call
            call["channels"].add(event.get("Uniqueid", ""))
            return
        call = self.calls.get(linked)
        if call is None:
            return  # a call that began before the bridge started: nothing known of its parties
        if name == "DialBegin":
            if call["direction"] == "in":
                call["agent"] = event.get("DestCallerIDNum") or channel_extension(event.get("DestChannel", "")) or call["agent"]
            self.send(linked, call, "ringing", at)
        elif name == "DialEnd" and event.get("DialStatus") == "ANSWER":
            if call["direction"] == "in":
                call["agent"] = event.get("DestCallerIDNum") or channel_extension(event.get("DestChannel", "")) or call["agent"]
            self.send(linked, call, "answered", at)
        elif name == "BridgeEnter" and event.get("Uniqueid") != linked:
            # The second party joined the caller: answered (DialEnd may come first; the API ignores the repeat).
            if call["direction"] == "in":
                call["agent"] = call["agent"] or event.get("CallerIDNum") or channel_extension(event.get("Channel", ""))
            self.send(linked, call, "answered", at)
        elif name == "Hangup":
            call["channels"].discard(event.get("Uniqueid", ""))
            if not call["channels"]:
                self.send(linked, call, "ended", at)
                del self.calls[linked]

    def send(self, linked: str, call: dict, state: str, at: str) -> None:
        if state in call["sent"]:
            return
        call["sent"].add(state)
        body = {"callId": linked, "event": state, "from": call["from"] or "unknown", "to": call["to"],
                "direction": call["direction"], "at": at}
        if call["agent"] and state != "ended":
            body["agentExtension"] = call["agent"]
        self.report(body)

    @staticmethod
    def instant(event: dict[str, str]) -> str:
        """The event's own time (AMI's `Timestamp:` with timestampevents=yes), else now."""
        stamp = event.get("Timestamp")
        when = dt.datetime.fromtimestamp(float(stamp), dt.timezone.utc) if stamp else dt.datetime.now(dt.timezone.utc)
        return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


class Reporter(threading.Thread):
    """POSTs reports in order from a queue, so reading AMI never waits for Peyvand; retries with back-off."""

    def __init__(self, base: str, token: str, attempts: int = 5):
        super().__init__(daemon=True)
        self.url = base.rstrip("/") + "/api/v1/calls"
        self.token = token
        self.attempts = attempts
        self.queue: queue.Queue[dict | None] = queue.Queue()

    def put(self, body: dict) -> None:
        self.queue.put(body)

    def run(self) -> None:
        while (body := self.queue.get()) is not None:
            self.post(body)
            self.queue.task_done()
        self.queue.task_done()

    def post(self, body: dict) -> None:
        data = json.dumps(body).encode()
        for attempt in range(self.attempts):
            request = urllib.request.Request(self.url, data=data, method="POST", headers={
                "Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    log.info("%s %s: %s", body["callId"], body["event"], answer.status)
                    return
            except urllib.error.HTTPError as error:
                if 400 <= error.code < 500 and error.code not in (408, 429):
                    log.error("%s %s refused: %s %s", body["callId"], body["event"], error.code, error.read()[:300])
                    return
                log.warning("%s %s: %s, retrying", body["callId"], body["event"], error.code)
            except OSError as error:
                log.warning("%s %s: %s, retrying", body["callId"], body["event"], error)
            time.sleep(min(30, 0.5 * 2 ** attempt))
        log.error("%s %s: gave up after %d attempts", body["callId"], body["event"], self.attempts)

    def close(self) -> None:
        self.queue.put(None)
        self.join(timeout=60)


def read_messages(sock: socket.socket):
    """AMI messages: blocks of `Key: Value` lines ending with an empty line."""
    buffer = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return
        buffer += chunk
        while b"\r\n\r\n" in buffer:
            block, buffer = buffer.split(b"\r\n\r\n", 1)
            message: dict[str, str] = {}
            for line in block.decode("utf-8", "replace").split("\r\n"):
                key, sep, value = line.partition(":")
                if sep:
                    message.setdefault(key.strip(), value.strip())
            if message:
                yield message


def session(args, calls: Calls) -> None:
    with socket.create_connection((args.ami_host, args.ami_port), timeout=30) as sock:
        banner = b""
        while not banner.endswith(b"\r\n"):
            part = sock.recv(1)
            if not part:
                raise ConnectionError("AMI closed the connection before its banner")
            banner += part
        log.info("connected: %s", banner.decode(errors="replace").strip())
        sock.sendall((f"Action: Login\r\nActionID: login\r\nUsername: {args.ami_user}\r\nSecret: {args.ami_secret}\r\n"
                      "Events: call\r\n\r\n").encode())
        sock.settimeout(None)
        messages = read_messages(sock)
        for message in messages:
            if message.get("ActionID") == "login" or "Response" in message:
                if message.get("Response") != "Success":
                    raise PermissionError(f"AMI login refused: {message.get('Message', message)}")
                log.info("logged in as %s", args.ami_user)
                break
        for message in messages:
            if "Event" in message:
                calls.handle(message)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Report Asterisk calls to Peyvand (POST /api/v1/calls).")
    parser.add_argument("--ami-host", default="127.0.0.1")
    parser.add_argument("--ami-port", type=int, default=5038)
    parser.add_argument("--ami-user", default="peyvand")
    parser.add_argument("--ami-secret", default=os.environ.get("AMI_SECRET", ""), help="or AMI_SECRET in the environment")
    parser.add_argument("--peyvand", required=True, help="Peyvand's address, e.g. https://crm.example.ir")
    parser.add_argument("--token", default=os.environ.get("PEYVAND_TOKEN", ""), help="or PEYVAND_TOKEN in the environment")
    parser.add_argument("--internal", default=r"^\d{2,5}$",
                        help="a calling number matching this is one of your extensions: the call is outgoing (default: 2-5 digits)")
    parser.add_argument("--once", action="store_true", help="stop when AMI closes the connection (otherwise reconnect)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    if not args.token:
        parser.error("give the API token with --token or PEYVAND_TOKEN")
    reporter = Reporter(args.peyvand, args.token)
    reporter.start()
    calls = Calls(re.compile(args.internal), reporter.put)
    try:
        while True:
            try:
                session(args, calls)
                log.warning("AMI closed the connection")
            except PermissionError as error:
                log.error("%s", error)
                return 2
            except OSError as error:
                log.warning("AMI: %s", error)
            if args.once:
                return 0
            time.sleep(5)
    except KeyboardInterrupt:
        return 0
    finally:
        reporter.close()


if __name__ == "__main__":
    sys.exit(main())
