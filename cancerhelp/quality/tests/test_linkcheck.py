"""The link checker against a real HTTP server on 127.0.0.1 (never the internet)."""

import time

import pytest

from cancerhelp.quality.linkcheck import (
    BROKEN,
    CONNECTION,
    HTTP_ERROR,
    INVALID_URL,
    OK,
    REDIRECT_LOOP,
    REDIRECTED,
    TIMEOUT,
    CheckerConfig,
    Hop,
    check_urls,
)

from .server import InFlight, LocalServer, closed_port


def fast_config(**overrides):
    values = {"delay": 0.0, "timeout": 2.0, "retries": 2, "backoff": 0.01, "trust_env": False}
    values.update(overrides)
    return CheckerConfig(**values)


def check_one(url, **overrides):
    (result,) = check_urls([url], fast_config(**overrides))
    return result


@pytest.fixture
def server():
    with LocalServer() as running:
        yield running


def test_ok_page_is_ok_with_head_only(server):
    result = check_one(server.url("/fine"))
    assert result.outcome == OK
    assert result.status_code == 200
    assert result.final_url == server.url("/fine")
    assert result.redirects == []
    assert result.method == "HEAD"
    assert [method for method, _path, _ua in server.requests] == ["HEAD"]


def test_plain_http_without_tls_works(server):
    assert server.base.startswith("http://")
    assert check_one(server.url("/")).ok


def test_checker_sends_a_clear_user_agent(server):
    check_one(server.url("/"), contact="https://cancerhelp.example/contact/")
    ((_method, _path, agent),) = server.requests
    assert agent == "CancerHelpLinkChecker/1.0 (+https://cancerhelp.example/contact/)"


def test_redirect_chain_is_followed_and_recorded(server):
    final = server.url("/new-home")
    middle = server.url("/moved-again", location=final, status=302)
    first = server.url("/old", location=middle)
    result = check_one(first)
    assert result.outcome == REDIRECTED
    assert result.status_code == 200
    assert result.final_url == final
    assert result.redirects == [Hop(first, 301), Hop(middle, 302)]
    assert result.permanent_redirect


def test_relative_redirects_are_resolved(server):
    result = check_one(server.url("/old", location="/new", status=308))
    assert result.final_url == server.base + "/new"
    assert result.redirects[0].status_code == 308


def test_redirect_loop_is_broken_not_endless(server):
    server.redirects.update({"/a": "/b", "/b": "/a"})
    result = check_one(server.url("/a"))
    assert result.outcome == BROKEN
    assert result.error_kind == REDIRECT_LOOP
    assert len(result.redirects) == 2
    assert len(server.requests) == 2


def test_missing_page_is_broken_with_its_status(server):
    result = check_one(server.url("/gone", status=404))
    assert result.outcome == BROKEN
    assert result.error_kind == HTTP_ERROR
    assert result.status_code == 404


def test_server_error_is_retried_then_reported(server):
    result = check_one(server.url("/boom", status=500), retries=2)
    assert result.outcome == BROKEN
    assert result.status_code == 500
    assert result.attempts == 3
    assert len(server.requests) == 3


def test_passing_server_error_recovers_on_retry(server):
    result = check_one(server.url("/flaky", fail=2, key="flaky"), retries=2)
    assert result.outcome == OK
    assert result.attempts == 3


def test_head_refused_falls_back_to_get(server):
    result = check_one(server.url("/no-head", head=405))
    assert result.outcome == OK
    assert result.method == "GET"
    assert [method for method, _path, _ua in server.requests] == ["HEAD", "GET"]


def test_timeout_is_reported_after_retries(server):
    # The answer would come (200) after 1.5 s: a TIMEOUT means the checker gave up first.
    result = check_one(server.url("/sleepy", delay=1.5), timeout=0.3, retries=1)
    assert result.outcome == BROKEN
    assert result.error_kind == TIMEOUT
    assert result.attempts == 2
    assert [method for method, _path, _ua in server.requests] == ["HEAD", "HEAD"]


def test_slow_but_answering_host_is_ok(server):
    result = check_one(server.url("/slow", delay=0.6), timeout=2.0)
    assert result.outcome == OK
    assert result.elapsed >= 0.6


def test_closed_port_is_a_connection_error():
    result = check_one(f"http://127.0.0.1:{closed_port()}/")
    assert result.outcome == BROKEN
    assert result.error_kind == CONNECTION
    assert result.status_code is None


@pytest.mark.parametrize("address", ["mailto:help@example.org", "http://", "not a url", "ftp://x.org/"])
def test_invalid_addresses_are_not_requested(address):
    result = check_one(address)
    assert result.error_kind == INVALID_URL


def test_per_host_concurrency_never_exceeds_the_limit(server):
    urls = [server.url(f"/page/{number}", delay=0.1) for number in range(12)]
    # No retries and a long timeout: on a busy runner a timed-out request retried while the
    # server still works on it would be a second request at once, and the peak would lie.
    results = check_urls(urls, fast_config(per_host=2, concurrency=10, timeout=30.0, retries=0))
    assert all(result.ok for result in results)
    assert len(server.requests) == 12
    assert server.peak == 2


def test_politeness_delay_spaces_requests_to_one_host(server):
    urls = [server.url(f"/page/{number}") for number in range(4)]
    started = time.perf_counter()
    check_urls(urls, fast_config(per_host=4, delay=0.2))
    assert time.perf_counter() - started >= 0.6


def test_several_hosts_are_checked_in_parallel():
    both = InFlight()
    with LocalServer(shared=both) as one, LocalServer(shared=both) as two:
        urls = [host.url(f"/{n}", delay=0.3) for host in (one, two) for n in range(2)]
        results = check_urls(urls, fast_config(per_host=1, concurrency=4, timeout=30.0, retries=0))
    assert all(result.ok for result in results)
    assert one.peak == two.peak == 1  # one at a time per host...
    assert both.peak == 2  # ...and both hosts at once


def test_duplicate_addresses_are_checked_once(server):
    url = server.url("/same")
    results = check_urls([url, url, url], fast_config())
    assert len(results) == 1
    assert len(server.requests) == 1


def test_host_that_timed_out_gets_one_request_fewer_at_once(server):
    """The server is still busy with the request we gave up on: do not add two more."""
    # Wide margins (answers in 0.3 s, timeout 1.0 s, stuck for 3 s) so a busy machine cannot
    # turn a page's answer into a timeout.
    urls = [server.url("/stuck", delay=3)] + [server.url(f"/page/{n}", delay=0.3) for n in range(6)]
    results = check_urls(urls, fast_config(per_host=2, concurrency=10, timeout=1.0, retries=0))
    assert results[0].error_kind == TIMEOUT
    assert all(result.ok for result in results[1:])
    assert server.peak == 2
