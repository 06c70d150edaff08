"""The guidance part of the seed fixture (fixtures/seed.json), loaded once per session by tests/conftest.py."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from guidance.models import DatePrecision, Event, GuidanceKind, NewsItem, Recommendation
from tests.test_seed_fixture import EDITORIAL_REMARK
from werkzeugkoffer.models import PublicationStatus

pytestmark = pytest.mark.django_db

# What the public reads; remarks about the sources belong into Anmerkung zur Quelle (source_note).
PUBLIC_TEXTS = {
    Recommendation: ["title", "teaser", "body", "steps", "further_reading"],
    Event: ["title", "description", "venue", "town", "organiser", "audience"],
    NewsItem: ["title", "teaser", "body"],
}
# The same rule as for the other catalogues, plus what a text says about what its source leaves out.
SOURCE_REMARK = re.compile(rf"{EDITORIAL_REMARK.pattern}|nicht genannt|nennt (?:nicht|kein)", re.IGNORECASE)
HTTPS_ADDRESS = URLValidator(schemes=["https"])

STRUCTURE_PRINCIPLES = "strukturprinzipien-von-quartiersprojekten"
CHAPTER_FOUR = [
    "kooperation-und-vernetzung-staerken",
    "partizipation-ermoeglichen",
    "hilfemix-gestalten",
    "finanzierung-sichern",
    "zu-sozialraum-und-netzwerkarbeit-befaehigen",
]
CHAPTER_FIVE = ["leben-in-vielfalt-vor-ort-gestalten", "versorgung-durch-buerger-profi-technik-mix-sichern"]
BIELEFELD = "bielefelder-modell-wohnen-mit-versorgungssicherheit"
BIELEFELD_RECOMMENDATIONS = "empfehlungen-aufbau-quartiersorientierter-hilfe-und-versorgungsstrukturen"
KREFELD_METHOD = "nachhaltigkeitsworkshop-mit-ampel"

# The dates of seed-facts.json `events` E01–E04 (seeds 000, 003 and 004), written out here so that the test runs
# on a clone of the repository without the shared seed files.
EVENT_DATES = {
    # E01, seed 000: Abschlusskongress in Mainz „am 7. Mai 2025“
    "abschlusskongress-sozialraeume-staerken-2025": (datetime.date(2025, 5, 7), DatePrecision.DAY),
    # E02, seed 003: workshop with the Landtag candidates „im März 2017“ – no day
    "workshop-quartiersarbeit-krefeld-2017": (datetime.date(2017, 3, 1), DatePrecision.MONTH),
    # E03, seed 003: Nachhaltigkeitsworkshop „am 23. Februar 2018“
    "nachhaltigkeitsworkshop-krefeld-2018": (datetime.date(2018, 2, 23), DatePrecision.DAY),
    # E04, seed 004: Fachtag „am 11. November“ 2019 in Leipzig
    "fachtag-soziale-traeger-wohnungswirtschaft-leipzig-2019": (datetime.date(2019, 11, 11), DatePrecision.DAY),
}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.anchors = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.anchors.append(dict(attrs).get("href"))


def hrefs(html):
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.anchors


def linked_texts():
    """(entry, field name, HTML) for every field of the guidance seed that may hold links."""
    for recommendation in Recommendation.objects.all():
        yield recommendation, "body", recommendation.body
        yield recommendation, "further_reading", recommendation.further_reading
    for event in Event.objects.all():
        yield event, "description", event.description
    for item in NewsItem.objects.all():
        yield item, "body", item.body


def all_entries():
    return [*Recommendation.objects.all(), *Event.objects.all(), *NewsItem.objects.all()]


def test_it_has_at_least_fifteen_published_recommendations():
    assert Recommendation.objects.published().count() >= 15


def test_it_has_at_least_four_published_events_and_four_news_items():
    assert Event.objects.published().count() >= 4
    assert NewsItem.objects.published().count() >= 4


def test_it_explains_each_of_the_four_structure_principles():
    principles = Recommendation.objects.published().get(slug=STRUCTURE_PRINCIPLES)

    assert principles.kind == GuidanceKind.BASICS
    for principle in ("Sozialräumlich", "Ganzheitlich", "Vernetzt", "Partizipativ"):
        assert f"<strong>{principle}:</strong>" in principles.body, principle
    assert Recommendation.objects.published().filter(slug="grundlegende-prinzipien-der-quartiersarbeit").exists()


def test_it_gives_each_approach_of_chapter_four_its_own_entry():
    published = Recommendation.objects.published()

    assert set(published.filter(slug__in=CHAPTER_FOUR).values_list("slug", flat=True)) == set(CHAPTER_FOUR)
    for recommendation in published.filter(slug__in=CHAPTER_FOUR):
        assert "Kap. 4." in recommendation.source, recommendation.slug


def test_it_names_the_levels_of_participation_and_the_ten_success_factors():
    participation = Recommendation.objects.get(slug="partizipation-ermoeglichen")

    levels = [participation.body.index(level) for level in ("Informieren", "Mitwirken", "Mitentscheiden")]
    assert levels == sorted(levels)
    assert "Zehn Erfolgsfaktoren" in participation.body
    assert "Anerkennung" in participation.body and "Aufwandsentschädigungen" in participation.body


def test_it_names_the_three_ways_of_financing():
    financing = Recommendation.objects.get(slug="finanzierung-sichern")

    for way in ("mit der Kommune", "durch örtliche Akteure", "über das Leistungsrecht"):
        assert way in financing.body, way
    assert financing.funding_programmes.filter(slug="rlp-foerderprogramm-123-124-sgb-xi").exists()


def test_it_includes_both_recommendations_of_chapter_five():
    chapter_five = Recommendation.objects.published().filter(slug__in=CHAPTER_FIVE)

    assert chapter_five.count() == 2
    for recommendation in chapter_five:
        assert "Kap. 5." in recommendation.source, recommendation.slug
        assert "politik" in recommendation.audiences, recommendation.slug


def test_it_describes_the_bielefeld_model_with_its_five_pillars_and_core_elements():
    model = Recommendation.objects.published().get(slug=BIELEFELD)
    checklist = Recommendation.objects.published().get(slug=BIELEFELD_RECOMMENDATIONS)

    assert "fünf tragenden Säulen" in model.body
    assert model.body.count("<li>") == 5
    assert len(checklist.step_list()) == 6
    assert list(model.practice_examples.values_list("slug", flat=True)) == ["bielefelder-modell"]
    assert list(checklist.practice_examples.values_list("slug", flat=True)) == ["bielefelder-modell"]


def test_it_describes_the_krefeld_traffic_light_as_a_method_with_18_activities_and_14_green():
    method = Recommendation.objects.published().get(slug=KREFELD_METHOD)
    text = " ".join([method.teaser, method.body, method.steps])

    assert method.kind == GuidanceKind.METHOD
    assert "23. Februar 2018" in text
    assert "18 Aktivitäten" in text
    assert "14 Ampeln auf Grün" in text
    assert list(method.practice_examples.values_list("slug", flat=True)) == ["krefeld-suedliche-innenstadt"]


def test_it_gives_every_method_its_steps_with_a_title_each():
    methods = Recommendation.objects.methods()

    assert methods.exists()
    for method in methods:
        steps = method.step_list()
        assert len(steps) >= 3, method.slug
        assert all(title for title, _text in steps), method.slug


def test_it_links_every_recommendation_to_a_published_example_programme_or_contact():
    for recommendation in Recommendation.objects.all():
        links = (
            recommendation.practice_examples.published().count()
            + recommendation.funding_programmes.published().count()
            + recommendation.contacts.published().count()
        )
        assert links, recommendation.slug


def test_it_links_every_event_and_news_item_to_a_published_entry():
    for event in Event.objects.all():
        assert event.practice_examples.published().exists() or event.recommendations.published().exists(), event.slug
    for item in NewsItem.objects.all():
        related = (
            item.practice_examples,
            item.funding_programmes,
            item.contacts,
            item.recommendations,
            item.events,
        )
        assert any(manager.published().exists() for manager in related), item.slug


def test_it_links_the_events_to_what_they_showed():
    congress = Event.objects.get(slug="abschlusskongress-sozialraeume-staerken-2025")
    workshop = Event.objects.get(slug="nachhaltigkeitsworkshop-krefeld-2018")

    assert congress.practice_examples.filter(slug="pflege-wg-hetzerath").exists()
    assert workshop.practice_examples.filter(slug="krefeld-suedliche-innenstadt").exists()
    assert workshop.recommendations.filter(slug=KREFELD_METHOD).exists()


def test_it_dates_the_four_events_as_their_sources_do():
    events = {event.slug: event for event in Event.objects.filter(slug__in=EVENT_DATES)}

    assert {slug: (event.start_date, event.date_precision) for slug, event in events.items()} == EVENT_DATES


def test_it_gives_the_march_2017_workshop_only_its_month():
    workshop = Event.objects.get(slug="workshop-quartiersarbeit-krefeld-2017")

    assert workshop.date_precision == DatePrecision.MONTH
    assert workshop.date_label() == "März 2017"
    assert workshop.final_day() == datetime.date(2017, 3, 31)


def test_it_invents_no_times_places_or_organisers():
    events = Event.objects.all()

    assert not events.filter(start_time__isnull=False).exists()
    assert not events.filter(end_date__isnull=False).exists()
    assert not events.exclude(venue="").exists()
    # Seed 003 names no organiser for either Krefeld workshop.
    assert set(events.filter(organiser="").values_list("slug", flat=True)) == {
        "workshop-quartiersarbeit-krefeld-2017",
        "nachhaltigkeitsworkshop-krefeld-2018",
    }
    # The Leipzig announcement refers to a Veranstaltungskalender but gives no address.
    assert not events.exclude(registration_url="").exists()


def test_it_dates_the_news_on_the_day_of_the_announcements():
    assert set(NewsItem.objects.values_list("date", flat=True)) == {datetime.date(2025, 5, 7)}


def test_it_gives_every_entry_a_source():
    for entry in all_entries():
        assert entry.source, entry.slug
        # Only the undated page of the Landesberatungsstelle gives no date.
        assert entry.source_date or "Landesberatungsstelle" in entry.source, entry.slug


def test_it_marks_no_guidance_entry_as_checked_by_an_editor():
    for entry in all_entries():
        assert entry.reviewed_at is None, entry.slug
        assert entry.status == PublicationStatus.PUBLISHED, entry.slug


def test_it_states_no_source_remark_in_the_public_texts():
    for model, names in PUBLIC_TEXTS.items():
        for entry in model.objects.all():
            for name in names:
                assert not SOURCE_REMARK.search(getattr(entry, name)), (entry.slug, name)


def test_it_links_only_to_well_formed_https_addresses():
    for entry, name, html in linked_texts():
        addresses = hrefs(html)
        assert html.count("<a ") == len(addresses), (entry.slug, name)
        for address in addresses:
            assert address and address == address.strip() and " " not in address, (entry.slug, name, address)
            HTTPS_ADDRESS(address)
    for entry in all_entries():
        for name in type(entry).url_fields:
            if getattr(entry, name):
                HTTPS_ADDRESS(getattr(entry, name))


def test_it_passes_model_validation_without_changes():
    for entry in all_entries():
        stored = {name: getattr(entry, name) for name in type(entry).rich_text_fields}
        try:
            entry.full_clean()
        except ValidationError as error:
            pytest.fail(f"{entry.slug}: {error}")
        # Rich text comes out of the sanitiser exactly as stored: nothing is silently dropped on the first save.
        assert {name: getattr(entry, name) for name in stored} == stored, entry.slug
