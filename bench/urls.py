"""The project's addresses plus the bench's trivial view (served only by `make bench`)."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET


@require_GET
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("__bench__/trivial", trivial),
    path("", include("cornouaille.urls")),
]

from cornouaille.urls import handler400, handler403, handler404, handler500  # noqa: E402, F401
