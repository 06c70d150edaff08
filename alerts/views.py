"""Subscribing to a list by e-mail (double opt-in), confirming, changing and ending it.

None of these pages sets a cookie, and Django's CSRF check is switched off for them (csrf_exempt), on purpose:
the public pages set no cookies, so a CSRF cookie is not possible. The forms need none. The subscribe form acts for
nobody: a foreign site that makes a browser send it achieves what it could do itself, and only a confirmation mail
goes out (at most one an hour per address, and a few per client address: not a relay for mail of one's own).
Confirming, changing and ending need the signed token from the mail, which a foreign site cannot know: the token
is the proof that a cookie would otherwise give. Confirming is a button on the linked page, never the GET itself,
since mail scanners open links.
"""

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import mails, tokens
from alerts.forms import FrequencyForm, SubscribeForm
from alerts.lists import SOURCES, clean_query, described, list_url
from alerts.models import Catalogue, Subscription
from werkzeugkoffer.operations.limits import UNKNOWN_CLIENT, client_address, seconds_until_allowed, too_many_requests


def site_base(request):
    return settings.SITE_URL.rstrip("/") or request.build_absolute_uri("/").rstrip("/")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    data = request.POST if request.method == "POST" else None
    initial = {"liste": request.GET.get("liste", ""), "suche": request.GET.get("suche", "")}
    form = SubscribeForm(data, initial=initial)
    catalogue = (data or initial).get("liste")
    if catalogue not in Catalogue.values:
        raise Http404("Diese Liste gibt es nicht.")
    source = SOURCES[catalogue]
    query = clean_query((data or initial).get("suche", ""))
    context = {"form": form, "source": source, "filters": described(source, query), "list_url": list_url(source, query)}
    if not form.is_valid():
        return render(request, "alerts/subscribe.html", context, status=400 if data else 200)
    if settings.RATELIMIT_ENABLED and "subscribe" in settings.RATELIMITS:
        retry_after = seconds_until_allowed("subscribe", client_address(request) or UNKNOWN_CLIENT)
        if retry_after:
            return too_many_requests(request, retry_after)
    request_confirmation(form.cleaned_data, catalogue, query, context["filters"], site_base(request))
    # The same answer whether the address is new, known or confirmed: the page tells nobody who subscribed what.
    return render(request, "alerts/notice.html", {**context, "notice": "pending", "email": form.cleaned_data["email"]})


def request_confirmation(cleaned, catalogue, query, filters, base):
    now = timezone.now()
    email = cleaned["email"].strip()
    with transaction.atomic():
        if Subscription.objects.recently_asked(email, now).select_for_update().exists():
            return
        subscription, _created = Subscription.objects.select_for_update().get_or_create(
            email=email, catalogue=catalogue, query=query, defaults={"frequency": cleaned["frequency"]}
        )
        subscription.confirmation_sent_at = now
        if subscription.confirmed_at is None:
            subscription.frequency = cleaned["frequency"]
        subscription.save()
    # After the commit: a mail about a row that was rolled back would confirm nothing.
    if subscription.confirmed_at is None:
        mails.send_confirmation(subscription, filters, base)
    else:
        mails.send_already_subscribed(subscription, filters, base)


def subscription_context(subscription):
    """What the confirmation and management pages show of a subscription: its list, in words and as a link."""
    source = SOURCES[subscription.catalogue]
    return {
        "subscription": subscription,
        "source": source,
        "filters": described(source, subscription.query),
        "list_url": list_url(source, subscription.query),
    }


def invalid_link(request):
    return render(request, "alerts/notice.html", {"notice": "invalid"}, status=404)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscription = tokens.from_confirm_token(token)
    if subscription is None:
        return invalid_link(request)
    context = subscription_context(subscription) | {"manage_token": tokens.manage_token(subscription)}
    if request.method == "POST" and subscription.confirmed_at is None:
        now = timezone.now()
        # Only what changes from now on is news for this address.
        subscription.confirmed_at = subscription.covered_until = now
        subscription.save(update_fields=["confirmed_at", "covered_until"])
    if subscription.confirmed_at is not None:
        return render(request, "alerts/notice.html", {**context, "notice": "confirmed"})
    return render(request, "alerts/confirm.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    subscription = tokens.from_manage_token(token)
    if subscription is None:
        return invalid_link(request)
    context = subscription_context(subscription)
    form = FrequencyForm(initial={"frequency": subscription.frequency})
    if request.method == "POST":
        # „Abbestellen“ in the mail program posts List-Unsubscribe=One-Click to this address (RFC 8058).
        if request.POST.get("aktion") == "beenden" or request.POST.get("List-Unsubscribe") == "One-Click":
            subscription.delete()
            return render(request, "alerts/notice.html", {**context, "notice": "ended"})
        form = FrequencyForm(request.POST)
        if form.is_valid():
            subscription.frequency = form.cleaned_data["frequency"]
            subscription.save(update_fields=["frequency"])
            context["saved"] = True
    return render(request, "alerts/manage.html", {**context, "form": form, "token": token})
