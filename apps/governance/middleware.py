"""Old meeting addresses (before a reschedule changed the date in the slug) redirect to the
new ones: `pages.meeting_for` raises `MeetingMoved`, this turns it into a 301."""

from django.http import HttpResponsePermanentRedirect


class MeetingMoved(Exception):
    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def moved_url(request, old_slug: str, new_slug: str) -> str:
    path = request.path.replace(f"/{old_slug}/", f"/{new_slug}/", 1)
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


class MeetingMovedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MeetingMoved):
            return HttpResponsePermanentRedirect(exception.url)
        return None
