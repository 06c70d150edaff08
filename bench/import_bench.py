"""Time the import of a 5,000-row file into each catalogue: the preview (a dry run) and the confirmed import.

Usage: .venv/bin/python bench/import_bench.py [--rows 5000]

Runs against the database of DATABASE_URL or the embedded one, inside a transaction that is rolled back at
the end, so nothing stays behind. The rows are copies of the seed entries with new slugs, as an editor's
file of new entries would be. Prints one line per catalogue with the seconds of both steps.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkzeugkoffer.settings")


class Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    rows = parser.parse_args().rows

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import transaction

    from contacts.resources import ContactResource
    from funding.resources import FundingProgrammeResource
    from projects.resources import PracticeExampleResource

    user = User(username="benchmark", is_superuser=True)
    print(f"Import of {rows:,} new rows per catalogue (seconds)")
    for resource_class in (FundingProgrammeResource, PracticeExampleResource, ContactResource):
        model = resource_class._meta.model
        template = resource_class().export(model.objects.order_by("pk"))
        names = {label: name for name, label in resource_class().column_labels().items()}
        slug, version = template.headers.index(next(h for h in template.headers if names.get(h) == "slug")), None
        version = template.headers.index(next(h for h in template.headers if names.get(h) == "version"))
        import tablib

        dataset = tablib.Dataset(headers=template.headers)
        for number in range(rows):
            row = list(template[number % len(template)])
            row[slug] = f"bench-{number}-{row[slug]}"[:120]
            row[version] = ""
            row[template.headers.index("Status")] = "entwurf"
            dataset.append(row)
        timings = []
        try:
            with transaction.atomic():
                user.save()
                for dry_run in (True, False):
                    started = time.perf_counter()
                    result = resource_class().import_data(dataset, dry_run=dry_run, user=user)
                    timings.append(time.perf_counter() - started)
                    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows[:1]
                raise Rollback
        except Rollback:
            pass
        print(f"{model._meta.verbose_name_plural}: preview {timings[0]:.1f} s, import {timings[1]:.1f} s")


if __name__ == "__main__":
    main()
