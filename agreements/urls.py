from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("agreements/", views.agreement_list, name="list"),
    path("agreements/documents/<int:pk>/", views.document_download, name="document"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="detail"),
    path("open-data/", views.open_data_page, name="open_data"),
]
