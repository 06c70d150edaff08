"""The Handlungsempfehlungen in the back office: pages for both roles, the workflow, history and revert, the version
check, the autocomplete of the linked entries, the editors' dashboard, and import and export (also of Veranstaltungen
and Aktuelles)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guidance.models import Audience, Event, EventKind, GuidanceKind, NewsItem, Phase, Recommendation
from guidance.resources import EventResource, NewsItemResource, RecommendationResource
from tests.admin_forms import admin_url, change_form_data, changelist_versions
from tests.werkzeugkoffer.test_import_export import CSV, XLSX, changed_rows, confirm, csv_upload, preview, problems
from werkzeugkoffer.backoffice.dashboard import approval_board, review_dashboard
from werkzeugkoffer.backoffice.formats import SafeXLSX, SpreadsheetCSV
from werkzeugkoffer.backoffice.history import describe_changes, recorded_links
from werkzeugkoffer.models import FieldOfAction, ImportState, PublicationStatus

CONFLICT = "inzwischen von jemand anderem gespeichert"


def status_choices(client, entry=None):
    url = admin_url(Recommendation, "change", entry.pk) if entry else admin_url(Recommendation, "add")
    form = client.get(url).context["adminform"].form
    return [value for value, _label in form.fields["status"].choices]


def save_with(client, recommendation, **changes):
    url = admin_url(Recommendation, "change", recommendation.pk)
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    recommendation.refresh_from_db()


def latest_version(entry):
    return entry.history.order_by("-history_date", "-history_id").first()


@pytest.fixture
def others(make_example, make_programme, make_contact):
    """An entry of each other catalogue to link to."""
    return {
        "example": make_example(title="Zebra-Treff Mainz", slug="zebra-treff"),
        "programme": make_programme(title="Zebra-Förderung", slug="zebra-foerderung"),
        "contact": make_contact(name="Zebra-Beratung", slug="zebra-beratung"),
    }


# --- Pages and roles ---


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_the_changelist_add_and_change_pages_open_for_both_roles(request, make_recommendation, role):
    client = request.getfixturevalue(role)
    recommendation = make_recommendation(title="Zebrastreifen-Methode", kind=GuidanceKind.METHOD, steps="Eins")

    changelist = client.get(admin_url(Recommendation, "changelist"), {"q": "Zebrastreifen"})
    assert changelist.status_code == 200
    assert [entry.pk for entry in changelist.context["cl"].result_list] == [recommendation.pk]
    assert client.get(admin_url(Recommendation, "add")).status_code == 200
    change = client.get(admin_url(Recommendation, "change", recommendation.pk))
    assert change.status_code == 200
    content = change.content.decode()
    assert "Passende Empfehlungen" in content  # the help of the „Passt zu“ fieldset
    assert "Auf der Website anzeigen" in content


def test_the_roles_may_work_on_recommendations_events_and_news(db):
    redaktion = set(Group.objects.get(name="Redaktion").permissions.values_list("codename", flat=True))
    freigabe = set(Group.objects.get(name="Freigabe").permissions.values_list("codename", flat=True))
    for model in ("recommendation", "event", "newsitem"):
        assert {f"add_{model}", f"change_{model}", f"view_{model}", f"view_historical{model}"} <= redaktion
        assert {f"publish_{model}", f"delete_{model}", f"change_historical{model}"} <= freigabe - redaktion


def test_the_redaktion_drafts_and_submits_but_does_not_publish(editor, make_recommendation):
    assert status_choices(editor) == [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW]
    assert status_choices(editor, make_recommendation()) == [PublicationStatus.PUBLISHED]
    assert status_choices(editor, make_recommendation(slug="alt", status=PublicationStatus.ARCHIVED)) == [
        PublicationStatus.ARCHIVED
    ]


def test_the_freigabe_may_choose_every_status(reviewer, make_recommendation):
    assert status_choices(reviewer) == PublicationStatus.values
    assert status_choices(reviewer, make_recommendation()) == PublicationStatus.values


def test_the_redaktion_cannot_publish_by_a_crafted_form(editor, make_recommendation):
    draft = make_recommendation(status=PublicationStatus.DRAFT)
    url = admin_url(Recommendation, "change", draft.pk)
    data = change_form_data(editor.get(url))
    data["status"] = PublicationStatus.PUBLISHED

    response = editor.post(url, data)

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert (draft.status, draft.version) == (PublicationStatus.DRAFT, 1)


def test_the_redaktion_cannot_publish_by_action_but_submits_for_approval(editor, make_recommendation):
    draft = make_recommendation(status=PublicationStatus.DRAFT)
    changelist = admin_url(Recommendation, "changelist")
    page = editor.get(changelist)
    assert 'value="publish"' not in page.content.decode()
    editor.post(changelist, {"action": "publish", "_selected_action": [draft.pk], **changelist_versions(page)})
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT

    page = editor.get(changelist)
    response = editor.post(
        changelist, {"action": "submit_for_review", "_selected_action": [draft.pk], **changelist_versions(page)}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.version) == (PublicationStatus.IN_REVIEW, 2)


def test_the_freigabe_publishes_with_the_change_form_and_archives_by_action(client, reviewer, make_recommendation):
    entry = make_recommendation(status=PublicationStatus.IN_REVIEW)
    assert client.get(entry.get_absolute_url()).status_code == 404
    url = admin_url(Recommendation, "change", entry.pk)
    data = change_form_data(reviewer.get(url))
    data["status"] = PublicationStatus.PUBLISHED

    assert reviewer.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.status == PublicationStatus.PUBLISHED
    assert client.get(entry.get_absolute_url()).status_code == 200

    changelist = admin_url(Recommendation, "changelist")
    page = reviewer.get(changelist)
    reviewer.post(changelist, {"action": "archive", "_selected_action": [entry.pk], **changelist_versions(page)})
    entry.refresh_from_db()
    assert entry.status == PublicationStatus.ARCHIVED
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_only_the_freigabe_deletes_and_only_drafts(editor, reviewer, make_recommendation):
    draft = make_recommendation(slug="entwurf", status=PublicationStatus.DRAFT)
    published = make_recommendation(slug="oeffentlich")

    assert editor.post(admin_url(Recommendation, "delete", draft.pk), {"post": "yes"}).status_code == 403
    assert reviewer.get(admin_url(Recommendation, "delete", published.pk)).status_code == 403
    assert reviewer.post(admin_url(Recommendation, "delete", draft.pk), {"post": "yes"}).status_code == 302
    assert list(Recommendation.objects.filter(slug__in=["entwurf", "oeffentlich"]).values_list("slug", flat=True)) == [
        "oeffentlich"
    ]


def test_the_redaktion_adds_a_method_with_its_links_and_tags_in_one_version(editor, others):
    field = FieldOfAction.objects.order_by("pk").first()
    url = admin_url(Recommendation, "add")
    data = change_form_data(editor.get(url))
    data.update(
        title="Zebrastreifen-Methode",
        slug="zebrastreifen-methode",
        status=PublicationStatus.IN_REVIEW,
        kind=GuidanceKind.METHOD,
        teaser="Sicher über die Straße.",
        body="<p>So geht es.</p>",
        steps="Schauen: links, rechts, links\nGehen",
        audiences=[Audience.MUNICIPALITY, Audience.CITIZENS],
        phases=[Phase.IMPLEMENTATION],
        fields_of_action=[str(field.pk)],
        practice_examples=[str(others["example"].pk)],
        funding_programmes=[str(others["programme"].pk)],
        contacts=[str(others["contact"].pk)],
        tags="Zebrastreifen, Verkehr",
    )

    response = editor.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    recommendation = Recommendation.objects.get(slug="zebrastreifen-methode")
    assert recommendation.audiences == [Audience.MUNICIPALITY, Audience.CITIZENS]
    assert recommendation.phases == [Phase.IMPLEMENTATION]
    assert recommendation.step_list() == [("Schauen", "links, rechts, links"), ("", "Gehen")]
    version = recommendation.history.get()
    assert (version.history_type, version.history_user.username) == ("+", "redaktion")
    assert recorded_links(version) == {
        "fields_of_action": {field.pk},
        "target_groups": set(),
        "practice_examples": {others["example"].pk},
        "funding_programmes": {others["programme"].pk},
        "contacts": {others["contact"].pk},
    }
    assert version.tag_names == ["Verkehr", "Zebrastreifen"]


def test_a_method_without_steps_gets_a_german_form_error(editor, db):
    url = admin_url(Recommendation, "add")
    data = change_form_data(editor.get(url))
    data.update(title="Ohne Schritte", slug="ohne-schritte", kind=GuidanceKind.METHOD, teaser="T", body="<p>T</p>")

    response = editor.post(url, data)

    assert response.status_code == 200
    assert "Eine Methode braucht ihre Schritte: bitte einen Schritt pro Zeile." in response.content.decode()
    assert not Recommendation.objects.filter(slug="ohne-schritte").exists()


# --- History, revert and the version check ---


def test_a_save_records_the_changed_fields_links_and_tags(reviewer, make_recommendation, others):
    recommendation = make_recommendation()

    save_with(
        reviewer,
        recommendation,
        teaser="Wie ein Zebrastreifen-Projekt gelingt.",
        audiences=[Audience.MUNICIPALITY, Audience.POLITICS],
        practice_examples=[str(others["example"].pk)],
        funding_programmes=[str(others["programme"].pk)],
        contacts=[str(others["contact"].pk)],
        tags="Zebrastreifen",
    )

    first, second = recommendation.history.order_by("history_date", "history_id")
    assert (second.version, second.history_user.username) == (2, "freigabe")
    changes = {label: (str(old), str(new)) for label, old, new in describe_changes(first, second)}
    assert changes == {
        "Kurzbeschreibung": ("Wie ein Quartiersprojekt gelingt.", "Wie ein Zebrastreifen-Projekt gelingt."),
        "Für wen": ("leer", "Kommune, Politik"),
        "Praxisbeispiele, die es zeigen": ("leer", "Zebra-Treff Mainz"),
        "Förderprogramme, die es finanzieren": ("leer", "Zebra-Förderung"),
        "Beratungsstellen, die dazu beraten": ("leer", "Zebra-Beratung"),
        "Schlagworte": ("leer", "Zebrastreifen"),
    }

    content = reviewer.get(admin_url(Recommendation, "history", recommendation.pk)).content.decode()
    inserted = '<span class="wk-diff"><ins><span class="visually-hidden">eingefügt: </span>{}</ins></span></li>'
    assert "<strong>Praxisbeispiele, die es zeigen:</strong> leer → " + inserted.format("Zebra-Treff Mainz") in content
    assert "<strong>Schlagworte:</strong> leer → " + inserted.format("Zebrastreifen") in content
    assert "Verlauf: Testempfehlung Quartiersarbeit" in content


def test_the_freigabe_reverts_fields_links_and_tags(reviewer, make_recommendation, others):
    recommendation = make_recommendation(status=PublicationStatus.DRAFT)
    save_with(reviewer, recommendation, practice_examples=[str(others["example"].pk)], tags="Zebrastreifen")
    wanted = latest_version(recommendation)
    save_with(
        reviewer,
        recommendation,
        title="Anderer Titel",
        phases=[Phase.FINANCING],
        practice_examples=[],
        contacts=[str(others["contact"].pk)],
        tags="Ampel",
    )

    url = reverse("admin:guidance_recommendation_simple_history", args=[recommendation.pk, wanted.history_id])
    response = reviewer.post(url, change_form_data(reviewer.get(url)))

    assert response.status_code == 302, response.context["adminform"].form.errors
    recommendation.refresh_from_db()
    assert (recommendation.title, recommendation.phases) == ("Testempfehlung Quartiersarbeit", [])
    assert list(recommendation.practice_examples.all()) == [others["example"]]
    assert list(recommendation.contacts.all()) == []
    assert list(recommendation.tags.names()) == ["Zebrastreifen"]
    assert recommendation.version == 4
    reverted = latest_version(recommendation)
    assert reverted.history_user.username == "freigabe"
    assert recorded_links(reverted) == recorded_links(wanted)
    assert reverted.tag_names == ["Zebrastreifen"]


def test_the_redaktion_may_view_but_not_revert(editor, make_recommendation):
    recommendation = make_recommendation()
    first = recommendation.history.get()
    url = reverse("admin:guidance_recommendation_simple_history", args=[recommendation.pk, first.history_id])
    data = change_form_data(editor.get(url))
    data["title"] = "Geändert"

    assert editor.post(url, data).status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.title == "Testempfehlung Quartiersarbeit"


def test_the_second_of_two_concurrent_saves_is_refused_with_what_changed(
    make_staff, client_for, make_recommendation, others
):
    anna, ben = client_for(make_staff("anna", "Freigabe")), client_for(make_staff("ben", "Redaktion"))
    recommendation = make_recommendation()
    url = admin_url(Recommendation, "change", recommendation.pk)
    annas_form, bens_form = change_form_data(anna.get(url)), change_form_data(ben.get(url))
    annas_form.update(practice_examples=[str(others["example"].pk)], tags="Zebrastreifen")
    assert anna.post(url, annas_form).status_code == 302
    bens_form["title"] = "Bens Titel"

    refused = ben.post(url, bens_form)

    assert refused.status_code == 200
    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert CONFLICT in message
    assert "Sie haben Fassung 1 bearbeitet, gespeichert ist jetzt Fassung 2" in message
    assert "Zuletzt gespeichert von anna" in message
    assert "Praxisbeispiele, die es zeigen: „leer“ → „Zebra-Treff Mainz“" in message
    assert "Schlagworte: „leer“ → „Zebrastreifen“" in message
    recommendation.refresh_from_db()
    assert (recommendation.title, recommendation.version) == ("Testempfehlung Quartiersarbeit", 2)
    assert list(recommendation.practice_examples.all()) == [others["example"]]


def test_an_action_on_a_recommendation_saved_meanwhile_is_refused(make_staff, client_for, make_recommendation):
    anna, ben = client_for(make_staff("anna", "Freigabe")), client_for(make_staff("ben", "Freigabe"))
    recommendation = make_recommendation(status=PublicationStatus.IN_REVIEW)
    changelist = admin_url(Recommendation, "changelist")
    stale = changelist_versions(ben.get(changelist))
    save_with(anna, recommendation, teaser="Neu gefasst.")

    response = ben.post(
        changelist, {"action": "publish", "_selected_action": [recommendation.pk], **stale}, follow=True
    )

    assert "Die Aktion wurde für keinen Eintrag ausgeführt." in response.content.decode()
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.version) == (PublicationStatus.IN_REVIEW, 2)


# --- Autocomplete of the linked entries ---


@pytest.mark.parametrize(
    ("field_name", "linked"),
    [("practice_examples", "example"), ("funding_programmes", "programme"), ("contacts", "contact")],
)
@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_the_form_finds_the_entries_to_link_as_one_types(request, others, make_example, role, field_name, linked):
    client = request.getfixturevalue(role)
    make_example(title="Pferdekoppel", slug="pferdekoppel")

    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "guidance", "model_name": "recommendation", "field_name": field_name, "term": "Zebra"},
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(others[linked].pk), "text": str(others[linked])}]


def test_the_change_form_offers_the_autocomplete_for_the_links(editor, make_recommendation):
    content = editor.get(admin_url(Recommendation, "change", make_recommendation().pk)).content.decode()
    for field_name in ("practice_examples", "funding_programmes", "contacts"):
        assert f'data-field-name="{field_name}"' in content
    assert content.count('class="admin-autocomplete') == 3


def test_the_autocomplete_refuses_staff_without_a_role(make_staff, client_for, others):
    visitor = client_for(make_staff("ohne-rolle"))
    response = visitor.get(
        "/admin/autocomplete/",
        {"app_label": "guidance", "model_name": "recommendation", "field_name": "contacts", "term": "Zebra"},
    )
    assert response.status_code == 403


# --- The editors' dashboard ---


def test_the_dashboard_lists_recommendations_due_for_review_and_awaiting_approval(
    make_staff, client_for, make_recommendation, today
):
    make_recommendation(slug="faellig", title="Zebrastreifen fällig", review_due=today - datetime.timedelta(days=3))
    make_recommendation(
        slug="wartet",
        title="Zebrastreifen wartet",
        status=PublicationStatus.IN_REVIEW,
        review_due=today + datetime.timedelta(days=300),
    )
    for role in ("Redaktion", "Freigabe"):
        user = make_staff(f"nutzer-{role.lower()}", role)
        board = review_dashboard(user, today=today)
        due = {str(row.entry): row for row in board["overdue_reviews"] + board["reviews_soon"]}
        assert due["Zebrastreifen fällig"].overdue
        assert due["Zebrastreifen fällig"].kind == "Handlungsempfehlung / Methode"
        assert due["Zebrastreifen fällig"].admin_url == admin_url(
            Recommendation, "change", Recommendation.objects.get(slug="faellig").pk
        )
        assert "Zebrastreifen wartet" in {row.title for row in approval_board(user, today=today)["waiting"]}
        assert "Zebrastreifen wartet" not in due
        content = client_for(user).get("/admin/").content.decode()
        assert "Zebrastreifen wartet" in content


# --- Import and export ---


def export_rows(resource_class, queryset):
    """Headers (as field names, which an import still reads) and rows of an export."""
    resource = resource_class()
    dataset = resource.export(queryset)
    names = {label: name for name, label in resource.column_labels().items()}
    return [names[header] for header in dataset.headers], [list(row) for row in dataset]


def exported_file(resource_class, queryset, file_format):
    content = file_format().export_data(resource_class().export(queryset))
    return content.encode() if isinstance(content, str) else content


@pytest.fixture
def linked_recommendations(make_recommendation, others, rlp):
    method = make_recommendation(
        title="Zebrastreifen-Methode",
        slug="zebra-methode",
        kind=GuidanceKind.METHOD,
        steps="Schauen: links, rechts\nGehen",
        audiences=[Audience.MUNICIPALITY, Audience.POLITICS],
        phases=[Phase.START],
        further_reading='<ul><li><a href="https://example.org/">Leitfaden</a></li></ul>',
        source_url="https://example.org/quelle",
        source_date="Mai 2025",
        reviewed_at=datetime.date(2026, 3, 5),
    )
    method.fields_of_action.set(FieldOfAction.objects.order_by("pk")[:2])
    method.practice_examples.set([others["example"]])
    method.funding_programmes.set([others["programme"]])
    method.contacts.set([others["contact"]])
    method.tags.set(["Zebrastreifen", "Verkehr"])
    plain = make_recommendation(title="Zebrastreifen-Grundlage", slug="zebra-grundlage", kind=GuidanceKind.BASICS)
    return Recommendation.objects.filter(pk__in=[method.pk, plain.pk]).order_by("pk")


@pytest.mark.parametrize(
    ("file_format", "choice", "name"), [(SafeXLSX, XLSX, "x.xlsx"), (SpreadsheetCSV, CSV, "x.csv")], ids=["xlsx", "csv"]
)
def test_an_unchanged_export_of_recommendations_imports_as_unchanged(
    reviewer, linked_recommendations, file_format, choice, name
):
    upload = SimpleUploadedFile(name, exported_file(RecommendationResource, linked_recommendations, file_format))
    versions = dict(linked_recommendations.values_list("pk", "version"))
    history = Recommendation.history.count()

    response = preview(reviewer, upload, choice, Recommendation)

    totals = response.context["job"].summary["totals"]
    assert (totals["new"], totals["update"], totals["skip"], totals["invalid"]) == (0, 0, 2, 0), changed_rows(response)
    assert "Die Datei enthält keine Änderungen" in response.content.decode()
    confirm(reviewer, response)
    assert dict(linked_recommendations.values_list("pk", "version")) == versions
    assert Recommendation.history.count() == history


def test_the_export_has_the_links_as_slugs_and_leaves_out_derived_columns(linked_recommendations, others):
    headers, rows = export_rows(RecommendationResource, linked_recommendations)
    method = dict(zip(headers, rows[0], strict=True))

    assert not {"search_document", "search_parts", "search_vector", "search_text", "facet_fields", "id"} & set(headers)
    assert (method["slug"], method["kind"], method["audiences"], method["phases"]) == (
        "zebra-methode",
        "methode",
        "kommune,politik",
        "start",
    )
    assert (method["practice_examples"], method["funding_programmes"], method["contacts"]) == (
        "zebra-treff",
        "zebra-foerderung",
        "zebra-beratung",
    )
    assert method["tags"] == "Verkehr, Zebrastreifen"


def test_a_changed_cell_and_changed_links_are_applied_with_one_new_version(
    reviewer, linked_recommendations, make_example
):
    other = make_example(title="Zebra-Café", slug="zebra-cafe")
    headers, rows = export_rows(RecommendationResource, linked_recommendations)
    rows[0][headers.index("teaser")] = "Aus der Datei."
    rows[0][headers.index("audiences")] = "traeger"
    rows[0][headers.index("practice_examples")] = "zebra-cafe, zebra-treff"
    rows[0][headers.index("tags")] = "Zebrastreifen"

    checked = preview(reviewer, csv_upload(headers, rows), CSV, Recommendation)

    assert changed_rows(checked) == [(1, "update")], problems(checked)
    assert confirm(reviewer, checked).context["job"].state == ImportState.DONE
    method = Recommendation.objects.get(slug="zebra-methode")
    assert (method.teaser, method.audiences, method.version) == ("Aus der Datei.", ["traeger"], 2)
    assert set(method.practice_examples.values_list("slug", flat=True)) == {"zebra-cafe", "zebra-treff"}
    assert list(method.tags.names()) == ["Zebrastreifen"]
    version = latest_version(method)
    assert version.history_user.username == "freigabe"
    assert recorded_links(version)["practice_examples"] == {
        other.pk,
        method.practice_examples.get(slug="zebra-treff").pk,
    }
    assert version.tag_names == ["Zebrastreifen"]
    assert Recommendation.objects.get(slug="zebra-grundlage").version == 1


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        (
            "practice_examples",
            "zebra-treff, gibt-es-nicht",
            "Zeile 1 – Praxisbeispiele, die es zeigen: Unter Praxisbeispiele gibt es keinen Eintrag mit dem Kurznamen "
            "„gibt-es-nicht“.",
        ),
        (
            "funding_programmes",
            "kein-programm",
            "Zeile 1 – Förderprogramme, die es finanzieren: Unter Förderprogramme gibt es keinen Eintrag mit dem "
            "Kurznamen „kein-programm“.",
        ),
        (
            "contacts",
            "keine-stelle",
            "Zeile 1 – Beratungsstellen, die dazu beraten: Unter Beratungsstellen gibt es keinen Eintrag mit dem "
            "Kurznamen „keine-stelle“.",
        ),
        (
            "audiences",
            "kommune,ausserirdische",
            "Zeile 1 – Für wen: Element 2 im Array konnte nicht validiert werden: Wert 'ausserirdische' ist keine "
            "gültige Option.",
        ),
        (
            "phases",
            "nachspiel",
            "Zeile 1 – Projektphase: Element 1 im Array konnte nicht validiert werden: Wert 'nachspiel' ist keine "
            "gültige Option.",
        ),
        ("kind", "podcast", "Zeile 1 – Art: Wert 'podcast' ist keine gültige Option."),
    ],
    ids=["example", "programme", "contact", "audience", "phase", "kind"],
)
def test_an_unknown_link_or_value_is_refused_with_a_german_reason_and_nothing_is_written(
    reviewer, linked_recommendations, column, value, reason
):
    headers, rows = export_rows(RecommendationResource, linked_recommendations)
    rows[0][headers.index(column)] = value
    rows[0][headers.index("title")] = "Aus der Datei"

    response = preview(reviewer, csv_upload(headers, rows), CSV, Recommendation)

    assert response.context["job"].state == ImportState.REFUSED
    assert problems(response).startswith(reason), problems(response)
    assert 'name="confirm"' not in response.content.decode()
    method = Recommendation.objects.get(slug="zebra-methode")
    assert (method.title, method.version) == ("Zebrastreifen-Methode", 1)
    assert set(method.practice_examples.values_list("slug", flat=True)) == {"zebra-treff"}


def test_audiences_and_phases_are_read_like_the_links_whatever_the_spacing(reviewer, linked_recommendations):
    headers, rows = export_rows(RecommendationResource, linked_recommendations)
    rows[0][headers.index("audiences")] = " traeger , kommune,,traeger"
    rows[0][headers.index("phases")] = "umsetzung, start"

    checked = preview(reviewer, csv_upload(headers, rows), CSV, Recommendation)

    assert changed_rows(checked) == [(1, "update")], problems(checked)
    confirm(reviewer, checked)
    method = Recommendation.objects.get(slug="zebra-methode")
    assert (method.audiences, method.phases) == (["traeger", "kommune"], ["umsetzung", "start"])


def test_a_method_imported_without_steps_is_refused(reviewer, linked_recommendations):
    headers, rows = export_rows(RecommendationResource, linked_recommendations)
    rows[0][headers.index("steps")] = ""

    errors = problems(preview(reviewer, csv_upload(headers, rows), CSV, Recommendation))

    assert "Zeile 1 – Schritte: Eine Methode braucht ihre Schritte: bitte einen Schritt pro Zeile." in errors


def test_the_redaktion_cannot_publish_a_recommendation_by_import(editor, linked_recommendations):
    headers, rows = export_rows(RecommendationResource, linked_recommendations)
    rows[1][headers.index("slug")] = "heimlich"
    rows[1][headers.index("version")] = ""

    assert "darf nur die Freigabe" in problems(preview(editor, csv_upload(headers, rows[1:]), CSV, Recommendation))
    assert not Recommendation.objects.filter(slug="heimlich").exists()


def test_a_new_recommendation_is_imported_with_its_links(reviewer, linked_recommendations):
    headers, rows = export_rows(RecommendationResource, linked_recommendations)
    new = rows[0].copy()
    new[headers.index("slug")] = "zebra-neu"
    new[headers.index("title")] = "Zebrastreifen neu"
    new[headers.index("version")] = ""
    new[headers.index("status")] = PublicationStatus.DRAFT

    checked = preview(reviewer, csv_upload(headers, [new]), CSV, Recommendation)
    assert changed_rows(checked) == [(1, "new")], problems(checked)
    confirm(reviewer, checked)

    created = Recommendation.objects.get(slug="zebra-neu")
    assert created.audiences == [Audience.MUNICIPALITY, Audience.POLITICS]
    assert created.step_list() == [("Schauen", "links, rechts"), ("", "Gehen")]
    assert set(created.contacts.values_list("slug", flat=True)) == {"zebra-beratung"}
    assert created.history.get().history_type == "+"


# --- Import and export of Veranstaltungen and Aktuelles ---


@pytest.fixture
def events_and_news(linked_recommendations, others):
    method = linked_recommendations.get(slug="zebra-methode")
    congress = Event.objects.create(
        title="Zebrastreifen-Kongress",
        slug="zebra-kongress",
        kind=EventKind.CONGRESS,
        description="<p>Zwei Tage zum Queren.</p>",
        start_date=datetime.date(2026, 5, 7),
        end_date=datetime.date(2026, 5, 8),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(17, 0),
        town="Mainz",
        status=PublicationStatus.PUBLISHED,
    )
    congress.practice_examples.set([others["example"]])
    congress.recommendations.set([method])
    congress.tags.set(["Zebrastreifen"])
    month = Event.objects.create(
        title="Zebrastreifen-Workshop",
        slug="zebra-workshop",
        kind=EventKind.WORKSHOP,
        description="<p>Nur der Monat ist bekannt.</p>",
        start_date=datetime.date(2017, 3, 1),
        date_precision="monat",
    )
    news = NewsItem.objects.create(
        title="Neuer Zebrastreifen",
        slug="zebra-meldung",
        date=datetime.date(2026, 11, 20),
        teaser="Ein Zebrastreifen mehr im Quartier.",
        body="<p>Mehr dazu.</p>",
    )
    news.practice_examples.set([others["example"]])
    news.funding_programmes.set([others["programme"]])
    news.contacts.set([others["contact"]])
    news.recommendations.set([method])
    news.events.set([congress])
    return {
        Event: (EventResource, Event.objects.filter(pk__in=[congress.pk, month.pk]).order_by("pk")),
        NewsItem: (NewsItemResource, NewsItem.objects.filter(pk=news.pk)),
    }


@pytest.mark.parametrize("model", [Event, NewsItem], ids=["event", "newsitem"])
@pytest.mark.parametrize(
    ("file_format", "choice", "name"), [(SafeXLSX, XLSX, "x.xlsx"), (SpreadsheetCSV, CSV, "x.csv")], ids=["xlsx", "csv"]
)
def test_an_unchanged_export_of_events_and_news_imports_as_unchanged(
    reviewer, events_and_news, model, file_format, choice, name
):
    resource_class, queryset = events_and_news[model]
    upload = SimpleUploadedFile(name, exported_file(resource_class, queryset, file_format))
    versions = dict(queryset.values_list("pk", "version"))
    history = model.history.count()

    response = preview(reviewer, upload, choice, model)

    totals = response.context["job"].summary["totals"]
    assert (totals["new"], totals["update"], totals["skip"], totals["invalid"]) == (0, 0, queryset.count(), 0), (
        changed_rows(response),
        problems(response),
    )
    confirm(reviewer, response)
    assert dict(queryset.values_list("pk", "version")) == versions
    assert model.history.count() == history


@pytest.mark.parametrize(
    ("model", "column", "reason"),
    [
        (Event, "recommendations", "Handlungsempfehlungen: Unter Handlungsempfehlungen und Methoden gibt es keinen"),
        (Event, "practice_examples", "Praxisbeispiele: Unter Praxisbeispiele gibt es keinen"),
        (NewsItem, "recommendations", "Handlungsempfehlungen: Unter Handlungsempfehlungen und Methoden gibt es keinen"),
        (NewsItem, "events", "Veranstaltungen: Unter Veranstaltungen gibt es keinen"),
        (NewsItem, "contacts", "Beratungsstellen: Unter Beratungsstellen gibt es keinen"),
    ],
    ids=["event-recommendation", "event-example", "news-recommendation", "news-event", "news-contact"],
)
def test_an_unknown_linked_slug_in_events_and_news_is_refused(reviewer, events_and_news, model, column, reason):
    resource_class, queryset = events_and_news[model]
    headers, rows = export_rows(resource_class, queryset)
    rows[0][headers.index(column)] = "gibt-es-nicht"
    rows[0][headers.index("title")] = "Aus der Datei"

    response = preview(reviewer, csv_upload(headers, rows), CSV, model)

    assert response.context["job"].state == ImportState.REFUSED
    assert problems(response).startswith(f"Zeile 1 – {reason} Eintrag mit dem Kurznamen „gibt-es-nicht“."), problems(
        response
    )
    assert queryset.get(pk=queryset.first().pk).title != "Aus der Datei"
    assert queryset.first().version == 1
