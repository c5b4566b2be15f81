"""Numeric limits sweep: every numeric field of every API operation, at the edges of the number types.

Reads the OpenAPI document from a running `peyvand serve` (its own database), builds one valid
request per operation (from the document's examples and required fields, with a customer,
product, order, shipment, invoice, interaction and document made first so that path ids exist),
then for every numeric field — integers and numbers in the query, path, headers or JSON body,
nested ones (`lines[].quantity`, `prices.retail`, map keys that are ids) and strings that carry
numbers (ids, decimal strings, patterns of digits) — sends the request with that one field
replaced by each value of `VALUES` (raw JSON number text and the same as a JSON string).

Every answer must be 4xx `application/problem+json`, or 2xx when the value is genuinely
acceptable: finite, inside the range the document gives (`minimum`/`maximum`, `pattern`), and an
id no larger than a 64-bit integer. Never 5xx, never a dropped connection, and `GET /health`
answers 200 after every operation. A server that dies is restarted so the sweep can report every
trap in one run. Prints how many requests it sent.
"""

from __future__ import annotations

import copy
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import yaml

from peyvand_proc import api_token, start_server
from summary import report_line

INT64_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1

# The integer limits ± 1 (64-bit and 32-bit, signed and unsigned), as exact integers.
INT_LIMITS = sorted({
    v
    for limit in (INT64_MAX, -(2**63), INT32_MAX, -(2**31), 2**64 - 1, 2**32 - 1)
    for v in (limit - 1, limit, limit + 1)
})

# (label, raw JSON text or None, string form or None)
VALUES: list[tuple[str, str | None, str | None]] = [
    ("1e19", "1e19", "1e19"),
    ("-1e19", "-1e19", "-1e19"),
    ("1e308", "1e308", "1e308"),
    ("1e400", "1e400", "1e400"),
    ("NaN", "NaN", "NaN"),
    ("Infinity", "Infinity", "Infinity"),
    ("-Infinity", "-Infinity", "-Infinity"),
] + [(str(v), str(v), str(v)) for v in INT_LIMITS]

# Values that are no finite number at all: always refused.
NOT_FINITE = {"NaN", "Infinity", "-Infinity", "1e400"}

REQUEST_TIMEOUT = 15


@dataclass
class Field:
    location: str  # path, query, header, body, body-key
    name: str  # parameter name, or body path such as lines[0].quantity
    kind: str  # integer, number, id, decimal, pattern
    schema: dict = field(default_factory=dict)
    path: tuple = ()  # body path elements (str keys / int indexes); for body-key, the map's path


@dataclass
class Sweep:
    requests: int = 0
    operations: int = 0
    fields: int = 0
    failures: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- the document


def resolve(document: dict, node: Any, depth: int = 0) -> Any:
    """`node` with every $ref inlined; the referenced schema's name kept as `x-ref`."""
    if depth > 20:
        return {}
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].split("/")[-1]
            target: Any = document
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            resolved = resolve(document, target, depth + 1)
            if isinstance(resolved, dict):
                resolved = {**resolved, "x-ref": resolved.get("x-ref", name)}
                resolved.update({k: resolve(document, v, depth + 1) for k, v in node.items() if k != "$ref"})
            return resolved
        return {k: resolve(document, v, depth + 1) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(document, v, depth + 1) for v in node]
    return node


def types_of(schema: dict) -> set[str]:
    t = schema.get("type")
    found = set(t) if isinstance(t, list) else ({t} if t else set())
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in schema.get(key, []):
            found |= types_of(sub)
    return found


def refs_of(schema: dict) -> set[str]:
    found = {schema["x-ref"]} if "x-ref" in schema else set()
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in schema.get(key, []):
            found |= refs_of(sub)
    return found


def merged(schema: dict) -> dict:
    """The schema with allOf/oneOf members folded in (for minimum, maximum, pattern, properties)."""
    out = dict(schema)
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key, []):
            if isinstance(sub, dict) and sub.get("type") != "null":
                for k, v in merged(sub).items():
                    out.setdefault(k, v)
    return out


def numeric_kind(name: str, schema: dict) -> str | None:
    refs = refs_of(schema)
    if "Id" in refs or "OrganisationRef" in refs or "IdFilter" in refs:
        return "id"
    if "Decimal" in refs or "Percent" in refs or "DecimalText" in refs:
        return "decimal"
    schema = merged(schema)
    types = types_of(schema)
    if "integer" in types:
        return "integer"
    if "number" in types:
        return "number"
    # A string named …Id is a numeric id unless it declares a format of its own (a PBX's call id is free text).
    if "string" in types and (name == "id" or name.endswith("Id")) and "format" not in schema:
        return "id"
    if "string" in types and "[0-9]" in str(schema.get("pattern", "")):
        return "pattern"
    return None


def body_fields(schema: dict, prefix: tuple = ()) -> list[Field]:
    """Numeric members of a JSON body schema, nested ones included."""
    schema = merged(schema)
    found: list[Field] = []
    for name, sub in (schema.get("properties") or {}).items():
        path = prefix + (name,)
        sub_m = merged(sub)
        kind = numeric_kind(name, sub)
        if kind:
            found.append(Field("body", dotted(path), kind, sub_m, path))
            continue
        types = types_of(sub_m)
        if "array" in types and isinstance(sub_m.get("items"), dict):
            item = sub_m["items"]
            item_kind = numeric_kind(name, item)
            if item_kind:
                found.append(Field("body", dotted(path + (0,)), item_kind, merged(item), path + (0,)))
            else:
                found += body_fields(item, path + (0,))
        elif "object" in types or "properties" in sub_m:
            found += body_fields(sub_m, path)
            extra = sub_m.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                extra_kind = numeric_kind(name, extra)
                if extra_kind:
                    # The value under a key (prices.retail, lines.<lineId>) and the key itself.
                    found.append(Field("body", dotted(path + ("*",)), extra_kind, merged(extra), path + ("*",)))
                    found.append(Field("body-key", dotted(path) + "{key}", "pattern", {}, path))
    return found


def dotted(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out


# ---------------------------------------------------------------- the base requests


@dataclass
class World:
    """The objects path ids and body ids point at."""

    ids: dict[str, str]


def example_for(name: str, schema: dict, world: World) -> Any:
    schema = merged(schema)
    if "example" in schema:
        return schema["example"]
    if "enum" in schema:
        return next(v for v in schema["enum"] if v is not None)
    kind = numeric_kind(name, schema)
    types = types_of(schema) - {"null"}
    if kind == "id":
        return world.ids.get(name, world.ids["customer"])
    if kind == "decimal":
        return "1"
    if kind in ("integer", "number"):
        return schema.get("default", schema.get("minimum", 1))
    if "boolean" in types:
        return True
    if "array" in types:
        return []
    if "object" in types or "properties" in schema:
        return {k: example_for(k, v, world) for k, v in (schema.get("properties") or {}).items()
                if k in schema.get("required", [])}
    if schema.get("format") == "date-time":
        return "2026-03-20T08:15:00Z"
    return "x" * max(1, schema.get("minLength", 1))


def base_bodies(world: World) -> dict[str, Any]:
    """Valid bodies for operations whose document gives no example, or one too thin to reach the numbers."""
    i = world.ids
    return {
        "createOrder": {"lines": [{"productId": i["product"], "quantity": "1", "unitPrice": "1000",
                                   "discountPercent": "0", "taxRate": "9"}]},
        "shipOrder": {"lines": {i["line"]: "1"}},
        "returnOrderLine": {"orderLineId": i["line"], "quantity": "1", "reason": "broken"},
        "invoiceOrder": {"termsDays": 30},
        "recordPayment": {"amount": "1", "method": "cash"},
        "createProduct": {"sku": "SWEEP-NEW", "name": "sweep", "unit": "piece", "cost": "1", "prices": {"retail": "2"}},
        "updateProduct": {"cost": "1", "prices": {"retail": "2"}},
        "setExchangeRate": {"currency": "USD", "rate": "1050000", "effectiveOn": "2026-01-01"},
        "addRelation": {"kind": "referred-by", "relatedId": i["other"]},
        "mergeCustomer": {"sourceId": i["other"]},
        "logInteraction": {"kind": "call", "direction": "in", "subject": "sweep", "durationSeconds": 60,
                           "cost": {"amount": "1000", "currency": "IRR"}},
    }


def path_value(path: str, name: str, world: World) -> str:
    i = world.ids
    if name == "shipment":
        return i["shipment"]
    if name == "relatedId":
        return i["other"]
    for prefix, key in (("/api/v1/customers/", "customer"), ("/api/v1/orders/", "order"), ("/api/v1/invoices/", "invoice"),
                        ("/api/v1/products/", "product"), ("/api/v1/interactions/", "interaction"),
                        ("/api/v1/documents/", "document"), ("/api/v1/merges/", "customer"),
                        ("/api/v1/auth/tokens/", "spareToken")):
        if path.startswith(prefix):
            return i[key]
    return "1"


def set_path(body: Any, path: tuple, value: Any) -> Any:
    """`body` with `value` at `path`, creating members on the way; `*` is the map's first key (or `retail`)."""
    body = copy.deepcopy(body) if body is not None else {}
    node = body
    for n, key in enumerate(path):
        last = n == len(path) - 1
        if key == "*":
            key = next(iter(node), "retail") if isinstance(node, dict) else "retail"
        if isinstance(key, int):
            while len(node) <= key:
                node.append({})
        elif key not in node or (not last and not isinstance(node[key], (dict, list))):
            node[key] = [] if (not last and isinstance(path[n + 1], int)) else {}
        if last:
            node[key] = value
        else:
            node = node[key]
    return body


class Raw:
    """A JSON number written exactly as given (1e400, NaN and 9223372036854775808 included)."""

    def __init__(self, text: str):
        self.text = text


def encode(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + encode(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(encode(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------- what is acceptable


def acceptable_2xx(f: Field, label: str, text: str) -> bool:
    """Whether a 2xx answer to this value is right (the value is genuinely acceptable)."""
    if label in NOT_FINITE:
        return False
    try:
        number = int(text)
    except ValueError:
        number = float(text)
    if f.kind == "id":
        return isinstance(number, int) and 0 < number <= INT64_MAX
    if f.kind == "decimal":
        # Decimal strings: the document's pattern is the part every field takes; the server's
        # exact arithmetic may take more, but never beyond a 64-bit count.
        return math.isfinite(float(number)) and abs(number) <= INT64_MAX
    pattern = f.schema.get("pattern")
    if pattern and not re.search(pattern, text):
        return False
    if f.kind in ("integer", "number"):
        if "minimum" not in f.schema or "maximum" not in f.schema:
            return False  # a number without a documented range may not take the edges of its type
        if f.kind == "integer" and not isinstance(number, int):
            return False
        return f.schema["minimum"] <= number <= f.schema["maximum"]
    if f.kind == "pattern":
        return bool(pattern) and bool(re.search(pattern, text)) and isinstance(number, int) and abs(number) <= INT64_MAX
    # decimal strings: the server's exact arithmetic decides, but never beyond a 64-bit count.
    return math.isfinite(float(number)) and abs(number) <= INT64_MAX


# ---------------------------------------------------------------- the sweep


@pytest.fixture(scope="module")
def limits_server(e2e_tmp):
    srv = start_server(e2e_tmp / "limits")
    yield srv
    srv.stop()


def post(srv, token, path, body=None, **kw):
    return requests.post(srv.base + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=REQUEST_TIMEOUT, **kw)


@pytest.fixture(scope="module")
def world(limits_server) -> tuple[World, str]:
    srv = limits_server
    token = api_token(srv.base)
    auth = {"Authorization": f"Bearer {token}"}
    ids: dict[str, str] = {}

    def made(r, what):
        assert r.status_code in (200, 201), f"making {what}: {r.status_code} {r.text[:300]}"
        return r.json()

    ids["customer"] = made(post(srv, token, "/api/v1/customers", {"kind": "person", "givenName": "Sweep", "familyName": "Base"}), "a customer")["id"]
    ids["other"] = made(post(srv, token, "/api/v1/customers", {"kind": "person", "givenName": "Other", "familyName": "Base"}), "a customer")["id"]
    ids["organisationId"] = made(post(srv, token, "/api/v1/customers", {"kind": "organisation", "name": "Sweep Co"}), "an organisation")["id"]
    post(srv, token, "/api/v1/price-lists", {"name": "retail", "currency": "IRR"})
    product = made(post(srv, token, "/api/v1/products", {"sku": "SWEEP-1", "name": "sweep", "unit": "piece", "cost": "1000",
                                                         "prices": {"retail": "1500"}}), "a product")
    ids["product"] = ids["productId"] = product["id"]
    lists = requests.get(srv.base + "/api/v1/price-lists", headers=auth, timeout=REQUEST_TIMEOUT).json()["items"]
    ids["priceListId"] = lists[0]["id"] if lists else "1"
    order = made(post(srv, token, f"/api/v1/customers/{ids['customer']}/orders",
                      {"confirm": True, "lines": [{"productId": ids["product"], "quantity": "5"}]}), "an order")
    ids["order"] = order["id"]
    ids["line"] = ids["orderLineId"] = order["lines"][0]["id"]
    shipped = made(post(srv, token, f"/api/v1/orders/{ids['order']}/shipments", {"lines": {ids["line"]: "2"}}), "a shipment")
    ids["shipment"] = shipped["shipments"][0]["id"]
    ids["invoice"] = made(post(srv, token, f"/api/v1/orders/{ids['order']}/invoice", {"termsDays": 30}), "an invoice")["id"]
    ids["interaction"] = ids["interactionId"] = made(
        post(srv, token, f"/api/v1/customers/{ids['customer']}/interactions", {"kind": "note", "subject": "sweep"}), "an interaction")["id"]
    r = requests.post(srv.base + f"/api/v1/customers/{ids['customer']}/documents", params={"filename": "note.txt"},
                      data=b"a plain text note\n", headers={**auth, "Content-Type": "application/octet-stream"}, timeout=REQUEST_TIMEOUT)
    ids["document"] = made(r, "a document")["id"]
    me = requests.get(srv.base + "/api/v1/me", headers=auth, timeout=REQUEST_TIMEOUT).json()
    ids["staffId"] = ids["ownerId"] = ids["sourceId"] = me["id"]
    ids["sourceId"] = ids["relatedId"] = ids["other"]
    spare = requests.post(srv.base + "/api/v1/auth/token", json={"email": "admin@example.test", "password": "correct horse battery",
                                                                "name": "spare"}, timeout=REQUEST_TIMEOUT)
    ids["spareToken"] = made(spare, "a spare token")["id"]
    return World(ids), token


def operations(document: dict):
    for path, item in document["paths"].items():
        common = item.get("parameters", [])
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            yield path, method, op, [resolve(document, p) for p in common + op.get("parameters", [])]


def sweep_fields(document: dict, op: dict, params: list[dict]) -> tuple[list[Field], dict | None]:
    fields = []
    for p in params:
        kind = numeric_kind(p["name"], p.get("schema", {}))
        if kind and p["in"] in ("path", "query", "header"):
            fields.append(Field(p["in"], p["name"], kind, merged(p.get("schema", {}))))
    body_schema = None
    content = (resolve(document, op.get("requestBody", {})) or {}).get("content", {})
    if "application/json" in content:
        body_schema = content["application/json"]
        fields += body_fields(body_schema.get("schema", {}))
    return fields, body_schema


def alive(srv) -> bool:
    try:
        return requests.get(srv.base + "/health", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def run_sweep(srv, world: World, token: str, only: set | None = None) -> Sweep:
    document = yaml.safe_load(requests.get(srv.base + "/api/openapi.yaml", timeout=10).text)
    bodies = base_bodies(world)
    result = Sweep()
    for path, method, op, params in operations(document):
        op_id = op.get("operationId", f"{method} {path}")
        fields, body_schema = sweep_fields(document, op, params)
        fields = [f for f in fields if only is None or (op_id, f.location, f.name) in only]
        if not fields:
            continue
        result.operations += 1
        result.fields += len(fields)
        path_params = {p["name"]: path_value(path, p["name"], world) for p in params if p["in"] == "path"}
        query = {p["name"]: str(example_for(p["name"], p.get("schema", {}), world)) for p in params
                 if p["in"] == "query" and p.get("required")}
        base_body = None
        if body_schema is not None:
            base_body = bodies.get(op_id, body_schema.get("example"))
            if base_body is None:
                base_body = example_for("", body_schema.get("schema", {}), world)
        for f in fields:
            for label, raw, text in VALUES:
                forms: list[tuple[str, Any, str]] = []
                if f.location == "body":
                    if raw is not None:
                        forms.append(("number", Raw(raw), raw))
                    if text is not None:
                        forms.append(("string", text, text))
                elif f.location == "body-key":
                    forms.append(("key", text, text))
                else:
                    forms.append(("text", text, text))
                for form, value, shown in forms:
                    pp, q, headers = dict(path_params), dict(query), {"Authorization": f"Bearer {token}"}
                    data = None
                    if f.location == "path":
                        pp[f.name] = shown
                    elif f.location == "query":
                        q[f.name] = shown
                    elif f.location == "header":
                        headers[f.name] = shown
                    if base_body is not None:
                        body = base_body
                        if f.location == "body":
                            body = set_path(base_body, f.path, value)
                        elif f.location == "body-key":
                            parent = base_body
                            for key in f.path:
                                parent = (parent or {}).get(key) if isinstance(parent, dict) else None
                            inner = next(iter(parent.values()), "1") if isinstance(parent, dict) and parent else "1"
                            body = set_path(base_body, f.path, {shown: inner})
                        data = encode(body).encode()
                        headers["Content-Type"] = "application/json"
                    url = srv.base + re.sub(r"\{(\w+)\}", lambda m: requests.utils.quote(pp[m.group(1)], safe=""), path)
                    what = f"{method.upper()} {path} {f.location} {f.name}={label} ({form})"
                    result.requests += 1
                    try:
                        r = requests.request(method.upper(), url, params=q, data=data, headers=headers, timeout=REQUEST_TIMEOUT)
                    except requests.RequestException as exc:
                        result.traps.append(f"{what}: no answer ({type(exc).__name__})")
                        if not alive(srv):
                            srv.stop()
                            srv.start()
                        continue
                    ctype = r.headers.get("Content-Type", "")
                    if r.status_code >= 500:
                        result.failures.append(f"{what}: {r.status_code} {r.text[:200]}")
                    elif 400 <= r.status_code < 500:
                        if not ctype.startswith("application/problem+json"):
                            result.failures.append(f"{what}: {r.status_code} with Content-Type {ctype!r}, not problem+json")
                    elif 200 <= r.status_code < 300:
                        if not acceptable_2xx(f, label, shown):
                            result.failures.append(f"{what}: {r.status_code} accepted a value out of range: {r.text[:200]}")
                    else:
                        result.failures.append(f"{what}: unexpected {r.status_code}")
        if not alive(srv):
            result.traps.append(f"{method.upper()} {path}: /health does not answer 200 after the operation")
            srv.stop()
            srv.start()
    return result


def test_numeric_limits(limits_server, world):
    the_world, token = world
    result = run_sweep(limits_server, the_world, token)
    report_line(
        f"numeric limits sweep: {result.requests} requests over {result.operations} operations and "
        f"{result.fields} numeric fields; {len(result.failures)} wrong answers, {len(result.traps)} dropped connections"
    )
    problems = result.traps + result.failures
    assert result.operations >= 20, f"only {result.operations} operations had numeric fields: is the document complete?"
    assert not problems, f"{len(problems)} problems (of {result.requests} requests):\n" + "\n".join(problems[:80])
