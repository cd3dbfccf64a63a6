from django.urls import path

from aegis.accounts import views

urlpatterns = [
    path("", views.account, name="account"),
    path("tokens/<id:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("enrolment/", views.enrolment, name="enrolment"),
]
