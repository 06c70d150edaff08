import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from contacts.models import Contact
from funding.models import ApplicationStatus, DeadlineState, FundingProgramme
from guidance.models import Event, NewsItem, Recommendation
from projects.models import PracticeExample
from werkzeugkoffer.backoffice import linkcheck
from werkzeugkoffer.backoffice.dashboard import approval_board, review_dashboard
from werkzeugkoffer.models import LinkCheck, LinkCheckRun, LinkStatus, Page, PublicationStatus

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def reviewer_user(make_staff):
    return make_staff("freigabe", "Freigabe")


@pytest.fixture
def entries(make_example, make_programme, make_contact):
    year_ago = TODAY - datetime.timedelta(days=365)
    # When a programme was last checked, and its Wiedervorlage accordingly.
    checked_today = {"reviewed_at": TODAY, "review_due": TODAY + datetime.timedelta(days=365)}
    checked_year_ago = {"reviewed_at": year_ago, "review_due": TODAY + datetime.timedelta(days=200)}
    return {
        "overdue": make_example(slug="ueberfaellig", title="Überfällig", review_due=TODAY - datetime.timedelta(days=1)),
        "due_soon": make_contact(slug="bald", name="Bald fällig", review_due=TODAY + datetime.timedelta(days=10)),
        "later": make_contact(slug="spaeter", name="Später", review_due=TODAY + datetime.timedelta(days=60)),
        "archived": make_example(
            slug="archiv", title="Archiviert", status=PublicationStatus.ARCHIVED, review_due=TODAY
        ),
        "deadline_passed": make_programme(
            slug="vorbei",
            title="Frist vorbei",
            **checked_year_ago,
            application_end=TODAY - datetime.timedelta(days=3),
        ),
        "deadline_soon": make_programme(
            slug="bald-frist",
            title="Frist bald",
            **checked_today,
            application_end=TODAY + datetime.timedelta(days=20),
        ),
        "deadline_far": make_programme(
            slug="frist-spaet",
            title="Frist später",
            **checked_today,
            application_end=TODAY + datetime.timedelta(days=90),
        ),
        "deadline_unknown": make_programme(
            slug="frist-unbekannt",
            title="Frist unbekannt",
            deadline_state=DeadlineState.UNKNOWN,
            **checked_year_ago,
        ),
        "deadline_unknown_checked": make_programme(
            slug="frist-unbekannt-geprueft",
            title="Frist unbekannt, geprüft",
            deadline_state=DeadlineState.UNKNOWN,
            **checked_today,
        ),
        "ended": make_programme(
            slug="beendet",
            title="Beendet",
            deadline_state=DeadlineState.ENDED,
            **checked_today,
        ),
        "in_review": make_contact(
            slug="freigabe", name="Wartet", status=PublicationStatus.IN_REVIEW, review_due=TODAY.replace(year=2028)
        ),
    }


def names(rows):
    return {str(row.entry) for row in rows}


def test_the_review_dashboard_lists_the_right_entries_for_a_frozen_date(reviewer_user, entries):
    board = review_dashboard(reviewer_user, today=TODAY)
    due = names(board["overdue_reviews"]) | names(board["reviews_soon"])
    assert {"Überfällig", "Bald fällig", "Frist vorbei"} <= due
    assert not due & {"Später", "Archiviert", "Frist bald", "Frist später", "Wartet"}
    assert {"Überfällig", "Frist vorbei"} <= names(board["overdue_reviews"])
    assert "Bald fällig" in names(board["reviews_soon"])
    assert all(row.overdue for row in board["overdue_reviews"])
    assert not any(row.overdue for row in board["reviews_soon"])
    assert "Frist vorbei" in names(board["deadlines_lapsed"])
    assert "Frist vorbei" not in names(board["deadlines_passed"])
    assert names(board["deadlines_soon"]) & {"Frist bald", "Frist später", "Frist vorbei"} == {"Frist bald"}
    assert "Wartet" in {row.title for row in approval_board(reviewer_user, today=TODAY)["waiting"]}


def test_programmes_with_unknown_deadlines_are_listed_longest_unchecked_first(reviewer_user, entries, make_programme):
    make_programme(
        slug="archiviert-unbekannt",
        title="Archiviert, Frist unbekannt",
        status=PublicationStatus.ARCHIVED,
        deadline_state=DeadlineState.UNKNOWN,
    )
    board = review_dashboard(reviewer_user, today=TODAY)
    rows = board["deadlines_unknown"]
    ours = [(str(row.entry), row.date) for row in rows if row.entry.slug.startswith(("frist-", "archiviert-"))]
    assert ours == [("Frist unbekannt", TODAY - datetime.timedelta(days=365)), ("Frist unbekannt, geprüft", TODAY)]
    # Programmes nobody has checked yet come first.
    dates = [row.date for row in rows]
    unchecked = [date for date in dates if date is None]
    assert dates == unchecked + sorted(date for date in dates if date is not None)
    assert all(row.note == "noch nie geprüft" for row in rows if row.date is None)
    assert not names(rows) & {"Beendet", "Frist vorbei", "Frist bald", "Frist später"}
    assert board["counts"]["deadlines_unknown"] == len(rows)


def test_a_programme_is_due_for_review_at_its_deadline(entries):
    programme = entries["deadline_passed"]
    assert programme.next_review() == programme.application_end
    assert FundingProgramme.objects.due_for_review(TODAY).filter(pk=programme.pk).exists()


def test_the_dashboard_lists_broken_links(reviewer_user, make_contact):
    contact = make_contact(website="https://example.invalid/weg")
    LinkCheck.objects.create(
        content_type=ContentType.objects.get_for_model(contact),
        object_id=contact.pk,
        field="website",
        url=contact.website,
        status=LinkStatus.BROKEN,
        status_code=404,
        checked_at=timezone.now(),
    )
    rows = review_dashboard(reviewer_user, today=TODAY)["broken_links"]
    assert [(str(row.entry), row.note) for row in rows] == [(contact.name, "https://example.invalid/weg – HTTP 404")]


def test_the_admin_start_page_shows_the_dashboard(make_staff, client_for, make_example, make_programme):
    make_example(title="Prüfen bitte", review_due=timezone.localdate() - datetime.timedelta(days=5))
    make_programme(title="Frist beim Fördergeber erfragen", deadline_state=DeadlineState.UNKNOWN)
    content = client_for(make_staff("freigabe", "Freigabe")).get("/admin/").content.decode()
    assert "Wiedervorlage überfällig" in content
    assert "Prüfen bitte" in content
    assert "(überfällig)" in content
    assert "Defekte Links" in content
    assert "Förderprogramme mit unbekannter Antragsfrist (" in content
    assert "Frist beim Fördergeber erfragen" in content


def test_the_dashboard_lists_entries_no_editor_has_checked_yet(reviewer_user, make_example, make_contact):
    # The seed content has never been checked; here it has, so that only the two new entries are in question.
    for model in (PracticeExample, FundingProgramme, Contact, Recommendation, Event, NewsItem):
        model.objects.update(reviewed_at=TODAY)
    make_example(slug="ungeprueft", title="Ungeprüft")
    make_contact(slug="geprueft", name="Geprüft", reviewed_at=TODAY)

    board = review_dashboard(reviewer_user, today=TODAY)

    assert names(board["never_reviewed"]) == {"Ungeprüft"}
    assert board["counts"]["never_reviewed"] == 1


def test_the_dashboard_lists_the_details_the_legal_pages_still_lack(reviewer_user):
    board = review_dashboard(reviewer_user, today=TODAY)

    lacking = {str(row.entry): row.note for row in board["legal_details"]}
    assert set(lacking) == {"Impressum", "Datenschutzerklärung", "Erklärung zur Barrierefreiheit"}
    for detail in ["vertretungsberechtigten Person", "Anschrift", "Telefonnummer und E-Mail-Adresse"]:
        assert detail in lacking["Impressum"]
    for detail in ["Datum der Erstellung", "Kontakt für Meldungen zu Barrieren", "Schlichtungsstelle"]:
        assert detail in lacking["Erklärung zur Barrierefreiheit"]
    assert "Datenschutzbeauftragten" in lacking["Datenschutzerklärung"]


def test_a_legal_page_leaves_the_dashboard_once_its_details_are_supplied(reviewer_user):
    Page.objects.filter(slug="impressum").update(missing_details="")

    board = review_dashboard(reviewer_user, today=TODAY)

    assert "Impressum" not in names(board["legal_details"])


def test_the_admin_start_page_lists_the_missing_legal_details(make_staff, client_for):
    content = client_for(make_staff("redaktion", "Redaktion")).get("/admin/").content.decode()

    assert "Rechtstexte: fehlende Pflichtangaben (3)" in content
    assert "Schlichtungsstelle nach Landesrecht Rheinland-Pfalz" in content
    assert "Noch nie von der Redaktion geprüft (" in content


def test_the_urgent_short_lists_come_first_and_long_lists_stay_folded(make_staff, client_for):
    content = client_for(make_staff("redaktion", "Redaktion")).get("/admin/").content.decode()

    positions = [
        content.index(title)
        for title in (
            "Warten auf Freigabe",
            "Wiedervorlage überfällig",
            "Defekte Links",
            "Antragsfrist in den letzten 30 Tagen abgelaufen",
            "Wiedervorlage in den nächsten 14 Tagen",
            "Antragsfrist endet in den nächsten 30 Tagen",
            "Rechtstexte: fehlende Pflichtangaben",
            "Noch nie von der Redaktion geprüft",
            "Förderprogramme mit unbekannter Antragsfrist",
        )
    ]
    assert positions == sorted(positions)
    # The seed content has never been checked: dozens of rows, folded behind „Liste anzeigen“.
    never = content[content.index("Noch nie von der Redaktion geprüft") :]
    assert never.index("<details><summary>Liste anzeigen</summary>") < never.index("<table>")
    legal = content[content.index("Rechtstexte: fehlende Pflichtangaben") : content.index("Noch nie von der Redaktion")]
    assert "<details>" not in legal
    assert "css/admin" in content


def test_the_link_check_reads_never_checked_until_its_first_run(make_staff, client_for):
    content = client_for(make_staff("redaktion", "Redaktion")).get("/admin/").content.decode()

    assert "Defekte Links (noch nie geprüft)" in content
    assert "Noch nie geprüft: Die Prüfung aller Links ist noch nicht gelaufen" in content
    assert "keine defekten Links" not in content
    assert "kein defekter Link" not in content


def test_after_a_run_the_link_check_gives_its_date_and_the_broken_links(make_staff, client_for, make_contact):
    contact = make_contact(website="https://example.invalid/weg")
    check = LinkCheck.objects.create(
        content_type=ContentType.objects.get_for_model(contact),
        object_id=contact.pk,
        field="website",
        url=contact.website,
        status=LinkStatus.BROKEN,
        status_code=404,
        checked_at=timezone.now(),
    )
    finished = timezone.make_aware(datetime.datetime(2026, 12, 3, 2, 15))
    LinkCheckRun.objects.create(started_at=finished, finished_at=finished, links=412, broken=1)
    client = client_for(make_staff("redaktion", "Redaktion"))

    content = client.get("/admin/").content.decode()

    assert "Defekte Links (1)" in content
    assert "Letzte Prüfung aller Links: 3. Dezember 2026, 02:15 Uhr – 412 Links geprüft, davon 1 defekt." in content
    assert "https://example.invalid/weg – HTTP 404" in content
    assert "Noch nie geprüft:" not in content

    check.delete()
    content = client.get("/admin/").content.decode()
    assert "Defekte Links (0)" in content
    assert "Derzeit ist kein defekter Link bekannt." in content


def test_a_run_of_the_link_check_is_recorded_with_its_counts(make_contact):
    contact = make_contact(website="https://example.invalid/weg")
    results = [
        LinkCheck(url="https://example.invalid/ok", status=LinkStatus.OK),
        LinkCheck(url=contact.website, status=LinkStatus.BROKEN),
    ]
    started = timezone.now()

    linkcheck.record_run(started, results)

    run = linkcheck.last_run()
    assert (run.started_at, run.links, run.broken) == (started, 2, 1)
    assert run.finished_at >= started


def test_the_link_check_says_when_its_last_run_is_long_ago(reviewer_user):
    long_ago = timezone.make_aware(datetime.datetime(2026, 11, 1, 3, 0))
    LinkCheckRun.objects.create(started_at=long_ago, finished_at=long_ago, links=10, broken=0)

    state = review_dashboard(reviewer_user, today=TODAY)["link_check"]["state"]

    assert state.startswith("Letzte Prüfung aller Links: 1. November 2026, 03:00 Uhr")
    assert "mehr als 7 Tage her" in state


def test_published_programmes_whose_deadline_passed_lately_are_listed_among_what_needs_action(
    reviewer_user, make_programme
):
    def passed(slug, days, **fields):
        return make_programme(slug=slug, title=slug, application_end=TODAY - datetime.timedelta(days=days), **fields)

    yesterday = passed("gestern", 1)
    passed("vor-30-tagen", 30)
    passed("vor-31-tagen", 31)
    passed("entwurf", 5, status=PublicationStatus.DRAFT)
    passed("beendet-markiert", 5, deadline_state=DeadlineState.ENDED)
    passed("archiviert", 5, status=PublicationStatus.ARCHIVED)
    make_programme(slug="heute", title="heute", application_end=TODAY)

    board = review_dashboard(reviewer_user, today=TODAY)

    ours = {"gestern", "vor-30-tagen", "vor-31-tagen", "entwurf", "beendet-markiert", "archiviert", "heute"}
    lapsed = [str(row.entry) for row in board["deadlines_lapsed"] if str(row.entry) in ours]
    assert lapsed == ["vor-30-tagen", "gestern"]
    assert board["counts"]["deadlines_lapsed"] == len(board["deadlines_lapsed"])
    assert names(board["deadlines_passed"]) & ours == {"vor-31-tagen", "entwurf"}
    # Public pages already say „geschlossen“; the list asks editors to enter the next round or end the programme.
    assert yesterday.application_status(TODAY) == ApplicationStatus.CLOSED
    assert all(row.note == "öffentlich „geschlossen“" for row in board["deadlines_lapsed"])


def test_overdue_reviews_come_apart_from_reviews_due_soon(reviewer_user, make_example, make_programme):
    make_example(slug="gestern-faellig", title="gestern fällig", review_due=TODAY - datetime.timedelta(days=1))
    make_example(slug="heute-faellig", title="heute fällig", review_due=TODAY)
    make_programme(
        slug="frist-ungeprueft",
        title="Frist vorbei, nie geprüft",
        application_end=TODAY - datetime.timedelta(days=40),
        review_due=TODAY + datetime.timedelta(days=300),
    )

    board = review_dashboard(reviewer_user, today=TODAY)

    assert {"gestern fällig", "Frist vorbei, nie geprüft"} <= names(board["overdue_reviews"])
    assert "heute fällig" in names(board["reviews_soon"])
    assert "heute fällig" not in names(board["overdue_reviews"])
    for key in ("overdue_reviews", "reviews_soon"):
        assert board["counts"][key] == len(board[key]) or board["counts"][key] > board["limit"]


def test_the_start_page_asks_to_update_programmes_whose_deadline_just_passed(make_staff, client_for, make_programme):
    make_programme(title="Runde vorbei", application_end=timezone.localdate() - datetime.timedelta(days=2))

    content = client_for(make_staff("redaktion", "Redaktion")).get("/admin/").content.decode()

    lapsed = content[content.index("Antragsfrist in den letzten 30 Tagen abgelaufen, Programm noch veröffentlicht (") :]
    lapsed = lapsed[: lapsed.index("Wiedervorlage in den nächsten 14 Tagen")]
    assert "Runde vorbei" in lapsed
    assert "Öffentlich steht bei diesen Programmen schon „geschlossen“." in lapsed
    assert "öffentlich „geschlossen“" in lapsed
