"""The site-wide search providers follow the pages' visibility (reserved calls, hidden
contributions never found by whoever may not see them)."""

import pytest

from apps.participation.site_search import find_calls, find_online_contributions
from tests.accounts.factories import UserFactory
from tests.governance.factories import MembershipFactory

from .factories import contribute, make_call, working_group

pytestmark = pytest.mark.django_db


def test_reserved_call_and_its_contributions_found_by_members_only():
    group = working_group()
    call = make_call(body=group, title="Logement des saisonniers réservé")
    member = UserFactory()
    MembershipFactory(body=group, user=member)
    contribute(call, member, text="Des chambres chez l'habitant pour les saisonniers")
    outsider = UserFactory()
    assert [r.title for r in find_calls("saisonniers", member, 5)] == [call.title]
    assert find_calls("saisonniers", outsider, 5) == []
    assert len(find_online_contributions("chambres habitant", member, 5)) == 1
    assert find_online_contributions("chambres habitant", outsider, 5) == []
