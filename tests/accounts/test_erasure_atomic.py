"""On PostgreSQL without a test transaction: the erasure and what the apps above do on
`user_erased` are one transaction — all of it, or nothing."""

import pytest

from apps.accounts.models import User
from apps.accounts.services import user_erase
from apps.accounts.signals import user_erased
from apps.governance.models import Membership
from tests.accounts.factories import UserFactory
from tests.governance.factories import MembershipFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _fail(sender, **kwargs):
    raise RuntimeError("panne simulée dans une application")


@pytest.mark.parametrize("failure", [True, False], ids=["receiver-fails", "commits"])
def test_erasure_is_all_or_nothing(failure):
    person = UserFactory(first_name="Maël", last_name="Kerguelen")
    seat = MembershipFactory(user=person)
    if failure:
        # Connected after the apps' receivers: it runs once they have written.
        user_erased.connect(_fail, dispatch_uid="test.fail")
    try:
        if failure:
            with pytest.raises(RuntimeError):
                user_erase(user=person)
        else:
            user_erase(user=person)
    finally:
        user_erased.disconnect(dispatch_uid="test.fail")

    stored = User.objects.get(pk=person.pk)
    seat = Membership.objects.get(pk=seat.pk)
    if failure:
        assert (stored.last_name, stored.is_active, seat.until) == ("Kerguelen", True, None)
    else:
        assert stored.last_name == "supprimé"
        assert seat.until is not None
