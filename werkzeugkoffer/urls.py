from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from werkzeugkoffer import views
from werkzeugkoffer.backoffice import editor
from werkzeugkoffer.catalogue import global_search, shortlist, sitemaps
from werkzeugkoffer.operations import health

urlpatterns = [
    path("", views.home, name="home"),
    # Before the catalogues: their feeds, the deadline calendars and the subscriptions (/benachrichtigungen/).
    path("", include("alerts.urls")),
    path("praxisbeispiele/", include("projects.urls")),
    path("foerderprogramme/", include("funding.urls")),
    path("foerder-check/", include("foerdercheck.urls")),
    path("beratung/", include("contacts.urls")),
    path("handlungsempfehlungen/", include("guidance.urls")),
    path("veranstaltungen/", include("guidance.event_urls")),
    path("aktuelles/", include("guidance.news_urls")),
    path("suche/", global_search.search_all, name="search"),
    path("merkliste/", shortlist.merkliste, name="merkliste"),
    path("merkliste/vergleich/", shortlist.comparison, name="merkliste-vergleich"),
    path("merkliste/export/<str:file_format>/", shortlist.merkliste_export, name="merkliste-export"),
    path("api/v1/", include("werkzeugkoffer.catalogue.api_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps.SITEMAPS}, name="sitemap"),
    path("robots.txt", sitemaps.robots, name="robots"),
    # Before the admin's own URLs, which would answer any other path under admin/ with a 404.
    path("admin/editor/links/", admin.site.admin_view(editor.link_search), name="rich_text_links"),
    path("admin/", admin.site.urls),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("impressum/", views.page, {"slug": "impressum"}, name="impressum"),
    path("datenschutz/", views.page, {"slug": "datenschutz"}, name="datenschutz"),
    path("barrierefreiheit/", views.page, {"slug": "barrierefreiheit"}, name="barrierefreiheit"),
    path("leichte-sprache/", views.page, {"slug": "leichte-sprache"}, name="leichte-sprache"),
]
# The German 500 page with the request id, or 503 while the database is unreachable.
handler500 = "werkzeugkoffer.operations.errors.server_error"

# Uploaded images during development and the local trial (settings.SERVE_MEDIA); in production the web
# server serves MEDIA_ROOT at /media/.
if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns += [re_path(rf"^{media_prefix}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
