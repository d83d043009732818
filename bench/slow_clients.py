"""Slow clients: does the site keep answering while many connections trickle their headers?

Opens --slow connections (default 64) that each send a request line and then one header line
per second, never finishing; meanwhile a normal reader fetches pages every half second.
Passes (exit 0) when every normal request got a 200 within --budget seconds (default 1).

Usage: `python bench/slow_clients.py` starts the site as `make run` serves it (gunicorn's
asyncio worker, on a free port) and stops it afterwards; `--url http://127.0.0.1:8000` tests
a site that is already running instead.
"""

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/", "/what-is-metastatic-cancer/", "/es/", "/static/css/site.css"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_site():
    port = free_port()
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=2).read()
            return process, url
        except OSError:
            if process.poll() is not None:
                sys.exit("`make run` stopped before serving.")
            time.sleep(0.5)
    os.killpg(process.pid, signal.SIGTERM)
    sys.exit("The site did not start within 180 s.")


def trickle(host, port, stop, open_count, lock):
    """One slow client: a request line, then a header line a second, never the blank line."""
    try:
        sock = socket.create_connection((host, port), timeout=5)
    except OSError:
        return
    with lock:
        open_count[0] += 1
    try:
        sock.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\n".encode())
        number = 0
        while not stop.is_set():
            stop.wait(1)
            number += 1
            sock.sendall(f"X-Trickle-{number}: {'a' * 10}\r\n".encode())
    except OSError:
        with lock:
            open_count[1] += 1  # the server closed it (a header timeout is fine too)
    finally:
        with lock:
            open_count[0] -= 1
        sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running site (default: start `make run` on a free port)")
    parser.add_argument("--slow", type=int, default=64, help="slow connections (default 64)")
    parser.add_argument("--duration", type=float, default=15, help="seconds to keep them open")
    parser.add_argument("--budget", type=float, default=1.0, help="seconds a normal request may take")
    args = parser.parse_args()

    process = None
    url = args.url
    if not url:
        process, url = start_site()
    parts = urlsplit(url)
    stop, lock = threading.Event(), threading.Lock()
    open_count = [0, 0]  # open now, closed by the server
    threads = [
        threading.Thread(target=trickle, args=(parts.hostname, parts.port or 80, stop, open_count, lock))
        for _ in range(args.slow)
    ]
    try:
        for thread in threads:
            thread.start()
        time.sleep(2)  # let every slow client connect and start trickling
        held = open_count[0]
        timings, failures = [], []
        end = time.monotonic() + args.duration
        index = 0
        while time.monotonic() < end:
            path = PAGES[index % len(PAGES)]
            index += 1
            started = time.monotonic()
            try:
                with urllib.request.urlopen(url + path, timeout=args.budget * 5) as response:
                    response.read()
                    status = response.status
            except OSError as error:
                status = repr(error)
            elapsed = time.monotonic() - started
            timings.append(elapsed)
            if status != 200 or elapsed > args.budget:
                failures.append((path, status, round(elapsed, 3)))
            time.sleep(0.5)
        held_at_end = open_count[0]
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=5)
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)

    print(f"slow connections: {args.slow} opened, {held} trickling after 2 s, {held_at_end} open at the end")
    print(
        f"normal requests: {len(timings)}, median {statistics.median(timings) * 1000:.0f} ms, "
        f"max {max(timings) * 1000:.0f} ms, over {args.budget:.1f} s or failed: {len(failures)}"
    )
    for failure in failures[:10]:
        print("  ", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
