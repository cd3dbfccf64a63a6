from django.urls import path

from aegis.travel import dashboard, search_views, views, watchlist_views

app_name = "travel"
urlpatterns = [
    path("", views.board, name="board"),
    path("flights/<id:pk>/", views.flight_detail, name="flight"),
    path("flights/<id:pk>/export/", views.flight_export, name="flight_export"),
    path("travellers/<id:pk>/", views.traveller_detail, name="traveller"),
    path("bookings/<id:pk>/", views.booking_detail, name="booking"),
    path("cases/", views.case_list, name="cases"),
    path("cases/<id:pk>/", views.case_detail, name="case"),
    path("cases/<id:pk>/refer/", views.case_refer, name="case_refer"),
    path("cases/<id:pk>/direction/", views.case_direction, name="case_direction"),
    path("cases/<id:pk>/<slug:transition>/", views.case_transition, name="case_transition"),
    path("referrals/<id:pk>/answer/", views.referral_answer, name="referral_answer"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_create"),
    path("rules/<id:pk>/", views.rule_detail, name="rule"),
    path("rules/<id:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<id:pk>/activation/", views.rule_activate, name="rule_activate"),
    path("watchlists/", views.watchlists, name="watchlists"),
    path("messages/", views.message_list, name="messages"),
    path("retention/", views.retention_list, name="retention"),
    path("messages/<id:pk>/", views.message_detail, name="message"),
    path("messages/<id:pk>/retry/", views.message_retry, name="message_retry"),
    path("suppressions/", views.suppression_list, name="suppressions"),
    path(
        "suppressions/<id:pk>/<slug:action>/",
        views.suppression_action,
        name="suppression_action",
    ),
    path("access-log/", views.access_log, name="access_log"),
    path("access-log/export/", views.access_log_export, name="access_log_export"),
    path(
        "watchlists/versions/<id:pk>/",
        watchlist_views.watchlist_version,
        name="watchlist_version",
    ),
    path("cases/assign/", views.case_assign, name="case_assign"),
    path("cases/<id:pk>/notes/comment/", views.case_comment, name="case_comment"),
    path("cases/<id:pk>/notes/question/", views.case_task, name="case_task"),
    path("cases/questions/<id:pk>/answer/", views.case_task_answer, name="case_task_answer"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("search/", search_views.search_page, name="search"),
]
