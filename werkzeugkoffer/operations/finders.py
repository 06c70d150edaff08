"""KERN UX from node_modules as static files: exactly the files the pages use, nothing else of npm."""

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

KERN_DIST = settings.BASE_DIR / "node_modules/@kern-ux/native/dist"
PREFIX = "kern"
# The stylesheet, and Fira Sans with every font file that fonts/fira-sans.css declares.
FILES = [
    "kern.min.css",
    "fonts/fira-sans.css",
    *(
        f"fonts/fira-sans/FiraSans-{style}.woff2"
        for style in [
            "Light",
            "LightItalic",
            "Regular",
            "Italic",
            "Medium",
            "MediumItalic",
            "SemiBold",
            "SemiBoldItalic",
            "Bold",
            "BoldItalic",
        ]
    ),
]


class KernFinder(BaseFinder):
    """Finds KERN UX, installed by `npm ci`, under the static path kern/."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=KERN_DIST)
        # collectstatic and whitenoise put the files under this prefix, as for STATICFILES_DIRS.
        self.storage.prefix = PREFIX

    def check(self, **kwargs):
        missing = [name for name in FILES if not (KERN_DIST / name).exists()]
        if missing:
            return [
                Error(
                    f"KERN UX files are missing in {KERN_DIST}: {', '.join(missing)}",
                    hint="Run `make install` (npm ci).",
                    id="werkzeugkoffer.E001",
                )
            ]
        return []

    def find(self, path, find_all=False):
        name = path.removeprefix(f"{PREFIX}/")
        if name == path or name not in FILES:
            return []
        match = str(KERN_DIST / name)
        return [match] if find_all else match

    def list(self, ignore_patterns):
        for name in FILES:
            yield name, self.storage
