"""Each quality test starts in English: a request to a Spanish page earlier in the same
worker leaves Spanish active (LocaleMiddleware activates a language and never resets it)."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield
