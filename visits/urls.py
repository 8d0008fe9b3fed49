from django.urls import path

from visits import views

app_name = "visits"

urlpatterns = [
    path("visits/", views.visiting_us, name="index"),
]
