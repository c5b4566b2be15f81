"""The AMI example script (scripts/examples/ami_bridge.py) against a fake Asterisk: a TCP peer on
loopback that speaks the Manager protocol (banner, Login, events) and replays a recorded sequence —
an incoming call answered by extension 7301, a call from an unknown number nobody answers, and an
outgoing call. The script reports them to a real `peyvand serve`; the call log must say so."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "examples" / "ami_bridge.py"


def event(name: str, **fields: str) -> bytes:
    lines = [f"Event: {name}", "Privilege: call,all"] + [f"{k}: {v}" for k, v in fields.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def recording(tag: str, known: str, unknown: str) -> list[bytes]:
    """What Asterisk 20 sends (trimmed to the fields the script reads), with timestamps 1 s apart."""
    a, b, c = f"{tag}.1", f"{tag}.2", f"{tag}.3"
    t = 1_790_000_000.0
    ts = lambda s: f"{t + s:.6f}"  # noqa: E731
    return [
        # Incoming from a known number, rung at 7301, answered 3 s later, 95 s of talk.
        event("Newchannel", Channel="PJSIP/trunk-00000001", CallerIDNum=known, Exten="02188887777", Uniqueid=a, Linkedid=a, Timestamp=ts(0)),
        event("Newchannel", Channel="PJSIP/7301-00000002", CallerIDNum="7301", Exten="s", Uniqueid=f"{a}1", Linkedid=a, Timestamp=ts(1)),
        event("DialBegin", Channel="PJSIP/trunk-00000001", DestChannel="PJSIP/7301-00000002", DestCallerIDNum="7301", Uniqueid=a,
              DestUniqueid=f"{a}1", Linkedid=a, Timestamp=ts(1)),
        event("DialEnd", DestChannel="PJSIP/7301-00000002", DestCallerIDNum="7301", DialStatus="ANSWER", Uniqueid=a, Linkedid=a, Timestamp=ts(4)),
        event("BridgeEnter", Channel="PJSIP/7301-00000002", CallerIDNum="7301", Uniqueid=f"{a}1", Linkedid=a, Timestamp=ts(4)),
        # An unknown caller rings 7301 while the first call goes on, and gives up.
        event("Newchannel", Channel="PJSIP/trunk-00000003", CallerIDNum=unknown, Exten="02188887777", Uniqueid=b, Linkedid=b, Timestamp=ts(10)),
        event("DialBegin", Channel="PJSIP/trunk-00000003", DestChannel="PJSIP/7301-00000004", DestCallerIDNum="7301", Uniqueid=b,
              Linkedid=b, Timestamp=ts(10)),
        event("Newchannel", Channel="PJSIP/7301-00000004", CallerIDNum="7301", Exten="s", Uniqueid=f"{b}1", Linkedid=b, Timestamp=ts(10)),
        event("DialEnd", DestChannel="PJSIP/7301-00000004", DialStatus="NOANSWER", Uniqueid=b, Linkedid=b, Timestamp=ts(30)),
        event("Hangup", Channel="PJSIP/7301-00000004", Uniqueid=f"{b}1", Linkedid=b, Cause="16", Timestamp=ts(30)),
        event("Hangup", Channel="PJSIP/trunk-00000003", Uniqueid=b, Linkedid=b, Cause="16", Timestamp=ts(30)),
        event("Hangup", Channel="PJSIP/7301-00000002", Uniqueid=f"{a}1", Linkedid=a, Cause="16", Timestamp=ts(99)),
        event("Hangup", Channel="PJSIP/trunk-00000001", Uniqueid=a, Linkedid=a, Cause="16", Timestamp=ts(99)),
        # 7301 calls the known customer: outgoing, 20 s.
        event("Newchannel", Channel="PJSIP/7301-00000005", CallerIDNum="7301", Exten=known, Uniqueid=c, Linkedid=c, Timestamp=ts(200)),
        event("DialBegin", Channel="PJSIP/7301-00000005", DestChannel="PJSIP/trunk-00000006", DestCallerIDNum=known, Uniqueid=c, Linkedid=c, Timestamp=ts(200)),
        event("Newchannel", Channel="PJSIP/trunk-00000006", CallerIDNum=known, Exten="s", Uniqueid=f"{c}1", Linkedid=c, Timestamp=ts(200)),
        event("DialEnd", DestChannel="PJSIP/trunk-00000006", DialStatus="ANSWER", Uniqueid=c, Linkedid=c, Timestamp=ts(205)),
        event("Hangup", Channel="PJSIP/trunk-00000006", Uniqueid=f"{c}1", Linkedid=c, Timestamp=ts(225)),
        event("Hangup", Channel="PJSIP/7301-00000005", Uniqueid=c, Linkedid=c, Timestamp=ts(225)),
    ]


class FakeAMI(threading.Thread):
    """One connection: banner, checks the Login action, answers Success, replays, closes."""

    def __init__(self, events: list[bytes], secret: str):
        super().__init__(daemon=True)
        self.events, self.secret = events, secret
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.login: dict[str, str] = {}

    def run(self) -> None:
        conn, _ = self.listener.accept()
        with conn:
            conn.sendall(b"Asterisk Call Manager/9.0.0\r\n")
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(4096)
            self.login = dict(line.split(": ", 1) for line in data.decode().split("\r\n") if ": " in line)
            ok = self.login.get("Action") == "Login" and self.login.get("Secret") == self.secret
            conn.sendall(f"Response: {'Success' if ok else 'Error'}\r\nActionID: login\r\nMessage: Authentication "
                         f"{'accepted' if ok else 'failed'}\r\n\r\n".encode())
            if ok:
                for chunk in self.events:
                    conn.sendall(chunk)
        self.listener.close()


def test_the_ami_bridge_reports_a_recorded_asterisk_session(base, token):
    headers = {"Authorization": f"Bearer {token}"}
    me = requests.get(f"{base}/api/v1/me", headers=headers, timeout=10).json()
    assert requests.put(f"{base}/api/v1/users/{me['id']}/extension", json={"extension": "7301"}, headers=headers, timeout=10).ok
    known = "0936" + str(uuid.uuid4().int)[:7]
    unknown = "0937" + str(uuid.uuid4().int)[:7]
    made = requests.post(f"{base}/api/v1/customers", json={"name": "AMI caller", "phones": [known]}, headers=headers, timeout=10)
    customer = made.json()["id"]
    tag = uuid.uuid4().hex[:8]
    ami = FakeAMI(recording(tag, known, unknown), secret="s3cret")
    ami.start()
    done = subprocess.run([sys.executable, str(SCRIPT), "--ami-port", str(ami.port), "--ami-user", "peyvand", "--ami-secret", "s3cret",
                           "--peyvand", base, "--token", token, "--once", "-v"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert ami.login.get("Username") == "peyvand" and ami.login.get("Events") == "call"
    calls = {c["callId"]: c for c in requests.get(f"{base}/api/v1/calls?limit=50", headers=headers, timeout=10).json()["items"]}
    first, missed, out = calls[f"{tag}.1"], calls[f"{tag}.2"], calls[f"{tag}.3"]
    assert (first["state"], first["direction"], first["customerId"], first["durationSeconds"], first["agentUserId"]) == \
        ("ended", "in", customer, 95, me["id"]), first
    assert first["startedAt"].startswith("2026-09-21T") and first["interactionId"]
    assert (missed["state"], missed["customerId"], missed["durationSeconds"], missed["from"]) == ("missed", None, 0, "+98" + unknown[1:]), missed
    assert (out["state"], out["direction"], out["customerId"], out["durationSeconds"], out["agentUserId"]) == \
        ("ended", "out", customer, 20, me["id"]), out
    timeline = requests.get(f"{base}/api/v1/customers/{customer}/interactions?kind=call", headers=headers, timeout=10).json()["items"]
    assert sorted((i["direction"], i["durationSeconds"], i["outcome"]) for i in timeline) == [("in", 95, "answered"), ("out", 20, "answered")]


def test_the_ami_bridge_stops_when_asterisk_refuses_the_login(base, token):
    ami = FakeAMI([], secret="right")
    ami.start()
    done = subprocess.run([sys.executable, str(SCRIPT), "--ami-port", str(ami.port), "--ami-secret", "wrong", "--peyvand", base,
                           "--token", token, "--once"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "login refused" in done.stderr
