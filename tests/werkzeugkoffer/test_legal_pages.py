import html
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from contacts.models import Contact
from tests.conftest import login_verified
from werkzeugkoffer.models import QUERY_LOG_RETENTION_DAYS, QUERY_LOG_TEXT_THRESHOLD, Page

LEGAL_PAGES = {
    "/impressum/": "Impressum",
    "/datenschutz/": "Datenschutzerklärung",
    "/barrierefreiheit/": "Erklärung zur Barrierefreiheit",
    "/leichte-sprache/": "Leichte Sprache",
}


def text_of(page_slug):
    body = Page.objects.get(slug=page_slug).body
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


@pytest.mark.parametrize("path", LEGAL_PAGES)
def test_each_legal_page_shows_its_text(client, db, path):
    response = client.get(path)

    assert response.status_code == 200
    content = response.content.decode()
    assert f'<h1 class="kern-heading-x-large">{LEGAL_PAGES[path]}</h1>' in content
    assert content.count("<h1") == 1
    assert "<h2" in content
    assert "Stand:" in content


@pytest.mark.parametrize("path", ["/", "/praxisbeispiele/", "/impressum/", "/gibt-es-nicht/"])
def test_every_page_links_the_legal_pages_in_its_footer(client, db, path):
    content = client.get(path).content.decode()
    footer = content[content.index("<footer") :]
    for legal_path, label in [
        ("/impressum/", "Impressum"),
        ("/datenschutz/", "Datenschutz"),
        ("/barrierefreiheit/", "Barrierefreiheit"),
        ("/leichte-sprache/", "Leichte Sprache"),
    ]:
        assert f'<a href="{legal_path}">{label}</a>' in footer


def test_editors_change_a_legal_page_without_a_deployment(client, db):
    page = Page.objects.get(slug="impressum")
    page.body = "<h2>Herausgeber</h2><p>Neue Anschrift der Redaktion</p>"
    page.save()

    assert "Neue Anschrift der Redaktion" in client.get("/impressum/").content.decode()


def test_editors_can_change_but_not_add_or_remove_legal_pages(admin_client):
    page = Page.objects.get(slug="datenschutz")
    change_url = reverse("admin:werkzeugkoffer_page_change", args=[page.pk])

    data = {"title": "Datenschutzerklärung", "body": "<p>Geändert</p>", "opened_version": page.version}
    response = admin_client.post(change_url, data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "<p>Geändert</p>"
    assert page.slug == "datenschutz"
    assert admin_client.get(reverse("admin:werkzeugkoffer_page_add")).status_code == 403
    assert admin_client.post(reverse("admin:werkzeugkoffer_page_delete", args=[page.pk])).status_code == 403


def test_the_legal_pages_link_to_themselves_from_the_admin(db):
    assert Page.objects.get(slug="leichte-sprache").get_absolute_url() == "/leichte-sprache/"


def test_the_accessibility_statement_has_what_bitv_requires(db):
    text = text_of("barrierefreiheit")
    for required in [
        "Stand der Vereinbarkeit",
        "teilweise vereinbar",
        "nicht barrierefrei",
        "Barrieren melden",
        "BITV 2.0",
    ]:
        assert required in text


def test_the_accessibility_statement_names_no_federal_arbitration_board_for_a_state_ministry(db):
    page = Page.objects.get(slug="barrierefreiheit")

    # § 16 BGG covers federal bodies; the one for a Land ministry is still to be supplied by the Redaktion.
    assert "Behindertengleichstellungsgesetz" not in page.body
    assert "Schlichtungsstelle nach Landesrecht" in page.missing_details


def test_the_privacy_statement_names_what_is_processed(db):
    text = text_of("datenschutz")
    for required in ["IP-Adresse", "keine Cookies", "__Host-csrftoken", "__Host-sessionid", "Artikel 77 DSGVO"]:
        assert required in text
    assert "www.datenschutz.rlp.de" in text


def test_the_privacy_statement_says_what_the_settings_do(db, settings):
    text = " ".join(text_of("datenschutz").split())

    # Sessions end after the idle timeout and at the latest SESSION_MAX_HOURS after signing in.
    assert "zwei Wochen" not in text
    assert f"nach {settings.SESSION_COOKIE_AGE // 60} Minuten ohne Aktivität" in text
    assert f"spätestens {settings.SESSION_MAX_HOURS} Stunden nach der Anmeldung" in text
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and "wenn Sie den Browser schließen" in text
    # Over HTTPS the cookies carry the __Host- prefix (settings.py; tests/werkzeugkoffer/test_sessions.py).
    assert "„__Host-sessionid“" in text and "„__Host-csrftoken“" in text
    assert settings.CSRF_COOKIE_AGE <= 366 * 24 * 3600 and "höchstens ein Jahr" in text
    # The rate-limit counters expire with their window.
    assert max(seconds for rates in settings.RATELIMITS.values() for _count, seconds in rates) <= 3600
    assert "verfallen spätestens nach einer Stunde" in text
    # The request log has no addresses (werkzeugkoffer/operations/logs.py).
    assert "Protokoll, das der Werkzeugkoffer über die Aufrufe führt, enthält keine IP-Adressen" in text


def test_the_privacy_statement_says_how_searches_without_results_are_counted(db, settings):
    text = " ".join(text_of("datenschutz").split())

    # werkzeugkoffer/catalogue/query_log.py and manage.py prune_query_log
    assert QUERY_LOG_TEXT_THRESHOLD == 3 and "mindestens dreimal nichts gefunden hat" in text
    assert f"Nach {QUERY_LOG_RETENTION_DAYS} Tagen löschen wir alle Angaben." in text
    assert "keine IP-Adresse, keine Angaben zu Browser oder Gerät, keine Uhrzeit" in text
    assert "Suchen mit ausgewählten Filtern zählen wir nicht." in text


def test_the_request_log_holds_no_ip_address_as_the_privacy_statement_says(client, db, caplog):
    with caplog.at_level("INFO", logger="werkzeugkoffer.requests"):
        client.get("/praxisbeispiele/?q=pflege", REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Testbrowser/1.0")

    logged = " ".join(f"{record.getMessage()} {getattr(record, 'fields', '')}" for record in caplog.records)
    assert "/praxisbeispiele/" in logged
    assert "203.0.113.77" not in logged
    assert "Testbrowser" not in logged
    assert "pflege" not in logged


def test_the_impressum_names_the_ministry_as_the_sources_do(db):
    text = text_of("impressum")
    assert "Sozialministerium Rheinland-Pfalz" in text
    assert "mastd.rlp.de" in text
    # No address or name that no source gives.
    assert "Bauhofstraße" not in text
    assert "Ministerium für Arbeit, Soziales, Transformation und Digitalisierung" not in text


@pytest.mark.parametrize("slug", ["impressum", "datenschutz", "barrierefreiheit", "leichte-sprache"])
def test_no_legal_page_shows_a_placeholder(client, db, slug):
    content = client.get(reverse(slug)).content.decode()

    assert "ergänzt]" not in content
    assert "[" not in text_of(slug)


def test_the_easy_language_page_uses_short_sentences(db):
    sentences = [part.strip() for part in re.split(r"[.?!:\n]+", text_of("leichte-sprache")) if part.strip()]

    assert len(sentences) > 40
    assert max(len(sentence.split()) for sentence in sentences) <= 12


def test_contact_addresses_are_not_in_the_html_as_addresses(client, db):
    contact = Contact.objects.published().exclude(email="").first()
    user, domain = contact.email.split("@")

    content = client.get(contact.get_absolute_url()).content.decode()

    assert contact.email not in content
    assert "mailto:" not in content
    assert f'data-user="{user}" data-domain="{domain}">{user} [at] {domain}</span>' in content


def test_the_admin_works_for_a_logged_in_editor_with_pages_in_the_menu(client, db):
    user = User.objects.create_superuser("redaktion-seiten", "r@example.org", "ein-langes-passwort-456")
    # The back office needs a second factor; django-axes allows only logins that carry a request.
    login_verified(client, user)

    content = client.get("/admin/").content.decode()

    assert "Seiten" in content


def test_script_stored_in_a_legal_page_is_removed_on_saving_and_never_shown(admin_client):
    page = Page.objects.get(slug="impressum")
    change_url = reverse("admin:werkzeugkoffer_page_change", args=[page.pk])
    body = (
        '<h2>Herausgeber</h2><p onclick="steal()">Ministerium</p><script>alert(1)</script>'
        '<a href="javascript:alert(2)">Link</a><img src=x onerror="alert(3)">'
    )

    response = admin_client.post(change_url, {"title": "Impressum", "body": body, "opened_version": page.version})

    assert response.status_code == 302
    page.refresh_from_db()
    assert "<h2>Herausgeber</h2>" in page.body and "Ministerium" in page.body
    for hostile in ("<script", "onclick", "javascript:", "onerror", "<img"):
        assert hostile not in page.body
    # Also what reached the database some other way is cleaned on the way out.
    Page.objects.filter(pk=page.pk).update(body='<h3>Kontakt</h3><script>alert(4)</script><p style="x">Text</p>')
    shown = admin_client.get("/impressum/").content.decode()
    assert "<h3>Kontakt</h3>" in shown and "alert(4)" not in shown and 'style="x"' not in shown
