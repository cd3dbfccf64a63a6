from django.urls import path

from aegis.travel import views

app_name = "travel"
urlpatterns = [
    path("", views.board, name="board"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("flights/<int:pk>/", views.flight_detail, name="flight"),
    path("flights/<int:pk>/export/", views.flight_export, name="flight_export"),
    path("travellers/<int:pk>/", views.traveller_detail, name="traveller"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking"),
    path("cases/", views.case_list, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/refer/", views.case_refer, name="case_refer"),
    path("cases/<int:pk>/<slug:transition>/", views.case_transition, name="case_transition"),
    path("referrals/<int:pk>/answer/", views.referral_answer, name="referral_answer"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_create"),
    path("rules/<int:pk>/", views.rule_detail, name="rule"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/activation/", views.rule_activate, name="rule_activate"),
    path("watchlists/", views.watchlists, name="watchlists"),
    path("messages/", views.message_list, name="messages"),
    path("access-log/", views.access_log, name="access_log"),
]
