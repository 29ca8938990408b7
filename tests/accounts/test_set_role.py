"""`manage.py set_role EMAIL ROLE [--remove]`: roles from the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.roles import ROLES
from tests.accounts.factories import UserFactory


def set_role(*args: str) -> str:
    out = StringIO()
    call_command("set_role", *args, stdout=out)
    return out.getvalue()


def group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_project_team_role_grants_then_removes_admin_access(stakeholder):
    output = set_role(stakeholder.email, "equipe-projet")
    stakeholder.refresh_from_db()
    assert group_names(stakeholder) == {ROLES["equipe-projet"][0]}
    assert stakeholder.is_staff
    assert "accordé" in output and "administration" in output

    output = set_role(stakeholder.email, "equipe-projet", "--remove")
    stakeholder.refresh_from_db()
    assert group_names(stakeholder) == set()
    assert not stakeholder.is_staff
    assert "retiré" in output


@pytest.mark.parametrize("role", ["facilitateur", "elu", "comite-technique"])
def test_other_roles_do_not_open_the_admin(stakeholder, role):
    set_role(stakeholder.email, role)
    stakeholder.refresh_from_db()
    assert group_names(stakeholder) == {ROLES[role][0]}
    assert not stakeholder.is_staff

    set_role(stakeholder.email, role, "--remove")
    assert group_names(stakeholder) == set()


def test_email_is_looked_up_whatever_the_case(stakeholder):
    set_role(f"  {stakeholder.email.upper()} ", "elu")
    assert group_names(stakeholder) == {ROLES["elu"][0]}


def test_granting_twice_says_so_and_keeps_one_membership(stakeholder):
    set_role(stakeholder.email, "elu")
    output = set_role(stakeholder.email, "elu")
    assert "déjà" in output
    assert stakeholder.groups.count() == 1


def test_removing_a_role_not_held_says_so(stakeholder):
    output = set_role(stakeholder.email, "facilitateur", "--remove")
    assert "rien à retirer" in output


def test_removing_project_team_keeps_a_superuser_in_the_admin(db):
    admin = UserFactory(is_superuser=True, is_staff=True, role="equipe-projet")
    set_role(admin.email, "equipe-projet", "--remove")
    admin.refresh_from_db()
    assert admin.is_staff
    assert group_names(admin) == set()


def test_unknown_email_is_a_french_error(stakeholder):
    with pytest.raises(
        CommandError, match="Aucun compte n'utilise l'adresse « inconnu@example.org »"
    ):
        set_role("inconnu@example.org", "elu")


def test_unknown_role_lists_the_valid_ones(stakeholder):
    with pytest.raises(CommandError, match="Rôle inconnu") as error:
        set_role(stakeholder.email, "president")
    for key in ROLES:
        assert key in str(error.value)
    assert group_names(stakeholder) == set()
    stakeholder.refresh_from_db()
    assert not stakeholder.is_staff


def test_help_lists_the_roles():
    from apps.accounts.management.commands.set_role import Command

    help_text = Command().create_parser("manage.py", "set_role").format_help()
    for key in ROLES:
        assert key in help_text
    assert "--remove" in help_text
