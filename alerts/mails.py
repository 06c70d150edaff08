"""The alert e-mails, in German, as plain text with an HTML alternative, through Django's e-mail backend."""

import email.policy

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


class AlertMessage(EmailMultiAlternatives):
    """A mail whose header lines may be as long as RFC 5322 allows (998 characters).

    Python's e-mail package folds a header at 78 characters and turns a word longer than that – the signed link in
    List-Unsubscribe – into RFC 2047 encoded words, which mail programs do not read as an address.
    """

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def send(subscription, subject, template, context, base, unsubscribe=True):
    context = {"subscription": subscription, **links(subscription, base), **context}
    headers = {"Auto-Submitted": "auto-generated"}
    if unsubscribe:
        # The mail program's own „Abbestellen“ (RFC 2369), in one click without a page (RFC 8058): a POST to the
        # management page of the subscription ends it (alerts/views.py).
        headers["List-Unsubscribe"] = f"<{context['manage_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = AlertMessage(
        SUBJECT_PREFIX + subject,
        render_to_string(f"alerts/mail/{template}.txt", context),
        to=[subscription.email],
        headers=headers,
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
        # Nothing to end yet: the subscription begins only with the confirmation.
        unsubscribe=False,
    )


def send_already_subscribed(subscription, filters, base):
    send(subscription, "Sie haben diese Liste bereits abonniert", "known", {"filters": filters}, base)


def send_digest(subscription, entries, deadlines, filters, base):
    count = len(entries) + len(deadlines)
    subject = f"{count} Neuigkeit{'' if count == 1 else 'en'} in Ihrer Liste {subscription.get_catalogue_display()}"
    send(subscription, subject, "digest", {"entries": entries, "deadlines": deadlines, "filters": filters}, base)
