"""Smoke test of the JSON API with requests."""

import requests

from peyvand_proc import ADMIN_EMAIL, ADMIN_PASSWORD


def test_token_and_list_customers(base):
    r = requests.post(f"{base}/api/v1/auth/token", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, timeout=10)
    assert r.status_code == 201, r.text[:500]
    assert r.headers.get("content-type", "").startswith("application/json")
    token = r.json()["token"]
    assert isinstance(token, str) and token

    r = requests.get(f"{base}/api/v1/customers", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 200, r.text[:500]
    assert r.headers.get("content-type", "").startswith("application/json")
    body = r.json()
    assert isinstance(body.get("items"), list), body
    assert "next" in body, body
    assert body["next"] is None or isinstance(body["next"], str), body


def test_list_without_token_is_problem_json(base):
    r = requests.get(f"{base}/api/v1/customers", timeout=10)
    assert r.status_code == 401, r.text[:500]
    assert r.headers.get("content-type", "").startswith("application/problem+json"), r.headers
    problem = r.json()
    assert problem.get("status") in (None, 401), problem


def test_bad_token_and_bad_password_are_401(base):
    r = requests.get(f"{base}/api/v1/customers", headers={"Authorization": "Bearer not-a-real-token"}, timeout=10)
    assert r.status_code == 401, r.text[:500]
    r = requests.post(f"{base}/api/v1/auth/token", json={"email": ADMIN_EMAIL, "password": "wrong"}, timeout=10)
    assert r.status_code == 401, r.text[:500]
    assert r.headers.get("content-type", "").startswith("application/problem+json"), r.headers
