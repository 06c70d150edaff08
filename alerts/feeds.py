"""The Atom feed of a filtered list: its newest new and changed entries, and for funding the deadlines that come up
(one item when an entered Antragsfrist is DEADLINE_NOTICE_DAYS away or nearer). Same query string as the list."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from alerts.lists import (
    DEADLINE_NOTICE_DAYS,
    SOURCES,
    changed_between,
    clean_query,
    deadlines_coming,
    list_title,
    list_url,
)
from alerts.models import Catalogue
from guidance.news import PUBLISHER, day_start

FEED_ITEMS = 30


@dataclass(frozen=True)
class FeedItem:
    title: str
    path: str
    summary: str
    published: datetime.datetime
    updated: datetime.datetime
    guid: str


def entry_items(request, source):
    entries = changed_between(request, source, None, timezone.now())[:FEED_ITEMS]
    for entry in entries:
        new = entry.version <= 1
        yield FeedItem(
            title=f"{'Neu' if new else 'Geändert'}: {getattr(entry, source.title_field)}",
            path=entry.get_absolute_url(),
            summary=getattr(entry, source.summary_field),
            published=entry.created_at,
            updated=entry.changed,
            # Per version, so that a feed reader shows a change as news instead of silently replacing the item.
            guid=request.build_absolute_uri(f"{entry.get_absolute_url()}#stand-{entry.version}"),
        )


def deadline_items(request):
    today = timezone.localdate()
    for programme in deadlines_coming(request, None, today):
        end = programme.application_end
        # The item appears on the day the deadline came within reach.
        appeared = day_start(end - datetime.timedelta(days=DEADLINE_NOTICE_DAYS))
        yield FeedItem(
            title=f"Antragsfrist am {end:%d.%m.%Y}: {programme.title}",
            path=programme.get_absolute_url(),
            summary=f"Anträge sind bis zum {end:%d.%m.%Y} möglich. {programme.summary}",
            published=appeared,
            updated=appeared,
            guid=request.build_absolute_uri(f"{programme.get_absolute_url()}#frist-{end.isoformat()}"),
        )


@dataclass(frozen=True)
class WatchedList:
    """What one feed request asks for: the catalogue's source and the request with the list's query string."""

    source: object
    request: object

    @property
    def query(self):
        return self.request.GET.urlencode()


class CatalogueFeed(Feed):
    """New and changed entries of a list under its query string, newest first, for feed readers.

    One instance serves every request (urls.py), so nothing of a request is kept on it: get_object hands the
    request on with the source."""

    feed_type = Atom1Feed
    author_name = PUBLISHER
    language = settings.LANGUAGE_CODE

    def get_object(self, request, catalogue):
        return WatchedList(SOURCES[Catalogue(catalogue)], request)

    def title(self, watched):
        return f"{list_title(watched.source, watched.query)} – Werkzeugkoffer Quartiersentwicklung"

    def subtitle(self, watched):
        text = f"Neue und geänderte Einträge der Liste {watched.source.label}"
        if watched.source.catalogue == Catalogue.FUNDING:
            text += f" und Antragsfristen in den nächsten {DEADLINE_NOTICE_DAYS} Tagen"
        return text + ", mit denselben Filtern wie die Liste."

    def link(self, watched):
        return list_url(watched.source, clean_query(watched.query))

    def feed_url(self, watched):
        path = reverse("alerts:feed", kwargs={"catalogue": watched.source.catalogue})
        return f"{path}?{watched.query}" if watched.query else path

    def items(self, watched):
        items = list(entry_items(watched.request, watched.source))
        if watched.source.catalogue == Catalogue.FUNDING:
            items += deadline_items(watched.request)
        items.sort(key=lambda item: item.updated, reverse=True)
        return items[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.path

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_description(self, item):
        # Plain text in an element Django marks as HTML: escaped, so that a „<“ stays a character.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.updated
