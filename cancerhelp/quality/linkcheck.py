"""A polite, concurrent link checker (pure: no Django, no database).

Why it looks the way it does:
- One request at a time per host would be slow; hammering a small charity's server
  would be rude. So there is a per-host limit, a pause between requests to the same host,
  and a global limit, all asyncio semaphores.
- Many servers answer HEAD badly (405, 403, 501, or drop the connection), so a failed
  HEAD is retried with a GET whose body is never downloaded.
- Redirects are followed by hand so that every hop is recorded (editors want the new
  address) and every hop obeys the limits of the host it goes to.
- Timeouts and 5xx answers are often passing trouble: they are retried with backoff.
  A host that times out gets one request fewer at once for the rest of the run, since it
  is likely still busy with the request we gave up on.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

USER_AGENT_TEMPLATE = "CancerHelpLinkChecker/1.0 (+{contact})"
REDIRECT_CODES = {301, 302, 303, 307, 308}
# Answers to HEAD that often mean "this server does not do HEAD properly".
HEAD_FALLBACK_CODES = {400, 403, 404, 405, 406, 501}
RETRY_CODES = {429, 500, 502, 503, 504}

OK = "ok"
REDIRECTED = "redirected"
BROKEN = "broken"

# Error kinds (LinkResult.error_kind).
TIMEOUT = "timeout"
CONNECTION = "connection"
TLS = "tls"
INVALID_URL = "invalid-url"
HTTP_ERROR = "http-error"
REDIRECT_LOOP = "redirect-loop"
TOO_MANY_REDIRECTS = "too-many-redirects"


@dataclass(frozen=True)
class Hop:
    """One redirect: the address asked for and the status it answered with."""

    url: str
    status_code: int


@dataclass
class LinkResult:
    url: str
    status_code: int | None = None
    final_url: str = ""
    redirects: list[Hop] = field(default_factory=list)
    elapsed: float = 0.0  # seconds spent in requests (queueing and pauses excluded)
    error_kind: str = ""
    error: str = ""
    method: str = "HEAD"
    attempts: int = 0

    @property
    def ok(self):
        return not self.error_kind

    @property
    def outcome(self):
        if self.error_kind:
            return BROKEN
        return REDIRECTED if self.redirects else OK

    @property
    def permanent_redirect(self):
        return any(hop.status_code in (301, 308) for hop in self.redirects)


@dataclass
class CheckerConfig:
    concurrency: int = 20  # requests in flight overall
    per_host: int = 2  # requests in flight per host (scheme://host:port)
    delay: float = 0.25  # seconds between the starts of two requests to one host
    timeout: float = 10.0
    retries: int = 2  # extra attempts after a timeout or a 5xx/429 answer
    backoff: float = 0.5  # first pause before a retry; doubles each time
    max_redirects: int = 10
    contact: str = "https://example.org/"
    trust_env: bool = True  # use HTTP(S)_PROXY from the environment

    @property
    def user_agent(self):
        return USER_AGENT_TEMPLATE.format(contact=self.contact)


class _Host:
    """Per-host limiter: at most `per_host` requests at once, `delay` apart."""

    def __init__(self, per_host, delay):
        self.size = per_host
        self.slowed = False  # a request timed out: one slot stays taken
        self.semaphore = asyncio.Semaphore(per_host)
        self.lock = asyncio.Lock()
        self.delay = delay
        self.next_start = 0.0

    async def wait_turn(self):
        loop = asyncio.get_running_loop()
        async with self.lock:
            pause = self.next_start - loop.time()
            if pause > 0:
                await asyncio.sleep(pause)
            self.next_start = loop.time() + self.delay


class _Attempt(Exception):
    """A request failed in a way that may be worth retrying."""

    def __init__(self, kind, message, retryable):
        super().__init__(message)
        self.kind = kind
        self.retryable = retryable


def host_key(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def validate_url(url):
    """Return an error message when `url` is not a checkable http(s) address, else ''."""
    try:
        parts = urlsplit(url)
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL) as error:
        return str(error) or "invalid address"
    if parts.scheme not in ("http", "https"):
        return f"not an http(s) address: {url[:80]}"
    if not parts.hostname:
        return "no host name"
    return ""


def classify(error):
    """Map an httpx exception to (kind, message, retryable)."""
    message = str(error) or error.__class__.__name__
    if isinstance(error, httpx.TimeoutException):
        return TIMEOUT, message, True
    if isinstance(error, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return INVALID_URL, message, False
    cause = error
    while cause is not None:
        if isinstance(cause, ssl.SSLError | ssl.CertificateError):
            return TLS, message, False
        cause = cause.__cause__ or cause.__context__
    if "CERTIFICATE" in message.upper() or "SSL" in message.upper():
        return TLS, message, False
    return CONNECTION, message, False


class LinkChecker:
    def __init__(self, config: CheckerConfig | None = None):
        self.config = config or CheckerConfig()
        self.hosts: dict[str, _Host] = {}
        self.global_limit = asyncio.Semaphore(self.config.concurrency)

    def _host(self, url):
        key = host_key(url)
        if key not in self.hosts:
            self.hosts[key] = _Host(self.config.per_host, self.config.delay)
        return self.hosts[key]

    async def _request(self, client, method, url, result):
        """One polite request; the body is never read."""
        host = self._host(url)
        await host.semaphore.acquire()
        keep_slot = False
        try:
            await host.wait_turn()
            async with self.global_limit:
                result.attempts += 1
                started = time.perf_counter()
                try:
                    request = client.build_request(method, url)
                    response = await client.send(request, stream=True)
                    await response.aclose()
                    return response
                except httpx.HTTPError as error:
                    if isinstance(error, httpx.TimeoutException) and not host.slowed and host.size > 1:
                        # The server is probably still working on the request we gave up on:
                        # leave its slot taken for the rest of the run (one fewer at once).
                        host.slowed = keep_slot = True
                    raise _Attempt(*classify(error)) from error
                finally:
                    result.elapsed += time.perf_counter() - started
        finally:
            if not keep_slot:
                host.semaphore.release()

    async def _request_with_retries(self, client, method, url, result):
        for attempt in range(self.config.retries + 1):
            last = attempt == self.config.retries
            try:
                response = await self._request(client, method, url, result)
            except _Attempt as failure:
                if not failure.retryable or last:
                    raise
            else:
                if response.status_code not in RETRY_CODES or last:
                    return response
            await asyncio.sleep(self.config.backoff * (2**attempt))
        raise AssertionError("unreachable")

    async def _fetch(self, client, url, result):
        """HEAD, then GET when the server does not answer HEAD properly."""
        try:
            response = await self._request_with_retries(client, "HEAD", url, result)
        except _Attempt as failure:
            if failure.kind != CONNECTION:
                raise
            # Some servers drop the connection on HEAD: try a GET before giving up.
        else:
            if response.status_code not in HEAD_FALLBACK_CODES:
                return response
        result.method = "GET"
        return await self._request_with_retries(client, "GET", url, result)

    async def check(self, client, url) -> LinkResult:
        result = LinkResult(url=url)
        problem = validate_url(url)
        if problem:
            result.error_kind, result.error = INVALID_URL, problem
            return result
        seen = {url}
        current = url
        try:
            while True:
                response = await self._fetch(client, current, result)
                result.status_code = response.status_code
                result.final_url = current
                location = response.headers.get("location")
                if response.status_code not in REDIRECT_CODES or not location:
                    break
                result.redirects.append(Hop(current, response.status_code))
                following = urljoin(current, location)
                if following in seen:
                    result.final_url = following
                    result.error_kind = REDIRECT_LOOP
                    result.error = f"redirects back to {following}"
                    return result
                if len(result.redirects) >= self.config.max_redirects:
                    result.final_url = following
                    result.error_kind = TOO_MANY_REDIRECTS
                    result.error = f"more than {self.config.max_redirects} redirects"
                    return result
                problem = validate_url(following)
                if problem:
                    result.final_url = following
                    result.error_kind, result.error = INVALID_URL, problem
                    return result
                seen.add(following)
                current = following
        except _Attempt as failure:
            result.final_url = current
            result.error_kind, result.error = failure.kind, str(failure)
            return result
        if result.status_code >= 400:
            result.error_kind = HTTP_ERROR
            result.error = f"HTTP {result.status_code}"
        return result

    async def check_all(self, urls: Iterable[str], on_result: Callable[[LinkResult], None] | None = None):
        """Check every address (duplicates once); results in the order given."""
        unique = list(dict.fromkeys(urls))
        timeout = httpx.Timeout(self.config.timeout)
        limits = httpx.Limits(max_connections=self.config.concurrency, max_keepalive_connections=20)
        async with httpx.AsyncClient(
            headers={"User-Agent": self.config.user_agent, "Accept": "*/*"},
            timeout=timeout,
            limits=limits,
            follow_redirects=False,
            trust_env=self.config.trust_env,
        ) as client:

            async def one(url):
                result = await self.check(client, url)
                if on_result:
                    on_result(result)
                return result

            return await asyncio.gather(*(one(url) for url in unique))


def check_urls(urls, config=None, on_result=None) -> list[LinkResult]:
    """Synchronous entry point (management command, benchmark)."""
    return asyncio.run(LinkChecker(config).check_all(urls, on_result=on_result))
