"""The rich-text editor of the back office: the textarea that static/build/editor.js turns into an editor with a
toolbar, the search behind its internal links, and the warning about what saving removed from a text."""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core import checks
from django.http import JsonResponse
from django.urls import reverse_lazy
from django.utils.html import escape

from werkzeugkoffer.backoffice import richtext

# Built by `make install` (esbuild, see Makefile) from frontend/editor.js and the TipTap packages in node_modules.
BUNDLE = "build/editor.js"
# The catalogues an internal link may point to, with the field that holds each entry's title.
LINK_TARGETS = {
    "projects.PracticeExample": "title",
    "funding.FundingProgramme": "title",
    "contacts.Contact": "name",
    "guidance.Recommendation": "title",
}
LINK_RESULTS_PER_CATALOGUE = 8


class RichTextarea(forms.Textarea):
    """A textarea for limited HTML; with JavaScript it becomes an editor that writes its HTML back into it."""

    def __init__(self, attrs=None, headings=False):
        super().__init__(attrs)
        self.headings = headings
        self.attrs["data-rich-text"] = "headings" if headings else "text"
        self.attrs["data-link-search"] = reverse_lazy("rich_text_links")

    @property
    def tags(self):
        return richtext.PAGE_TAGS if self.headings else richtext.ALLOWED_TAGS

    class Media:
        css = {"all": ["css/editor.css"]}
        js = [forms.Script(BUNDLE, defer=True)]


def use_editor(field, headings=False):
    """Edit a form field of limited HTML with the editor; headings for fields that allow <h2> and <h3>."""
    attrs = {key: value for key, value in field.widget.attrs.items() if not key.startswith("data-")}
    field.widget = RichTextarea(attrs, headings=headings)
    help_text = richtext.HELP_TEXT + (richtext.HEADINGS_HELP_TEXT if headings else "")
    # The admin shows help texts as HTML; the tag names in this one are meant as text.
    field.help_text = escape(help_text)
    return field


class RemovalReportAdmin:
    """Warns after saving when sanitising removed something from a text the editor did not clean itself (e.g.
    HTML typed or pasted without JavaScript)."""

    def save_form(self, request, form, change):
        for name, field in form.fields.items():
            if isinstance(field.widget, RichTextarea) and not field.disabled:
                value = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
                if removed := richtext.removals(value, field.widget.tags):
                    message = f"Im Feld „{field.label}“ wurde beim Speichern entfernt: {', '.join(removed)}."
                    self.message_user(request, message, messages.WARNING)
        return super().save_form(request, form, change)


def link_search(request):
    """Published entries of the catalogues whose title contains ?q=, for the editor's link dialog (staff only,
    see werkzeugkoffer/urls.py)."""
    query = " ".join(request.GET.get("q", "").split())[:100]
    results = []
    if len(query) >= 2:
        for label, title in LINK_TARGETS.items():
            model = apps.get_model(label)
            entries = model.objects.published().filter(**{f"{title}__icontains": query}).order_by(title)
            results += [
                {"title": str(entry), "type": str(model._meta.verbose_name), "url": entry.get_absolute_url()}
                for entry in entries[:LINK_RESULTS_PER_CATALOGUE]
            ]
    return JsonResponse({"query": query, "results": results})


@checks.register(checks.Tags.staticfiles)
def check_bundle(**kwargs):
    if finders.find(BUNDLE):
        return []
    return [
        checks.Error(
            f"The rich-text editor's script static/{BUNDLE} is missing.",
            hint="Run `make install` (npm ci and esbuild).",
            id="werkzeugkoffer.E010",
        )
    ]
