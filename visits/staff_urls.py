"""Staff pages for visits, under /admin/visits-office/ (see config/urls.py)."""

from django.urls import path

from office.feeds import calendar_feed
from visits import staff_views

app_name = "visits_staff"

urlpatterns = [
    path("calendar/", staff_views.visit_calendar, name="calendar"),
    # The visit feed's address from before the one staff calendar feed, kept for one
    # release so that subscribed calendars go on working; then removed.
    path("calendar/feed/<str:token>.ics", calendar_feed, name="feed"),
    path("statistics/", staff_views.visit_statistics, name="statistics"),
    path("statistics.csv", staff_views.visit_statistics_csv, name="statistics_csv"),
    path("documents/<int:pk>/", staff_views.document, name="document"),
]
