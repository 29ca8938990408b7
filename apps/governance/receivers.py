"""What governance does when a person is erased (accounts' `user_erased`)."""

from django.db.models import F, Q
from django.utils import timezone

from .models import Membership, Participation


def end_memberships_of_erased_person(sender, user, former, **kwargs):
    """The erased person no longer sits in any body (COPIL, committees, groups) from today.

    The rows stay, ended, so that past meetings keep their history; a membership that had not
    started yet ends the day it would have started.
    """
    today = timezone.localdate()
    still_open = Membership.objects.filter(user=user).filter(
        Q(until__isnull=True) | Q(until__gt=today)
    )
    still_open.filter(since__gt=today).update(until=F("since"))
    still_open.filter(Q(since__isnull=True) | Q(since__lte=today)).update(until=today)
    # `until` is inclusive: today the seat still counts, but it is listed nowhere.
    Membership.objects.filter(user=user, publicly_listed=True).update(publicly_listed=False)
    # A free-text comment written with an answer may name the person or others.
    Participation.objects.filter(user=user).exclude(comment="").update(comment="")
