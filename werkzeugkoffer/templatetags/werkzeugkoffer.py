from django import template

from werkzeugkoffer.catalogue import search

register = template.Library()


@register.filter
def highlight(snippet):
    """A search snippet with its matches in <mark>, everything else escaped."""
    return search.highlight(snippet)


@register.filter
def type_label(value):
    """The German name of a content type in the global search."""
    from werkzeugkoffer.catalogue.global_search import TYPE_LABELS

    return TYPE_LABELS.get(value, "")


@register.filter
def rich_text(value):
    """A description field as HTML: its sanitised markup, or plain text with paragraphs (replaces |linebreaks)."""
    from werkzeugkoffer.backoffice import richtext

    return richtext.render(value)


# Groups of options longer than this start folded.
FOLDED_GROUP_MINIMUM = 8


@register.filter
def page_text(value):
    """A legal page's text as HTML: sanitised again on the way out, with sub-headings allowed."""
    from werkzeugkoffer.backoffice import richtext

    return richtext.render(value, richtext.PAGE_TAGS)


@register.simple_tag
def facet_checkboxes(facet):
    """The visible options of a facet as labelled checkboxes (radio buttons if one option applies).

    Options with a group (the Kreise of a Land) form a nested group with its own legend; a long
    one is folded away unless one of its options is chosen, so that it does not push the results down.
    Built here rather than in a template loop: a catalogue shows up to a few hundred options,
    and the template engine spends about 25 µs on each, this about 2 µs. html.escape is what
    Django's escape filter applies, without its per-call checks for lazy strings.
    """
    from html import escape
    from itertools import groupby

    from django.utils.safestring import mark_safe

    name = escape(facet.name)
    kind = "radio" if facet.single else "checkbox"
    parts = []
    for group, options in groupby(enumerate(facet.visible_options), key=lambda item: item[1].group):
        options = list(options)
        if group:
            short = len(options) <= FOLDED_GROUP_MINIMUM
            opened = " open" if short or any(option.selected for _index, option in options) else ""
            parts.append(
                f'<details class="facet-nested" data-group="{escape(group)}"{opened}><summary>{escape(group)}: '
                f"Kreise und kreisfreie Städte ({len(options):d})</summary><fieldset>"
                f"<legend>Kreise und kreisfreie Städte in {escape(group)}</legend>"
            )
        for index, option in options:
            value, checked = escape(option.value), " checked" if option.selected else ""
            # The first option of a radio group is its default: sent empty, so it never shows in the address.
            sent = "" if facet.single and index == 0 else value
            parts.append(
                f'<div class="facet-option"><input type="{kind}" name="{name}" value="{sent}" '
                f'id="f-{name}-{value}"{checked}><label for="f-{name}-{value}">{escape(option.label)} '
                f'<span class="facet-count">({option.count:d}<span class="visually-hidden"> Treffer</span>)</span>'
                "</label></div>"
            )
        if group:
            parts.append("</fieldset></details>")
    return mark_safe("\n".join(parts))


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """The full address of path on this site, for printouts whose readers cannot follow a link."""
    return context["request"].build_absolute_uri(path)
