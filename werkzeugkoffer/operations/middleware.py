"""Response headers that Django's SecurityMiddleware and CSP middleware do not set, and those static files need."""

from django.conf import settings
from django.utils.csp import build_policy


class SecurityHeadersMiddleware:
    """Add Cross-Origin-Resource-Policy and Permissions-Policy to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def add_static_file_headers(headers, path, url):
    """WhiteNoise's header hook: static files get a Content-Security-Policy and X-Frame-Options of their own.

    WhiteNoise answers before Django's CSP and clickjacking middleware run, so without this a stylesheet or
    SVG opened on its own, or framed by another site, would carry neither.
    """
    headers["Content-Security-Policy"] = build_policy(settings.STATIC_FILES_CSP)
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
