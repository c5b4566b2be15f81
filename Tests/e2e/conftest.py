"""Fixtures for Peyvand's end-to-end suite: a real `peyvand serve` and headless Chromium.

Run through scripts/test, or by hand:
    PEYVAND_BIN=$(swift build --show-bin-path)/peyvand .venv/bin/pytest -q Tests/e2e
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

from helpers import login, login_ok  # noqa: F401  (re-exported for tests)
from peyvand_proc import ADMIN_EMAIL, ADMIN_PASSWORD, api_token, running_servers, start_server
from summary import lines as summary_lines

CHROMIUM = os.environ.get("PEYVAND_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PEYVAND_E2E_CHROMEDRIVER", "/usr/bin/chromedriver")
WINDOW = (1280, 900)

# Selenium Manager must never try to download a browser or driver (no network here).
os.environ.setdefault("SE_OFFLINE", "true")



@atexit.register
def _stop_servers() -> None:
    for srv in running_servers:
        srv.stop()


def pytest_configure(config):
    config.addinivalue_line("markers", "schemathesis: property-based API test (skip with PEYVAND_E2E_SKIP_SCHEMATHESIS=1)")


@pytest.fixture(scope="session")
def e2e_tmp():
    path = Path(tempfile.mkdtemp(prefix="peyvand-e2e-"))
    yield path
    if os.environ.get("PEYVAND_E2E_KEEP_TMP"):
        print(f"\nkept e2e temp dir {path}")
    else:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def server(e2e_tmp):
    """The shared `peyvand serve` (SQLite in a temp dir) with the admin and a fresh user."""
    srv = start_server(e2e_tmp / "main")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def base(server) -> str:
    return server.base


@pytest.fixture(scope="session")
def admin() -> tuple[str, str]:
    return (ADMIN_EMAIL, ADMIN_PASSWORD)


@pytest.fixture(scope="session")
def token(base) -> str:
    return api_token(base)


def _chrome_options() -> Options:
    opts = Options()
    opts.binary_location = CHROMIUM
    # Leave alerts open so a test can see them (an XSS test must notice one).
    opts.unhandled_prompt_behavior = "ignore"
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=en-US",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
    ):
        opts.add_argument(arg)
    return opts


def new_driver() -> webdriver.Chrome:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            raise RuntimeError(f"{path} not found: apt-get install chromium chromium-driver")
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=_chrome_options())
    drv.set_window_size(*WINDOW)
    drv.set_page_load_timeout(30)
    return drv


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _artifacts_dir() -> Path:
    d = Path(os.environ.get("PEYVAND_E2E_ARTIFACTS") or Path(tempfile.gettempdir()) / "peyvand-e2e-artifacts")
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture
def driver(request, server):
    """A fresh headless Chromium (no cookies) per test; screenshot + HTML saved when the test fails."""
    drv = new_driver()
    yield drv
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        out = _artifacts_dir()
        try:
            drv.save_screenshot(str(out / f"{name}.png"))
            (out / f"{name}.html").write_text(f"<!-- {drv.current_url} -->\n" + drv.page_source)
            print(f"\nfailure artifacts: {out / name}.png / .html")
        except Exception as exc:  # the browser may be the thing that broke
            print(f"\ncould not save failure artifacts: {exc}")
    drv.quit()


@pytest.fixture
def logged_in(driver, base, admin):
    """A browser logged in as the admin."""
    login_ok(driver, base, *admin)
    return driver


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if summary_lines:
        terminalreporter.write_sep("-", "figures")
        for line in summary_lines:
            terminalreporter.write_line(line)
    if exitstatus not in (0, 5):
        for srv in running_servers:
            terminalreporter.write_sep("-", f"peyvand serve log ({srv.workdir.name})")
            terminalreporter.write_line(srv.log_tail())
