"""Two editors saving the same legal page, taxonomy or region: the second is told, and nothing is lost."""

import pytest

from tests.admin_forms import admin_url, change_form_data
from werkzeugkoffer.models import FieldOfAction, Page, Region


@pytest.mark.parametrize(
    ("model", "lookup", "field"),
    [
        (Page, {"slug": "impressum"}, "title"),
        (FieldOfAction, {"slug": "wohnen"}, "description"),
        (Region, {"slug": "bayern"}, "name"),
    ],
    ids=["legal-page", "handlungsfeld", "region"],
)
def test_the_second_of_two_concurrent_saves_is_refused(make_staff, client_for, model, lookup, field):
    entry = model.objects.get(**lookup)
    url = admin_url(model, "change", entry.pk)
    first, second = client_for(make_staff("freigabe", "Freigabe")), client_for(make_staff("zweite", "Freigabe"))
    first_form, second_form = change_form_data(first.get(url)), change_form_data(second.get(url))
    assert first_form["opened_version"] == second_form["opened_version"] == str(entry.version)

    first_form[field] = "Erste Fassung"
    assert first.post(url, first_form).status_code == 302
    second_form[field] = "Zweite Fassung"
    refused = second.post(url, second_form)

    assert refused.status_code == 200
    assert "inzwischen von jemand anderem gespeichert" in refused.content.decode()
    entry.refresh_from_db()
    assert getattr(entry, field) == "Erste Fassung"
    assert entry.version == 2
