from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("partners/", views.partner_list, name="partner_list"),
    # Before the profiles, so no partner's slug can hide it.
    path("partners/looking-for-a-partner/", views.partner_search, name="partner_search"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner_detail"),
    path(
        "partners/<slug:slug>/photos/<int:pk>/<int:size>/",
        views.partner_photo,
        name="photo",
    ),
]
