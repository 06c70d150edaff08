"""Entries that already wait in status „zur Freigabe“ get their request, so that the Freigabe finds them where the
new ones are; who submitted them was never recorded."""

from django.db import migrations

CATALOGUES = [
    ("projects", "practiceexample"),
    ("funding", "fundingprogramme"),
    ("contacts", "contact"),
    ("guidance", "recommendation"),
    ("guidance", "event"),
    ("guidance", "newsitem"),
]


def add_requests(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ApprovalRequest = apps.get_model("werkzeugkoffer", "ApprovalRequest")
    for app_label, model_name in CATALOGUES:
        model = apps.get_model(app_label, model_name)
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
        for entry in model.objects.filter(status="zur-freigabe"):
            ApprovalRequest.objects.get_or_create(
                content_type=content_type,
                object_id=entry.pk,
                state="wartet",
                defaults={
                    "object_repr": str(getattr(entry, "title", None) or getattr(entry, "name", None) or entry.pk)[:300],
                    "kind": "erstveroeffentlichung",
                    "base_version": entry.version,
                    "submitted_at": entry.updated_at,
                    "note": "Vor der Einführung der Freigabe-Anfragen eingereicht; wer es eingereicht hat, ist nicht bekannt.",
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("werkzeugkoffer", "0025_approval_roles"),
        ("projects", "0009_practiceexample_search_parts"),
        ("funding", "0010_fundingprogramme_search_parts"),
        ("contacts", "0008_contact_search_parts"),
        ("guidance", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_requests, migrations.RunPython.noop)]
