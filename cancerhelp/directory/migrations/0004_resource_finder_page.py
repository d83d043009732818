"""One name for one thing: the navigator page is the resource finder page.

RenameModel keeps the rows and the content type (Django renames it after migrating), so
existing pages, their revisions and translations stay linked.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_navigator_problem_reports"),
    ]

    operations = [
        migrations.RenameModel(old_name="NavigatorPage", new_name="ResourceFinderPage"),
    ]
