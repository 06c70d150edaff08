"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

The server runs in a thread on the seeded test database and is shared by all browser tests,
which only read. (pytest-django's live_server would flush the database after every test.)
"""

import functools
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.e2e.events_news import create_events_and_news, remove_events_and_news
from tests.places.conftest import load_places, remove_places
from werkzeugkoffer.backoffice.two_factor import issue_enrolment_link
from werkzeugkoffer.models import AuditEvent, ImportJob, ZeroResultQuery

# Playwright's sync API runs an event loop in the test thread, which Django would otherwise
# take for async code and refuse database access in.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(settings.BASE_DIR) / "node_modules/axe-core/axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}

EDITOR = {"username": "e2e-redaktion", "password": "ein-langes-e2e-passwort-2026"}
# Backup codes of the editor's second factor; each is good for one login.
EDITOR_CODES = [f"e2e{number:05}" for number in range(42)]
# Staff without a second factor yet, who sets one up with an enrolment link (fixture newcomer_link).
NEWCOMER = {"username": "e2e-neu", "password": "noch-ein-langes-e2e-passwort-2026"}


def pytest_collection_modifyitems(items):
    # Marked, so that pytest-django sets up the test database even when only these tests run;
    # otherwise the live server would serve the development database.
    for item in items:
        if item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing. Run `make test` (installs it as root) or `apt-get install chromium`.",
            pytrace=False,
        )
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing. Run `make install` (npm ci).", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def server(django_db_setup, django_db_blocker):
    """The portal served over HTTP; an editor account with backup codes and a newcomer without a
    second factor exist while it runs."""
    with django_db_blocker.unblock():
        User.objects.filter(username__in=[EDITOR["username"], NEWCOMER["username"]]).delete()
        editor = User.objects.create_superuser(email="e2e@example.org", **EDITOR)
        device = StaticDevice.objects.create(user=editor, name="E2E", confirmed=True)
        for code in EDITOR_CODES:
            device.token_set.create(token=code)
        User.objects.create_superuser(email="e2e-neu@example.org", **NEWCOMER)
        # The places of the sample files, for the place field and the map.
        load_places()
        # The live server commits what it writes (sign-ins land in the audit log); later tests must not see it.
        audit_before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        live = LiveServer("127.0.0.1")
        yield live.url
        live.stop()
        User.objects.filter(username__in=[EDITOR["username"], NEWCOMER["username"]]).delete()
        AuditEvent.objects.filter(pk__gt=audit_before).delete()
        ImportJob.objects.all().delete()
        DBTaskResult.objects.all().delete()
        remove_places()


@pytest.fixture(scope="module", autouse=True)
def forget_searches_without_results(django_db_blocker):
    """The live server commits the searches without results that a module's pages make; later tests of other
    modules on the same worker must not count them."""
    yield
    with django_db_blocker.unblock():
        ZeroResultQuery.objects.all().delete()


@pytest.fixture(scope="package")
def newcomer_link(server, django_db_blocker):
    """The path of the newcomer's enrolment link; it stays valid, since no test completes the setup."""
    with django_db_blocker.unblock():
        token, _link = issue_enrolment_link(User.objects.get(username=NEWCOMER["username"]))
    return f"{reverse('admin:two_factor_link')}?code={token}"


@pytest.fixture(scope="module")
def events_and_news(server, django_db_blocker):
    """Events and news committed for the live server while a module's tests run (the seed content has none)."""
    with django_db_blocker.unblock():
        create_events_and_news()
    yield
    with django_db_blocker.unblock():
        remove_events_and_news()


@pytest.fixture
def open_page(browser, server):
    """Open a path in a fresh browser context and record every request it makes."""
    contexts = []

    def open_(path, viewport=DESKTOP, bypass_csp=True, status=200):
        # bypass_csp lets Playwright's wait_for_function poll (the policy forbids eval); the Content Security Policy
        # is tested with it off. axe-core runs either way (through DevTools, which the policy does not bind).
        context = browser.new_context(viewport=viewport, bypass_csp=bypass_csp, locale="de-DE")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.console_errors = []
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        response = page.goto(server + path)
        assert response.status == status, f"{path} answered {response.status}"
        return page

    yield open_
    for context in contexts:
        context.close()


# Pictures of what the tests walk through, for a person to look at (never compared): written only when
# SCREENSHOTS_DIR is set, since a full-page picture costs the suite about a second.
SCREENSHOTS_DIR = os.environ.get("SCREENSHOTS_DIR")


def screenshot(target, name, **options):
    """Save a picture of a page or an element as SCREENSHOTS_DIR/name.png, if that directory is set."""
    if SCREENSHOTS_DIR:
        Path(SCREENSHOTS_DIR).mkdir(parents=True, exist_ok=True)
        target.screenshot(path=Path(SCREENSHOTS_DIR) / f"{name}.png", **options)


@functools.cache
def axe_source():
    return AXE.read_text()


def axe_violations(page):
    """The WCAG 2.1 AA violations axe-core finds on the page, evaluated through DevTools (so the page's Content
    Security Policy stays in force) and only once per document."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_21_AA
    )
    return [
        f"{violation['id']}: {violation['help']} – {[node['target'] for node in violation['nodes']]}"
        for violation in result["violations"]
    ]
