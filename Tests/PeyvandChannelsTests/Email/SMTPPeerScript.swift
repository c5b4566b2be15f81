/// The loopback SMTP peer the email tests send to: aiosmtpd's `Controller` with an optional
/// authenticator and STARTTLS, a handler that can be told to refuse RCPT or DATA with a given
/// reply, and for every message received `<n>.eml` (the bytes as received, dot-stuffing
/// undone by the server) and `<n>.json` (what Python's own `email` package decodes from it).
/// `--silent` listens and never says a word (for time-outs).
let smtpPeerScript = #"""
import argparse, base64, email, email.policy, json, os, signal, socket, ssl, subprocess, sys, threading, time

# The Swift test process may hand down SIGTERM blocked; the test stops this server with it.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
signal.signal(signal.SIGTERM, signal.SIG_DFL)
# And when the test closes our standard input (or dies), we go too.
def exit_on_stdin_close():
    sys.stdin.read()
    os._exit(0)

ap = argparse.ArgumentParser()
ap.add_argument("--dir", required=True)
ap.add_argument("--user")
ap.add_argument("--password")
ap.add_argument("--starttls", action="store_true")
ap.add_argument("--implicit-tls", action="store_true")
ap.add_argument("--rcpt-reply")
ap.add_argument("--data-reply")
ap.add_argument("--silent", action="store_true")
args = ap.parse_args()

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port

if args.silent:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(5)
    print("READY %d" % s.getsockname()[1], flush=True)
    threading.Thread(target=exit_on_stdin_close, daemon=True).start()
    conns = []
    while True:
        c, _ = s.accept()
        conns.append(c)

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

def tls_context():
    cert = os.path.join(args.dir, "cert.pem")
    key = os.path.join(args.dir, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword)
          and auth_data.login == args.user.encode() and auth_data.password == args.password.encode())
    with open(os.path.join(args.dir, "auth.log"), "a") as f:
        f.write("%s %s\n" % (mechanism, "ok" if ok else "refused"))
    return AuthResult(success=ok, handled=False)

class Handler:
    n = 0
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if args.rcpt_reply:
            return args.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if args.data_reply:
            return args.data_reply
        Handler.n += 1
        raw = envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts, defects = [], [repr(d) for d in msg.defects]
        for part in msg.walk():
            defects += [repr(d) for d in part.defects]
            if part.is_multipart():
                parts.append({"type": part.get_content_type()})
                continue
            payload = part.get_payload(decode=True)
            text = None
            if part.get_content_maintype() == "text" and part.get_filename() is None:
                text = payload.decode(part.get_content_charset() or "ascii")
            parts.append({"type": part.get_content_type(), "filename": part.get_filename(),
                          "text": text, "base64": base64.b64encode(payload).decode()})
        lines = raw.split(b"\r\n")
        summary = {
            "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
            "subject": str(msg["subject"]), "from": str(msg["from"]), "to": str(msg["to"]),
            "date": str(msg["date"]), "message_id": str(msg["message-id"]),
            "in_reply_to": str(msg["in-reply-to"]) if msg["in-reply-to"] else None,
            "content_type": msg.get_content_type(), "parts": parts, "defects": defects,
            "max_line": max(len(l) for l in lines), "bare_lf": any(b"\n" in l for l in lines),
            "tls": session.ssl is not None or server.transport.get_extra_info("sslcontext") is not None,
        }
        base = os.path.join(args.dir, str(Handler.n))
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        with open(base + ".json.tmp", "w") as f:
            json.dump(summary, f, ensure_ascii=False)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 2.0.0 queued as peyvand-%d" % Handler.n

kwargs = {}
if args.user:
    kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
if args.starttls:
    kwargs.update(tls_context=tls_context(), require_starttls=True)
if args.implicit_tls:
    kwargs.update(ssl_context=tls_context())
port = free_port()
controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
controller.start()
print("READY %d" % port, flush=True)
try:
    sys.stdin.read()
finally:
    controller.stop()
"""#
