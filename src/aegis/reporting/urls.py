from django.urls import path

from aegis.reporting import views

app_name = "highlights"
urlpatterns = [
    path("", views.issue_list, name="list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<id:pk>/", views.issue_detail, name="detail"),
    path("<id:pk>/download.<slug:fmt>", views.issue_download, name="download"),
    path("<id:pk>/text/", views.issue_text, name="text"),
    path("<id:pk>/comments/", views.issue_comment, name="comment"),
    path("<id:pk>/translations/<slug:language>/", views.issue_translation, name="translation"),
    path(
        "<id:pk>/translations/<slug:language>/<slug:step>/",
        views.issue_translation_step,
        name="translation-step",
    ),
    path("<id:pk>/<slug:step>/", views.issue_step, name="step"),
    path("<id:pk>/items/<id:item_pk>/edit/", views.item_edit, name="item-edit"),
    path("<id:pk>/items/<id:item_pk>/accept/", views.item_accept, name="item-accept"),
    path("<id:pk>/items/<id:item_pk>/<slug:direction>/", views.item_move, name="item-move"),
]

public_patterns = (
    [
        path("", views.public_archive, name="archive"),
        path("dashboard/", views.public_dashboard, name="dashboard"),
        path("highlights/photos/<str:name>", views.public_photo, name="photo"),
        path("highlights/<slug:slug>/", views.public_issue, name="issue"),
        path("highlights/<slug:slug>/v<int:version>/", views.public_issue, name="issue-version"),
        path(
            "highlights/<slug:slug>/download.<slug:fmt>",
            views.public_issue_download,
            name="issue-download",
        ),
        # The issue in another UN language; English keeps the addresses above.
        path(
            "highlights/<slug:slug>/<slug:language>/",
            views.public_issue_translated,
            name="issue-language",
        ),
        path(
            "highlights/<slug:slug>/<slug:language>/download.<slug:fmt>",
            views.public_issue_translated_download,
            name="issue-language-download",
        ),
    ],
    "public",
)
