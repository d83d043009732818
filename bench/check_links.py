"""How long the link checker takes for 1,000 addresses, and how hard it leans on each host.

Starts 20 local HTTP servers on 127.0.0.1 (one per fake host, distinct ports) with
realistic answers: 50-800 ms delays, a few missing pages, server errors, redirects,
servers that refuse HEAD, and a few that answer too slowly (timeouts). Never the internet.
Each server measures how many requests it handled at once (peak concurrency).

Usage: .venv/bin/python bench/check_links.py [--urls 1000] [--hosts 20] [--per-host 2]
       [--concurrency 20] [--delay 0.5] [--timeout 3] [--retries 2]
Defaults match `manage.py check_links`, except a shorter timeout so the run stays short.
"""

import argparse
import random
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cancerhelp.quality.linkcheck import CheckerConfig, check_urls
from cancerhelp.quality.tests.server import LocalServer


def address(server, number, rng, timeout):
    """One address with a realistic behaviour (fixed by the seed)."""
    roll = rng.random()
    delay = round(rng.uniform(0.05, 0.8), 3)
    path = f"/resource/{number}"
    if roll < 0.03:
        return server.url(path, delay=delay, status=404)
    if roll < 0.04:
        return server.url(path, delay=delay, status=503)
    if roll < 0.045:
        return server.url(path, delay=timeout + 1)  # too slow: times out
    if roll < 0.10:
        return server.url(path, delay=delay, location=f"/moved/{number}")
    if roll < 0.13:
        return server.url(path, delay=delay, head=405)
    return server.url(path, delay=delay)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.5)
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    with ExitStack() as stack:
        servers = [stack.enter_context(LocalServer()) for _ in range(args.hosts)]
        urls = [address(servers[n % args.hosts], n, rng, args.timeout) for n in range(args.urls)]
        config = CheckerConfig(
            concurrency=args.concurrency,
            per_host=args.per_host,
            delay=args.delay,
            timeout=args.timeout,
            retries=args.retries,
            trust_env=False,
            contact="https://example.org/bench",
        )
        started = time.perf_counter()
        results = check_urls(urls, config)
        total = time.perf_counter() - started
        peaks = [server.peak for server in servers]
        requests = sum(len(server.requests) for server in servers)

    outcomes = Counter(result.outcome for result in results)
    errors = Counter(result.error_kind for result in results if result.error_kind)
    print(
        f"{len(results)} addresses on {args.hosts} hosts "
        f"(per host {args.per_host}, overall {args.concurrency}, "
        f"{args.delay}s between requests to a host, timeout {args.timeout}s, {args.retries} retries)"
    )
    print(f"total time: {total:.1f} s ({len(results) / total:.1f} addresses/s), {requests} requests")
    print(
        f"peak concurrency per host (measured at the servers): max {max(peaks)}, "
        f"values seen {sorted(set(peaks))}"
    )
    print("outcomes:", dict(outcomes), "errors:", dict(errors))
    return 0 if max(peaks) <= args.per_host else 1


if __name__ == "__main__":
    sys.exit(main())
