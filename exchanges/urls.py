from django.urls import path

from exchanges import views
from exchanges.feeds import ExchangeFeed

app_name = "exchanges"

urlpatterns = [
    path("exchanges/", views.exchange_list, name="list"),
    path("exchanges/feed.atom", ExchangeFeed(), name="feed"),
    path("exchanges/open-data/", views.open_data_page, name="open_data"),
    path("exchanges/<slug:slug>/", views.exchange_detail, name="detail"),
    path(
        "exchanges/<slug:slug>/photos/<int:pk>/<int:size>/",
        views.exchange_photo,
        name="photo",
    ),
]
