"""Throughput of the topic page, side by side with nginx serving the very same bytes.

    .venv/bin/python bench/throughput.py [--seconds 5] [--connections 32] [--rounds 4] [--warmup 2]

Starts the production stack (ops/stack.sh: PostgreSQL, Redis, gunicorn, Varnish), a second
gunicorn with the page cache off, and nginx on free ports of 127.0.0.1; writes the static
export; then measures with wrk, A B A B (each target, then nginx serving the same bytes
from a file, `--rounds` times, after `--warmup` seconds of unmeasured load on each), and
prints the medians of requests/s, of the ratio to nginx of each round (each A against the B
measured right after it, so that a slow spell of the machine counts on both sides) with
the lowest and highest, and p50/p99 latency. Stops everything it started.
Needs wrk and nginx (Debian packages; installed when missing, like Varnish by ops/stack.sh).

Every request says `Accept-Encoding: gzip`, as every reader's browser does (`--identity` to
ask for plain bytes instead): each target then sends what readers get, and nginx serves
those very bytes with the same Content-Encoding. The static export is pre-compressed
(`.gz` beside each page, nginx's `gzip_static`), as a static host or CDN serves it.
Without it, Varnish would un-gzip its stored copy for every request (about 9x slower).

nginx runs with a plain configuration, as in every figure so far; `--open-file-cache` lets
it keep files open, which makes the baseline (and the export) 15-25% faster here.
"""

import argparse
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PAGE = "/what-is-metastatic-cancer/"

NGINX_CONF = """
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    default_type text/html;
    server {{
        listen 127.0.0.1:{port};
        location ^~ /same-id/ {{ root {prefix}; }}
        location ^~ /same-gz/ {{ root {prefix}; add_header Content-Encoding gzip; }}
        location / {{ root {export}; index index.html; gzip_static on; }}
        {open_file_cache}
    }}
}}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure(command, package):
    if shutil.which(command) or Path("/usr/sbin", command).exists():
        return
    subprocess.run(["apt-get", "install", "-y", "-q", package], check=False, capture_output=True)
    if not (shutil.which(command) or Path("/usr/sbin", command).exists()):
        subprocess.run(["apt-get", "update", "-q"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-q", package], check=True)


def stack_env():
    text = subprocess.run([ROOT / "ops" / "stack.sh", "env"], check=True, capture_output=True, text=True)
    env = dict(os.environ)
    for line in text.stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        env[name] = value.strip('"')
    return env


def wait(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"timed out waiting for {url}")


def fetch(url, headers):
    """The body exactly as sent (still gzipped if the server gzipped it) and its encoding."""
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), response.headers.get("Content-Encoding", "")


def wrk(url, seconds, connections, headers):
    options = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *options, url],
        check=True,
        capture_output=True,
        text=True,
    )
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def percentile(name):
        match = re.search(rf"\s{name}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return rate, percentile("50"), percentile("99"), int(errors.group(1)) if errors else 0


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load per target first")
    parser.add_argument("--identity", action="store_true", help="ask for plain, not gzipped, bytes")
    parser.add_argument(
        "--open-file-cache",
        action="store_true",
        help="let nginx keep its files open (a static host's usual tuning): faster for the "
        "export and the baseline alike",
    )
    args = parser.parse_args()
    headers = {} if args.identity else {"Accept-Encoding": "gzip"}
    ensure("wrk", "wrk")
    ensure("nginx", "nginx-light")

    started = []
    work = Path(tempfile.mkdtemp(prefix="cancerhelp-throughput-"))
    work.chmod(0o755)  # nginx's workers read the files as an unprivileged user
    try:
        subprocess.run([ROOT / "ops" / "stack.sh", "up"], check=True, stdout=subprocess.DEVNULL)
        env = stack_env()
        proxy = env["FRONTEND_CACHE_URL"]
        app_port = int(re.search(r"APP_PORT=(\d+)", (ROOT / "var/stack/ports").read_text()).group(1))
        cached_app = f"http://127.0.0.1:{app_port}"
        uncached_port = free_port()
        uncached = subprocess.Popen(
            [BIN / "gunicorn", "cancerhelp.wsgi:application", "--bind", f"127.0.0.1:{uncached_port}"]
            + ["--workers", env["STACK_WORKERS"], "--worker-tmp-dir", env["STACK_WORKER_TMP_DIR"]]
            + ["--log-level", "warning"],
            env={**env, "PAGE_CACHE": "false"},
            cwd=ROOT,
            start_new_session=True,
        )
        started.append(uncached)
        uncached_app = f"http://127.0.0.1:{uncached_port}"
        wait(uncached_app + "/robots.txt")

        export = work / "export"
        subprocess.run(
            [BIN / "python", "manage.py", "export_site", export, "--base-url", proxy],
            check=True,
            env={**env, "FRONTEND_CACHE_URL": ""},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        for page in export.rglob("*.html"):  # pre-compressed, as a static host serves it
            page.with_name(page.name + ".gz").write_bytes(gzip.compress(page.read_bytes()))
        nginx_port = free_port()
        (work / "nginx.conf").write_text(
            NGINX_CONF.format(
                prefix=work,
                port=nginx_port,
                export=export,
                open_file_cache="open_file_cache max=1000 inactive=60s;" if args.open_file_cache else "",
            )
        )
        nginx = subprocess.Popen(
            ["nginx", "-c", work / "nginx.conf", "-p", work, "-g", "daemon off;"], start_new_session=True
        )
        started.append(nginx)
        nginx_url = f"http://127.0.0.1:{nginx_port}"
        wait(nginx_url + PAGE)
        encoding = "identity" if args.identity else "gzip"

        targets = {
            "app, uncached": uncached_app + PAGE,
            "app, page cache": cached_app + PAGE,
            "reverse proxy (Varnish)": proxy + PAGE,
            "static export (nginx)": nginx_url + PAGE,
        }
        print(
            f"wrk -t2 -c{args.connections} -d{args.seconds}s, {args.rounds} rounds of A B, {PAGE}, "
            f"Accept-Encoding: {encoding}"
        )
        print(
            f"{'target':26} {'req/s':>9} {'nginx req/s':>12} {'ratio':>8} {'lowest':>8} {'highest':>8} "
            f"{'p50 ms':>8} {'p99 ms':>8}"
        )
        for number, (name, url) in enumerate(targets.items()):
            body, sent_encoding = fetch(url, headers)
            fetch(url, headers)  # warm every cache on the way
            # A file of its own per target: nginx keeps files open (open_file_cache).
            copy = Path("same-gz" if sent_encoding == "gzip" else "same-id", f"{number}.html")
            (work / copy).parent.mkdir(exist_ok=True)
            (work / copy).write_bytes(body)
            same = f"{nginx_url}/{copy}"
            # Warm up both (each app worker's memos, Varnish's threads), then measure.
            wrk(url, args.warmup, args.connections, headers)
            wrk(same, args.warmup, args.connections, headers)
            ours, theirs, ratios, p50s, p99s, errors = [], [], [], [], [], 0
            for _round in range(args.rounds):
                rate, p50, p99, failed = wrk(url, args.seconds, args.connections, headers)
                ours.append(rate)
                p50s.append(p50)
                p99s.append(p99)
                errors += failed
                theirs.append(wrk(same, args.seconds, args.connections, headers)[0])
                ratios.append(ours[-1] / theirs[-1])  # each A with the B measured right after it
            note = f"  ({errors} errors)" if errors else ""
            print(
                f"{name:26} {median(ours):9.0f} {median(theirs):12.0f} {median(ratios):8.4f} "
                f"{min(ratios):8.4f} {max(ratios):8.4f} {median(p50s):8.2f} {max(p99s):8.2f}{note}"
                f"  ({len(body)} bytes {sent_encoding or 'plain'})"
            )
    finally:
        for process in started:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        subprocess.run([ROOT / "ops" / "stack.sh", "down"], check=False, stdout=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
