"""The subscriptions in the back office: the Freigabe finds and deletes them, the Redaktion does not see addresses."""

import datetime

from django.contrib.admin.models import LogEntry
from django.utils import timezone

from alerts.models import Subscription

CHANGELIST = "/admin/alerts/subscription/"


def make_subscription(email, confirmed=True, query="handlungsfeld=wohnen"):
    now = timezone.now()
    return Subscription.objects.create(
        email=email,
        catalogue="foerderprogramme",
        query=query,
        confirmed_at=now if confirmed else None,
        covered_until=now if confirmed else None,
    )


def test_the_freigabe_finds_an_address_and_sees_its_list_in_words(reviewer, db):
    wanted = make_subscription("amt@beispiel-kommune.de")
    make_subscription("jemand@anderswo.de", confirmed=False)

    found = reviewer.get(CHANGELIST, {"q": "beispiel-kommune"})
    assert found.status_code == 200
    assert list(found.context["cl"].result_list) == [wanted]
    content = found.content.decode()
    assert "amt@beispiel-kommune.de" in content and "jemand@anderswo.de" not in content
    assert 'href="/foerderprogramme/?handlungsfeld=wohnen">handlungsfeld=wohnen</a>' in content

    waiting = reviewer.get(CHANGELIST, {"status": "offen"})
    assert [s.email for s in waiting.context["cl"].result_list] == ["jemand@anderswo.de"]
    deleted_on = timezone.localdate() + datetime.timedelta(days=7)
    assert f"wird am {deleted_on:%d.%m.%Y} gelöscht" in waiting.content.decode()

    detail = reviewer.get(f"{CHANGELIST}{wanted.pk}/change/")
    assert detail.status_code == 200
    assert "Handlungsfeld: Wohnen" in detail.content.decode()


def test_the_freigabe_deletes_but_neither_adds_nor_edits(reviewer, db):
    subscription = make_subscription("amt@beispiel-kommune.de")

    assert reviewer.get(f"{CHANGELIST}add/").status_code == 403
    page = reviewer.get(f"{CHANGELIST}{subscription.pk}/change/")
    assert 'name="email"' not in page.content.decode()
    reviewer.post(f"{CHANGELIST}{subscription.pk}/delete/", {"post": "yes"})
    assert not Subscription.objects.exists()


def test_the_redaktion_does_not_see_subscriptions(editor, db):
    make_subscription("amt@beispiel-kommune.de")

    assert editor.get(CHANGELIST).status_code == 403
    assert "amt@beispiel-kommune.de" not in editor.get("/admin/").content.decode()


def test_the_name_of_a_subscription_never_holds_the_address(reviewer, db):
    subscription = make_subscription(
        "amt@beispiel-kommune.de", query="antragsberechtigte=kommunen&handlungsfeld=wohnen"
    )

    assert str(subscription) == "Förderprogramme: antragsberechtigte=kommunen & handlungsfeld=wohnen"
    reviewer.post(f"{CHANGELIST}{subscription.pk}/delete/", {"post": "yes"})
    # Django's admin log keeps the name of what was deleted.
    assert "amt@beispiel-kommune.de" not in " ".join(LogEntry.objects.values_list("object_repr", flat=True))
