import datetime

import pytest
from django.core.management import call_command

from contacts.models import Contact, ContactKind
from funding.models import FundingProgramme, FundingType, Level
from projects.models import PracticeExample
from werkzeugkoffer.models import FieldOfAction, PublicationStatus, Region


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed content once into the test database; tests run in transactions on top."""
    with django_db_blocker.unblock():
        call_command("loaddata", "seed", verbosity=0)


@pytest.fixture
def rlp(db):
    return Region.objects.get(slug="rheinland-pfalz")


@pytest.fixture
def make_example(db, rlp):
    def make(**fields):
        fields.setdefault("title", "Testprojekt Nachbarschaftscafé")
        fields.setdefault("slug", "testprojekt")
        fields.setdefault("teaser", "Ein Café als Treffpunkt für alle Generationen.")
        fields.setdefault("operator_name", "Testträger e. V.")
        fields.setdefault("place", "Mainz")
        fields.setdefault("state", rlp)
        fields.setdefault("status", PublicationStatus.PUBLISHED)
        example = PracticeExample.objects.create(**fields)
        example.fields_of_action.add(FieldOfAction.objects.first())
        return example

    return make


@pytest.fixture
def make_programme(db):
    def make(**fields):
        fields.setdefault("title", "Testprogramm Quartiere")
        fields.setdefault("slug", "testprogramm")
        fields.setdefault("summary", "Zuschüsse für Quartiersprojekte.")
        fields.setdefault("funder", "Testministerium")
        fields.setdefault("level", Level.STATE)
        fields.setdefault("funding_type", FundingType.GRANT)
        fields.setdefault("status", PublicationStatus.PUBLISHED)
        return FundingProgramme.objects.create(**fields)

    return make


@pytest.fixture
def make_contact(db):
    def make(**fields):
        fields.setdefault("name", "Teststelle Wohnberatung")
        fields.setdefault("slug", "teststelle")
        fields.setdefault("kind", ContactKind.MUNICIPAL)
        fields.setdefault("description", "Berät zu Wohnen im Alter.")
        fields.setdefault("status", PublicationStatus.PUBLISHED)
        return Contact.objects.create(**fields)

    return make


@pytest.fixture
def today():
    return datetime.date(2026, 11, 23)
