"""The signed links of the mails: confirming a subscription (valid as long as an unconfirmed one is kept) and
changing or ending it (valid as long as the subscription exists, since its key is part of the link)."""

from django.core import signing

from alerts.models import CONFIRMATION_DAYS, Subscription

CONFIRM_SALT = "alerts.confirm"
MANAGE_SALT = "alerts.manage"


def confirm_token(subscription):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscription.key)


def manage_token(subscription):
    return signing.Signer(salt=MANAGE_SALT).sign(subscription.key)


def from_confirm_token(token):
    """The subscription of a confirmation link, or None when the link is forged, expired or its subscription gone."""
    try:
        key = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=CONFIRMATION_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(key=key).first()


def from_manage_token(token):
    try:
        key = signing.Signer(salt=MANAGE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(key=key).first()
