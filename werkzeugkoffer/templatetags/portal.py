from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def protected_email(address):
    """An address that static/js/site.js turns into a mailto link; without JavaScript it reads „name [at] domain“."""
    user, _, domain = address.rpartition("@")
    return format_html(
        '<span class="wk-email" data-user="{}" data-domain="{}">{} [at] {}</span>', user, domain, user, domain
    )
