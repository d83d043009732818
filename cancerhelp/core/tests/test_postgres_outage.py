"""The site on PostgreSQL, on a private throwaway cluster (initdb in a temporary directory,
a free port; never the shared server): readers get the 503 page while the database is
stopped and the site recovers by itself when it starts again; `backup` and `restore` carry
a PostgreSQL database into an empty one row for row.

Skipped, saying why, where PostgreSQL's server programs (initdb, pg_ctl) are not installed.
Runs once, in the SQLite run of `make test` (it brings its own PostgreSQL)."""

import glob
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from .test_live_site import FINGERPRINT, free_port, manage, served_site, status_of
from .test_live_site import site_env as live_site_env

pytestmark = [
    pytest.mark.xdist_group("private-postgres"),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="brings its own PostgreSQL: runs once, in the SQLite run",
    ),
]

RECOVERY_LIMIT_SECONDS = 5


def server_programs():
    """The newest PostgreSQL's bin directory holding initdb and pg_ctl, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PrivateCluster:
    """A PostgreSQL cluster of our own. As root, its programs run as the `postgres` user
    (initdb refuses root)."""

    def __init__(self, bin_dir):
        self.bin_dir = bin_dir
        self.port = free_port()
        self.home = Path(tempfile.mkdtemp(prefix="cancerhelp-pg-"))
        self.data = self.home / "data"
        self.log = self.home / "server.log"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.home, "postgres", "postgres")

    def run(self, program, *args):
        command = [str(self.bin_dir / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, cwd=self.home)

    def init(self):
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.home} -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name):
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.home, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster():
    bin_dir = server_programs()
    if bin_dir is None:
        pytest.skip("initdb not installed (Debian: apt-get install postgresql): no private PostgreSQL")
    cluster = PrivateCluster(bin_dir)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def site_env(cluster, database, var_dir):
    return live_site_env(var_dir, cluster.url(database))


@pytest.fixture(scope="module")
def source_site(cluster, tmp_path_factory):
    """ch_safety_src on the private cluster: migrated, the initial content, one report."""
    cluster.create_database("ch_safety_src")
    env = site_env(cluster, "ch_safety_src", tmp_path_factory.mktemp("pg-site"))
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_initial_content", "-v0")
    manage(env, "shell", "--no-imports", "-c", MAKE_REPORT)
    return env


MAKE_REPORT = """
from cancerhelp.directory.models import ProblemReport, Service
ProblemReport.objects.create(service=Service.objects.first(), kind="other", details="On PostgreSQL.")
"""


@pytest.fixture(scope="module")
def served(source_site):
    with served_site(source_site) as url:
        yield url


def body_of(url):
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:
        return error.read().decode()


def test_postgresql_stopped_is_a_503_and_the_site_recovers_within_5_seconds(cluster, served):
    pages = [served + "/", served + "/es/", served + "/resources/?q=support"]
    for page in pages:
        assert status_of(page)[0] == 200
    cluster.stop()
    try:
        for page in pages:
            status, headers = status_of(page)
            assert status == 503 and int(headers["Retry-After"]) > 0, page
        assert "1-800-422-6237" in body_of(served + "/")
        assert "Volvemos en un momento" in body_of(served + "/es/")
        status, headers = status_of(served + "/api/hsds/services")
        assert status == 503 and headers["Content-Type"] == "application/json"
        assert json.loads(body_of(served + "/api/hsds/services"))["error"]
    finally:
        cluster.start()
    back = time.monotonic()
    while status_of(pages[0])[0] != 200:
        assert time.monotonic() - back < RECOVERY_LIMIT_SECONDS, "not recovered within 5 s"
        time.sleep(0.05)
    recovered = time.monotonic() - back
    for _ in range(10):  # and it stays up, in both worker processes
        for page in pages:
            assert status_of(page)[0] == 200
    print(f"PostgreSQL: recovered {recovered:.2f} s after the server started again")  # noqa: T201 - a figure (pytest -s)


TABLES = [
    "wagtailcore_page",
    "wagtailcore_revision",
    "wagtail_localize_translation",
    "directory_service",
    "directory_organization",
    "directory_problemreport",
    "core_helpline",
]


def test_a_postgresql_backup_restores_into_an_empty_database_identically(cluster, source_site, tmp_path):
    started = time.monotonic()
    manage(source_site, "backup", "--output-dir", str(tmp_path / "backups"))
    backup_seconds = time.monotonic() - started
    archive = next((tmp_path / "backups").glob("cancerhelp-*.tar.gz"))
    manifest = json.loads(
        subprocess.run(
            ["tar", "-xzOf", str(archive), "manifest.json"], capture_output=True, check=True
        ).stdout
    )
    assert manifest["engine"] == "postgresql" and manifest["database"] == "database.pgdump"

    cluster.create_database("ch_safety_dst")
    empty = site_env(cluster, "ch_safety_dst", tmp_path / "empty-install")
    (tmp_path / "empty-install").mkdir()
    started = time.monotonic()
    manage(empty, "restore", str(archive))
    restore_seconds = time.monotonic() - started

    before = json.loads(manage(source_site, "shell", "--no-imports", "-c", FINGERPRINT))
    after = json.loads(manage(empty, "shell", "--no-imports", "-c", FINGERPRINT))
    for table in TABLES:
        assert before[table][0] > 0, table
    assert after == before
    print(  # noqa: T201 - a figure for the notes (pytest -s)
        f"PostgreSQL backup {archive.stat().st_size / 1024:.0f} KB in {backup_seconds:.1f} s, "
        f"restore {restore_seconds:.1f} s"
    )
