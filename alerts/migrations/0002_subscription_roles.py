"""The Freigabe sees and deletes e-mail subscriptions in the back office (alerts/admin.py); the Redaktion does not
see the addresses."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["view_subscription", "delete_subscription"]


def grant_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("alerts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Freigabe"):
        group.permissions.add(*Permission.objects.filter(content_type__app_label="alerts", codename__in=PERMISSIONS))


def revoke_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Freigabe"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="alerts", codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("werkzeugkoffer", "0006_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
