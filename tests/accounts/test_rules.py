"""The role predicates every app reuses (apps/accounts/rules.py)."""

from tests.accounts.factories import UserFactory


def test_role_predicates(db):
    from apps.accounts import rules as account_rules

    lead = UserFactory(role="equipe-projet")
    facilitator = UserFactory(role="facilitateur")
    official = UserFactory(role="elu")
    tech = UserFactory(role="comite-technique")
    plain = UserFactory()
    assert account_rules.is_project_team(lead) and not account_rules.is_project_team(plain)
    assert account_rules.is_facilitator(facilitator) and not account_rules.is_facilitator(lead)
    assert account_rules.is_elected_official(official)
    assert account_rules.is_technical_committee(tech)
    assert lead.is_staff and not plain.is_staff
    assert lead.has_perm("accounts.list_people") and not plain.has_perm("accounts.list_people")
    assert plain.has_perm("accounts.change_profile", plain)
    assert not plain.has_perm("accounts.change_profile", official)
