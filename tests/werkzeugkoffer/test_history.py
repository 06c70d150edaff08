import re

from django.core.management import call_command
from django.urls import reverse

from contacts.models import Contact, ContactKind
from funding.models import FundingProgramme
from projects.models import PracticeExample
from tests.admin_forms import admin_url, change_form_data
from werkzeugkoffer.backoffice.history import describe_changes, recorded_links, word_diff
from werkzeugkoffer.backoffice.richtext import readable_lines
from werkzeugkoffer.models import FieldOfAction, Page, PublicationStatus, TargetGroup

# Removed and inserted words as the history marks them; the group is the words.
REMOVED = r'<del><span class="visually-hidden">entfernt: </span>(.*?)</del>'
INSERTED = r'<ins><span class="visually-hidden">eingefügt: </span>(.*?)</ins>'
GOALS = (
    "<p>Ein <strong>Treffpunkt</strong> für alle Generationen, an dem Nachbarinnen und Nachbarn sich kennenlernen.</p>"
)


def save_with(client, contact, **changes):
    url = admin_url(Contact, "change", contact.pk)
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    contact.refresh_from_db()


def test_it_records_a_history_row_per_save_with_who_and_what(reviewer, make_contact):
    contact = make_contact()
    save_with(reviewer, contact, phone="06131 123456")
    save_with(reviewer, contact, town="Mainz")

    records = list(contact.history.order_by("history_date"))
    assert len(records) == 3
    assert records[-1].history_user.username == "freigabe"
    assert records[-1].version == 3
    assert describe_changes(records[1], records[2]) == [("Ort", "leer", "Mainz")]


def test_the_history_page_shows_the_differences(reviewer, make_contact):
    contact = make_contact()
    save_with(reviewer, contact, phone="06131 123456")
    response = reviewer.get(admin_url(Contact, "history", contact.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "06131 123456" in content
    assert "freigabe" in content


def test_the_freigabe_reverts_to_an_earlier_version(reviewer, make_contact):
    contact = make_contact()
    first = contact.history.get()
    save_with(reviewer, contact, name="Falscher Name")

    url = reverse("admin:contacts_contact_simple_history", args=[contact.pk, first.history_id])
    data = change_form_data(reviewer.get(url))
    response = reviewer.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    contact.refresh_from_db()
    assert contact.name == "Teststelle Wohnberatung"
    assert contact.version == 3
    assert contact.history.count() == 3


def test_the_redaktion_may_view_but_not_revert(editor, make_contact):
    contact = make_contact()
    first = contact.history.get()
    url = reverse("admin:contacts_contact_simple_history", args=[contact.pk, first.history_id])
    data = change_form_data(editor.get(url))
    data["name"] = "Geändert"
    assert editor.post(url, data).status_code == 403
    contact.refresh_from_db()
    assert contact.name == "Teststelle Wohnberatung"


def save_example_with(client, example, **changes):
    url = admin_url(PracticeExample, "change", example.pk)
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    example.refresh_from_db()


def latest_version(entry):
    return entry.history.order_by("-history_date", "-history_id").first()


def test_changing_only_links_and_tags_records_exactly_one_row_with_them(reviewer, make_example):
    example = make_example()
    wohnen, pflege = FieldOfAction.objects.order_by("pk")[:2]
    groups = list(TargetGroup.objects.order_by("pk")[:2])
    rows_before = example.history.count()

    save_example_with(
        reviewer,
        example,
        fields_of_action=[str(pflege.pk)],
        target_groups=[str(group.pk) for group in groups],
        tags="Wohncafé, Demenz",
    )

    assert example.history.count() == rows_before + 1
    version = latest_version(example)
    assert version.history_user.username == "freigabe"
    assert recorded_links(version)["fields_of_action"] == {pflege.pk}
    assert recorded_links(version)["target_groups"] == {group.pk for group in groups}
    assert version.tag_names == ["Demenz", "Wohncafé"]


def test_changing_only_the_tags_records_a_row_with_the_new_tags(reviewer, make_contact):
    contact = make_contact()
    contact.tags.set(["Wohnberatung"])
    save_with(reviewer, contact, tags="Wohnberatung, Hilfsmittel")

    assert contact.history.count() == 2
    first, second = contact.history.order_by("history_date")
    assert first.tag_names == []
    assert second.tag_names == ["Hilfsmittel", "Wohnberatung"]
    assert describe_changes(first, second) == [("Schlagworte", "leer", "Hilfsmittel, Wohnberatung")]


def test_the_history_page_shows_changed_links_and_tags_in_german(reviewer, make_contact, rlp):
    contact = make_contact()
    topic = FieldOfAction.objects.order_by("pk").first()
    save_with(reviewer, contact, topics=[str(topic.pk)], regions=[str(rlp.pk)], tags="Pflegestützpunkt")

    response = reviewer.get(admin_url(Contact, "history", contact.pk))
    content = response.content.decode()
    inserted = '<span class="wk-diff"><ins><span class="visually-hidden">eingefügt: </span>{}</ins></span></li>'
    assert "<strong>Themen:</strong> leer → " + inserted.format(topic.name) in content
    assert "<strong>Zuständigkeit:</strong> leer → " + inserted.format("Rheinland-Pfalz") in content
    assert "<strong>Schlagworte:</strong> leer → " + inserted.format("Pflegestützpunkt") in content
    assert "Verlauf: Teststelle Wohnberatung" in content


def test_a_save_refused_as_a_conflict_names_changed_tags(make_staff, client_for, make_contact):
    anna, ben = client_for(make_staff("anna", "Freigabe")), client_for(make_staff("ben", "Freigabe"))
    contact = make_contact()
    url = admin_url(Contact, "change", contact.pk)
    annas_form, bens_form = change_form_data(anna.get(url)), change_form_data(ben.get(url))
    annas_form["tags"] = "Barrierefreiheit"
    assert anna.post(url, annas_form).status_code == 302

    response = ben.post(url, bens_form)
    message = " ".join(response.context["adminform"].form.non_field_errors())
    assert "Schlagworte: „leer“ → „Barrierefreiheit“" in message


def test_the_freigabe_reverts_links_and_tags_as_well(reviewer, make_programme, rlp):
    groups = list(TargetGroup.objects.order_by("pk")[:2])
    fields = list(FieldOfAction.objects.order_by("pk")[:2])
    programme = make_programme(status=PublicationStatus.DRAFT)
    url = admin_url(FundingProgramme, "change", programme.pk)
    first_form = change_form_data(reviewer.get(url))
    first_form.update(
        regions=[str(rlp.pk)], fields_of_action=[str(fields[0].pk)], target_groups=[str(groups[0].pk)], tags="Quartier"
    )
    assert reviewer.post(url, first_form).status_code == 302
    wanted = latest_version(programme)

    second_form = change_form_data(reviewer.get(url))
    second_form.update(
        title="Anderer Titel",
        regions=[],
        fields_of_action=[str(fields[1].pk)],
        target_groups=[str(groups[1].pk)],
        tags="Stiftung, Ehrenamt",
    )
    assert reviewer.post(url, second_form).status_code == 302

    revert_url = reverse("admin:funding_fundingprogramme_simple_history", args=[programme.pk, wanted.history_id])
    data = change_form_data(reviewer.get(revert_url))
    response = reviewer.post(revert_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    programme.refresh_from_db()
    assert programme.title == "Testprogramm Quartiere"
    assert list(programme.regions.all()) == [rlp]
    assert list(programme.fields_of_action.all()) == [fields[0]]
    assert list(programme.target_groups.all()) == [groups[0]]
    assert sorted(programme.tags.names()) == ["Quartier"]
    assert programme.history.count() == 4
    reverted = latest_version(programme)
    assert reverted.history_user.username == "freigabe"
    assert recorded_links(reverted) == recorded_links(wanted)
    assert reverted.tag_names == ["Quartier"]


def test_reverting_to_a_version_without_recorded_links_keeps_the_current_ones(reviewer, make_contact):
    contact = make_contact()
    topic = FieldOfAction.objects.order_by("pk").first()
    old = contact.history.get()
    # Versions saved before links and tags were recorded have no tag names.
    contact.history.filter(pk=old.pk).update(tag_names=None)
    save_with(reviewer, contact, name="Neuer Name", topics=[str(topic.pk)], tags="Beratung")

    revert_url = reverse("admin:contacts_contact_simple_history", args=[contact.pk, old.history_id])
    page = reviewer.get(revert_url)
    assert "bevor Verknüpfungen" in page.content.decode()
    response = reviewer.post(revert_url, change_form_data(page))

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Teststelle Wohnberatung"
    assert list(contact.topics.all()) == [topic]
    assert list(contact.tags.names()) == ["Beratung"]
    old.refresh_from_db()
    assert describe_changes(old, contact.history.order_by("history_date")[1]) == [
        ("Name der Beratungsstelle", "Teststelle Wohnberatung", "Neuer Name")
    ]


def test_an_action_records_the_links_and_tags_unchanged(reviewer, make_example):
    example = make_example(status=PublicationStatus.IN_REVIEW)
    example.tags.set(["Nachbarschaft"])
    reviewer.post(
        admin_url(PracticeExample, "changelist"),
        {"action": "publish", "_selected_action": [example.pk], f"_version_{example.pk}": example.version},
    )
    version = latest_version(example)
    assert version.status == PublicationStatus.PUBLISHED
    assert recorded_links(version)["fields_of_action"] == set(example.fields_of_action.values_list("pk", flat=True))
    assert version.tag_names == ["Nachbarschaft"]


def test_loading_the_seed_records_a_first_version_with_links_and_tags(db):
    call_command("load_seed", "--force", verbosity=0)
    example = PracticeExample.objects.filter(tags__isnull=False).distinct().first()
    version = latest_version(example)
    assert version.tag_names == sorted(example.tags.names(), key=str.lower)
    assert recorded_links(version)["fields_of_action"] == set(example.fields_of_action.values_list("pk", flat=True))


def test_adding_an_entry_records_one_row_with_its_links_and_tags(editor, rlp):
    topic = FieldOfAction.objects.order_by("pk").first()
    url = admin_url(Contact, "add")
    data = change_form_data(editor.get(url))
    data.update(
        name="Neue Beratungsstelle",
        slug="neue-beratungsstelle",
        kind=ContactKind.MUNICIPAL,
        description="Berät zu allem.",
        topics=[str(topic.pk)],
        regions=[str(rlp.pk)],
        tags="Wohnen im Alter, Beratung",
    )
    response = editor.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    contact = Contact.objects.get(slug="neue-beratungsstelle")
    version = contact.history.get()
    assert version.history_type == "+"
    assert recorded_links(version) == {"topics": {topic.pk}, "regions": {rlp.pk}}
    assert version.tag_names == ["Beratung", "Wohnen im Alter"]


def test_the_history_of_a_legal_page_shows_its_changes(admin_client):
    page = Page.objects.get(slug="impressum")
    url = admin_url(Page, "change", page.pk)
    for title in ["Impressum", "Impressum (neu)"]:
        data = change_form_data(admin_client.get(url))
        data["title"] = title
        assert admin_client.post(url, data).status_code == 302

    content = admin_client.get(admin_url(Page, "history", page.pk)).content.decode()
    assert "<strong>Titel:</strong> Impressum → Impressum (neu)</li>" in content


def test_the_history_calls_an_unknown_running_state_unbekannt(make_example):
    example = make_example(running_since=2007)
    example.is_running = True
    example.save()

    first, second = example.history.order_by("history_date")
    assert ("läuft noch", "unbekannt", "ja") in describe_changes(first, second)


def test_a_word_diff_marks_exactly_the_changed_words():
    old, new = word_diff(
        ["Ein Café für alle Generationen im Quartier."],
        ["Ein Treffpunkt für alle Generationen und Nachbarn im Quartier."],
    )
    assert re.findall(REMOVED, old.__html__()) == ["Café"]
    assert re.findall(INSERTED, old.__html__()) == []
    assert re.findall(INSERTED, new.__html__()) == ["Treffpunkt", "und Nachbarn"]
    assert re.findall(REMOVED, new.combined) == ["Café"]
    assert re.findall(INSERTED, new.combined) == ["Treffpunkt", "und Nachbarn"]


def test_as_a_string_a_changed_text_is_its_first_change_with_a_few_words_around():
    old, new = word_diff(["eins zwei drei vier fünf sechs sieben acht neun zehn elf"], ["eins zwei drei vier fünf"])
    assert str(old) == "… zwei drei vier fünf sechs sieben acht neun zehn elf"
    assert str(new) == "… zwei drei vier fünf"


def test_a_refused_save_quotes_the_changed_words_of_a_text_without_tags(make_staff, client_for, make_example):
    anna, ben = client_for(make_staff("anna", "Freigabe")), client_for(make_staff("ben", "Freigabe"))
    example = make_example(goals=GOALS)
    url = admin_url(PracticeExample, "change", example.pk)
    annas_form, bens_form = change_form_data(anna.get(url)), change_form_data(ben.get(url))
    annas_form["goals"] = GOALS.replace("kennenlernen", "treffen")
    assert anna.post(url, annas_form).status_code == 302

    message = " ".join(ben.post(url, bens_form).context["adminform"].form.non_field_errors())

    before, after = "„… Nachbarinnen und Nachbarn sich kennenlernen.“", "„… Nachbarinnen und Nachbarn sich treffen.“"
    assert f"Ziele: {before} → {after}" in message


def test_a_word_diff_escapes_the_texts():
    old, new = word_diff(["Kosten < 500 €"], ['<script>alert("x")</script> Kosten < 500 €'])
    assert "<script>" not in new.__html__()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in new.__html__()


def test_a_change_of_formatting_alone_is_named():
    old, new = word_diff(*(readable_lines(html) for html in ("<p>Ein Café</p>", "<p>Ein <strong>Café</strong></p>")))
    assert re.findall(INSERTED, new.combined) == []
    assert "nur an der Formatierung" in new.combined


def test_the_history_shows_rich_text_as_readable_text_with_the_changed_words(reviewer, make_example):
    example = make_example(goals=GOALS + "<ul><li>Mittagstisch</li></ul>")
    save_example_with(reviewer, example, goals=GOALS + "<ul><li>Mittagstisch</li><li>Spieleabend</li></ul>")

    content = reviewer.get(admin_url(PracticeExample, "history", example.pk)).content.decode()
    changes = content[content.index("<li><strong>Ziele:</strong>") :]
    changes = changes[: changes.index("</li>\n")]
    for tag in ("&lt;p&gt;", "&lt;strong&gt;", "&lt;ul&gt;", "&lt;li&gt;", "<strong>Treffpunkt"):
        assert tag not in changes
    # The whole text, not cut after 80 characters.
    assert "an dem Nachbarinnen und Nachbarn sich kennenlernen." in changes
    assert re.findall(INSERTED, changes) == ["– Spieleabend"]
    assert re.findall(REMOVED, changes) == []
