"""Shared fixtures. The initial content is loaded once into each test database, so every
test starts from the site a newcomer gets after `make run` (and rolls back to it)."""

import pytest
from django.core.management import call_command


def pytest_sessionstart(session):
    """Compile the Spanish catalogue if `make messages` has not (tests check Spanish pages)."""
    from cancerhelp.core.check_messages import compile_catalogue

    compile_catalogue()


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English: a request to /es/ leaves Spanish active in the thread."""
    from django.utils import translation

    from cancerhelp.core.queries import forget_locales, forget_memos

    forget_locales()  # a test's rolled-back locales must not outlive it
    forget_memos()  # nor its rolled-back content (the cache's generation may outlive it)
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_initial_content", verbosity=0)


@pytest.fixture
def topic_page(db):
    from cancerhelp.topics.models import TopicPage

    return TopicPage.objects.get(locale__language_code="en", slug="what-is-metastatic-cancer")


@pytest.fixture
def home_page(db):
    from cancerhelp.home.models import HomePage

    return HomePage.objects.get(locale__language_code="en")


@pytest.fixture
def editor(db, django_user_model):
    """A superuser editor (no default password exists anywhere else)."""
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "correct-horse-battery")
