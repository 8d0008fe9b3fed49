from django.urls import path

from visits import views

app_name = "visits"

urlpatterns = [
    path("visits/", views.visiting_us, name="index"),
    path("visits/rules/", views.visit_rules, name="rules"),
    path("visits/privacy/", views.privacy, name="privacy"),
    path("visits/apply/", views.apply, name="apply"),
    path("visits/apply/member-list/", views.member_list_preview, name="member_list_preview"),
    path("visits/apply/saved/<str:key>/", views.resume, name="resume"),
    path("visits/status/<str:token>/", views.status, name="status"),
    path("visits/status/<str:token>/pdf/", views.application_pdf, name="pdf"),
    path("visits/status/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("visits/status/<str:token>/documents/", views.add_document, name="add_document"),
    path("visits/status/<str:token>/message/", views.add_reply, name="add_reply"),
]
