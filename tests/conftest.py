import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed content once into the test database; tests run in transactions on top."""
    with django_db_blocker.unblock():
        call_command("loaddata", "seed", verbosity=0)
