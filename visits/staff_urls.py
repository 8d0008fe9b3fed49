"""Staff pages for visits, under /admin/visits-office/ (see config/urls.py)."""

from django.urls import path

from visits import staff_views

app_name = "visits_staff"

urlpatterns = [
    path("calendar/", staff_views.visit_calendar, name="calendar"),
    path("calendar/new-address/", staff_views.reset_calendar_token, name="reset_feed"),
    path("calendar/feed/<str:token>.ics", staff_views.calendar_feed, name="feed"),
    path("statistics/", staff_views.visit_statistics, name="statistics"),
    path("statistics.csv", staff_views.visit_statistics_csv, name="statistics_csv"),
    path("documents/<int:pk>/", staff_views.document, name="document"),
]
