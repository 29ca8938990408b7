"""Addresses of the calendar and its iCalendar feeds (stable: they live in people's agendas)."""

from django.urls import path

from . import views as calendars

app_name = "calendars"

urlpatterns = [
    path("calendrier/", calendars.calendar_page, name="calendar"),
    path("calendrier.ics", calendars.public_feed, name="public_feed"),
    path("calendrier/instances/<slug:slug>.ics", calendars.body_feed, name="body_feed"),
    path("calendrier/personnel/<slug:token>.ics", calendars.personal_feed, name="personal_feed"),
]
