import datetime

import pytest
from django.db import connection
from django.utils import timezone

from guidance.models import Event, EventKind, GuidanceKind, NewsItem, Recommendation
from projects.models import PracticeExample
from werkzeugkoffer.models import PublicationStatus

PUBLIC = ["/", "/praxisbeispiele/", "/foerderprogramme/?handlungsfeld=wohnen", "/beratung/", "/suche/?q=Pflege"]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_can_be_cached_and_revalidated(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('W/"')
    assert response.has_header("Last-Modified")
    assert "X-Werkzeugkoffer-Partial" in response["Vary"]

    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == response["ETag"]

    since = client.get(url, headers={"If-Modified-Since": response["Last-Modified"]})
    assert since.status_code == 304


def test_a_conditional_request_needs_only_one_query(client, db, django_assert_num_queries):
    etag = client.get("/praxisbeispiele/")["ETag"]
    with django_assert_num_queries(1):
        assert client.get("/praxisbeispiele/", headers={"If-None-Match": etag}).status_code == 304


def test_the_etag_changes_when_content_changes(client, db):
    etag = client.get("/praxisbeispiele/")["ETag"]
    example = PracticeExample.objects.published().first()
    example.teaser = "Neu geschrieben."
    example.save()
    response = client.get("/praxisbeispiele/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_etag_changes_when_only_a_tag_changes(client, db):
    etag = client.get("/praxisbeispiele/")["ETag"]
    PracticeExample.objects.published().first().tags.add("Ganz neues Schlagwort")
    assert client.get("/praxisbeispiele/")["ETag"] != etag


def test_the_partial_and_the_page_have_different_etags(client, db):
    page = client.get("/praxisbeispiele/")
    partial = client.get("/praxisbeispiele/", headers={"X-Werkzeugkoffer-Partial": "1"})
    assert page["ETag"] != partial["ETag"]


def test_admin_and_errors_are_not_cached(client, db):
    assert not client.get("/admin/login/").has_header("ETag")
    assert not client.get("/praxisbeispiele/gibt-es-nicht/").has_header("ETag")


@pytest.mark.parametrize("name", ["sessionid", "__Host-sessionid"])
def test_visitors_with_a_session_get_personal_pages(client, db, settings, name):
    settings.SESSION_COOKIE_NAME = name
    client.cookies[name] = "irgendwas"
    assert not client.get("/praxisbeispiele/").has_header("ETag")


def test_a_304_carries_no_new_csp_nonce(client, db):
    response = client.get("/praxisbeispiele/")
    again = client.get("/praxisbeispiele/", headers={"If-None-Match": response["ETag"]})
    assert not again.has_header("Content-Security-Policy")


def test_a_scheduled_entry_changes_the_etag_when_its_time_comes(client, make_example):
    import datetime

    from django.db import connection
    from django.utils import timezone

    example = make_example(slug="geplant", publish_at=timezone.now() + datetime.timedelta(hours=1))
    before = client.get("/praxisbeispiele/")
    assert "/praxisbeispiele/geplant/" not in before.content.decode()
    # Time passes: move the release into the past without touching the content state.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # no triggers: nothing "changes"
        cursor.execute(
            "UPDATE projects_practiceexample SET publish_at = now() - interval '1 minute' WHERE id = %s", [example.pk]
        )
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    after = client.get("/praxisbeispiele/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "/praxisbeispiele/geplant/" in after.content.decode()


def scheduled(kind, publish_at):
    """A released event, news item or recommendation that appears at publish_at, and the list that shows it."""
    common = {"title": "Geplant", "slug": "geplant", "publish_at": publish_at, "status": PublicationStatus.PUBLISHED}
    today = timezone.localdate()
    if kind == "event":
        entry = Event.objects.create(kind=EventKind.CONFERENCE, description="-", start_date=today, **common)
        return entry, "/veranstaltungen/"
    if kind == "newsitem":
        return NewsItem.objects.create(date=today, teaser="-", **common), "/aktuelles/"
    entry = Recommendation.objects.create(teaser="-", body="-", kind=GuidanceKind.RECOMMENDATION, **common)
    return entry, "/handlungsempfehlungen/"


@pytest.mark.parametrize("kind", ["event", "newsitem", "recommendation"])
def test_a_scheduled_event_news_item_or_recommendation_changes_the_etag_when_its_time_comes(client, db, kind):
    entry, url = scheduled(kind, timezone.now() + datetime.timedelta(hours=1))
    before = client.get(url)
    assert entry.get_absolute_url() not in before.content.decode()
    # Time passes: move the release into the past without touching the content state.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(f"UPDATE guidance_{kind} SET publish_at = now() - interval '1 minute' WHERE id = %s", [entry.pk])
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert entry.get_absolute_url() in after.content.decode()
