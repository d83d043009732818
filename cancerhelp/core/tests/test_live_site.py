"""The site served as `make run` serves it (gunicorn's asyncio worker, its own SQLite file):
parallel reports, backup and restore into an empty install, and a database outage."""

import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

import pytest

from cancerhelp.directory.views import REPORT_RATE_LIMIT

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.xdist_group("live-site")

FINGERPRINT = """
import hashlib, json
from django.db import connection
out = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute('SELECT * FROM ' + connection.ops.quote_name(table))
        rows = sorted(repr(row) for row in cursor.fetchall())
        out[table] = [len(rows), hashlib.sha256('\\n'.join(rows).encode()).hexdigest()]
print(json.dumps(out))
"""


def site_env(var_dir, database_url=None):
    """The environment of a site of its own: its var dir, and its SQLite file unless told."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cancerhelp.settings.test",
        "DATABASE_URL": database_url or f"sqlite:///{var_dir / 'db.sqlite3'}",
        "CANCERHELP_VAR_DIR": str(var_dir),
        "CONN_MAX_AGE": "0",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served_site(env):
    """The site with `env`, served as `make run` serves it (gunicorn's asyncio worker, two
    processes) on a free port until the block ends; yields its URL."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "cancerhelp.asgi:application",
            *("-k", "asgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--graceful-timeout", "1"),
        ],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if status_of(url + "/")[0] == 200:
                break
        except OSError:
            pass
        assert time.monotonic() < deadline and server.poll() is None, "the site did not start"
        time.sleep(0.3)
    try:
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.fixture(scope="module")
def live_site(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("live-site")
    env = site_env(var_dir)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_initial_content", "-v0")
    (var_dir / "media" / "documents").mkdir(parents=True)
    (var_dir / "media" / "documents" / "leaflet.txt").write_text("An uploaded file.")
    with served_site(env) as url:
        yield {"url": url, "env": env, "var_dir": var_dir}


def test_the_report_limit_holds_under_parallel_requests(live_site):
    """Twenty reports at once from one address, across two server processes: exactly the limit pass."""
    url = live_site["url"]
    finder = urllib.request.urlopen(url + "/resources/", timeout=10).read().decode()
    report_path = re.search(r'href="(/resources/report/[0-9a-f-]{36}/)"', finder).group(1)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(url + report_path, timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"kind": "other", "csrfmiddlewaretoken": token}).encode()
    start = Barrier(20)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    poster = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def post(_number):
        request = urllib.request.Request(url + report_path, data=body, headers={"Referer": url + report_path})
        start.wait()
        try:
            with poster.open(request, timeout=30) as response:
                return response.status, None
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Retry-After")

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(post, range(20)))
    statuses = sorted(status for status, _ in results)
    assert statuses == [303] * REPORT_RATE_LIMIT + [429] * (20 - REPORT_RATE_LIMIT)
    assert all(int(retry) > 0 for status, retry in results if status == 429)
    count = manage(
        live_site["env"],
        "shell",
        "--no-imports",
        "-c",
        "from cancerhelp.directory.models import ProblemReport; print(ProblemReport.objects.count())",
    )
    assert int(count) == REPORT_RATE_LIMIT


MAKE_REPORT = """
from cancerhelp.directory.models import ProblemReport, Service
ProblemReport.objects.create(service=Service.objects.first(), kind="other", details="Backed up too.")
"""


def test_backup_then_restore_into_an_empty_install_is_identical(live_site, tmp_path):
    env = live_site["env"]
    # A reader's report of its own: under xdist this test may not share the worker (and so
    # the site) of the parallel-reports test.
    manage(env, "shell", "--no-imports", "-c", MAKE_REPORT)
    started = time.monotonic()
    output = manage(env, "backup", "--output-dir", str(tmp_path / "backups"))
    backup_seconds = time.monotonic() - started
    archive = next((tmp_path / "backups").glob("cancerhelp-*.tar.gz"))
    assert "secret" in output.lower()
    empty = tmp_path / "empty-install"
    empty.mkdir()
    fresh = site_env(empty)
    started = time.monotonic()
    manage(fresh, "restore", str(archive))
    restore_seconds = time.monotonic() - started
    before = json.loads(manage(env, "shell", "--no-imports", "-c", FINGERPRINT))
    after = json.loads(manage(fresh, "shell", "--no-imports", "-c", FINGERPRINT))
    for table in (
        "wagtailcore_page",
        "wagtailcore_revision",
        "wagtail_localize_translation",
        "directory_service",
        "directory_problemreport",
        "core_helpline",
    ):
        assert before[table][0] > 0, table
    assert after == before
    assert (empty / "media" / "documents" / "leaflet.txt").read_text() == "An uploaded file."
    print(  # noqa: T201 - a figure for the notes (pytest -s)
        f"backup {archive.stat().st_size / 1024:.0f} KB in {backup_seconds:.1f} s, "
        f"restore {restore_seconds:.1f} s"
    )


def test_the_site_recovers_within_5_seconds_after_the_database_returns(live_site):
    url = live_site["url"] + "/"
    database = live_site["var_dir"] / "db.sqlite3"
    away = live_site["var_dir"] / "away.sqlite3"
    shutil.move(database, away)
    try:
        status, headers = status_of(url)
        assert status == 503 and int(headers["Retry-After"]) > 0
        spanish, _ = status_of(live_site["url"] + "/es/")
        assert spanish == 503
    finally:
        shutil.move(away, database)
    back = time.monotonic()
    while status_of(url)[0] != 200:
        assert time.monotonic() - back < 5, "not recovered within 5 s"
        time.sleep(0.1)
    print(f"recovered {time.monotonic() - back:.2f} s after the database returned")  # noqa: T201 - a figure for the notes (pytest -s)
    for _ in range(10):  # and it stays up, in every worker
        assert status_of(url)[0] == 200
