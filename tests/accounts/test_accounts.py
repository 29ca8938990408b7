"""Accounts: the user manager, sign-up (allauth) with profile and consent, the profile page."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from apps.accounts.forms import SignupForm
from apps.accounts.models import User
from apps.stakeholders.models import ActorCategory, Organisation, Territory
from tests.accounts.factories import UserFactory
from tests.stakeholders.factories import OrganisationFactory

PASSWORD = "Kerné-Iroise-2026!"


@pytest.fixture
def signup_data(db):
    return {
        "email": "Anne.LeGall@Example.org",
        "first_name": "Anne",
        "last_name": "Le Gall",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation_name": "Conserverie Penn Sardin",
        "actor_category": ActorCategory.objects.get(slug="entreprise").pk,
        "territory": Territory.objects.get(slug="douarnenez-communaute").pk,
        "consent": "on",
        "newsletter": "on",
    }


# ------------------------------------------------------------------------------ user manager
class TestUserManager:
    def test_create_user_lowercases_email_and_hashes_password(self, db):
        user = User.objects.create_user(
            "Jean.Kerouac@EXAMPLE.org", "secret-pass-123", first_name="Jean", last_name="Kerouac"
        )
        assert user.email == "jean.kerouac@example.org"
        assert user.check_password("secret-pass-123")
        assert not user.is_staff and not user.is_superuser

    def test_email_is_required(self, db):
        with pytest.raises(ValueError, match="obligatoire"):
            User.objects.create_user("", "x", first_name="A", last_name="B")

    def test_natural_key_is_case_insensitive(self, db):
        user = UserFactory(email="marie@example.org")
        assert User.objects.get_by_natural_key("MARIE@Example.ORG") == user

    def test_same_email_in_other_case_is_refused(self, db):
        UserFactory(email="yann@example.org")
        with pytest.raises(IntegrityError):
            User.objects.bulk_create(
                [User(email="YANN@example.org", first_name="Y", last_name="L")]
            )

    def test_create_superuser(self, db):
        admin = User.objects.create_superuser(
            "admin@example.org", "pass-123456", first_name="A", last_name="Dmin"
        )
        assert admin.is_staff and admin.is_superuser

    def test_each_user_gets_a_distinct_calendar_token(self, db):
        first, second = UserFactory(), UserFactory()
        assert len(first.calendar_token) >= 32
        assert first.calendar_token != second.calendar_token


# ------------------------------------------------------------------------------ sign-up form
class TestSignupForm:
    """allauth builds its sign-up form on top of ours (ACCOUNT_SIGNUP_FORM_CLASS)."""

    def _form(self, data):
        from allauth.account.forms import SignupForm as AllauthSignupForm

        return AllauthSignupForm(data=data)

    def test_valid(self, signup_data):
        form = self._form(signup_data)
        assert form.is_valid(), form.errors

    def test_consent_is_required_with_a_french_message(self, signup_data):
        signup_data.pop("consent")
        form = self._form(signup_data)
        assert not form.is_valid()
        assert "consentement est nécessaire" in form.errors["consent"][0]

    @pytest.mark.parametrize("field", ["first_name", "last_name", "actor_category", "email"])
    def test_required_fields(self, signup_data, field):
        signup_data[field] = ""
        form = self._form(signup_data)
        assert not form.is_valid()
        assert field in form.errors

    def test_passwords_must_match(self, signup_data):
        signup_data["password2"] = "autre-chose-2026"
        form = self._form(signup_data)
        assert not form.is_valid()

    def test_territory_is_required_with_no_default(self, signup_data):
        signup_data["territory"] = ""
        form = self._form(signup_data)
        assert not form.is_valid()
        assert "« Hors Cornouaille »" in form.errors["territory"][0]
        # The empty choice comes first and asks; « Hors Cornouaille » is an explicit last choice.
        choices = list(form.fields["territory"].choices)
        assert str(choices[0][1]) == "— Choisissez —" and choices[0][0] == ""
        assert (choices[-1][0], str(choices[-1][1])) == ("hors", "Hors Cornouaille")

    def test_territory_may_be_outside_cornouaille_explicitly(self, signup_data):
        signup_data["territory"] = "hors"
        form = self._form(signup_data)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["territory"] is None

    def test_an_unknown_territory_is_refused(self, signup_data):
        signup_data["territory"] = "999999"
        assert "territory" in self._form(signup_data).errors

    def test_the_address_is_called_adresse_electronique(self, signup_data, client):
        for name in ("account_signup", "account_login", "account_reset_password"):
            page = client.get(reverse(name)).content.decode()
            assert "Adresse électronique" in page
            assert "Courriel<" not in page and "e-mail" not in page.lower()

    def test_allauth_pages_and_messages_say_it_too(self, client, db):
        """allauth's own pages and messages, through locale_overrides (its French catalogue says
        « e-mail »): the confirmation sent, the reset sent, the address change."""
        for name in ("account_email_verification_sent", "account_reset_password_done"):
            page = client.get(reverse(name)).content.decode()
            assert "courriel" in page and "e-mail" not in page.lower(), name
        client.force_login(UserFactory())
        page = client.get(reverse("account_email")).content.decode()
        assert "Adresse électronique actuelle" in page and "e-mail" not in page.lower()
        response = client.post(reverse("account_email"), {"action_add": "", "email": "x"})
        assert "e-mail" not in response.content.decode().lower()
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "nouvelle@example.org"}
        )
        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages and all("e-mail" not in m.lower() for m in messages), messages
        assert any("Courriel de confirmation envoyé" in m for m in messages), messages

    def test_fields_come_in_a_sensible_order(self, signup_data):
        names = list(self._form(signup_data).fields)
        assert names.index("email") < names.index("first_name") < names.index("password1")
        assert names.index("password2") < names.index("organisation_name")
        assert names[-2:] == ["consent", "newsletter"]

    def test_consent_label_links_to_the_privacy_page(self, db):
        assert reverse("privacy") in str(SignupForm().fields["consent"].label)


# ------------------------------------------------------------------------------ sign-up flow
def _confirmation_link(message) -> str:
    match = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body)
    assert match, message.body
    return match.group(0)


@pytest.fixture
def post_committed(client, django_capture_on_commit_callbacks):
    """POST, then run what the view left for after the commit (the email task)."""

    def post(path, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data)

    return post


@pytest.mark.django_db
class TestSignupFlow:
    def test_signup_stores_profile_consent_and_sends_confirmation(
        self, client, post_committed, signup_data
    ):
        response = post_committed(reverse("account_signup"), signup_data)
        assert response.status_code == 302
        assert response.url == reverse("account_email_verification_sent")

        user = User.objects.get(email="anne.legall@example.org")
        assert (user.first_name, user.last_name) == ("Anne", "Le Gall")
        assert user.actor_category.slug == "entreprise"
        assert user.territory.slug == "douarnenez-communaute"
        assert user.newsletter is True
        assert user.consent_at is not None
        assert user.consent_policy_version == "2026-11"
        # A new organisation is created, kept out of the public directory until reviewed.
        assert user.organisation.name == "Conserverie Penn Sardin"
        assert user.organisation.listed_in_directory is False

        address = EmailAddress.objects.get(user=user)
        assert address.verified is False
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["anne.legall@example.org"]
        assert "/accounts/confirm-email/" in mail.outbox[0].body

    def test_existing_organisation_is_reused_whatever_the_case(
        self, client, post_committed, signup_data
    ):
        existing = OrganisationFactory(name="Conserverie Penn Sardin")
        signup_data["organisation_name"] = "  conserverie   PENN sardin "
        post_committed(reverse("account_signup"), signup_data)
        user = User.objects.get(email="anne.legall@example.org")
        assert user.organisation == existing
        assert Organisation.objects.count() == 1

    def test_without_consent_nothing_is_created(self, client, post_committed, signup_data):
        signup_data.pop("consent")
        response = post_committed(reverse("account_signup"), signup_data)
        assert response.status_code == 200
        assert "consentement est nécessaire" in response.content.decode()
        assert not User.objects.exists()
        assert not Organisation.objects.exists()
        assert mail.outbox == []

    def test_login_is_refused_until_the_email_is_confirmed(
        self, client, post_committed, signup_data
    ):
        post_committed(reverse("account_signup"), signup_data)
        client.logout()
        response = client.post(
            reverse("account_login"), {"login": "anne.legall@example.org", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response.url == reverse("account_email_verification_sent")
        assert "_auth_user_id" not in client.session

    def test_confirm_link_logs_in_and_lands_on_my_space(self, client, post_committed, signup_data):
        post_committed(reverse("account_signup"), signup_data)
        link = _confirmation_link(mail.outbox[0])
        path = link.split("testserver", 1)[-1] if "testserver" in link else link
        page = client.get(path)
        assert page.status_code == 200
        response = client.post(path)
        assert response.status_code == 302
        assert response.url == reverse("my_space")
        assert EmailAddress.objects.get(email="anne.legall@example.org").verified
        profile = client.get(response.url)
        assert profile.status_code == 200
        assert "Anne Le Gall" in profile.content.decode()

    def test_signup_with_a_taken_email_does_not_reveal_the_account(
        self, client, post_committed, signup_data
    ):
        UserFactory(email="anne.legall@example.org")
        response = post_committed(reverse("account_signup"), signup_data)
        # Same answer as a fresh sign-up (no enumeration); the owner is told by email.
        assert response.status_code == 302
        assert response.url == reverse("account_email_verification_sent")
        assert User.objects.filter(email__iexact="anne.legall@example.org").count() == 1
        assert len(mail.outbox) == 1

    def test_login_by_email_in_any_case(self, client):
        UserFactory(email="goulven@example.org")
        response = client.post(
            reverse("account_login"),
            {"login": "GOULVEN@example.org", "password": "motdepasse-Cornouaille-29"},
        )
        assert response.status_code == 302
        assert response.url == reverse("my_space")

    def test_wrong_password_gives_a_french_error(self, client):
        UserFactory(email="goulven@example.org")
        response = client.post(
            reverse("account_login"), {"login": "goulven@example.org", "password": "faux"}
        )
        assert response.status_code == 200
        assert "incorrect" in response.content.decode()

    def test_password_reset_answers_the_same_for_unknown_addresses(self, client):
        UserFactory(email="known@example.org")
        known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
        unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
        assert known.status_code == unknown.status_code == 302
        assert known.url == unknown.url


# ------------------------------------------------------------------------------ profile page
@pytest.mark.django_db
class TestProfile:
    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert reverse("account_login") in response.url

    def test_shows_and_updates_the_profile(self, client):
        user = UserFactory(first_name="Gwen", last_name="Morvan", newsletter=True)
        client.force_login(user)
        page = client.get(reverse("accounts:profile"))
        assert page.status_code == 200
        assert "Gwen Morvan" in page.content.decode()

        category = ActorCategory.objects.get(slug="association-culturelle")
        response = client.post(
            reverse("accounts:profile"),
            {
                "first_name": "Gwenaëlle",
                "last_name": "Morvan",
                "organisation_name": "Cercle celtique de Quimper",
                "actor_category": category.pk,
                "territory": "hors",
            },
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.first_name == "Gwenaëlle"
        assert user.actor_category == category
        assert user.territory is None
        assert user.organisation.name == "Cercle celtique de Quimper"
        assert user.newsletter is True  # changed in the mailings' section, not by this form
        # Back on the page, « Hors Cornouaille » is the choice shown (not « — Choisissez — »).
        page = client.get(reverse("accounts:profile")).content.decode()
        assert '<option value="hors" selected>' in page

    def test_invalid_update_changes_nothing_and_says_why(self, client):
        user = UserFactory(first_name="Gwen")
        client.force_login(user)
        response = client.post(
            reverse("accounts:profile"),
            {"first_name": "", "last_name": "Morvan", "actor_category": "999999"},
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert "corrigez les champs" in body
        user.refresh_from_db()
        assert user.first_name == "Gwen"

    def test_profile_page_query_count_is_small(self, client, django_assert_max_num_queries):
        OrganisationFactory.create_batch(30)
        user = UserFactory(organisation=OrganisationFactory())
        client.force_login(user)
        # 12, + the sections the apps add through accounts.profile_tools (mailings' consent and
        # filières of interest, notifications' email preference): one query each, whatever the data
        with django_assert_max_num_queries(14):
            assert client.get(reverse("accounts:profile")).status_code == 200
