import datetime
import os

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from hypothesis import settings as hypothesis_settings

from contacts.models import Contact, ContactKind
from funding.models import FundingProgramme, FundingType, Level
from guidance.models import GuidanceKind, Recommendation
from projects.models import PracticeExample
from tests.places.conftest import places  # noqa: F401 - the sample place data, a fixture for every test
from werkzeugkoffer.models import FieldOfAction, PublicationStatus, Region

# Property-based tests: the same examples on every run of `make test`, so that a failure repeats and the
# suite's time is steady; `HYPOTHESIS_PROFILE=thorough` draws ten times as many new ones each run.
hypothesis_settings.register_profile("ci", max_examples=120, derandomize=True, deadline=None, database=None)
hypothesis_settings.register_profile("thorough", max_examples=1000, deadline=None, database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed content once into the test database; tests run in transactions on top."""
    with django_db_blocker.unblock():
        call_command("loaddata", "seed", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Counts cached by one test must not leak into the next, nor taxonomies or synonyms kept per process."""
    from django.core.cache import cache

    from werkzeugkoffer.catalogue import filters, synonyms

    cache.clear()
    filters._vocabularies.clear()
    synonyms._loaded.clear()


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
def make_recommendation(db):
    def make(**fields):
        fields.setdefault("title", "Testempfehlung Quartiersarbeit")
        fields.setdefault("slug", "testempfehlung")
        fields.setdefault("teaser", "Wie ein Quartiersprojekt gelingt.")
        fields.setdefault("body", "<p>Gemeinsam planen und vernetzen.</p>")
        fields.setdefault("kind", GuidanceKind.RECOMMENDATION)
        fields.setdefault("status", PublicationStatus.PUBLISHED)
        return Recommendation.objects.create(**fields)

    return make


@pytest.fixture
def today():
    return datetime.date(2026, 11, 23)


def login_verified(client, user):
    """Sign user in as if with password and second factor (a static OTP device)."""
    device = StaticDevice.objects.create(user=user, name="Test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def make_staff(db):
    """A staff account with the given roles (groups Redaktion, Freigabe)."""

    def make(username, *roles, superuser=False):
        user = User.objects.create_user(username, f"{username}@example.org", "ein-langes-passwort-123", is_staff=True)
        user.is_superuser = superuser
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        return user

    return make


@pytest.fixture
def client_for(db):
    """A fresh test client, signed in with second factor as user."""
    from django.test import Client

    def make(user):
        return login_verified(Client(), user)

    return make


@pytest.fixture
def editor(make_staff, client_for):
    """A signed-in client of a Redaktion account (create, edit, submit for approval)."""
    return client_for(make_staff("redaktion", "Redaktion"))


@pytest.fixture
def reviewer(make_staff, client_for):
    """A signed-in client of a Freigabe account (also publish, archive, revert)."""
    return client_for(make_staff("freigabe", "Freigabe"))


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, also verified with a second factor as the back office requires."""
    return login_verified(client, admin_user)
