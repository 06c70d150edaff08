import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from projects.models import PracticeExample
from tests.admin_forms import admin_url
from werkzeugkoffer.backoffice import linkcheck
from werkzeugkoffer.models import LinkCheck, LinkCheckRun, LinkStatus, PublicationStatus


class Handler(BaseHTTPRequestHandler):
    """A tiny local web server: /ok, /umgezogen (redirects to /ok), /weg (404), /langsam (too slow)."""

    def do_GET(self):
        server = self.server
        with server.lock:
            server.active += 1
            server.most_active = max(server.most_active, server.active)
        try:
            status, headers, body = self.answer()
        finally:
            # Counted as done before the answer goes out: a client that has the headers may start its next
            # request at once, before this thread would get to a later decrement.
            with server.lock:
                server.active -= 1
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def answer(self):
        if self.path == "/umgezogen":
            return 301, {"Location": "/ok"}, b""
        if self.path.startswith("/ok"):
            time.sleep(0.05)
            return 200, {}, b"ok"
        if self.path == "/langsam":
            time.sleep(1.5)
            return 200, {}, b""
        return 404, {}, b""

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.lock, httpd.active, httpd.most_active = threading.Lock(), 0, 0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_it_follows_redirects_and_reports_broken_and_slow_links(server):
    server = server.url
    outcomes = linkcheck.check_urls(
        [f"{server}/ok", f"{server}/umgezogen", f"{server}/weg", f"{server}/langsam"], timeout=0.5
    )
    assert outcomes[f"{server}/ok"].ok
    redirected = outcomes[f"{server}/umgezogen"]
    assert redirected.ok and redirected.status_code == 200 and redirected.final_url == f"{server}/ok"
    assert outcomes[f"{server}/weg"] == linkcheck.Outcome(False, 404, f"{server}/weg")
    assert outcomes[f"{server}/langsam"].error == "keine Antwort innerhalb der Wartezeit"


def test_it_limits_the_number_of_requests_at_a_time(server):
    linkcheck.check_urls([f"{server.url}/ok?{number}" for number in range(12)], concurrency=3)
    assert 1 <= server.most_active <= 3


def test_it_stores_the_result_and_date_per_link(server, make_programme):
    server = server.url
    programme = make_programme(website_url=f"{server}/ok", guideline_url=f"{server}/weg")
    linkcheck.check_entries([programme])
    results = {check.field: check for check in LinkCheck.objects.filter(object_id=programme.pk)}
    assert results["website_url"].status == LinkStatus.OK
    assert results["guideline_url"].status == LinkStatus.BROKEN
    assert results["guideline_url"].status_code == 404
    assert results["guideline_url"].checked_at is not None

    programme.guideline_url = ""
    linkcheck.check_entries([programme])
    assert set(LinkCheck.objects.filter(object_id=programme.pk).values_list("field", flat=True)) == {"website_url"}


def test_the_command_checks_all_entries_that_are_not_archived(server, make_contact, capsys, monkeypatch):
    server = server.url
    from werkzeugkoffer.backoffice import dashboard

    kept = make_contact(slug="kaputt", website=f"{server}/weg")
    make_contact(slug="archiv", website=f"{server}/weg", status=PublicationStatus.ARCHIVED)
    # Only the test's entries, never the seed's real addresses on the internet.
    monkeypatch.setattr(dashboard, "catalogues", lambda: [type(kept)])
    type(kept).objects.exclude(pk=kept.pk).exclude(slug="archiv").update(website="")

    call_command("check_links", "--concurrency", "2", "--timeout", "2")

    assert "1 Link geprüft, 1 defekt." in capsys.readouterr().out
    assert LinkCheck.objects.get().object_id == kept.pk
    # The start page tells when all links were last checked.
    run = LinkCheckRun.objects.get()
    assert (run.links, run.broken) == (1, 1)


def test_the_admin_action_checks_the_selected_entries(server, make_staff, client_for, make_example):
    server = server.url
    example = make_example(operator_website=f"{server}/weg")
    editor = client_for(make_staff("redaktion", "Redaktion"))
    response = editor.post(
        admin_url(PracticeExample, "changelist"),
        {"action": "check_links", "_selected_action": [example.pk]},
        follow=True,
    )
    assert "1 Link geprüft, 1 davon defekt." in response.content.decode()
    assert LinkCheck.objects.get(object_id=example.pk).status == LinkStatus.BROKEN
    # A check of a selection is no run over all links.
    assert not LinkCheckRun.objects.exists()


def test_it_checks_the_links_inside_texts_one_by_one(server, make_recommendation):
    url = server.url
    recommendation = make_recommendation(
        further_reading=(
            f'<ul><li><a href="{url}/ok">Broschüre</a></li><li><a href="{url}/weg">Handreichung</a></li>'
            '<li><a href="/praxisbeispiele/">intern</a> und <a href="mailto:info@example.org">E-Mail</a></li></ul>'
        ),
    )
    linkcheck.check_entries([recommendation])

    results = {check.field: check for check in LinkCheck.objects.filter(object_id=recommendation.pk)}
    assert set(results) == {"further_reading-1", "further_reading-2"}
    assert results["further_reading-1"].status == LinkStatus.OK
    assert results["further_reading-2"].status == LinkStatus.BROKEN
    assert results["further_reading-2"].field_label() == "Literatur und weiterführende Links (Link 2)"

    recommendation.further_reading = f'<p><a href="{url}/ok">Broschüre</a></p>'
    linkcheck.check_entries([recommendation])
    assert list(LinkCheck.objects.filter(object_id=recommendation.pk).values_list("field", flat=True)) == [
        "further_reading-1"
    ]
