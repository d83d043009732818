"""Wagtail's database search backend, with each language's own stemming on PostgreSQL.

On PostgreSQL every object is indexed with the text-search configuration of its own
locale (Spanish pages with Spanish stemming, English ones with English stemming), and a
search runs with the configuration of the backend asked: "default" for English, "es" for
Spanish (settings.WAGTAILSEARCH_BACKENDS). The configurations cancerhelp_english and
cancerhelp_spanish (migration 0001 of this app) fold accents first, so "metastasico"
finds "metastásico". Every word of a query also matches as a prefix of a stem, so
"metastásico" (stem "metastas") finds "metástasis" too.

On SQLite (and anything else) this is Wagtail's database backend unchanged: FTS5 folds
accents, without stemming.
"""

import copy
import re
from collections import defaultdict

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.query import PlainText

# Text-search configuration per content language (created by migration 0001).
SEARCH_CONFIGS = {"en": "cancerhelp_english", "es": "cancerhelp_spanish"}


def config_for(obj, default):
    locale = getattr(obj, "locale", None)
    code = getattr(locale, "language_code", None)
    return SEARCH_CONFIGS.get(code, default)


def _postgres_backend_class():
    from django.contrib.postgres.search import SearchQuery
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from modelsearch.backends.database.postgres.query import Lexeme

    class LocalePostgresIndex(PostgresIndex):
        def add_items(self, model, objs):
            """Index each language's objects with that language's configuration."""
            groups = defaultdict(list)
            for obj in objs:
                groups[config_for(obj, self.backend.config)].append(obj)
            for config, group in groups.items():
                backend = copy.copy(self.backend)
                backend.config = config
                index = copy.copy(self)
                index.backend = backend
                PostgresIndex.add_items(index, model, group)

    class StemPrefixQueryCompiler(PostgresSearchQueryCompiler):
        def build_tsquery_content(self, query, config=None, invert=False):
            if not isinstance(query, PlainText):
                return super().build_tsquery_content(query, config=config, invert=invert)
            terms = [term for term in re.split(r"[\s\-]+", query.query_string) if term]
            if not terms:
                return None
            lexemes = None
            for term in terms:
                lexeme = Lexeme(term, invert=invert, prefix=True)
                if lexemes is None:
                    lexemes = lexeme
                elif query.operator == "and":
                    lexemes &= lexeme
                else:
                    lexemes |= lexeme
            return SearchQuery(lexemes, search_type="raw", config=config)

    class LocalePostgresSearchBackend(PostgresSearchBackend):
        index_class = LocalePostgresIndex
        query_compiler_class = StemPrefixQueryCompiler

    return LocalePostgresSearchBackend


def SearchBackend(params):  # Wagtail looks the backend up by this name
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    return DatabaseSearchBackend(params)
