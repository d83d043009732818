"""Trigram indexes for the keyword search, on PostgreSQL only.

The finder and the HSDS API's `?search=` match `UPPER(column) LIKE UPPER('%word%')` (what
Django's `icontains` writes on PostgreSQL) on the service title and description and the
organization name. A GIN index with `gin_trgm_ops` on the same `UPPER(...)` expression lets
PostgreSQL read only the matching rows instead of every service.

Written as SQL run only on PostgreSQL, not as `Meta.indexes`: SQLite has no such index, and
a `GinIndex` in the model state would be re-created (and fail) whenever SQLite rebuilds the
table in a later migration. Needs the `pg_trgm` extension: a trusted extension since
PostgreSQL 13, so the database owner may create it (docs/deployment.md).
"""

from django.db import migrations

INDEXES = [
    ("directory_service_title_trgm", "directory_service", 'UPPER("title"::text)'),
    ("directory_service_description_trgm", "directory_service", 'UPPER("description"::text)'),
    ("directory_organization_name_trgm", "directory_organization", 'UPPER("name"::text)'),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ({expression} gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_merge_report_status_and_service_indexes"),
    ]

    operations = [
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
