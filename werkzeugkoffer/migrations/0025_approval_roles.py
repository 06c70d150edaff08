"""Both editorial roles see the Freigaben (who asked for what, and what came of it); deciding needs the
catalogue's „publish“ permission, which only the Freigabe has."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {"Redaktion": ["view_approvalrequest"], "Freigabe": ["view_approvalrequest"]}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("werkzeugkoffer")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="werkzeugkoffer", codename__in=ROLES[group.name])
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="werkzeugkoffer", codename="view_approvalrequest")
        )


class Migration(migrations.Migration):
    dependencies = [("werkzeugkoffer", "0024_approval_requests")]

    operations = [migrations.RunPython(grant, revoke)]
