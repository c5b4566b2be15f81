"""Schemathesis hooks for Peyvand's document: strategies for its cursor formats.

A list's `after` is not free text: it is the `next` of an earlier page, and the server answers
400 to anything it did not make. The document says so with a format per kind of cursor; these
strategies make values of those formats (what the server's `next` would look like), so that
positive tests send cursors the server accepts and negative tests still send anything else.
Loaded by test_openapi.py through SCHEMATHESIS_HOOKS.
"""

from __future__ import annotations

import base64

import schemathesis
from hypothesis import strategies as st


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


_id = st.integers(min_value=1, max_value=2**62)

# `i:<id>`: keyset lists by id (customers, users, orders, invoices, tokens, audit).
schemathesis.openapi.format("peyvand-cursor", _id.map(lambda n: _encode(f"i:{n}")))
# `t:<milliseconds>:<id>`: lists by time (timeline, interactions, a customer's orders, overdue).
schemathesis.openapi.format(
    "peyvand-time-cursor",
    st.tuples(st.integers(min_value=0, max_value=4_102_444_800_000), _id).map(lambda p: _encode(f"t:{p[0]}:{p[1]}")),
)
# `d:<score>:<first>:<second>`: likely duplicates.
schemathesis.openapi.format(
    "peyvand-duplicates-cursor",
    st.tuples(st.integers(min_value=0, max_value=1000), _id, _id).map(lambda p: _encode(f"d:{p[0]}:{p[1]}:{p[2]}")),
)
# Products page by SKU: any text is a position.
schemathesis.openapi.format(
    "peyvand-sku-cursor",
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40).map(_encode),
)

# `POST /api/v1/mail/inbound` takes a raw email (`message/rfc822`, `format: binary`): its bytes
# are sent as they are, as for application/octet-stream (schemathesis has no serializer of its own
# for the type).
schemathesis.serializer.alias("message/rfc822", "application/octet-stream")
