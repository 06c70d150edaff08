# „zuletzt geprüft am“ only where an editor checked the entry.
#
# Until now every entry got the day it was created or loaded as „zuletzt geprüft am“, the seed content too. The
# date is kept where the history shows that an editor set it: a signed-in user created the entry (the change form
# then filled in the date), or the date changed after the first version (an editor entered it or used „als heute
# geprüft markieren“). Everywhere else it becomes empty; no date is made up. The Wiedervorlage stays as it is.

from django.db import migrations
from django.db.models import F, OuterRef, Q, Subquery

CATALOGUES = [("projects", "PracticeExample"), ("funding", "FundingProgramme"), ("contacts", "Contact")]


def clear_unchecked_review_dates(apps, schema_editor):
    for app_label, model_name in CATALOGUES:
        model = apps.get_model(app_label, model_name)
        history = apps.get_model(app_label, f"Historical{model_name}")
        first = history.objects.filter(id=OuterRef("pk")).order_by("history_date", "history_id")
        entries = model.objects.filter(reviewed_at__isnull=False).annotate(
            first_user=Subquery(first.values("history_user_id")[:1]),
            first_reviewed_at=Subquery(first.values("reviewed_at")[:1]),
        )
        # Without any history, first_reviewed_at is NULL as well: nothing shows that an editor set the date.
        unchecked = entries.filter(
            Q(first_user__isnull=True) & (Q(first_reviewed_at__isnull=True) | Q(first_reviewed_at=F("reviewed_at")))
        )
        model.objects.filter(pk__in=unchecked.values("pk")).update(reviewed_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("werkzeugkoffer", "0011_enrolment_link"),
        ("projects", "0007_source_date_and_unknown_running"),
        ("funding", "0008_source_date"),
        ("contacts", "0007_source_date"),
    ]

    # Going back needs nothing here: undoing the schema migrations fills empty dates with the day, as before.
    operations = [migrations.RunPython(clear_unchecked_review_dates, migrations.RunPython.noop)]
