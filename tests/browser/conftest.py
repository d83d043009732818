"""A real site for the browser tests, served as `make run` serves it: production settings
(manifest static files collected and compressed, the shared file cache behind the report
rate limit, production headers; HTTPS off on the loopback), gunicorn on 127.0.0.1, a fresh
database migrated and loaded, and Debian's Chromium driven by Playwright. In CI a missing
Chromium or axe-core is a failure, not a skip."""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
EDITOR_PASSWORD = "browser-test-editor-pw-1"  # only ever exists in the throwaway test database
# The editor's authenticator key (hex), also only in the throwaway database: tests compute the
# current code from it as a phone app would, and pass the real two-factor step.
EDITOR_TOTP_KEY = "3132333435363738393031323334353637383930"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


def _missing(what):
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI (.ci/run installs it).")
    pytest.skip(f"{what} not available here; .ci/run installs it.")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site_port():
    return _free_port()


@pytest.fixture(scope="session")
def site_env(tmp_path_factory, site_port):
    """The environment of the test site: production settings as `make run` sets them (see the
    Makefile's PROD_ENV), its own secret, SQLite database, static files and cache."""
    var_dir = tmp_path_factory.mktemp("browser-site")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cancerhelp.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HTTPS": "off",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{site_port}",
        "DATABASE_URL": f"sqlite:///{var_dir / 'db.sqlite3'}",
        "CANCERHELP_VAR_DIR": str(var_dir),
        "DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD,
    }


def editor_code():
    """The code the editor's authenticator app shows now."""
    from django_otp.oath import totp

    return str(totp(bytes.fromhex(EDITOR_TOTP_KEY))).zfill(6)


def site_manage(env, *args):
    """Run a management command against the test site's database; return its output."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


@pytest.fixture(scope="session")
def site_url(site_env, site_port):
    """Start the site on a free port, set up as `make run` does; yield its URL."""
    env = site_env
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["load_initial_content", "-v0"],
        ["createsuperuser", "--no-input", "--username", "editor", "--email", "editor@example.org"],
        [
            "shell",
            "--no-imports",
            "-c",
            "from django_otp.plugins.otp_totp.models import TOTPDevice; "
            "from django.contrib.auth.models import User; "
            "TOTPDevice.objects.create(user=User.objects.get(username='editor'), name='Authenticator app', "
            f"key='{EDITOR_TOTP_KEY}', confirmed=True)",
        ],
        ["load_starter_directory", "-v0"],  # the real, shipped directory, as `make run` loads it
        ["collectstatic", "--no-input", "-v0"],
    ):
        site_manage(env, *command)
    port = site_port
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "cancerhelp.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # generous: a busy 2-core CI machine starts slowly
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=10)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"The test site did not start (gunicorn exit code {server.poll()}).")
            time.sleep(0.3)
    yield url
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a busy machine: do not fail the last test over it
        server.kill()
        server.wait()


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_JS.exists():
        _missing("axe-core (npm ci)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def page(browser, site_url):
    """A fresh browser tab that records every request and console error."""
    context = browser.new_context(base_url=site_url, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.requests_seen = []
    tab.console_errors = []
    tab.on("request", lambda request: tab.requests_seen.append(request.url))
    tab.on("console", lambda message: message.type == "error" and tab.console_errors.append(message.text))
    yield tab
    context.close()
