"""/sitemap.xml for search engines (Django's sitemap framework) and /robots.txt that points to it: every public
list and page, and every published entry of the four catalogues, Veranstaltungen and Aktuelles."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from contacts.models import Contact
from funding.models import FundingProgramme
from guidance.models import Event, NewsItem, Recommendation
from projects.models import PracticeExample

PAGES = [
    "home",
    "projects:list",
    "funding:list",
    "guidance:list",
    "contacts:list",
    "events:list",
    "news:list",
    "impressum",
    "datenschutz",
    "barrierefreiheit",
    "leichte-sprache",
]


class PageSitemap(Sitemap):
    def items(self):
        return PAGES

    def location(self, item):
        return reverse(item)


class EntrySitemap(Sitemap):
    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, entry):
        return entry.updated_at


SITEMAPS = {
    "seiten": PageSitemap(),
    "praxisbeispiele": EntrySitemap(PracticeExample),
    "foerderprogramme": EntrySitemap(FundingProgramme),
    "handlungsempfehlungen": EntrySitemap(Recommendation),
    "beratung": EntrySitemap(Contact),
    "veranstaltungen": EntrySitemap(Event),
    "aktuelles": EntrySitemap(NewsItem),
}


@require_GET
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
