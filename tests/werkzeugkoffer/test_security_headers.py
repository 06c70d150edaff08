import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from contacts.models import Contact
from werkzeugkoffer.models import Page

# Values for path converters; unknown slugs give 404 pages, which need the headers too.
SAMPLES = {"slug": "gibt-es-nicht", "int": "1", "path": "1", "str": "x"}


def sample_part(pattern):
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:(\w+):)?\w+>", lambda match: SAMPLES[match[1] or "str"], text)
    # Regular expressions (the admin's): the first alternative of a group, else a sample value.
    text = re.sub(
        r"\(\?P<\w+>([^)]*)\)",
        lambda match: match[1].split("|")[0] if re.fullmatch(r"[\w|-]+", match[1]) else "1",
        text,
    )
    return text.removeprefix("^").removesuffix("$").replace("\\", "")


def sample_paths(resolver, prefix="/"):
    for entry in resolver.url_patterns:
        path = prefix + sample_part(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from sample_paths(entry, path)
        else:
            yield path


ALL_PATHS = sorted(set(sample_paths(get_resolver())))


def test_the_walk_covers_the_public_pages_and_the_admin():
    for path in ["/", "/praxisbeispiele/gibt-es-nicht/", "/impressum/", "/admin/login/", "/api/v1/beratung/"]:
        assert path in ALL_PATHS


@pytest.mark.parametrize("path", [*ALL_PATHS, "/gibt-es-nicht/"])
def test_every_response_carries_the_security_headers(client, db, path):
    response = client.get(path)

    csp = response.headers["Content-Security-Policy"]
    for directive in ["default-src 'none'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]:
        assert directive in csp
    assert re.search(r"script-src 'self'( 'nonce-[\w-]+')?;", csp)
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_static_files_may_only_be_loaded_by_the_portal_itself(client, db):
    response = client.get("/static/css/site.css")
    response.close()

    assert response.status_code == 200
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/static/css/site.css", "/static/img/favicon.svg", "/static/kern/kern.min.css"])
def test_static_files_carry_a_strict_policy_and_may_not_be_framed(client, db, path):
    response = client.get(path)
    response.close()

    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    for directive in ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"]:
        assert directive in csp
    assert "script-src" not in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_pages_refused_before_the_views_carry_the_policy_and_may_not_be_framed(client, db):
    response = client.get("/" + "x" * 9000)

    assert response.status_code == 414
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_page_uses_the_nonce_of_its_own_response(client, db):
    first, second = client.get("/"), client.get("/")

    nonce = re.search(r"'nonce-([\w-]+)'", first.headers["Content-Security-Policy"])[1]
    assert f'nonce="{nonce}"' in first.content.decode()
    assert nonce not in second.headers["Content-Security-Policy"]


def test_pages_have_no_inline_scripts_or_styles(client, db):
    for path in ["/", "/praxisbeispiele/", "/impressum/", Contact.objects.published().first().get_absolute_url()]:
        content = client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", content), path
        assert "<style" not in content
        assert " style=" not in content


def test_production_sends_hsts_over_https(settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = Client().get("/", secure=True)

    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


PUBLIC_PATHS = [path for path in ALL_PATHS if not path.startswith("/admin/")]


def test_public_pages_set_no_cookie(client, db):
    for path in [*PUBLIC_PATHS, Contact.objects.published().first().get_absolute_url(), "/suche/?q=pflege"]:
        response = client.get(path)
        assert not response.cookies, path


def test_the_admin_login_sets_only_the_csrf_cookie(client, db):
    response = client.get("/admin/login/")
    assert set(response.cookies) == {"csrftoken"}


def test_the_admin_change_form_works_under_the_policy(admin_client):
    page = Page.objects.get(slug="impressum")

    response = admin_client.get(f"/admin/werkzeugkoffer/page/{page.pk}/change/")

    nonce = re.search(r"'nonce-([\w-]+)'", response.headers["Content-Security-Policy"])[1]
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts
    for script in scripts:
        assert f'nonce="{nonce}"' in script or "src=" in script
