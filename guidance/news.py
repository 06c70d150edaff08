"""Aktuelles: the ministry's announcements, newest first, a page per announcement and an Atom feed."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from guidance.models import NewsItem
from werkzeugkoffer.views import paginate, preview_response

PER_PAGE = 20
FEED_ITEMS = 20
FEED_TITLE = "Aktuelles – Werkzeugkoffer Quartiersentwicklung"
PUBLISHER = "Ministerium für Arbeit, Soziales, Transformation und Digitalisierung Rheinland-Pfalz"
# What the list shows; the body stays in the database.
CARD_FIELDS = ["title", "slug", "date", "teaser"]


def news_list(request):
    page, notices = paginate(request, NewsItem.objects.published().newest().only(*CARD_FIELDS), PER_PAGE)
    return render(request, "guidance/news_list.html", {"page": page, "notices": notices})


def news_detail(request, slug):
    item = get_object_or_404(NewsItem.objects.visible_to(request.user), slug=slug)
    response = render(
        request,
        "guidance/news_detail.html",
        {
            "item": item,
            "practice_examples": item.practice_examples.published().select_related("state", "district"),
            "funding_programmes": item.funding_programmes.published(),
            "contacts": item.contacts.published(),
            "recommendations": item.recommendations.published(),
            "events": item.events.published(),
        },
    )
    return preview_response(response, item)


def day_start(date):
    """Midnight of date in the portal's time zone: a news item has a day, a feed wants a moment."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time()))


class NewsFeed(Feed):
    """The newest announcements as an Atom feed, for feed readers and other portals."""

    feed_type = Atom1Feed
    title = FEED_TITLE
    subtitle = "Meldungen des Ministeriums zu alters- und inklusionsgerechten Quartieren in Rheinland-Pfalz."
    author_name = PUBLISHER
    language = settings.LANGUAGE_CODE

    def link(self):
        return reverse("news:list")

    def feed_url(self):
        return reverse("news:feed")

    def items(self):
        return NewsItem.objects.published().newest().only(*CARD_FIELDS, "updated_at")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The Atom <summary>, which Django marks as HTML: the plain-text teaser is escaped, so that a „<“ in it
        # stays a character for the feed reader.
        return escape(item.teaser)

    def item_pubdate(self, item):
        return day_start(item.date)

    def item_updateddate(self, item):
        # Never before it was published, even if it was entered before the day it names.
        return max(item.updated_at, day_start(item.date))
