from django.urls import path

from aegis.reporting import views

app_name = "highlights"
urlpatterns = [
    path("", views.issue_list, name="list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.issue_detail, name="detail"),
    path("<int:pk>/download.<slug:fmt>", views.issue_download, name="download"),
    path("<int:pk>/<slug:step>/", views.issue_step, name="step"),
    path("<int:pk>/items/<int:item_pk>/edit/", views.item_edit, name="item-edit"),
    path("<int:pk>/items/<int:item_pk>/<slug:direction>/", views.item_move, name="item-move"),
]

public_patterns = (
    [
        path("", views.public_archive, name="archive"),
        path("dashboard/", views.public_dashboard, name="dashboard"),
        path("highlights/<slug:slug>/", views.public_issue, name="issue"),
        path(
            "highlights/<slug:slug>/download.<slug:fmt>",
            views.public_issue_download,
            name="issue-download",
        ),
    ],
    "public",
)
