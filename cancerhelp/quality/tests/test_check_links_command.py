"""`manage.py check_links` against a local server: outcomes, history, flags, progress bar."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cancerhelp.directory.models import Organization, Service
from cancerhelp.quality.models import LinkCheck, LinkTarget, Outcome
from cancerhelp.quality.usages import find_usages

from .server import LocalServer, closed_port

FAST = ["--delay", "0", "--timeout", "1", "--retries", "0"]


@pytest.fixture
def server():
    with LocalServer() as running:
        yield running


def point_directory_at(url):
    """Every directory address -> the local server, so a full run never leaves 127.0.0.1."""
    Service.objects.exclude(url="").update(url=url)
    Organization.objects.exclude(website="").update(website=url)
    from cancerhelp.topics.models import TopicPage

    TopicPage.objects.update(sources="[]")  # a topic page's sources are real addresses too


def assert_only_local(server):
    stray = [url for url in find_usages().urls() if not url.startswith(server.base)]
    assert not stray, f"a full run would go to the internet: {stray}"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("check_links", *FAST, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_every_case_is_recorded_with_the_right_outcome(server):
    server.redirects["/loop"] = "/loop"
    cases = {
        server.url("/fine"): (Outcome.OK, 200, ""),
        server.url("/moved", location="/there"): (Outcome.REDIRECTED, 200, ""),
        server.url("/loop"): (Outcome.BROKEN, 301, "redirect-loop"),
        server.url("/gone", status=404): (Outcome.BROKEN, 404, "http-error"),
        server.url("/boom", status=500): (Outcome.BROKEN, 500, "http-error"),
        server.url("/no-head", head=405): (Outcome.OK, 200, ""),
        server.url("/sleepy", delay=2): (Outcome.BROKEN, None, "timeout"),
        f"http://127.0.0.1:{closed_port()}/": (Outcome.BROKEN, None, "connection"),
    }
    args = [arg for url in cases for arg in ("--url", url)]
    out, err = run(*args)
    for url, (outcome, status, error_kind) in cases.items():
        target = LinkTarget.objects.get(url=url)
        assert (target.outcome, target.status_code, target.error_kind) == (outcome, status, error_kind), url
        assert target.checks.count() == 1
    moved = LinkTarget.objects.get(url=server.url("/moved", location="/there"))
    assert moved.final_url == server.base + "/there"
    assert moved.redirect_chain == [{"url": moved.url, "status": 301}]
    assert "Checked 8 addresses: 2 ok, 1 redirected, 5 broken" in out
    assert "8/8" in err  # the progress bar


@pytest.mark.django_db
def test_no_progress_option_hides_the_bar(server):
    _out, err = run("--url", server.url("/"), "--no-progress")
    assert err == ""


@pytest.mark.django_db
def test_history_is_kept_and_a_link_is_flagged_after_three_failures(server, settings):
    settings.LINKCHECK_FLAG_AFTER = 3
    url = server.url("/flaky", fail=2, key="flaky")  # 500 twice, then fine
    broken = server.url("/gone", status=404)
    for _ in range(2):
        run("--url", url, "--url", broken)
    target = LinkTarget.objects.get(url=broken)
    assert target.consecutive_failures == 2
    assert not target.flagged
    run("--url", url, "--url", broken)
    target.refresh_from_db()
    assert target.consecutive_failures == 3
    assert target.flagged
    recovering = LinkTarget.objects.get(url=url)
    assert [check.outcome for check in recovering.checks.order_by("checked_at", "pk")] == [
        Outcome.BROKEN,
        Outcome.BROKEN,
        Outcome.OK,
    ]
    assert recovering.consecutive_failures == 0 and not recovering.flagged
    assert LinkCheck.objects.filter(target=target).count() == 3


@pytest.mark.django_db
def test_a_working_check_clears_the_flag(server, settings):
    settings.LINKCHECK_FLAG_AFTER = 1
    url = server.url("/flaky", fail=1, key="once")
    run("--url", url)
    assert LinkTarget.objects.get(url=url).flagged
    run("--url", url)
    assert not LinkTarget.objects.get(url=url).flagged


@pytest.mark.django_db
def test_full_run_checks_directory_addresses_and_only_broken_rechecks_them(server):
    point_directory_at(server.url("/gone", status=404))
    first = Service.objects.exclude(url="").first()
    first.url = server.url("/fine")
    first.save()
    assert_only_local(server)
    out, _err = run("--no-progress")
    assert "Checked 2 addresses: 1 ok, 0 redirected, 1 broken" in out
    assert LinkTarget.objects.get(url=first.url).in_use
    server.requests.clear()
    out, _err = run("--no-progress", "--only-broken")
    assert "Checked 1 addresses" in out
    assert {path for _method, path, _ua in server.requests} == {"/gone?status=404"}


@pytest.mark.django_db
def test_unused_addresses_are_marked_not_in_use(server):
    point_directory_at(server.url("/fine"))
    assert_only_local(server)
    run("--no-progress")
    point_directory_at(server.url("/other"))
    run("--no-progress")
    assert not LinkTarget.objects.get(url=server.url("/fine")).in_use
    assert LinkTarget.objects.get(url=server.url("/other")).in_use


@pytest.mark.django_db
def test_bad_address_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="Not a web address"):
        run("--url", "javascript:alert(1)")
    assert not LinkTarget.objects.exists()
