"""`manage.py seed_demo`: demo organisations, participants and role accounts, idempotent."""

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.accounts.demo import (
    DEMO_ACCOUNTS,
    DEMO_DOMAIN,
    PARTICIPANT_EMAIL_RE,
    demo_account_user,
    demo_participants,
)
from apps.accounts.models import User
from apps.accounts.roles import ROLES
from apps.governance.demo import COPIL_PEOPLE, TECH_PEOPLE
from apps.governance.models import AgendaItem, Meeting, Membership, Participation
from apps.stakeholders.models import ActorCategory, Organisation, Territory
from apps.strategy.models import Contribution, PriorityAction, Support

PARTICIPANTS = 50


def seed(*args: str, participants: int = PARTICIPANTS) -> str:
    out = StringIO()
    call_command("seed_demo", "--participants", str(participants), *args, stdout=out)
    return out.getvalue()


def printed_password(output: str) -> str:
    """The password the summary prints on the line of chef.projet@."""
    line = next(line for line in output.splitlines() if f"chef.projet@{DEMO_DOMAIN}" in line)
    return line.split()[-1]


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "organisations": Organisation.objects.count(),
        "listed": Organisation.objects.listed().count(),
        "email_addresses": EmailAddress.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "staff": User.objects.filter(is_staff=True).count(),
        "bodies_memberships": Membership.objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda_items": AgendaItem.objects.count(),
        "participations": Participation.objects.count(),
        "contributions": Contribution.objects.count(),
        "supports": Support.objects.count(),
        "actions": PriorityAction.objects.count(),
    }


@pytest.fixture
def output(db) -> str:
    return seed("--force")


# ------------------------------------------------------------------------------ role accounts
def test_role_accounts_have_exactly_their_role(output):
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(email=account.email)
        expected = {ROLES[account.role][0]} if account.role else set()
        assert set(user.groups.values_list("name", flat=True)) == expected, account.email
        assert user.consent_at is not None
        assert EmailAddress.objects.filter(
            user=user, email=account.email, verified=True, primary=True
        ).exists()
    chef = User.objects.get(email=f"chef.projet@{DEMO_DOMAIN}")
    assert chef.is_staff and not chef.is_superuser
    assert not User.objects.get(email=f"elu@{DEMO_DOMAIN}").is_staff
    assert not User.objects.get(email=f"acteur@{DEMO_DOMAIN}").is_staff
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    assert admin.is_superuser and admin.is_staff
    assert demo_account_user(role="elu").email == f"elu@{DEMO_DOMAIN}"
    assert demo_account_user(role=None).email == f"acteur@{DEMO_DOMAIN}"


def test_summary_lists_accounts_roles_password_and_counts(output):
    assert printed_password(output) == "cornouaille-demo-2026"
    for account in DEMO_ACCOUNTS:
        assert account.email in output
        assert account.role_label in output
    assert f"Participants : {PARTICIPANTS} ({PARTICIPANTS} créés" in output
    assert "Organisations : " in output


def test_rerun_restores_a_changed_demo_account(output):
    chef = User.objects.get(email=f"chef.projet@{DEMO_DOMAIN}")
    chef.set_password("autre-mot-de-passe")
    chef.groups.clear()
    chef.is_staff = False
    chef.save()
    seed("--force")
    chef.refresh_from_db()
    assert chef.check_password("cornouaille-demo-2026")
    assert chef.is_staff
    assert list(chef.groups.values_list("name", flat=True)) == [ROLES["equipe-projet"][0]]


# ------------------------------------------------------------------------------ participants
def test_participants_can_log_in_and_gave_consent(output):
    participants = list(demo_participants())
    assert len(participants) == PARTICIPANTS
    addresses = set(
        EmailAddress.objects.filter(verified=True, primary=True).values_list("user_id", "email")
    )
    for person in participants:
        assert PARTICIPANT_EMAIL_RE.match(person.email), person.email
        assert person.email.endswith(".test")
        assert (person.pk, person.email) in addresses
        assert person.consent_at is not None
        assert person.consent_policy_version == settings.PRIVACY_POLICY_VERSION
        assert person.first_name and person.last_name
        assert person.check_password("cornouaille-demo-2026")
    assert sum(person.organisation_id is not None for person in participants) > PARTICIPANTS / 2
    assert len({person.actor_category_id for person in participants}) >= 6
    assert len({person.territory_id for person in participants}) >= 5


def test_participants_are_valid_rows(output):
    """bulk_create skips validation: check what a form would have checked."""
    for person in demo_participants():
        person.full_clean(exclude=["password"])


def test_more_participants_keeps_the_first_ones(db):
    seed("--force", participants=10)
    first = set(demo_participants().values_list("email", flat=True))
    output = seed("--force", participants=25)
    assert first <= set(demo_participants().values_list("email", flat=True))
    assert demo_participants().count() == 25
    assert "(15 créés" in output


# ------------------------------------------------------------------------------ organisations
def test_organisations_cover_every_category_and_territory(output):
    organisations = Organisation.objects.all()
    assert 100 <= organisations.count() <= 150
    for category in ActorCategory.objects.all():
        mine = organisations.filter(category=category)
        assert mine.filter(listed_in_directory=True).exists(), category.slug
        assert mine.filter(listed_in_directory=False).exists(), category.slug
    for territory in Territory.objects.all():
        assert organisations.filter(territory=territory, listed_in_directory=True).exists()
        assert organisations.filter(territory=territory).count() >= 5, territory.slug
        assert organisations.filter(
            name=territory.name, category__slug="epci-collectivite"
        ).exists()
    assert organisations.filter(territory__isnull=True).count() >= 3
    share_listed = organisations.filter(listed_in_directory=True).count() / organisations.count()
    assert 0.55 < share_listed < 0.8
    websites = list(organisations.exclude(website="").values_list("website", flat=True))
    assert websites
    assert all(re.match(r"^https://www\.example\.org/[a-z0-9-]+$", url) for url in websites)
    for organisation in organisations:
        organisation.full_clean()


def test_directory_shows_listed_demo_organisations_only(output, client):
    listed = Organisation.objects.get(name="Région Bretagne")
    unlisted = Organisation.objects.filter(category__slug="region", listed_in_directory=False)
    assert listed.listed_in_directory and unlisted.exists()
    response = client.get(reverse("stakeholders:directory"), {"categorie": "region"})
    assert response.status_code == 200
    assert listed.name in response.content.decode()
    for organisation in unlisted:
        assert organisation.name not in response.content.decode()


# ------------------------------------------------------------------------------ idempotence
def test_running_twice_changes_no_counts(db):
    seed("--force")
    before = counts()
    output = seed("--force")
    assert counts() == before
    # Participants and role accounts, plus the COPIL and technical committee members.
    governance_people = len(COPIL_PEOPLE) + len(TECH_PEOPLE)
    assert before["users"] == PARTICIPANTS + len(DEMO_ACCOUNTS) + governance_people
    # 6 COPIL and technical committee sessions, 20 workshops, 2 plenaries.
    assert before["meetings"] == 28 and before["participations"] > 0
    assert before["email_addresses"] == before["users"]
    assert "(0 créés" in output and "0 créées" in output


# ------------------------------------------------------------------------------ login
@pytest.mark.parametrize("email", [f"chef.projet@{DEMO_DOMAIN}", f"acteur@{DEMO_DOMAIN}"])
def test_demo_account_logs_in_with_the_printed_password(output, client, email):
    response = client.post(
        reverse("account_login"), {"login": email, "password": printed_password(output)}
    )
    assert response.status_code == 302
    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)
    assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)


def test_participant_logs_in_with_the_printed_password(output, client):
    person = demo_participants().first()
    response = client.post(
        reverse("account_login"),
        {"login": person.email.upper(), "password": printed_password(output)},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


# ------------------------------------------------------------------------------ guards
def test_refuses_to_run_without_debug_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG est faux"):
        seed()
    assert not User.objects.exists()
    assert seed("--force")
    assert User.objects.exists()


def test_runs_without_force_when_debug_is_on(db, settings):
    settings.DEBUG = True
    seed(participants=3)
    assert demo_participants().count() == 3


@pytest.mark.parametrize("value", ["-1", "beaucoup"])
def test_participants_must_be_a_non_negative_integer(db, value):
    with pytest.raises(CommandError, match="positif ou nul"):
        call_command("seed_demo", "--participants", value, "--force")


def test_missing_role_groups_are_reported_in_french(db):
    Group.objects.filter(name=ROLES["elu"][0]).delete()
    with pytest.raises(CommandError, match="migrate"):
        seed("--force")
    assert not User.objects.exists()


def test_help_states_the_password_and_the_guard():
    from apps.core.management.commands.seed_demo import Command

    help_text = Command().create_parser("manage.py", "seed_demo").format_help()
    assert "cornouaille-demo-2026" in help_text
    assert "--force" in help_text and "DEBUG" in help_text


def test_sign_up_dates_come_before_the_first_meeting_and_phases_exist(output):
    """The observatory's « accounts created in the period » says something on the demo."""
    from django.db.models import Min
    from django.utils import timezone

    from apps.strategy.models import Phase

    firsts = dict(
        Participation.objects.filter(user__in=demo_participants())
        .values("user_id")
        .annotate(first=Min("meeting__start"))
        .values_list("user_id", "first")
    )
    joined = dict(demo_participants().filter(pk__in=firsts).values_list("pk", "date_joined"))
    # A week or more before the first meeting, or today for a meeting more than weeks ahead.
    assert joined and all(joined[pk] < firsts[pk] for pk in joined)
    assert all(value <= timezone.now() for value in joined.values())
    assert len({value.date() for value in joined.values()}) > 5  # spread, not one day
    today = timezone.localdate()
    assert [phase.slug for phase in Phase.objects.all() if phase.contains(today)] == [
        "co-construction-plan-actions"
    ]
