from django.urls import path

from aegis.funding import views

app_name = "funding"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("donors/", views.donor_list, name="donors"),
    path("donors/<id:pk>/", views.donor_detail, name="donor"),
    path("pledges/", views.pledge_list, name="pledges"),
    path("pledges/new/", views.pledge_create, name="pledge_create"),
    path("pledges/<id:pk>/", views.pledge_detail, name="pledge"),
    path("pledges/<id:pk>/edit/", views.pledge_edit, name="pledge_edit"),
    path("pledges/<id:pk>/receipts/new/", views.receipt_create, name="receipt_create"),
    path("receipts/<id:pk>/edit/", views.receipt_edit, name="receipt_edit"),
    path("in-kind/new/", views.in_kind_create, name="in_kind_create"),
    path("in-kind/<id:pk>/edit/", views.in_kind_edit, name="in_kind_edit"),
    path("rates/", views.rate_list, name="rates"),
    path("rates/new/", views.rate_create, name="rate_create"),
    path("rates/import/", views.rate_import, name="rate_import"),
    path("export/<slug:dataset>.<slug:extension>", views.export, name="export"),
]
