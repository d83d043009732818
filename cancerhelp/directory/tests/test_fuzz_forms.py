"""Property-based tests (hypothesis) of what readers can type or send: the resource
finder's query parameters and the report form. Whatever arrives, the answer is a page
(200) or a clear refusal (4xx), never a server error.

BUDGET: `EXAMPLES` generated requests per test, derandomized (the same requests on every
run, so CI is repeatable), no per-example deadline. Measured: about 10 s for the file on
SQLite here. Raise EXAMPLES locally to search harder."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cancerhelp.directory.finder import MAX_KEYWORD_LENGTH, MAX_PLACE_LENGTH, RADIUS_CHOICES
from cancerhelp.directory.models import ProblemReport
from cancerhelp.directory.vocabulary import KINDS_OF_HELP

from .helpers import finder_page, make_service

pytestmark = pytest.mark.django_db

EXAMPLES = 60
BUDGET = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any text a browser or a script can put in a URL or a form: every Unicode character that
# UTF-8 can carry (no lone surrogates), control characters and NUL included.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)


def text_or(*choices):
    return st.one_of(st.sampled_from(list(choices)), ANY_TEXT)


def values(strategy):
    """A parameter absent, given once, or repeated."""
    return st.one_of(st.none(), strategy, st.lists(strategy, min_size=2, max_size=3))


FINDER_QUERY = st.fixed_dictionaries(
    {},
    optional={
        "q": values(text_or("support group", "x" * MAX_KEYWORD_LENGTH, "x" * (MAX_KEYWORD_LENGTH + 1))),
        "near": values(text_or("10001", "Houston, TX", "Texas", "00000", "9" * MAX_PLACE_LENGTH)),
        "zip": values(text_or("77030", "abcde", "1" * 11)),
        "kind": values(text_or(*KINDS_OF_HELP, "unknown-kind")),
        "radius": values(text_or(*map(str, RADIUS_CHOICES), "-1", "1e9", "")),
        "language": values(text_or("es", "en", "zz")),
        "format": values(text_or("online", "phone", "in-person", "carrier-pigeon")),
        "cancer_type": values(text_or("breast", "lung", "none")),
        "free": values(text_or("on", "true", "")),
        "page": values(text_or("1", "2", "0", "-1", "last", "99999999999999999999")),
    },
)


def without_absent(query):
    return {name: value for name, value in query.items() if value is not None}


@pytest.fixture
def finder(db):
    make_service("Quokka helpline", by_phone=True, phones=["1-800-555-0199"], kinds=["peer-support"])
    return finder_page()


@BUDGET
@given(query=FINDER_QUERY, spanish=st.booleans())
def test_any_finder_query_is_a_page_or_a_clear_refusal(finder, query, spanish):
    address = "/es/recursos/" if spanish else "/resources/"
    response = Client(raise_request_exception=False).get(address, without_absent(query))
    assert response.status_code == 200 or 400 <= response.status_code < 500, (query, response.status_code)


REPORT = st.fixed_dictionaries(
    {},
    optional={
        "kind": values(text_or("wrong_phone", "closed", "other", "")),
        "details": values(st.one_of(ANY_TEXT, st.text(max_size=3000))),
        "service": ANY_TEXT,  # not a field: ignored
    },
)


@BUDGET
@given(data=REPORT, address=st.ip_addresses(v=4).map(str), known_service=st.booleans())
def test_any_report_is_thanked_or_refused_never_an_error(finder, data, address, known_service):
    service = finder.report_url(make_service("Reported")) if known_service else None
    url = service or "/resources/report/7d3f0c52-1b8e-4e0a-9a51-3c2b6f1d9e20/"
    before = ProblemReport.objects.count()
    response = Client(REMOTE_ADDR=address, raise_request_exception=False).post(url, without_absent(data))
    assert response.status_code in (303, 400, 404, 429), (data, response.status_code)
    stored = ProblemReport.objects.count() - before
    assert stored == (1 if response.status_code == 303 else 0)  # a refusal stores nothing
