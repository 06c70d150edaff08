"""The two editorial roles as groups with their permissions.

Redaktion: creates and edits entries and submits them for approval; sees the history.
Freigabe: everything the Redaktion does, and publishes, archives, deletes drafts, reverts to
earlier versions and maintains the taxonomies and legal pages.
Accounts are never created here: the database ships without any account.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATALOGUES = [("projects", "practiceexample"), ("funding", "fundingprogramme"), ("contacts", "contact")]

REDAKTION = [
    *[f"{app}.{action}_{model}" for app, model in CATALOGUES for action in ("add", "change", "view")],
    *[f"{app}.view_historical{model}" for app, model in CATALOGUES],
    *[f"projects.{action}_practiceexampleimage" for action in ("add", "change", "delete", "view")],
    "werkzeugkoffer.view_region",
    "werkzeugkoffer.view_fieldofaction",
    "werkzeugkoffer.view_targetgroup",
    "werkzeugkoffer.view_page",
    "werkzeugkoffer.view_historicalpage",
    "werkzeugkoffer.view_linkcheck",
]

FREIGABE = [
    *REDAKTION,
    *[f"{app}.publish_{model}" for app, model in CATALOGUES],
    *[f"{app}.delete_{model}" for app, model in CATALOGUES],
    *[f"{app}.change_historical{model}" for app, model in CATALOGUES],
    *[f"werkzeugkoffer.{action}_{model}" for model in ("region", "fieldofaction", "targetgroup") for action in ("add", "change")],
    "werkzeugkoffer.change_page",
    "werkzeugkoffer.change_historicalpage",
]

ROLES = {"Redaktion": REDAKTION, "Freigabe": FREIGABE}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("werkzeugkoffer", "0005_history_linkcheck"),
        ("projects", "0003_workflow_history_images"),
        ("funding", "0003_workflow_history"),
        ("contacts", "0003_workflow_history"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
