"""Write PNGs of the main pages at desktop and phone width into screenshots/, for people to look at.

Usage: make screenshots (migrates, loads the seed content, then runs this script), or
.venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000] to shoot a running server.
Without --base-url the script starts `manage.py runserver` on a free port and stops it afterwards.
"""

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
CHROMIUM = "/usr/bin/chromium"
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
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}


def pages():
    """Name and path of every page to shoot; detail pages use the first published entry."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkzeugkoffer.settings")
    import django

    django.setup()
    from contacts.models import Contact
    from funding.models import FundingProgramme
    from projects.models import PracticeExample

    def first(model):
        entry = model.objects.published().order_by("pk").first()
        return entry.get_absolute_url() if entry else "/"

    return {
        "start": "/",
        "praxisbeispiele": "/praxisbeispiele/",
        "praxisbeispiel": first(PracticeExample),
        "foerderprogramme": "/foerderprogramme/",
        "foerderprogramm": first(FundingProgramme),
        "beratung": "/beratung/",
        "beratungsstelle": first(Contact),
        "suche": "/suche/?q=pflege",
        "barrierefreiheit": "/barrierefreiheit/",
        "leichte-sprache": "/leichte-sprache/",
        "404": "/gibt-es-nicht/",
        "admin-login": "/admin/login/",
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server at {url} did not start.")


def shoot(base_url, targets):
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width_name, viewport in WIDTHS.items():
            context = browser.new_context(viewport=viewport, locale="de-DE")
            page = context.new_page()
            for name, path in targets.items():
                page.goto(base_url + path)
                page.screenshot(path=OUT / f"{name}-{width_name}.png", full_page=True)
            context.close()
        # How a Steckbrief looks on paper.
        context = browser.new_context(viewport=WIDTHS["desktop"], locale="de-DE")
        page = context.new_page()
        for name in ["praxisbeispiel", "foerderprogramm"]:
            page.goto(base_url + targets[name])
            page.pdf(path=OUT / f"{name}-druck.pdf", format="A4")
            page.emulate_media(media="print")
            page.set_viewport_size({"width": 794, "height": 1123})
            page.screenshot(path=OUT / f"{name}-druck.png", full_page=True)
            page.emulate_media(media="screen")
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="shoot this running server instead of starting one")
    args = parser.parse_args()
    targets = pages()
    if args.base_url:
        shoot(args.base_url.rstrip("/"), targets)
    else:
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_up(base_url + "/")
            shoot(base_url, targets)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{len(list(OUT.glob('*.png')))} screenshots in {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
