"""Aktuelles: announcements newest first, a page per announcement with what it links to, and an Atom feed read
back with feedparser."""

import datetime
import re
from html import unescape
from urllib.parse import urlsplit

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from guidance.models import Event, EventKind, GuidanceKind, NewsItem, Recommendation
from werkzeugkoffer.models import PublicationStatus

DAY = datetime.timedelta(days=1)
FEED_LINK = '<link rel="alternate" type="application/atom+xml" title="Aktuelles – Werkzeugkoffer Quartiersentwicklung"'


@pytest.fixture(autouse=True)
def only_our_own(db):
    """Each test builds the whole list it checks; the seeded entries (rolled back with the test) would mix in."""
    NewsItem.objects.all().delete()


@pytest.fixture
def make_news(db):
    def make(**fields):
        fields.setdefault("title", "Neues Förderprogramm für Quartiere")
        fields.setdefault("slug", slugify(fields["title"])[:120])
        fields.setdefault("date", timezone.localdate())
        fields.setdefault("teaser", "Das Land fördert Quartiersprojekte in Dörfern & Städten.")
        fields.setdefault("status", PublicationStatus.PUBLISHED)
        return NewsItem.objects.create(**fields)

    return make


@pytest.fixture
def many_news(make_news):
    """25 published announcements, one a day back from today, and a draft dated today."""
    today = timezone.localdate()
    items = [make_news(title=f"Meldung {number:02}", date=today - number * DAY) for number in range(25)]
    make_news(title="Entwurf einer Meldung", status=PublicationStatus.DRAFT)
    return items


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def card_titles(html):
    return [unescape(title) for title in re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', html)]


def section(content, heading_id):
    start = content.index(f'aria-labelledby="{heading_id}"')
    return content[start : content.index("</section>", start)]


def parsed_feed(client):
    response = client.get(reverse("news:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return feedparser.parse(response.content)


# ---- The list ----


def test_it_lists_published_news_newest_first_with_date_title_and_teaser(client, make_news):
    today = timezone.localdate()
    make_news(title="Ältere Meldung", date=today - 30 * DAY)
    make_news(title="Neueste Meldung", date=today, teaser="Heute neu: ein Leitfaden für Kommunen.")
    make_news(title="Mittlere Meldung", date=today - 3 * DAY)
    make_news(title="Geplante Meldung", publish_at=timezone.now() + datetime.timedelta(days=1))
    make_news(title="Archivierte Meldung", status=PublicationStatus.ARCHIVED)

    response = client.get(reverse("news:list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert card_titles(content) == ["Neueste Meldung", "Mittlere Meldung", "Ältere Meldung"]
    assert "Heute neu: ein Leitfaden für Kommunen." in content
    assert f'<time datetime="{today.isoformat()}">' in content
    assert FEED_LINK in content


def test_it_pages_through_more_than_twenty_news(client, many_news):
    first = client.get(reverse("news:list"))
    second = client.get(reverse("news:list"), {"page": "2"})

    assert card_titles(first.content.decode()) == [f"Meldung {number:02}" for number in range(20)]
    assert card_titles(second.content.decode()) == [f"Meldung {number:02}" for number in range(20, 25)]
    assert 'href="?page=2"' in first.content.decode()
    assert "Seite 2 von 2" in second.content.decode()


def test_the_page_links_keep_the_other_parameters(client, many_news):
    content = client.get(reverse("news:list"), {"utm_source": "newsletter"}).content.decode()
    assert 'href="?utm_source=newsletter&amp;page=2"' in content


@pytest.mark.parametrize(("page", "shown"), [("abc", 1), ("999", 2), ("0", 1), ("", 1), ("%00", 1)])
def test_it_answers_a_page_that_does_not_exist_with_a_notice(client, many_news, page, shown):
    response = client.get(f"{reverse('news:list')}?page={page}")

    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert "gibt es nicht; angezeigt wird eine vorhandene Seite." in response.content.decode()


def test_without_news_the_list_says_so(client, db):
    response = client.get(reverse("news:list"), {"page": "3"})
    assert response.status_code == 200
    assert "Zurzeit gibt es keine Meldungen." in response.content.decode()


# ---- The page of an announcement ----


def test_it_shows_the_body_and_the_published_entries_it_links_to(
    client, make_news, make_example, make_programme, make_contact
):
    published = PublicationStatus.PUBLISHED
    item = make_news(
        title="Fachtag und neues Programm",
        body="<p>Ausführlicher Text mit <strong>Betonung</strong>.</p>",
        source="Pressemitteilung des Ministeriums",
        source_date="3. März 2026",
    )
    linked = {
        "examples": [make_example(slug="wohncafe", title="Wohncafé am Markt")],
        "programmes": [make_programme(slug="dorf", title="Programm Dorferneuerung")],
        "contacts": [make_contact(slug="lebw", name="Landesberatungsstelle Barrierefrei")],
        "recommendations": [
            Recommendation.objects.create(
                title="So gelingt ein Quartierstreff",
                slug="quartierstreff",
                teaser="-",
                body="-",
                kind=GuidanceKind.RECOMMENDATION,
                status=published,
            )
        ],
        "events": [
            Event.objects.create(
                title="Fachtag Dorfleben",
                slug="fachtag-dorfleben",
                kind=EventKind.CONFERENCE,
                description="-",
                start_date=timezone.localdate() + 9 * DAY,
                status=published,
            )
        ],
    }
    hidden = {
        "examples": make_example(slug="geheim", title="Geheimes Beispiel", status=PublicationStatus.DRAFT),
        "programmes": make_programme(slug="alt", title="Altes Programm", status=PublicationStatus.ARCHIVED),
        "contacts": make_contact(slug="neu", name="Noch nicht freigegebene Stelle", status=PublicationStatus.IN_REVIEW),
        "recommendations": Recommendation.objects.create(
            title="Unfertige Empfehlung", slug="unfertig", teaser="-", body="-", kind=GuidanceKind.RECOMMENDATION
        ),
        "events": Event.objects.create(
            title="Entworfener Termin",
            slug="entwurf",
            kind=EventKind.WORKSHOP,
            description="-",
            start_date=timezone.localdate(),
        ),
    }
    relations = {
        "examples": item.practice_examples,
        "programmes": item.funding_programmes,
        "contacts": item.contacts,
        "recommendations": item.recommendations,
        "events": item.events,
    }
    for kind, relation in relations.items():
        relation.add(*linked[kind], hidden[kind])

    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Ausführlicher Text mit <strong>Betonung</strong>." in content
    more = section(content, "mehr")
    assert "Mehr dazu im Werkzeugkoffer" in more
    for kind, entries in linked.items():
        for entry in entries:
            assert f'href="{entry.get_absolute_url()}"' in more, kind
        assert str(hidden[kind]) not in content, kind
    for heading in ["Praxisbeispiele", "Förderprogramme", "Beratung", "Handlungsempfehlungen", "Veranstaltungen"]:
        assert f">{heading}</h3>" in more
    text = text_of(content)
    assert "Quelle: Pressemitteilung des Ministeriums" in text and "Stand: 3. März 2026" in text
    assert FEED_LINK in content
    assert f'<a href="{reverse("news:list")}">Aktuelles</a>' in content


def test_an_announcement_without_links_has_no_empty_section(client, make_news):
    content = client.get(make_news().get_absolute_url()).content.decode()
    assert "Mehr dazu im Werkzeugkoffer" not in content
    assert "Stand: nicht bekannt" in text_of(content)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": PublicationStatus.DRAFT},
        {"status": PublicationStatus.ARCHIVED},
        {"publish_at": timezone.now() + datetime.timedelta(hours=1)},
    ],
    ids=["draft", "archived", "scheduled"],
)
def test_an_unpublished_announcement_gives_a_german_404(client, make_news, fields):
    item = make_news(title="Noch nicht öffentlich", **fields)

    response = client.get(item.get_absolute_url())

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
    assert "Noch nicht öffentlich" not in client.get(reverse("news:list")).content.decode()


@pytest.mark.parametrize("url", ["/aktuelles/gibt-es-nicht/", "/aktuelles/%C3%A4/", "/aktuelles/feed/x/"])
def test_an_unknown_announcement_gives_a_german_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


# ---- The Atom feed ----


def test_the_feed_is_valid_atom_with_a_german_title(client, make_news):
    make_news()

    feed = parsed_feed(client)

    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Aktuelles – Werkzeugkoffer Quartiersentwicklung"
    assert feed.feed.language == "de"
    assert urlsplit(feed.feed.link).path == reverse("news:list")
    assert any(link.rel == "self" and urlsplit(link.href).path == reverse("news:feed") for link in feed.feed.links)
    assert feed.feed.updated_parsed is not None


def test_the_feed_holds_the_newest_twenty_published_news_newest_first(client, many_news):
    feed = parsed_feed(client)

    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == [f"Meldung {number:02}" for number in range(20)]
    for entry, item in zip(feed.entries, many_news, strict=False):
        assert urlsplit(entry.link).path == item.get_absolute_url()
        # An HTML summary: the plain-text teaser arrives escaped.
        assert unescape(entry.summary) == item.teaser
        assert entry.updated_parsed is not None
        # Published at the start of its day in Germany; feedparser gives the moment in UTC.
        published = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
        assert timezone.localtime(published) == timezone.make_aware(
            datetime.datetime.combine(item.date, datetime.time())
        )
        assert entry.id
    assert "Entwurf einer Meldung" not in [entry.title for entry in feed.entries]
    # Each entry's link leads to its page.
    assert client.get(urlsplit(feed.entries[0].link).path).status_code == 200


def test_a_teaser_with_markup_characters_stays_text_in_the_feed(client, make_news):
    make_news(teaser="Für Kinder <6 Jahre & ihre Großeltern: <b>kein</b> Tag")

    (entry,) = parsed_feed(client).entries

    # A reader shows the characters, not bold text.
    assert "<b>" not in entry.summary
    assert unescape(entry.summary) == "Für Kinder <6 Jahre & ihre Großeltern: <b>kein</b> Tag"


def test_an_empty_feed_is_still_valid(client, db):
    feed = parsed_feed(client)
    assert not feed.bozo
    assert feed.version == "atom10"
    assert feed.entries == []


# ---- Start page, privacy ----


def test_the_start_page_shows_the_newest_three_news_with_links_to_aktuelles_and_the_feed(client, make_news):
    today = timezone.localdate()
    for number, title in enumerate(["Erste", "Zweite", "Dritte", "Vierte"]):
        make_news(title=f"{title} Meldung", date=today - number * DAY)
    make_news(title="Entwurf", status=PublicationStatus.DRAFT)

    content = client.get("/").content.decode()

    box = section(content, "aktuelles")
    listed = box[box.index('<ul class="wk-dated-list">') : box.index("</ul>")]
    titles = re.findall(r'<a class="kern-link" href="/aktuelles/[^"]+/">([^<]+)</a>', listed)
    assert titles == ["Erste Meldung", "Zweite Meldung", "Dritte Meldung"]
    assert f'<time datetime="{today.isoformat()}">' in box
    assert f'href="{reverse("news:list")}"' in box and f'href="{reverse("news:feed")}"' in box
    assert FEED_LINK in content


@pytest.mark.parametrize("page", ["list", "detail", "feed"])
def test_the_news_pages_set_no_cookie(client, make_news, page):
    item = make_news()
    url = {"list": reverse("news:list"), "detail": item.get_absolute_url(), "feed": reverse("news:feed")}[page]

    response = client.get(url)

    assert response.status_code == 200
    assert not response.cookies


def test_the_main_navigation_marks_the_news_section(client, make_news):
    item = make_news()
    link = f'<a class="wk-nav__link" href="{reverse("news:list")}" aria-current="{{}}">Aktuelles</a>'
    assert link.format("page") in client.get(reverse("news:list")).content.decode()
    assert link.format("true") in client.get(item.get_absolute_url()).content.decode()


def test_no_news_item_may_take_the_feeds_address(db):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    item = NewsItem(title="Feed", slug="feed", date=datetime.date(2025, 5, 7), teaser="Kurz.")
    with pytest.raises(ValidationError, match="für den Newsfeed vergeben"):
        item.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()
