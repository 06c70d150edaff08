"""E-mail subscriptions to a filtered list: the address, the list and its query string, how often, and what was sent."""

import datetime
import secrets

from django.db import models
from django.utils import timezone

# Unconfirmed subscriptions are deleted after this long; the confirmation link expires with them.
CONFIRMATION_DAYS = 7
# At most one confirmation mail per address in this time, whatever the list, so the form relays no mail.
CONFIRMATION_INTERVAL = datetime.timedelta(hours=1)


class Catalogue(models.TextChoices):
    """The four lists one can subscribe to, by the first part of their address."""

    PROJECTS = "praxisbeispiele", "Praxisbeispiele"
    FUNDING = "foerderprogramme", "Förderprogramme"
    GUIDANCE = "handlungsempfehlungen", "Handlungsempfehlungen und Methoden"
    CONTACTS = "beratung", "Beratung"


class Frequency(models.TextChoices):
    DAILY = "taeglich", "täglich"
    WEEKLY = "woechentlich", "wöchentlich"


def new_key():
    return secrets.token_urlsafe(24)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_expired(self, now=None):
        """Subscriptions nobody confirmed within CONFIRMATION_DAYS: deleted by send_alerts."""
        now = now or timezone.now()
        return self.filter(confirmed_at__isnull=True, created_at__lt=now - datetime.timedelta(days=CONFIRMATION_DAYS))

    def recently_asked(self, email, now=None):
        """Subscriptions of email to which a confirmation mail went out within CONFIRMATION_INTERVAL."""
        now = now or timezone.now()
        return self.filter(email__iexact=email, confirmation_sent_at__gt=now - CONFIRMATION_INTERVAL)


class Subscription(models.Model):
    """One address's subscription to one list with its query string; nothing else about the person is kept."""

    email = models.EmailField("E-Mail-Adresse")
    catalogue = models.CharField("Liste", max_length=30, choices=Catalogue)
    query = models.CharField(
        "Suche und Filter", max_length=2000, blank=True, help_text="Der Query-String der Liste, ohne Seitenzahl."
    )
    frequency = models.CharField("Häufigkeit", max_length=20, choices=Frequency, default=Frequency.WEEKLY)
    # Identifies the subscription in the signed links of the mails; a new one makes old links useless.
    key = models.CharField("Schlüssel", max_length=40, unique=True, default=new_key)
    created_at = models.DateTimeField("angelegt am", default=timezone.now)
    confirmation_sent_at = models.DateTimeField("Bestätigung geschickt am", null=True, blank=True)
    confirmed_at = models.DateTimeField("bestätigt am", null=True, blank=True)
    # Everything changed up to this moment has been sent (or was there before the confirmation).
    covered_until = models.DateTimeField("berücksichtigt bis", null=True, blank=True)
    last_sent_at = models.DateTimeField("letzte Benachrichtigung am", null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "Abonnement"
        verbose_name_plural = "Abonnements"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["email", "catalogue", "query"], name="subscription_unique_list"),
            models.CheckConstraint(condition=models.Q(catalogue__in=Catalogue.values), name="subscription_catalogue"),
            models.CheckConstraint(condition=models.Q(frequency__in=Frequency.values), name="subscription_frequency"),
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True) | models.Q(covered_until__isnull=False),
                name="subscription_confirmed_covered",
            ),
        ]

    def __str__(self):
        # Never the address: the name of a deleted subscription stays in the admin's log.
        return f"{self.get_catalogue_display()}: {self.readable_query()}"

    def readable_query(self):
        """The query string with room to break between its parameters."""
        return " & ".join(self.query.split("&")) if self.query else "alle Einträge"

    def is_due(self, now=None):
        """Whether a digest is due: once per calendar day, or once in seven days, counted from the last one."""
        if self.confirmed_at is None:
            return False
        today = timezone.localdate(now or timezone.now())
        last = timezone.localdate(self.covered_until)
        return today - last >= datetime.timedelta(days=1 if self.frequency == Frequency.DAILY else 7)
