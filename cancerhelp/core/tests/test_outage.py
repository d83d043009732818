"""Database outage: readers get a 503 with Retry-After and the help lines in the page's
language, rendered without the database; the site recovers by itself when it returns."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from wagtail.models import Page

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def database_down(monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(Page, "route_for_request", broken)


@pytest.mark.parametrize(
    ("path", "language", "text"),
    [("/", "en", "We are back in a moment"), ("/es/", "es", "Volvemos en un momento")],
)
def test_a_database_outage_is_a_503_with_help_lines_in_the_page_language(
    home_page, database_down, django_assert_max_num_queries, path, language, text
):
    client = Client(raise_request_exception=False)
    with django_assert_max_num_queries(0):
        response = client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert f'<html lang="{language}"' in html and text in html
    assert "1-800-422-6237" in html and 'href="tel:988"' in html


def test_other_errors_stay_500(home_page, monkeypatch):
    def bug(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(Page, "route_for_request", bug)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500 and "Retry-After" not in response


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.mark.xdist_group("live-server")
def test_the_served_site_recovers_within_5_seconds_after_sqlite_returns(tmp_path):
    """`make run`'s server on its own SQLite file: take the file away, then bring it back."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cancerhelp.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CANCERHELP_VAR_DIR": str(tmp_path),
        "CONN_MAX_AGE": "0",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    started = time.monotonic()
    for command in (["migrate", "--no-input", "-v0"], ["load_initial_content", "-v0"]):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT, check=True)
    print(f"site prepared in {time.monotonic() - started:.0f} s")  # noqa: T201 - a figure for the notes (pytest -s)
    port = _free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [
            gunicorn,
            "cancerhelp.asgi:application",
            "-k",
            "asgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--graceful-timeout",
            "1",
        ],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _status(url)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "the site did not start"
            time.sleep(0.3)
        database = tmp_path / "db.sqlite3"
        shutil.move(database, tmp_path / "away.sqlite3")
        status, headers = _status(url)
        assert status == 503 and int(headers["Retry-After"]) > 0
        shutil.move(tmp_path / "away.sqlite3", database)
        (tmp_path / "db.sqlite3-journal").unlink(missing_ok=True)
        back = time.monotonic()
        while _status(url)[0] != 200:
            assert time.monotonic() - back < 5, "not recovered within 5 s"
            time.sleep(0.1)
        recovered = time.monotonic() - back
        print(f"recovered {recovered:.2f} s after the database returned")  # noqa: T201 - a figure for the notes (pytest -s)
        for _ in range(10):  # and it stays up, in every worker
            assert _status(url)[0] == 200
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
