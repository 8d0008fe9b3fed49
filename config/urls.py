from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from agreements.views import open_data_file
from cities import views as cities_views
from config.sitemaps import sitemaps
from exchanges.views import open_data_file as exchanges_open_data_file
from office.feeds import calendar_feed
from office.health import healthz

# A server error or a database that is down, in the visitor's language (office/errors.py).
handler500 = "office.errors.server_error"

# The admin speaks each staff member's language (browser or the switch in its header).
admin.site.site_header = _("Twinning: international division")
admin.site.site_title = _("Twinning staff site")
admin.site.index_title = _("What needs you today")

urlpatterns = [
    # Before the admin, whose last pattern catches every address under admin/.
    path("admin/visits-office/", include("visits.staff_urls")),
    # The staff calendar feed (/calendar/<token>.ics) and its reset, under admin/.
    path("", include("office.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    # For the proxy and monitoring: outside /ja/ and /en/, so never a language redirect.
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    # The agreement feed's address from before the one staff calendar feed, kept for one
    # release so that subscribed calendars go on working; then removed.
    path("calendar/agreements/<str:token>.ics", calendar_feed, name="agreement_calendar"),
    # Open data carries both languages in its columns: one address, outside /ja/ and /en/.
    re_path(
        r"^open-data/relationships\.(?P<file_format>csv|json)$",
        open_data_file,
        name="open_data_file",
    ),
    re_path(
        r"^open-data/exchanges\.(?P<file_format>csv|json)$",
        exchanges_open_data_file,
        name="exchanges_open_data_file",
    ),
    path(
        "open-data/partner-search.json",
        cities_views.partner_search_json,
        name="open_data_partner_search",
    ),
]

# Public pages: the same shape under /ja/ and /en/; "/" redirects by Accept-Language.
urlpatterns += i18n_patterns(
    path("", cities_views.home, name="home"),
    path("", include("cities.urls")),
    path("", include("agreements.urls")),
    path("", include("visits.urls")),
    path("", include("exchanges.urls")),
)
