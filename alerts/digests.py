"""The digests of send_alerts: per due subscription, what changed in its list since the last one."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alerts import mails
from alerts.lists import SOURCES, changed_between, deadlines_coming, described, list_request
from alerts.models import Catalogue, Subscription

logger = logging.getLogger(__name__)
# A digest names at most this many entries; the mail links to the list for the rest.
MAX_ENTRIES = 50


@dataclass(frozen=True)
class DigestEntry:
    title: str
    url: str
    summary: str
    new: bool
    deadline: object = None  # the date of a deadline that came up


def digest_entries(subscription, base, now):
    """(changed entries, deadlines that came up) of subscription's list since it was last covered, up to now."""
    source = SOURCES[subscription.catalogue]
    request = list_request(source, subscription.query, base)
    entries = [
        DigestEntry(
            title=getattr(entry, source.title_field),
            url=base + entry.get_absolute_url(),
            summary=getattr(entry, source.summary_field),
            new=entry.created_at > subscription.covered_until,
        )
        for entry in changed_between(request, source, subscription.covered_until, now)[:MAX_ENTRIES]
    ]
    deadlines = []
    if subscription.catalogue == Catalogue.FUNDING:
        last_day, today = timezone.localdate(subscription.covered_until), timezone.localdate(now)
        deadlines = [
            DigestEntry(
                title=programme.title,
                url=base + programme.get_absolute_url(),
                summary=programme.summary,
                new=False,
                deadline=programme.application_end,
            )
            for programme in deadlines_coming(request, last_day, today)
        ]
    return entries, deadlines, source


def send_due(now=None, base=None):
    """Send every due digest; returns (digests sent, subscriptions looked at). Safe to run twice, also at once."""
    now = now or timezone.now()
    base = (base or settings.SITE_URL or "http://localhost").rstrip("/")
    sent = looked_at = 0
    for pk in Subscription.objects.confirmed().values_list("pk", flat=True):
        # One transaction per subscription: the row is locked (a second run skips it) and covered_until moves on
        # only together with the digest; a mail server that fails rolls back, and the next run sends it.
        with transaction.atomic():
            subscription = Subscription.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if subscription is None or not subscription.is_due(now):
                continue
            looked_at += 1
            entries, deadlines, source = digest_entries(subscription, base, now)
            if entries or deadlines:
                mails.send_digest(subscription, entries, deadlines, described(source, subscription.query), base)
                subscription.last_sent_at = now
                sent += 1
            subscription.covered_until = now
            subscription.save(update_fields=["covered_until", "last_sent_at"])
    return sent, looked_at


def delete_unconfirmed(now=None):
    deleted, _by_model = Subscription.objects.unconfirmed_expired(now).delete()
    return deleted
