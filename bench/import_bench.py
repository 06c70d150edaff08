"""Time the import of a 5,000-row file into each catalogue: the check (a dry run) and the confirmed import.

Usage: .venv/bin/python bench/import_bench.py [--rows 5000] [--catalogue foerderprogramme|praxisbeispiele|beratung]

Runs both tasks of an import job (werkzeugkoffer/backoffice/imports.py) as the task worker runs them, against
the database of DATABASE_URL or the embedded one, inside a transaction that is rolled back at the end, so
nothing stays behind. The rows are copies of the seed entries with new slugs, as an editor's CSV file of new
entries would be. Prints one line per catalogue with the seconds of both steps and the time per row.
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
    parser.add_argument("--catalogue", choices=["foerderprogramme", "praxisbeispiele", "beratung"])
    arguments = parser.parse_args()
    rows = arguments.rows

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from contacts.resources import ContactResource
    from funding.resources import FundingProgrammeResource
    from projects.resources import PracticeExampleResource
    from werkzeugkoffer.backoffice import imports
    from werkzeugkoffer.backoffice.formats import SpreadsheetCSV
    from werkzeugkoffer.models import ImportJob, ImportState

    user = User(username=f"benchmark-{arguments.catalogue or 'all'}", is_superuser=True)
    print(f"Import of {rows:,} new rows per catalogue, as the task worker runs it")
    catalogues = {
        "foerderprogramme": FundingProgrammeResource,
        "praxisbeispiele": PracticeExampleResource,
        "beratung": ContactResource,
    }
    chosen = [catalogues[arguments.catalogue]] if arguments.catalogue else catalogues.values()
    for resource_class in chosen:
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
        data = SpreadsheetCSV().export_data(dataset).encode()
        timings = []
        try:
            with transaction.atomic():
                user.save()
                job = ImportJob.objects.create(
                    content_type=ContentType.objects.get_for_model(model),
                    resource=f"{resource_class.__module__}.{resource_class.__qualname__}",
                    user=user,
                    file_name="benchmark.csv",
                    file_format="csv",
                    data=data,
                    total_rows=rows,
                )
                for task, done in (
                    (imports.check_import, ImportState.CHECKED),
                    (imports.apply_import, ImportState.DONE),
                ):
                    started = time.perf_counter()
                    task.call(job.pk)
                    timings.append(time.perf_counter() - started)
                    job.refresh_from_db()
                    assert job.state == done, job.summary.get("problems", [])[:3]
                    job.state = ImportState.WAITING_IMPORT
                    job.save(update_fields=["state"])
                raise Rollback
        except Rollback:
            pass
        per_row = 1000 * sum(timings) / rows
        print(
            f"{model._meta.verbose_name_plural}: check {timings[0]:.1f} s, import {timings[1]:.1f} s "
            f"({per_row:.0f} ms per row for both)"
        )


if __name__ == "__main__":
    main()
