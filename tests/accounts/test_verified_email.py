"""Every change needs a verified email address, not only a session (the middleware in
apps/accounts/verification.py): a signed-in person whose address is unverified reads, but
changes nothing."""

import pytest
from allauth.account.models import EmailAddress
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from apps.accounts.verification import verified_email_required_for_changes
from tests.accounts.factories import UserFactory
from tests.working_groups.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified(client):
    user = UserFactory(verified=False, first_name="Anne")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.force_login(user)  # e.g. a session opened through the admin's login page
    return user


def test_reading_works(client, unverified):
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_a_change_is_refused_with_a_french_page_and_nothing_stored(client, unverified):
    token = unverified.calendar_token
    response = client.post(reverse("accounts:regenerate_calendar_token"))
    assert response.status_code == 403
    assert "Confirmez d'abord votre adresse électronique" in response.content.decode()
    assert reverse("account_email") in response.content.decode()
    unverified.refresh_from_db()
    assert unverified.calendar_token == token


def test_joining_a_working_group_is_refused(client, unverified):
    group = WorkingGroupFactory()
    response = client.post(reverse("working_groups:join", args=[group.body.slug]))
    assert response.status_code == 403
    assert not group.body.memberships.filter(user=unverified).exists()


def test_without_any_address_record_it_is_refused_too(client):
    user = UserFactory(verified=False)
    client.force_login(user)
    assert client.post(reverse("accounts:regenerate_calendar_token")).status_code == 403


def test_an_unverified_person_may_still_sign_out_and_manage_addresses(client, unverified):
    assert client.post(reverse("account_email"), {"action_send": "", "email": unverified.email})
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_verified_person_changes_things(client):
    user = UserFactory()
    token = user.calendar_token
    client.force_login(user)
    assert client.post(reverse("accounts:regenerate_calendar_token")).status_code == 302
    user.refresh_from_db()
    assert user.calendar_token != token


def test_another_verified_address_is_not_enough(client):
    """The account's own address must be verified; another verified one is not enough."""
    user = UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email="ancienne@example.org", verified=True)
    client.force_login(user)
    assert client.post(reverse("accounts:regenerate_calendar_token")).status_code == 403


def test_the_decorator_applies_the_same_rule_outside_the_middleware():
    view = verified_email_required_for_changes(lambda request: HttpResponse("ok"))
    request = RequestFactory().post("/")
    request.user = UserFactory(verified=False)
    request.resolver_match = None
    assert view(request).status_code == 403
    request = RequestFactory().post("/")
    request.user = UserFactory()
    request.resolver_match = None
    assert view(request).status_code == 200
