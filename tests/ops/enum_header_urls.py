"""A view that sets a header whose name is a StrEnum member: what the validated client must catch."""

from django.http import HttpResponse
from django.urls import path
from django.utils.csp import CSP


def enum_header(request):
    response = HttpResponse("ok")
    response.headers[CSP.HEADER_ENFORCE] = "default-src 'none'"
    return response


urlpatterns = [path("", enum_header)]
