from django.urls import path

from aegis.activities import reference_views, views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("import/", views.activity_import, name="import"),
    path("export.<slug:fmt>", views.activity_export, name="export"),
    path("who-does-what-where/", views.who_does_what_where, name="who-what-where"),
    path("results/", views.results, name="results"),
    path("results/indicators/", views.indicator_list, name="indicators"),
    path("results/indicators/new/", views.indicator_create, name="indicator-create"),
    path("results/indicators/<id:pk>/", views.indicator_edit, name="indicator-edit"),
    path("results/indicators/<id:pk>/targets/new/", views.target_create, name="target-create"),
    path("results/targets/<id:pk>/", views.target_edit, name="target-edit"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("kinds/", reference_views.kind_list, name="kinds"),
    path("kinds/new/", reference_views.kind_edit, name="kind-create"),
    path("kinds/<id:pk>/edit/", reference_views.kind_edit, name="kind-edit"),
    path("principals/", reference_views.principal_list, name="principals"),
    path("principals/new/", reference_views.principal_edit, name="principal-create"),
    path("principals/<id:pk>/edit/", reference_views.principal_edit, name="principal-edit"),
    path("<id:pk>/", views.activity_detail, name="detail"),
    path("<id:pk>/edit/", views.activity_edit, name="edit"),
    path("<id:pk>/comments/", views.activity_comment, name="comment"),
    path("<id:pk>/<slug:transition>/", views.activity_transition, name="transition"),
]
