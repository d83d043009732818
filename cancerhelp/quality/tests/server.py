"""A real HTTP server on 127.0.0.1 for link-checker tests and the benchmark (never the internet).

Behaviour is chosen by the query string, so one server covers every case:
  ?status=404            answer with that status
  ?delay=0.3             wait that many seconds before answering
  ?location=/x           redirect there (with status, default 301)
  ?head=405              answer HEAD with that status (GET works)
  ?fail=2&key=k          answer 500 to the first 2 requests for key k, then 200
and server.redirects maps a path to a Location (for redirect loops).
It counts requests in flight and remembers the highest count (peak concurrency) and
every request line and User-Agent it saw.
"""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Handler(BaseHTTPRequestHandler):
    server_version = "LocalServer/1.0"

    def log_message(self, *args):  # keep test output clean
        pass

    def do_HEAD(self):
        self.respond(head=True)

    def do_GET(self):
        self.respond(head=False)

    def respond(self, head):
        server = self.server
        with server.lock:
            server.in_flight += 1
            server.peak = max(server.peak, server.in_flight)
            server.requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if server.shared is not None:
            server.shared.enter()
        # The request leaves the count once its answer is decided, before it is sent: the client
        # may send its next request the moment it reads this answer, and on a busy machine this
        # thread could still be on its way out, counting two at once where there was one.
        try:
            query = {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}
            delay = float(query.get("delay", 0))
            if delay:
                time.sleep(delay)
            status = int(query.get("status", 200))
            path = urlsplit(self.path).path
            if path in server.redirects:
                query.setdefault("location", server.redirects[path])
            if "location" in query and "status" not in query:
                status = 301
            if head and "head" in query:
                status = int(query["head"])
            if "fail" in query:
                key = query.get("key", self.path)
                with server.lock:
                    server.hits[key] = server.hits.get(key, 0) + 1
                    hits = server.hits[key]
                status = 500 if hits <= int(query["fail"]) else 200
        finally:
            with server.lock:
                server.in_flight -= 1
            if server.shared is not None:
                server.shared.leave()
        body = b"<!doctype html><title>test</title>"
        self.send_response(status)
        if "location" in query:
            self.send_header("Location", query["location"])
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)


class InFlight:
    """Requests in flight across several servers, and the most at once (no clock involved)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def enter(self):
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def leave(self):
        with self.lock:
            self.now -= 1


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port=0, shared=None):
        super().__init__(("127.0.0.1", port), Handler)
        self.shared = shared  # an InFlight counted by several servers
        self.lock = threading.Lock()
        self.in_flight = 0
        self.peak = 0
        self.requests = []
        self.hits = {}
        self.redirects = {}  # path -> location, for loops
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path="/", **query):
        from urllib.parse import urlencode

        return self.base + path + (("?" + urlencode(query)) if query else "")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


def closed_port():
    """A port on 127.0.0.1 that nothing listens on (connection refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
