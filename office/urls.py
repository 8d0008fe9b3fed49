"""The office's addresses: the staff calendar feed and its reset (see config/urls.py)."""

from django.urls import path

from office import feeds, views

app_name = "office"

urlpatterns = [
    # Staff calendars subscribe to this address; the token is the only credential.
    path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
    path(
        "admin/calendar-address/reset/",
        views.reset_calendar_address,
        name="reset_calendar_address",
    ),
]
