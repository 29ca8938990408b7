"""Every public address answers as before: each named URL of the layout before the apps were
split (minutes and calendars out of governance, issue 8) reverses to the same path, and the path
resolves back to the same name. Addresses live in people's agendas, emails and bookmarks.

The list was taken from the URL configuration before the move; it includes allauth's
account_* names. A new URL needs no line here; changing or removing one of these does.
"""

# One address per line reads best, even past the line length.
# ruff: noqa: E501

import pytest
from django.urls import resolve, reverse

ADDRESSES = [
    ("account_change_password", {}, "/accounts/password/change/"),
    ("account_confirm_email", {"key": "abc"}, "/accounts/confirm-email/abc/"),
    ("account_confirm_login_code", {}, "/accounts/login/code/confirm/"),
    ("account_email", {}, "/accounts/email/"),
    ("account_email_verification_sent", {}, "/accounts/confirm-email/"),
    ("account_inactive", {}, "/accounts/inactive/"),
    ("account_login", {}, "/accounts/login/"),
    ("account_logout", {}, "/accounts/logout/"),
    ("account_reauthenticate", {}, "/accounts/reauthenticate/"),
    ("account_reset_password", {}, "/accounts/password/reset/"),
    ("account_reset_password_done", {}, "/accounts/password/reset/done/"),
    (
        "account_reset_password_from_key",
        {"key": "abc", "uidb36": "abc"},
        "/accounts/password/reset/key/abc-abc/",
    ),
    ("account_reset_password_from_key_done", {}, "/accounts/password/reset/key/done/"),
    ("account_set_password", {}, "/accounts/password/set/"),
    ("account_signup", {}, "/accounts/signup/"),
    ("accounts:erase", {}, "/profil/supprimer/"),
    ("accounts:export", {}, "/profil/export/"),
    ("accounts:profile", {}, "/profil/"),
    ("accounts:regenerate_calendar_token", {}, "/profil/calendrier/regenerer/"),
    ("calendars:body_feed", {"slug": "exemple-2026"}, "/calendrier/instances/exemple-2026.ics"),
    ("calendars:calendar", {}, "/calendrier/"),
    (
        "calendars:personal_feed",
        {"token": "exemple-2026"},
        "/calendrier/personnel/exemple-2026.ics",
    ),
    ("calendars:public_feed", {}, "/calendrier.ics"),
    (
        "copil:document_add",
        {"slug": "exemple-2026"},
        "/copil/seances/exemple-2026/documents/ajouter/",
    ),
    ("copil:index", {}, "/copil/"),
    ("copil:request_decide", {"pk": 7}, "/copil/demandes/7/decision/"),
    ("copil:session", {"slug": "exemple-2026"}, "/copil/seances/exemple-2026/"),
    ("copil:session_answer", {"slug": "exemple-2026"}, "/copil/seances/exemple-2026/reponse/"),
    (
        "copil:session_attendance",
        {"slug": "exemple-2026"},
        "/copil/seances/exemple-2026/presences/",
    ),
    ("copil:session_cancel", {"slug": "exemple-2026"}, "/copil/seances/exemple-2026/annulation/"),
    ("copil:session_convoke", {"slug": "exemple-2026"}, "/copil/seances/exemple-2026/convocation/"),
    ("copil:session_create", {}, "/copil/seances/nouvelle/"),
    ("copil:session_edit", {"slug": "exemple-2026"}, "/copil/seances/exemple-2026/modifier/"),
    ("copil:session_remind", {"slug": "exemple-2026"}, "/copil/seances/exemple-2026/relance/"),
    ("copil:session_request", {"slug": "exemple-2026"}, "/copil/seances/exemple-2026/demande/"),
    ("governance:answer", {"token": "abc"}, "/reunions/reponse/abc/"),
    ("governance:document", {"pk": 7}, "/documents/7/"),
    ("governance:meeting", {"slug": "exemple-2026"}, "/reunions/exemple-2026/"),
    ("governance:register", {"slug": "exemple-2026"}, "/reunions/exemple-2026/inscription/"),
    ("governance:unregister", {"slug": "exemple-2026"}, "/reunions/exemple-2026/desinscription/"),
    ("healthz", {}, "/healthz"),
    ("home", {}, "/"),
    ("minutes:comment", {"pk": 7}, "/comptes-rendus/7/commenter/"),
    ("minutes:correct", {"pk": 7}, "/comptes-rendus/7/corriger/"),
    ("minutes:detail", {"pk": 7}, "/comptes-rendus/7/"),
    ("minutes:edit", {"pk": 7}, "/comptes-rendus/7/modifier/"),
    ("minutes:publish", {"pk": 7}, "/comptes-rendus/7/publier/"),
    ("minutes:reading_room", {}, "/comptes-rendus/"),
    ("minutes:return", {"pk": 7}, "/comptes-rendus/7/renvoyer/"),
    ("minutes:start", {"slug": "exemple-2026"}, "/comptes-rendus/nouveau/exemple-2026/"),
    ("minutes:submit", {"pk": 7}, "/comptes-rendus/7/soumettre/"),
    ("minutes:version", {"number": 7, "pk": 7}, "/comptes-rendus/7/versions/7/"),
    ("plenaries:cancel", {"slug": "exemple-2026"}, "/plenieres/exemple-2026/annulation/"),
    ("plenaries:create", {}, "/plenieres/nouvelle/"),
    ("plenaries:detail", {"slug": "exemple-2026"}, "/plenieres/exemple-2026/"),
    ("plenaries:edit", {"slug": "exemple-2026"}, "/plenieres/exemple-2026/modifier/"),
    ("plenaries:list", {}, "/plenieres/"),
    ("plenaries:publish", {"slug": "exemple-2026"}, "/plenieres/exemple-2026/publication/"),
    ("privacy", {}, "/confidentialite/"),
    ("reports:download", {"pk": 7}, "/documents-pdf/7/telecharger/"),
    (
        "reports:restitution_request",
        {"slug": "exemple-2026"},
        "/documents-pdf/restitution/exemple-2026/",
    ),
    ("reports:retry", {"pk": 7}, "/documents-pdf/7/relancer/"),
    ("reports:status", {"pk": 7}, "/documents-pdf/7/statut/"),
    ("set_language", {}, "/i18n/setlang/"),
    ("stakeholders:directory", {}, "/acteurs/"),
    ("strategy:action", {"slug": "exemple-2026"}, "/strategie/actions/exemple-2026/"),
    ("strategy:action_create", {}, "/strategie/actions/nouvelle/"),
    ("strategy:action_edit", {"slug": "exemple-2026"}, "/strategie/actions/exemple-2026/modifier/"),
    ("strategy:action_link", {}, "/strategie/actions/rattacher/"),
    ("strategy:actions", {}, "/strategie/actions/"),
    (
        "strategy:contribution_add",
        {"slug": "exemple-2026"},
        "/strategie/ateliers/exemple-2026/contributions/",
    ),
    ("strategy:contribution_hide", {"pk": 7}, "/strategie/contributions/7/masquer/"),
    ("strategy:contribution_support", {"pk": 7}, "/strategie/contributions/7/soutien/"),
    ("strategy:contribution_unhide", {"pk": 7}, "/strategie/contributions/7/afficher/"),
    ("strategy:objective", {"slug": "exemple-2026"}, "/strategie/objectifs/exemple-2026/"),
    ("strategy:overview", {}, "/strategie/"),
    ("working_groups:create", {}, "/groupes-de-travail/nouveau/"),
    ("working_groups:detail", {"slug": "exemple-2026"}, "/groupes-de-travail/exemple-2026/"),
    ("working_groups:edit", {"slug": "exemple-2026"}, "/groupes-de-travail/exemple-2026/modifier/"),
    (
        "working_groups:join",
        {"slug": "exemple-2026"},
        "/groupes-de-travail/exemple-2026/rejoindre/",
    ),
    ("working_groups:leave", {"slug": "exemple-2026"}, "/groupes-de-travail/exemple-2026/quitter/"),
    ("working_groups:list", {}, "/groupes-de-travail/"),
    ("working_groups:request_decide", {"pk": 7}, "/groupes-de-travail/demandes/7/decision/"),
    ("workshops:cancel", {"slug": "exemple-2026"}, "/ateliers/exemple-2026/annuler/"),
    ("workshops:checkin", {"slug": "exemple-2026"}, "/ateliers/exemple-2026/emargement/"),
    (
        "workshops:checkin_toggle",
        {"pk": 7, "slug": "exemple-2026"},
        "/ateliers/exemple-2026/emargement/7/",
    ),
    (
        "workshops:checkin_walk_in",
        {"slug": "exemple-2026"},
        "/ateliers/exemple-2026/emargement/sur-place/",
    ),
    ("workshops:create", {}, "/ateliers/nouveau/"),
    ("workshops:detail", {"slug": "exemple-2026"}, "/ateliers/exemple-2026/"),
    ("workshops:edit", {"slug": "exemple-2026"}, "/ateliers/exemple-2026/modifier/"),
    ("workshops:programme", {}, "/ateliers/"),
    ("workshops:publish", {"slug": "exemple-2026"}, "/ateliers/exemple-2026/publier/"),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "path"), ADDRESSES, ids=[name for name, _, _ in ADDRESSES]
)
def test_named_url_keeps_its_address(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    namespace, _, url_name = name.rpartition(":")
    assert match.url_name == url_name
    assert match.namespace == namespace


def test_the_list_names_each_address_once():
    names = [name for name, _, _ in ADDRESSES]
    paths = [path for _, _, path in ADDRESSES]
    assert len(set(names)) == len(names) == 92
    assert len(set(paths)) == len(paths)
