"""The centers page lists every in-person place (cancer centers, Hope Lodges, support
centers), not only entries tagged "local centers": a preset way of getting help."""

from django.db import migrations, models


def centers_page_shows_in_person_places(apps, schema_editor):
    ResourceFinderPage = apps.get_model("directory", "ResourceFinderPage")
    for page in ResourceFinderPage.objects.filter(preset_kind="local-centers", preset_format=""):
        page.preset_kind = ""
        page.preset_format = "in-person"
        page.save(update_fields=["preset_kind", "preset_format"])
        revision = page.latest_revision
        if revision is not None and isinstance(revision.content, dict):  # keep a re-publish the same
            revision.content.update(preset_kind="", preset_format="in-person")
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_resource_finder_page"),
    ]

    operations = [
        migrations.AddField(
            model_name="resourcefinderpage",
            name="preset_format",
            field=models.CharField(
                blank=True,
                choices=[("online", "Online"), ("phone", "By phone"), ("in-person", "In person")],
                help_text="Show only resources used this way (the centers page: in person). Empty: every way.",
                max_length=20,
                verbose_name="preset way of getting help",
            ),
        ),
        migrations.RunPython(centers_page_shows_in_person_places, migrations.RunPython.noop),
    ]
