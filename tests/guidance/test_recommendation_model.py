"""Handlungsempfehlungen und Methoden: their QuerySet, the rules the database keeps, steps and labels, the cleaned
texts, and the search and facet columns that the database triggers keep current."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from taggit.models import Tag

from guidance.models import Audience, GuidanceKind, Phase, Recommendation
from werkzeugkoffer.catalogue.search import search_query
from werkzeugkoffer.models import FieldOfAction, PublicationStatus, TargetGroup

DAY = datetime.timedelta(days=1)


def slugs(queryset, made):
    """The slugs of queryset among the recommendations a test made (seeded ones never count)."""
    return set(queryset.filter(slug__in=[entry.slug for entry in made]).values_list("slug", flat=True))


def test_published_hides_drafts_entries_in_review_archived_ones_and_those_not_yet_due(make_recommendation):
    later = timezone.now() + 2 * DAY
    made = [
        make_recommendation(slug="sichtbar"),
        make_recommendation(slug="entwurf", status=PublicationStatus.DRAFT),
        make_recommendation(slug="zur-freigabe", status=PublicationStatus.IN_REVIEW),
        make_recommendation(slug="archiv", status=PublicationStatus.ARCHIVED),
        make_recommendation(slug="spaeter", publish_at=later),
    ]

    assert slugs(Recommendation.objects.published(), made) == {"sichtbar"}
    assert slugs(Recommendation.objects.published(now=later), made) == {"sichtbar", "spaeter"}
    assert not made[-1].is_published()


def test_methods_keeps_only_methods(make_recommendation):
    made = [
        make_recommendation(slug="methode", kind=GuidanceKind.METHOD, steps="Einladen\nAuswerten"),
        make_recommendation(slug="checkliste", kind=GuidanceKind.CHECKLIST, steps="Raum\nTermin"),
        make_recommendation(slug="empfehlung", kind=GuidanceKind.RECOMMENDATION),
        make_recommendation(slug="grundlage", kind=GuidanceKind.BASICS),
    ]

    assert slugs(Recommendation.objects.methods(), made) == {"methode"}


def test_for_audience_finds_the_entries_that_name_it_among_others(make_recommendation):
    made = [
        make_recommendation(slug="kommune-und-politik", audiences=[Audience.MUNICIPALITY, Audience.POLITICS]),
        make_recommendation(slug="traeger", audiences=[Audience.PROVIDER]),
        make_recommendation(slug="ohne-angabe", audiences=[]),
    ]

    assert slugs(Recommendation.objects.for_audience(Audience.MUNICIPALITY), made) == {"kommune-und-politik"}
    assert slugs(Recommendation.objects.for_audience(Audience.POLITICS), made) == {"kommune-und-politik"}
    assert slugs(Recommendation.objects.for_audience(Audience.PROVIDER), made) == {"traeger"}
    assert slugs(Recommendation.objects.for_audience(Audience.HOUSING), made) == set()


def test_in_phase_finds_the_entries_that_name_it_among_others(make_recommendation):
    made = [
        make_recommendation(slug="start-und-umsetzung", phases=[Phase.START, Phase.IMPLEMENTATION]),
        make_recommendation(slug="verstetigung", phases=[Phase.CONTINUATION]),
        make_recommendation(slug="jede-phase", phases=[]),
    ]

    assert slugs(Recommendation.objects.in_phase(Phase.START), made) == {"start-und-umsetzung"}
    assert slugs(Recommendation.objects.in_phase(Phase.IMPLEMENTATION), made) == {"start-und-umsetzung"}
    assert slugs(Recommendation.objects.in_phase(Phase.CONTINUATION), made) == {"verstetigung"}
    assert slugs(Recommendation.objects.in_phase(Phase.FINANCING), made) == set()


def test_the_domain_methods_chain(make_recommendation):
    made = [
        make_recommendation(slug="passt", kind=GuidanceKind.METHOD, steps="Eins", audiences=[Audience.HOUSING]),
        make_recommendation(
            slug="entwurf",
            kind=GuidanceKind.METHOD,
            steps="Eins",
            audiences=[Audience.HOUSING],
            status=PublicationStatus.DRAFT,
        ),
        make_recommendation(slug="keine-methode", audiences=[Audience.HOUSING]),
    ]

    assert slugs(Recommendation.objects.published().methods().for_audience(Audience.HOUSING), made) == {"passt"}


def verified(user):
    """user as the two-factor middleware leaves it after a sign-in with the second factor."""
    user.is_verified = lambda: True
    return user


def test_visible_to_shows_unpublished_entries_only_to_verified_staff_with_the_view_permission(
    make_recommendation, make_staff
):
    made = [make_recommendation(slug="sichtbar"), make_recommendation(slug="entwurf", status=PublicationStatus.DRAFT)]
    redaktion = make_staff("redaktion", "Redaktion")
    unverified = make_staff("ohne-2fa", "Redaktion")
    unverified.is_verified = lambda: False

    assert slugs(Recommendation.objects.visible_to(AnonymousUser()), made) == {"sichtbar"}
    assert slugs(Recommendation.objects.visible_to(unverified), made) == {"sichtbar"}
    assert slugs(Recommendation.objects.visible_to(verified(make_staff("ohne-rolle"))), made) == {"sichtbar"}
    assert slugs(Recommendation.objects.visible_to(verified(redaktion)), made) == {"sichtbar", "entwurf"}


def test_due_for_review_lists_entries_in_use_whose_date_is_past_or_near(make_recommendation, today):
    made = [
        make_recommendation(slug="ueberfaellig", review_due=today - DAY),
        make_recommendation(slug="bald", review_due=today + 10 * DAY),
        make_recommendation(slug="spaeter", review_due=today + 60 * DAY),
        make_recommendation(slug="entwurf-ueberfaellig", review_due=today - DAY, status=PublicationStatus.DRAFT),
        make_recommendation(slug="archiviert", review_due=today - DAY, status=PublicationStatus.ARCHIVED),
    ]

    assert slugs(Recommendation.objects.due_for_review(today), made) == {"ueberfaellig", "bald", "entwurf-ueberfaellig"}
    assert slugs(Recommendation.objects.due_for_review(today, lead_days=0), made) == {
        "ueberfaellig",
        "entwurf-ueberfaellig",
    }


BROKEN_RULES = [
    ({"kind": "podcast"}, "recommendation_kind_valid"),
    ({"audiences": [Audience.MUNICIPALITY, "ausserirdische"]}, "recommendation_audiences_valid"),
    ({"phases": ["nachspiel"]}, "recommendation_phases_valid"),
    ({"kind": GuidanceKind.METHOD, "steps": ""}, "recommendation_method_has_steps"),
]


@pytest.mark.parametrize(("fields", "constraint"), BROKEN_RULES, ids=[name for _fields, name in BROKEN_RULES])
def test_the_database_refuses_an_entry_that_breaks_a_rule(make_recommendation, fields, constraint):
    with pytest.raises(IntegrityError, match=constraint):
        make_recommendation(**fields)


@pytest.mark.parametrize(("fields", "constraint"), BROKEN_RULES, ids=[name for _fields, name in BROKEN_RULES])
def test_validating_the_constraints_names_the_broken_rule_in_german(db, fields, constraint):
    recommendation = Recommendation(title="T", slug="t", teaser="T", body="T", **{"kind": "empfehlung", **fields})

    with pytest.raises(ValidationError) as refused:
        recommendation.validate_constraints()

    assert refused.value.messages == [f"Bedingung „{constraint}“ ist nicht erfüllt."]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "podcast"}, "kind", "Wert 'podcast' ist keine gültige Option."),
        (
            {"audiences": [Audience.MUNICIPALITY, "ausserirdische"]},
            "audiences",
            "Element 2 im Array konnte nicht validiert werden: Wert 'ausserirdische' ist keine gültige Option.",
        ),
        (
            {"phases": ["nachspiel"]},
            "phases",
            "Element 1 im Array konnte nicht validiert werden: Wert 'nachspiel' ist keine gültige Option.",
        ),
        (
            {"kind": GuidanceKind.METHOD, "steps": ""},
            "steps",
            "Eine Methode braucht ihre Schritte: bitte einen Schritt pro Zeile.",
        ),
        # Blank lines pass the database's rule, but are no steps either.
        (
            {"kind": GuidanceKind.METHOD, "steps": "  \n \n"},
            "steps",
            "Eine Methode braucht ihre Schritte: bitte einen Schritt pro Zeile.",
        ),
    ],
    ids=["kind", "audiences", "phases", "method-without-steps", "method-with-blank-steps"],
)
def test_full_clean_refuses_an_entry_that_breaks_a_rule_with_a_german_message(db, fields, field, message):
    recommendation = Recommendation(
        title="Testempfehlung", slug="testempfehlung", teaser="T", body="<p>T</p>", **{"kind": "empfehlung", **fields}
    )

    with pytest.raises(ValidationError) as refused:
        recommendation.full_clean()

    assert refused.value.message_dict == {field: [message]}


def test_a_method_with_steps_and_a_checklist_without_them_are_valid(db):
    for fields in ({"kind": GuidanceKind.METHOD, "steps": "Einladen"}, {"kind": GuidanceKind.CHECKLIST}):
        recommendation = Recommendation(
            title="Testempfehlung", slug="testempfehlung", teaser="T", body="<p>T</p>", **fields
        )
        recommendation.full_clean()


def test_a_valid_entry_is_checked_against_all_constraints_in_one_query(make_recommendation, django_assert_num_queries):
    recommendation = make_recommendation(kind=GuidanceKind.METHOD, steps="Einladen", audiences=[Audience.POLITICS])
    # One question to the database, in a savepoint of its own (the test runs in a transaction): not one per constraint.
    with django_assert_num_queries(3):
        recommendation.validate_constraints()


def test_it_lists_its_steps_with_and_without_a_title_in_their_order(make_recommendation):
    recommendation = make_recommendation(
        kind=GuidanceKind.METHOD,
        steps=(
            "Ansprechen: Die Nachbarschaft persönlich einladen.\n"
            "\n"
            "   Gemeinsam planen   \n"
            "Treffen um 18:30 Uhr im Gemeindehaus\n"
            "Nachlesen unter https://example.org/leitfaden\n"
            "Auswerten:    Was hat gewirkt, was nicht?\n"
            "   \n"
        ),
    )

    assert recommendation.step_list() == [
        ("Ansprechen", "Die Nachbarschaft persönlich einladen."),
        ("", "Gemeinsam planen"),
        ("", "Treffen um 18:30 Uhr im Gemeindehaus"),
        ("", "Nachlesen unter https://example.org/leitfaden"),
        ("Auswerten", "Was hat gewirkt, was nicht?"),
    ]


def test_an_entry_without_steps_has_an_empty_step_list(make_recommendation):
    assert make_recommendation(steps="").step_list() == []


def test_it_labels_audiences_and_phases_in_german_in_their_order(make_recommendation):
    recommendation = make_recommendation(
        audiences=[Audience.PROVIDER, Audience.CITIZENS], phases=[Phase.FINANCING, Phase.PLANNING]
    )

    assert recommendation.audience_labels() == ["Träger / Wohlfahrtsverband", "Bürgerinnen und Bürger"]
    assert recommendation.phase_labels() == ["Finanzierung", "Idee und Planung"]
    assert make_recommendation(slug="ohne-angabe").audience_labels() == []
    assert make_recommendation(slug="ohne-phase").phase_labels() == []


def test_cleaning_keeps_sub_headings_in_the_text_but_not_in_the_further_reading(db):
    recommendation = Recommendation(
        title="Testempfehlung",
        slug="testempfehlung",
        teaser="T",
        kind=GuidanceKind.RECOMMENDATION,
        body="<h2>Worum es geht</h2><p>Gemeinsam planen.</p><h3>Vorgehen</h3><p>Schritt für Schritt.</p>",
        further_reading='<h2>Literatur</h2><ul><li><a href="https://example.org/leitfaden">Leitfaden</a></li></ul>',
    )

    recommendation.full_clean()

    assert "<h2>Worum es geht</h2>" in recommendation.body
    assert "<h3>Vorgehen</h3>" in recommendation.body
    assert "<h2>" not in recommendation.further_reading
    assert recommendation.further_reading.startswith("Literatur<ul>")
    assert '<a href="https://example.org/leitfaden" rel="noopener noreferrer">Leitfaden</a>' in (
        recommendation.further_reading
    )


def test_cleaning_removes_scripts_and_javascript_links_from_both_texts(db):
    hostile = '<p>Gut<script>alert("x")</script> <a href="javascript:alert(1)">hier</a></p><img src=x onerror=alert(2)>'
    recommendation = Recommendation(
        title="Testempfehlung",
        slug="testempfehlung",
        teaser="T",
        kind=GuidanceKind.RECOMMENDATION,
        body=hostile,
        further_reading=hostile,
    )

    recommendation.full_clean()

    for text in (recommendation.body, recommendation.further_reading):
        assert "<script" not in text and "alert" not in text
        assert "javascript:" not in text and "onerror" not in text and "<img" not in text
        assert text.startswith("<p>Gut")


def test_the_search_document_names_kind_audiences_phases_taxonomies_and_tags(make_recommendation):
    field, other_field = FieldOfAction.objects.order_by("pk")[:2]
    group = TargetGroup.objects.order_by("pk").first()
    recommendation = make_recommendation(
        kind=GuidanceKind.CHECKLIST,
        audiences=[Audience.HOUSING, Audience.CITIZENS],
        phases=[Phase.CONTINUATION],
    )
    recommendation.fields_of_action.set([field, other_field])
    recommendation.target_groups.set([group])
    recommendation.tags.set(["Zebrastreifenmethode"])

    recommendation.refresh_from_db()

    document = recommendation.search_document
    for name in ("Checkliste", "Wohnungswirtschaft", "Bürgerinnen und Bürger", "Verstetigung"):
        assert name in document
    for name in (field.name, other_field.name, group.name, "Zebrastreifenmethode"):
        assert name in document
    assert recommendation.facet_fields == sorted([field.pk, other_field.pk])
    assert recommendation.facet_groups == [group.pk]
    assert recommendation.facet_tags == [Tag.objects.get(name="Zebrastreifenmethode").pk]
    # The labels are searchable, as the other catalogues' facts are.
    assert Recommendation.objects.filter(pk=recommendation.pk, search_vector=search_query("Verstetigung")).exists()


def test_the_search_document_follows_changed_choices_on_saving(make_recommendation):
    recommendation = make_recommendation(audiences=[Audience.POLITICS])
    recommendation.kind = GuidanceKind.BASICS
    recommendation.audiences = [Audience.PROVIDER]
    recommendation.save()

    recommendation.refresh_from_db()

    assert "Grundlage" in recommendation.search_document and "Träger" in recommendation.search_document
    assert "Politik" not in recommendation.search_document and "Empfehlung" not in recommendation.search_document


def test_the_facet_columns_follow_removed_links_and_tags(make_recommendation):
    field, other_field = FieldOfAction.objects.order_by("pk")[:2]
    group = TargetGroup.objects.order_by("pk").first()
    recommendation = make_recommendation()
    recommendation.fields_of_action.set([field, other_field])
    recommendation.target_groups.set([group])
    recommendation.tags.set(["Zebrastreifenmethode"])

    recommendation.fields_of_action.remove(other_field)
    recommendation.target_groups.clear()
    recommendation.tags.clear()
    recommendation.refresh_from_db()

    assert recommendation.facet_fields == [field.pk]
    assert recommendation.facet_groups == []
    assert recommendation.facet_tags == []
    assert other_field.name not in recommendation.search_document
    assert "Zebrastreifenmethode" not in recommendation.search_document


def test_the_search_document_follows_renamed_taxonomies_and_tags(make_recommendation):
    field = FieldOfAction.objects.order_by("pk").first()
    group = TargetGroup.objects.order_by("pk").first()
    recommendation = make_recommendation()
    recommendation.fields_of_action.set([field])
    recommendation.target_groups.set([group])
    recommendation.tags.set(["Zebrastreifenmethode"])

    FieldOfAction.objects.filter(pk=field.pk).update(name="Kreisverkehrsplanung")
    TargetGroup.objects.filter(pk=group.pk).update(name="Schildkrötenfreunde")
    Tag.objects.filter(name="Zebrastreifenmethode").update(name="Ampelmethode")
    recommendation.refresh_from_db()

    for name in ("Kreisverkehrsplanung", "Schildkrötenfreunde", "Ampelmethode"):
        assert name in recommendation.search_document
    assert "Zebrastreifenmethode" not in recommendation.search_document


def test_it_splits_compounds_of_its_texts_for_the_search(make_recommendation):
    recommendation = make_recommendation(
        kind=GuidanceKind.METHOD, body="<p>Kurz.</p>", steps="Nachbarschaftsversammlung einberufen"
    )
    recommendation.refresh_from_db()

    assert "versammlung" in recommendation.search_parts.split()
    assert Recommendation.objects.filter(pk=recommendation.pk, search_vector=search_query("Versammlung")).exists()


def test_its_address_is_under_handlungsempfehlungen(make_recommendation):
    assert make_recommendation(slug="quartier-gemeinsam-planen").get_absolute_url() == (
        "/handlungsempfehlungen/quartier-gemeinsam-planen/"
    )
    assert str(make_recommendation(slug="titel", title="Quartier gemeinsam planen")) == "Quartier gemeinsam planen"
