"""The e-mail subscription of a list in the browser: ordering, confirming, changing and ending it, at phone and
desktop width, with axe at 0 and without a cookie."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from alerts.models import Subscription
from tests.e2e.conftest import WIDTHS, axe_violations


@pytest.fixture(scope="module", autouse=True)
def subscriptions(server, django_db_blocker):
    """The live server commits the subscriptions its pages make; later tests must not see them. Module-scoped, so
    that the deletion runs outside a test's transaction, which would roll it back."""
    with django_db_blocker.unblock():
        Subscription.objects.all().delete()
    yield
    with django_db_blocker.unblock():
        Subscription.objects.all().delete()


@pytest.mark.parametrize("width", WIDTHS)
def test_it_orders_alerts_from_the_list_page(open_page, width):
    page = open_page("/foerderprogramme/?q=Quartier", viewport=WIDTHS[width])
    expect(page.get_by_role("link", name="Als Feed abonnieren")).to_be_visible()
    page.get_by_label("Per E-Mail benachrichtigen").fill(f"{width}@beispiel-kommune.de")
    page.get_by_label("täglich").check()
    page.get_by_role("button", name="Benachrichtigung bestellen").click()
    page.wait_for_url("**/benachrichtigungen/")
    expect(page.get_by_role("heading", name="Bitte bestätigen Sie Ihr Abonnement")).to_be_visible()
    assert axe_violations(page) == []
    assert page.context.cookies() == []
    subscription = Subscription.objects.get(email=f"{width}@beispiel-kommune.de")
    assert (subscription.query, subscription.frequency) == ("q=Quartier", "taeglich")
    assert mail.outbox


@pytest.mark.parametrize("width", WIDTHS)
def test_the_form_page_names_a_wrong_address(open_page, width):
    page = open_page("/benachrichtigungen/?liste=praxisbeispiele&suche=handlungsfeld%3Dwohnen", viewport=WIDTHS[width])
    assert axe_violations(page) == []
    page.get_by_label("Ihre E-Mail-Adresse").fill("keine-adresse")
    page.get_by_role("button", name="Benachrichtigung bestellen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_it_confirms_changes_and_ends_a_subscription(open_page, width):
    # Ordered through the server: what a test writes itself stays in its transaction, unseen by the live server.
    address = f"bestaetigen-{width}@beispiel.de"
    page = open_page("/benachrichtigungen/?liste=beratung&suche=q%3DPflege", viewport=WIDTHS[width])
    page.get_by_label("Ihre E-Mail-Adresse").fill(address)
    page.get_by_role("button", name="Benachrichtigung bestellen").click()
    confirmation = next(message for message in reversed(mail.outbox) if message.to == [address])
    confirm_url = re.search(r"https?://\S+/bestaetigen/\S+", confirmation.body).group()
    page.goto(confirm_url)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Abonnement bestätigen").click()
    expect(page.get_by_role("heading", name="Abonnement bestätigt")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Abonnement ändern oder beenden").click()
    assert axe_violations(page) == []
    page.get_by_label("täglich").check()
    page.get_by_role("button", name="Häufigkeit speichern").click()
    expect(page.get_by_text("Gespeichert")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Abonnement beenden").click()
    expect(page.get_by_role("heading", name="Abonnement beendet")).to_be_visible()
    assert axe_violations(page) == []
    assert page.context.cookies() == []
    assert not Subscription.objects.filter(email=address).exists()
