"""The alert e-mails, in German, as plain text with an HTML alternative, through Django's e-mail backend."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from alerts import tokens
from alerts.lists import SOURCES, list_url

SUBJECT_PREFIX = "Werkzeugkoffer: "


def links(subscription, base):
    manage = base + reverse("alerts:manage", args=[tokens.manage_token(subscription)])
    return {"manage_url": manage, "list_url": base + subscription_list_path(subscription)}


def subscription_list_path(subscription):
    return list_url(SOURCES[subscription.catalogue], subscription.query)


def send(subscription, subject, template, context, base):
    context = {"subscription": subscription, **links(subscription, base), **context}
    message = EmailMultiAlternatives(
        SUBJECT_PREFIX + subject,
        render_to_string(f"alerts/mail/{template}.txt", context),
        to=[subscription.email],
        # No List-Unsubscribe header: Python's e-mail package turns a header line longer than 78 characters, as the
        # signed link makes it, into RFC 2047 encoded words, which mail programs do not read as an address. The
        # link in the text does the same.
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string(f"alerts/mail/{template}.html", context), "text/html")
    message.send()


def send_confirmation(subscription, filters, base):
    confirm = base + reverse("alerts:confirm", args=[tokens.confirm_token(subscription)])
    send(
        subscription,
        "Bitte bestätigen Sie Ihr Abonnement",
        "confirm",
        {"confirm_url": confirm, "filters": filters},
        base,
    )


def send_already_subscribed(subscription, filters, base):
    send(subscription, "Sie haben diese Liste bereits abonniert", "known", {"filters": filters}, base)


def send_digest(subscription, entries, deadlines, filters, base):
    count = len(entries) + len(deadlines)
    subject = f"{count} Neuigkeit{'' if count == 1 else 'en'} in Ihrer Liste {subscription.get_catalogue_display()}"
    send(subscription, subject, "digest", {"entries": entries, "deadlines": deadlines, "filters": filters}, base)
