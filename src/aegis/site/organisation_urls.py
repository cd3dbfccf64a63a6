from django.urls import path

from aegis.site import organisation_views as views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_edit, name="create"),
    path("import/", views.organisation_import, name="import"),
    path("export.<slug:fmt>", views.organisation_export, name="export"),
    path("<id:pk>/", views.organisation_detail, name="detail"),
    path("<id:pk>/edit/", views.organisation_edit, name="edit"),
]
