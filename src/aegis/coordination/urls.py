from django.urls import path

from aegis.coordination import views

app_name = "coordination"
urlpatterns = [
    path("", views.body_list, name="list"),
    path("<id:pk>/", views.body_detail, name="detail"),
    path("<id:pk>/members.<slug:fmt>", views.body_members_export, name="members-export"),
]
