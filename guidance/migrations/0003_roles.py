"""The two editorial roles get the same rights on Handlungsempfehlungen, Veranstaltungen and Aktuelles as on the
other catalogues (see werkzeugkoffer/migrations/0006_roles.py): the Redaktion drafts, edits and submits and sees
the history; the Freigabe also publishes, archives, deletes drafts and reverts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("recommendation", "event", "newsitem")
REDAKTION = [
    *[f"{action}_{model}" for model in MODELS for action in ("add", "change", "view")],
    *[f"view_historical{model}" for model in MODELS],
]
FREIGABE = [
    *REDAKTION,
    *[f"{action}_{model}" for model in MODELS for action in ("publish", "delete")],
    *[f"change_historical{model}" for model in MODELS],
]
ROLES = {"Redaktion": REDAKTION, "Freigabe": FREIGABE}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("guidance")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="guidance", codename__in=ROLES[group.name])
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="guidance"))


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0002_search"),
        ("werkzeugkoffer", "0006_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
