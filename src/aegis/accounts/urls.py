from django.urls import path

from aegis.accounts import views

urlpatterns = [
    path("second-factor/", views.second_factor, name="second_factor"),
]
