from django import template

from werkzeugkoffer.catalogue.shortlist import PARAMETER, clean_keys

register = template.Library()


@register.simple_tag(takes_context=True)
def merkliste_keys(context):
    """The Merkliste that the page's own address carries, for the hidden form that „merken“ submits."""
    request = context.get("request")
    # Error pages may be rendered without a request.
    if request is None:
        return []
    return clean_keys(request.GET.getlist(PARAMETER))
