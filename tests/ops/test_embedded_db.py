from django.conf import settings

from werkzeugkoffer.operations.embedded_db import CHECKOUT_DATA_DIR


def test_make_stop_db_stops_the_database_the_settings_start():
    # `python -m werkzeugkoffer.operations.embedded_db stop` (make stop-db) defaults to this directory.
    assert CHECKOUT_DATA_DIR == settings.BASE_DIR / ".pgdata"
