from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).resolve().parent / "data"


def load_places(area_dir=DATA, postcode_file=None):
    """Run `manage.py load_places` on the sample files (see scripts/place_samples.py); returns its output."""
    out = StringIO()
    postcode_file = postcode_file or DATA / "geonames_data.jsonl.gz"
    call_command("load_places", "--areas", str(area_dir), "--postcodes", str(postcode_file), stdout=out)
    return out.getvalue()


@pytest.fixture
def places(db):
    return load_places()


def remove_places():
    """Empty the place tables again (after a live server, whose data is committed)."""
    from places.models import Gemeinde, Kreis, Land, PostalCode, PostalCodeGemeinde, Verband

    for model in (PostalCodeGemeinde, PostalCode, Gemeinde, Verband, Kreis, Land):
        model.objects.all().delete()


@pytest.fixture(scope="module")
def shared_places(django_db_setup, django_db_blocker):
    """The sample places committed once for a module whose tests only read them (loading takes about a second)."""
    with django_db_blocker.unblock():
        output = load_places()
    yield output
    with django_db_blocker.unblock():
        remove_places()
