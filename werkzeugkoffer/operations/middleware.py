"""Response headers that Django's SecurityMiddleware and CSP middleware do not set."""

from django.conf import settings


class SecurityHeadersMiddleware:
    """Add Cross-Origin-Resource-Policy and Permissions-Policy to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
