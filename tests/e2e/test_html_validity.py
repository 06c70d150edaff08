"""Every page type passes the Nu HTML Checker (npm vnu-jar, run with the machine's Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from alerts import tokens
from alerts.models import Subscription
from contacts.models import Contact
from funding.models import FundingProgramme
from guidance.models import Event, NewsItem, Recommendation
from projects.models import PracticeExample
from tests.e2e.events_news import MONTH_ONLY_SLUG, create_events_and_news

VNU = Path(settings.BASE_DIR) / "node_modules/vnu-jar/build/dist/vnu.jar"

PAGES = {
    "start": "/",
    "praxisbeispiele": "/praxisbeispiele/",
    "praxisbeispiele-gefiltert": "/praxisbeispiele/?handlungsfeld=wohnen&q=pflege",
    "foerderprogramme": "/foerderprogramme/?page=2",
    "beratung": "/beratung/",
    # The Kreise of Rheinland-Pfalz unfolded as a nested group; the ended-programmes choice and the offer of
    # programmes that name no applicants.
    "beratung-gefiltert": "/beratung/?region=mainz",
    "foerderprogramme-gefiltert": "/foerderprogramme/?antragsberechtigte=kommunen&abgelaufene=ja",
    "suche": "/suche/?q=pflege",
    "handlungsempfehlungen": "/handlungsempfehlungen/?fuer=kommune",
    "handlungsempfehlungen-suche": "/handlungsempfehlungen/?q=Ampel",
    "veranstaltungen": "/veranstaltungen/",
    "aktuelles": "/aktuelles/?page=abc",
    "impressum": "/impressum/",
    "datenschutz": "/datenschutz/",
    "barrierefreiheit": "/barrierefreiheit/",
    "leichte-sprache": "/leichte-sprache/",
    "404": "/gibt-es-nicht/",
    "admin-login": "/admin/login/",
    # The place field: a resolved place with distances, a choice of places, the overview of the global search.
    "beratung-ort": "/beratung/?ort=54523&umkreis=25",
    "praxisbeispiele-ort-auswahl": "/praxisbeispiele/?ort=Neustadt",
    "suche-ort": "/suche/?ort=Mainz",
    # The Förder-Check: start, a question with options, a wrong answer, the place with a choice, answers, result.
    "foerder-check": "/foerder-check/",
    "foerder-check-frage": "/foerder-check/wofuer/?antragsberechtigte=kommunen&wo=ueberall",
    "foerder-check-fehler": "/foerder-check/wer/?weiter=ja",
    "foerder-check-ort": "/foerder-check/wo/?wo=ort&ort=Xyzabc",
    "foerder-check-wo": "/foerder-check/wo/?wo=irgendwo",
    "foerder-check-ortswahl": "/foerder-check/wo/?wo=ort&ort=Neustadt",
    "foerder-check-antworten": "/foerder-check/antworten/?antragsberechtigte=kommunen&wo=ort&ort=54523"
    "&handlungsfeld=wohnen&zielgruppe=aeltere-menschen&wann=jetzt",
    "foerder-check-ergebnis": "/foerder-check/ergebnis/?antragsberechtigte=kommunen&wo=ort&ort=54523"
    "&handlungsfeld=wohnen&zielgruppe=aeltere-menschen&wann=jetzt",
    # The Merkliste with a notice about a dropped value, empty, and its comparison (seed slugs).
    "merkliste": "/merkliste/?e=foerderprogramme:soziale-stadt&e=praxisbeispiele:ravensburg-galgenhalde"
    "&e=foerderprogramme:demografiewerkstatt-kommunen&e=praxisbeispiele:gibt-es-nicht",
    "merkliste-leer": "/merkliste/",
    "merkliste-vergleich": "/merkliste/vergleich/?e=foerderprogramme:soziale-stadt"
    "&e=foerderprogramme:demografiewerkstatt-kommunen&e=praxisbeispiele:ravensburg-galgenhalde"
    "&e=praxisbeispiele:altwerden-in-vrees",
    # The e-mail alerts: the form page (the lists above carry the form too) and a link that is no longer valid.
    "benachrichtigung-bestellen": "/benachrichtigungen/?liste=foerderprogramme&suche=q%3DQuartier",
    "benachrichtigung-ungueltig": "/benachrichtigungen/verwalten/ungueltig/",
}


def alert_pages():
    """The pages behind the links of the alert mails, which need a subscription."""
    subscription = Subscription.objects.create(email="html@beispiel.de", catalogue="beratung", query="q=Pflege")
    return {
        "benachrichtigung-bestaetigen": f"/benachrichtigungen/bestaetigen/{tokens.confirm_token(subscription)}/",
        "benachrichtigung-verwalten": f"/benachrichtigungen/verwalten/{tokens.manage_token(subscription)}/",
    }


def test_every_page_type_is_valid_html(client, db, places, tmp_path):
    java = shutil.which("java")
    if not java:
        pytest.fail("The Nu HTML Checker needs Java: apt-get install default-jre-headless", pytrace=False)
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing. Run `make install` (npm ci).", pytrace=False)
    create_events_and_news()
    pages = {
        **PAGES,
        **{
            model.__name__: model.objects.published().order_by("pk").first().get_absolute_url()
            for model in [PracticeExample, FundingProgramme, Contact, Recommendation, Event, NewsItem]
        },
        # Without a day, the page says so instead of offering a calendar file.
        "veranstaltung-monat": Event.objects.get(slug=MONTH_ONLY_SLUG).get_absolute_url(),
        **alert_pages(),
    }
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code in (200, 400, 404), path
        (tmp_path / f"{name}.html").write_bytes(response.content)

    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    errors = [
        f"{Path(message['url']).stem}:{message.get('lastLine')}: {message['message']}"
        for message in json.loads(result.stderr)["messages"]
    ]
    assert errors == []
