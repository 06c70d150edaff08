from urllib.parse import urlsplit

from django import template

from werkzeugkoffer.catalogue.shortlist import PARAMETER, clean_keys, query_for

register = template.Library()


@register.simple_tag(takes_context=True)
def merkliste_keys(context):
    """The Merkliste that the page's own address carries, for the hidden form that „merken“ submits."""
    # An include with „only“ keeps the request on the context but not in its variables; error pages may have none.
    request = getattr(context, "request", None) or context.get("request")
    if request is None:
        return []
    return clean_keys(request.GET.getlist(PARAMETER))


@register.simple_tag(takes_context=True)
def with_merkliste(context, url):
    """url with the Merkliste of the page's address, so that without JavaScript the list travels on with a link."""
    keys = merkliste_keys(context)
    url = str(url)
    if not keys or PARAMETER + "=" in urlsplit(url).query:
        return url
    query = query_for(keys)[1:]
    base, _, fragment = url.partition("#")
    joined = f"{base}{'&' if '?' in base else '?'}{query}"
    return f"{joined}#{fragment}" if fragment else joined
