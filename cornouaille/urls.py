from django.contrib import admin
from django.urls import include, path

from apps.accounts import views as accounts_views
from apps.mailings.urls import export_patterns

from . import views

admin.site.site_header = "Cornouaille Attractivité — administration"
admin.site.site_title = "Cornouaille Attractivité"
admin.site.index_title = "Équipe projet"

urlpatterns = [
    path("", views.home, name="home"),
    path("confidentialite/", views.privacy, name="privacy"),
    path("recherche/", views.search, name="search"),
    path("mon-espace/", accounts_views.my_space, name="my_space"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("apps.accessibility.urls")),
    path("accounts/", include("allauth.urls")),
    path("profil/", include("apps.accounts.urls")),
    path("acteurs/", include("apps.stakeholders.urls")),
    # Before strategie/: the service offer and the matrix live under /strategie/ too.
    path("strategie/", include("apps.marketing.urls")),
    path("strategie/", include("apps.strategy.urls")),
    path("enquetes/", include("apps.surveys.urls")),
    path("copil/", include("apps.copil.urls")),
    path("groupes-de-travail/", include("apps.working_groups.urls")),
    path("ateliers/", include("apps.workshops.urls")),
    path("plenieres/", include("apps.plenaries.urls")),
    path("comptes-rendus/", include("apps.minutes.urls")),
    path("observatoire/", include("apps.observatory.urls")),
    path("participer/", include("apps.participation.urls")),
    path("documents-pdf/", include("apps.reports.urls")),
    path("lettres/", include("apps.mailings.urls")),
    path("exports/", include((export_patterns, "exports"))),
    path("", include("apps.api.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("mon-espace/contributions/", include("apps.notifications.ideas_urls")),
    path("", include("apps.calendars.urls")),
    path("", include("apps.governance.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "cornouaille.views.error_400"
handler403 = "cornouaille.views.error_403"
handler404 = "cornouaille.views.error_404"
handler500 = "cornouaille.views.error_500"
