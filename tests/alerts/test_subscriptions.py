"""E-mail alerts for a saved filter: double opt-in, digests, changing and ending, deletion of unconfirmed ones."""

import datetime
import email.policy
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts import digests
from alerts.models import Catalogue, Frequency, Subscription
from funding.models import DeadlineState, FundingProgramme

pytestmark = pytest.mark.django_db

LIST_QUERY = "q=Quartier"
ADDRESS = "amt@beispiel-kommune.de"


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def subscribe(client, query=LIST_QUERY, email=ADDRESS, frequency="taeglich", liste="foerderprogramme"):
    return client.post("/benachrichtigungen/", {"email": email, "frequency": frequency, "liste": liste, "suche": query})


def confirmed_subscription(client, **kwargs):
    subscribe(client, **kwargs)
    confirm_url = next(url for url in links_in(mail.outbox[-1]) if "/bestaetigen/" in url)
    client.post(path_of(confirm_url))
    return Subscription.objects.get()


def run_at(moment):
    return digests.send_due(now=moment, base="https://werkzeugkoffer.example")


class TestDoubleOptIn:
    def test_it_goes_from_subscribing_to_a_digest_with_the_new_entry_to_unsubscribing(self, client, make_programme):
        response = subscribe(client, query="q=Quartier&page=3")
        assert response.status_code == 200
        assert "Bitte bestätigen Sie Ihr Abonnement" in response.text
        assert len(mail.outbox) == 1
        confirmation = mail.outbox[0]
        assert confirmation.to == [ADDRESS]
        assert "bestätigen" in confirmation.subject
        assert confirmation.alternatives[0].mimetype == "text/html"
        subscription = Subscription.objects.get()
        assert subscription.query == "q=Quartier"  # no page: the same list on every page
        assert subscription.confirmed_at is None

        confirm_path = path_of(next(url for url in links_in(confirmation) if "/bestaetigen/" in url))
        # Opening the link (as a mail scanner does) confirms nothing; the button on the page does.
        page = client.get(confirm_path)
        assert "Abonnement bestätigen" in page.text
        subscription.refresh_from_db()
        assert subscription.confirmed_at is None
        assert "Abonnement bestätigt" in client.post(confirm_path).text
        subscription.refresh_from_db()
        assert subscription.confirmed_at is not None

        later = timezone.now() + datetime.timedelta(minutes=1)
        programme = make_programme(title="Neues Quartiersprogramm", slug="neues-quartiersprogramm")
        FundingProgramme.objects.filter(pk=programme.pk).update(updated_at=later)
        sent, _due = run_at(later + datetime.timedelta(days=1))
        assert sent == 1
        digest = mail.outbox[-1]
        assert "Neues Quartiersprogramm" in digest.body
        assert "Neu: Neues Quartiersprogramm" in digest.body
        assert "Neues Quartiersprogramm" in digest.alternatives[0].content
        assert digest.extra_headers["Auto-Submitted"] == "auto-generated"

        manage_path = path_of(next(url for url in links_in(digest) if "/verwalten/" in url))
        assert "Abonnement ändern oder beenden" in client.get(manage_path).text
        ended = client.post(manage_path, {"aktion": "beenden"})
        assert "Abonnement beendet" in ended.text
        assert not Subscription.objects.exists()
        assert client.get(manage_path).status_code == 404

    def test_mail_programs_offer_to_unsubscribe_in_one_click(self, client, make_programme):
        subscribe(client)
        confirmation = mail.outbox[-1]
        # Nothing to end before the confirmation.
        assert "List-Unsubscribe" not in confirmation.extra_headers
        subscription = Subscription.objects.get()
        client.post(path_of(next(url for url in links_in(confirmation) if "/bestaetigen/" in url)))
        later = timezone.now() + datetime.timedelta(minutes=1)
        programme = make_programme(title="Neues Quartiersprogramm", slug="neues-quartiersprogramm")
        FundingProgramme.objects.filter(pk=programme.pk).update(updated_at=later)
        run_at(later + datetime.timedelta(days=1))
        digest = mail.outbox[-1]

        manage_url = next(url for url in links_in(digest) if "/verwalten/" in url)
        assert digest.extra_headers["List-Unsubscribe"] == f"<{manage_url}>"
        assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        # The whole link on one header line, as mail programs read it – not cut into RFC 2047 encoded words.
        sent = digest.message(policy=email.policy.SMTP).as_string()
        assert f"List-Unsubscribe: <{manage_url}>\r\n" in sent
        assert "=?utf-8?" not in sent.split("List-Unsubscribe:")[1].split("\r\n")[0]

        # RFC 8058: the mail program posts this body to the link; no page, no further click.
        response = client.post(path_of(manage_url), {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert not Subscription.objects.filter(pk=subscription.pk).exists()

    def test_it_keeps_nothing_but_the_address_and_the_list(self, client):
        subscribe(client)
        subscription = Subscription.objects.get()
        stored = {field.name for field in Subscription._meta.concrete_fields}
        assert stored == {
            "id", "email", "catalogue", "query", "frequency", "key",
            "created_at", "confirmation_sent_at", "confirmed_at", "covered_until", "last_sent_at",
        }  # fmt: skip
        assert subscription.email == ADDRESS

    def test_it_sends_one_confirmation_mail_per_address_and_hour(self, client):
        subscribe(client)
        subscribe(client, query="q=Pflege")
        subscribe(client, liste="praxisbeispiele")
        assert len(mail.outbox) == 1

    def test_it_answers_a_known_address_as_a_new_one_and_tells_only_its_owner(self, client):
        confirmed_subscription(client)
        Subscription.objects.update(confirmation_sent_at=timezone.now() - datetime.timedelta(hours=2))
        response = subscribe(client)
        assert "Bitte bestätigen Sie Ihr Abonnement" in response.text
        assert "bereits abonniert" in mail.outbox[-1].subject
        assert Subscription.objects.count() == 1

    def test_it_refuses_a_wrong_address_with_a_german_message(self, client):
        response = subscribe(client, email="keine-adresse")
        assert response.status_code == 400
        assert "Bitte prüfen Sie Ihre Angaben" in response.text
        assert not mail.outbox

    def test_it_refuses_a_forged_confirmation_link(self, client):
        subscribe(client)
        key = Subscription.objects.get().key
        assert client.get(f"/benachrichtigungen/bestaetigen/{key}:falsch/").status_code == 404
        assert client.post(f"/benachrichtigungen/bestaetigen/{key}:falsch/").status_code == 404
        assert Subscription.objects.get().confirmed_at is None

    def test_it_changes_the_frequency(self, client):
        subscription = confirmed_subscription(client)
        manage_path = path_of(next(url for url in links_in(mail.outbox[0]) if "/verwalten/" in url))
        response = client.post(manage_path, {"frequency": "woechentlich"})
        assert "Gespeichert" in response.text
        subscription.refresh_from_db()
        assert subscription.frequency == Frequency.WEEKLY

    def test_it_sets_no_cookie_on_the_subscription_pages(self, client):
        response = subscribe(client)
        assert not response.cookies
        confirm_path = path_of(next(url for url in links_in(mail.outbox[0]) if "/bestaetigen/" in url))
        assert not client.get(confirm_path).cookies
        assert not client.post(confirm_path).cookies
        assert not client.get("/benachrichtigungen/?liste=praxisbeispiele&suche=q%3DCaf%C3%A9").cookies


class TestDigests:
    def test_it_sends_no_digest_twice_for_the_same_change(self, client, make_programme):
        confirmed_subscription(client)
        soon = timezone.now() + datetime.timedelta(minutes=1)
        programme = make_programme(title="Quartier im Wandel", slug="quartier-im-wandel")
        FundingProgramme.objects.filter(pk=programme.pk).update(updated_at=soon)
        first_run = soon + datetime.timedelta(days=1)
        assert run_at(first_run)[0] == 1
        assert run_at(first_run)[0] == 0
        assert run_at(first_run + datetime.timedelta(hours=1))[0] == 0
        # The next day nothing changed: no mail either.
        assert run_at(first_run + datetime.timedelta(days=1))[0] == 0
        assert sum("Quartier im Wandel" in message.body for message in mail.outbox) == 1

    def test_it_sends_a_weekly_digest_only_after_seven_days(self, client, make_programme):
        confirmed_subscription(client, frequency="woechentlich")
        soon = timezone.now() + datetime.timedelta(minutes=1)
        programme = make_programme(title="Quartier im Wandel", slug="quartier-im-wandel")
        FundingProgramme.objects.filter(pk=programme.pk).update(updated_at=soon)
        assert run_at(soon + datetime.timedelta(days=3))[0] == 0
        assert run_at(soon + datetime.timedelta(days=7))[0] == 1

    def test_it_leaves_out_entries_outside_the_saved_filter(self, client, make_programme):
        confirmed_subscription(client, query="q=Dorfladen")
        soon = timezone.now() + datetime.timedelta(minutes=1)
        programme = make_programme(title="Quartier im Wandel", slug="quartier-im-wandel")
        FundingProgramme.objects.filter(pk=programme.pk).update(updated_at=soon)
        assert run_at(soon + datetime.timedelta(days=1))[0] == 0

    def test_it_announces_a_deadline_that_comes_within_14_days_once(self, client, make_programme):
        confirmed_subscription(client)
        today = timezone.localdate()
        make_programme(
            title="Quartiersfonds mit Frist",
            slug="quartiersfonds-mit-frist",
            deadline_state=DeadlineState.ENTERED,
            application_end=today + datetime.timedelta(days=20),
        )
        # Created before the confirmation moment is covered: only the deadline can be news.
        Subscription.objects.update(covered_until=timezone.now() + datetime.timedelta(minutes=1))
        start = timezone.now() + datetime.timedelta(minutes=2)
        assert run_at(start + datetime.timedelta(days=1))[0] == 0
        assert run_at(start + datetime.timedelta(days=6))[0] == 1
        assert "Antragsfristen in den nächsten 14 Tagen" in mail.outbox[-1].body
        assert run_at(start + datetime.timedelta(days=7))[0] == 0

    def test_it_deletes_unconfirmed_subscriptions_after_7_days(self, client):
        subscribe(client)
        subscribe(client, email="noch-frisch@beispiel.de")
        Subscription.objects.filter(email=ADDRESS).update(
            created_at=timezone.now() - datetime.timedelta(days=7, minutes=1)
        )
        call_command("send_alerts", stdout=io.StringIO())
        assert list(Subscription.objects.values_list("email", flat=True)) == ["noch-frisch@beispiel.de"]

    def test_it_keeps_confirmed_subscriptions_whatever_their_age(self, client):
        confirmed_subscription(client)
        Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=400))
        assert digests.delete_unconfirmed() == 0

    def test_the_command_reports_in_german(self, client, capsys):
        call_command("send_alerts")
        assert "Benachrichtigungen verschickt" in capsys.readouterr().out

    def test_every_catalogue_can_be_watched(self, client):
        for catalogue in Catalogue.values:
            subscription = Subscription.objects.create(
                email=f"{catalogue}@beispiel.de",
                catalogue=catalogue,
                query="q=Quartier",
                confirmed_at=timezone.now(),
                # Every entry of the seed content changed since.
                covered_until=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
            )
            entries, _deadlines, _source = digests.digest_entries(subscription, "https://x.example", timezone.now())
            assert entries, catalogue


def test_it_limits_the_subscriptions_per_client_address(client, settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {**settings.RATELIMITS, "subscribe": [(2, 3600)]}
    statuses = [subscribe(client, email=f"person{number}@beispiel.de").status_code for number in range(3)]
    assert statuses == [200, 200, 429]
    assert len(mail.outbox) == 2
