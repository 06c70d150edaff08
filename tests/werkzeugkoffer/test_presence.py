import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from funding.models import FundingProgramme
from tests.admin_forms import admin_url, change_form_data
from werkzeugkoffer.backoffice import presence
from werkzeugkoffer.models import EditingPresence, FieldOfAction, Page, PublicationStatus


@pytest.fixture
def erika(make_staff):
    user = make_staff("erika", "Freigabe")
    user.first_name, user.last_name = "Erika", "Muster"
    user.save()
    return user


@pytest.fixture
def ben(make_staff):
    return make_staff("ben", "Freigabe")


def warnings(response):
    return [str(message) for message in response.context["messages"]]


def opened_minutes_ago(minutes):
    EditingPresence.objects.update(opened_at=timezone.now() - datetime.timedelta(minutes=minutes))


def test_the_change_form_names_who_else_opened_the_entry_lately(erika, ben, client_for, make_programme):
    url = admin_url(FundingProgramme, "change", make_programme(status=PublicationStatus.DRAFT).pk)
    first = client_for(erika).get(url)
    assert not [text for text in warnings(first) if "zum Bearbeiten geöffnet" in text]
    opened_minutes_ago(3)

    response = client_for(ben).get(url)

    assert response.status_code == 200
    assert (
        "Erika Muster hat diesen Eintrag vor 3 Minuten zum Bearbeiten geöffnet. Speichern Sie erst nach Rücksprache "
        "mit Erika Muster, sonst wird die zweite Speicherung abgelehnt"
    ) in response.content.decode()


def test_an_opening_older_than_ten_minutes_is_no_longer_mentioned_and_is_pruned(erika, ben, client_for, make_programme):
    url = admin_url(FundingProgramme, "change", make_programme().pk)
    client_for(erika).get(url)
    opened_minutes_ago(11)

    response = client_for(ben).get(url)

    assert "zum Bearbeiten geöffnet" not in response.content.decode()
    assert list(EditingPresence.objects.values_list("user__username", flat=True)) == ["ben"]


def test_each_user_has_one_row_per_entry_however_often_they_open_it(erika, client_for, make_programme):
    programme = make_programme()
    client = client_for(erika)
    for _ in range(3):
        client.get(admin_url(FundingProgramme, "change", programme.pk))

    row = EditingPresence.objects.get()
    assert (row.content_type, row.object_id, row.user) == (
        ContentType.objects.get_for_model(FundingProgramme),
        str(programme.pk),
        erika,
    )
    assert timezone.now() - row.opened_at < datetime.timedelta(minutes=1)


def test_legal_pages_and_taxonomies_warn_as_well(erika, ben, client_for):
    for entry in (Page.objects.get(slug="impressum"), FieldOfAction.objects.first()):
        url = admin_url(type(entry), "change", entry.pk)
        client_for(erika).get(url)

        content = client_for(ben).get(url).content.decode()

        assert "Erika Muster hat diesen Eintrag gerade eben zum Bearbeiten geöffnet." in content


def test_saving_clears_the_users_own_opening(erika, ben, client_for, make_programme):
    programme = make_programme(status=PublicationStatus.DRAFT)
    url = admin_url(FundingProgramme, "change", programme.pk)
    client = client_for(erika)
    data = change_form_data(client.get(url))
    data["summary"] = "Neu gefasst."

    assert client.post(url, data).status_code == 302

    assert not EditingPresence.objects.exists()
    assert "zum Bearbeiten geöffnet" not in client_for(ben).get(url).content.decode()


def test_someone_who_may_only_view_the_entry_is_neither_recorded_nor_warned(erika, make_staff, client_for):
    page = Page.objects.get(slug="impressum")
    url = admin_url(Page, "change", page.pk)
    client_for(erika).get(url)
    # The Redaktion reads the legal pages but may not change them.
    reader = client_for(make_staff("leserin", "Redaktion"))

    content = reader.get(url).content.decode()

    assert "zum Bearbeiten geöffnet" not in content
    assert list(EditingPresence.objects.values_list("user__username", flat=True)) == ["erika"]


@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "gerade eben"), (1, "vor 1 Minute"), (3, "vor 3 Minuten"), (9, "vor 9 Minuten")]
)
def test_it_says_how_long_ago_in_german(minutes, text):
    now = timezone.now()
    assert presence.minutes_ago(now - datetime.timedelta(minutes=minutes, seconds=20), now) == text
