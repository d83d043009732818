"""PostgreSQL text-search configurations for English and Spanish content, accents folded.

cancerhelp_spanish = Spanish stemming after unaccent; cancerhelp_english likewise. When the
unaccent extension cannot be installed, the configurations are plain copies (stemming
still works; accents then count). Nothing happens on other databases.
"""

from django.db import migrations

CONFIGS = {"cancerhelp_english": "english", "cancerhelp_spanish": "spanish"}


def create_configurations(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
        has_unaccent = cursor.fetchone() is not None
        if has_unaccent:
            cursor.execute("SAVEPOINT cancerhelp_unaccent")
            try:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
                cursor.execute("RELEASE SAVEPOINT cancerhelp_unaccent")
            except Exception:  # no privilege: keep going without accent folding
                cursor.execute("ROLLBACK TO SAVEPOINT cancerhelp_unaccent")
                has_unaccent = False
        for name, language in CONFIGS.items():
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [name])
            if cursor.fetchone():
                continue
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{language})")
            if has_unaccent:
                cursor.execute(
                    f"ALTER TEXT SEARCH CONFIGURATION {name} "
                    f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {language}_stem"
                )


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in CONFIGS:
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_configurations, drop_configurations)]
