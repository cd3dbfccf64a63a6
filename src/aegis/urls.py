from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from aegis.accounts.views import SignOutView
from aegis.reporting.urls import public_patterns
from aegis.site import views as site_views

handler400 = "aegis.site.views.bad_request"

urlpatterns = [
    path("", site_views.home, name="home"),
    path("healthz", site_views.healthz, name="healthz"),
    path("search/", site_views.search, name="search"),
    path("organisations/", include("aegis.site.organisation_urls")),
    path("activities/", include("aegis.activities.urls")),
    path("coordination/", include("aegis.coordination.urls")),
    path("highlights/", include("aegis.reporting.urls")),
    path("public/", include(public_patterns)),
    path("funding/", include("aegis.funding.urls")),
    path("piu/", include("aegis.travel.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/", include("aegis.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("aegis.api_urls", namespace="api")),
]
