"""Workshop orchestration on top of governance: the Meeting row (scheduling, capacity,
registrations) is governance's; this app adds the Workshop row (themes, facilitators).

Each function writes everything in one transaction: a refusal anywhere changes nothing.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.governance.models import Meeting, Participation
from apps.governance.services import meeting_cancel, meeting_create, meeting_update
from apps.governance.services.registration import meeting_set_capacity

from .models import Workshop


def _body_and_visibility(working_group, members_only: bool):
    if members_only and working_group is None:
        raise ValidationError(
            {
                "visibility": _(
                    "Un atelier réservé aux membres doit être tenu par un groupe de travail : "
                    "choisissez le groupe ou décochez « réservé aux membres »."
                )
            }
        )
    body = working_group  # a working group's governance body, or None
    visibility = Meeting.Visibility.MEMBERS if members_only else Meeting.Visibility.PUBLIC
    return body, visibility


def _set_themes(workshop: Workshop, *, objectives, filieres, challenges, facilitators) -> None:
    workshop.objectives.set(objectives)
    workshop.filieres.set(filieres)
    workshop.challenges.set(challenges)
    workshop.facilitators.set(facilitators)


@transaction.atomic
def workshop_create(
    *,
    by,
    title: str,
    start,
    end,
    place: str = "",
    online_url: str = "",
    description: str = "",
    capacity: int | None = None,
    registration_closes_at=None,
    working_group=None,
    members_only: bool = False,
    objectives: Iterable = (),
    filieres: Iterable = (),
    challenges: Iterable = (),
    facilitators: Iterable = (),
    confirm_duplicate: bool = False,
) -> Workshop:
    """A new workshop, saved as a draft (only the project team sees it until published)."""
    body, visibility = _body_and_visibility(working_group, members_only)
    meeting = meeting_create(
        kind=Meeting.Kind.WORKSHOP,
        body=body,
        created_by=by,
        title=title,
        start=start,
        end=end,
        place=place,
        online_url=online_url,
        description=description,
        visibility=visibility,
        capacity=capacity,
        registration_closes_at=registration_closes_at,
        confirm_duplicate=confirm_duplicate,
    )
    workshop = Workshop.objects.create(meeting=meeting)
    _set_themes(
        workshop,
        objectives=objectives,
        filieres=filieres,
        challenges=challenges,
        facilitators=facilitators,
    )
    return workshop


@transaction.atomic
def workshop_update(
    *,
    meeting: Meeting,
    by,
    capacity: int | None,
    working_group=None,
    members_only: bool = False,
    objectives: Iterable = (),
    filieres: Iterable = (),
    challenges: Iterable = (),
    facilitators: Iterable = (),
    **fields,
) -> tuple[Workshop, list[Participation]]:
    """Edit a workshop. A new capacity goes through `meeting_set_capacity`: raising it promotes
    the first people waiting (they are told), lowering it below the confirmed registrations is
    refused — and then nothing at all is saved. Returns the workshop and the people promoted.

    (A workshop meeting created elsewhere, e.g. in the admin, gets its Workshop row here.)"""
    body, visibility = _body_and_visibility(working_group, members_only)
    meeting, _rescheduled = meeting_update(
        meeting=meeting, by=by, body=body, visibility=visibility, **fields
    )
    workshop, _created = Workshop.objects.get_or_create(meeting=meeting)
    promoted = []
    if capacity != meeting.capacity:
        promoted = meeting_set_capacity(meeting=meeting, capacity=capacity, by=by)
        meeting.refresh_from_db()
    _set_themes(
        workshop,
        objectives=objectives,
        filieres=filieres,
        challenges=challenges,
        facilitators=facilitators,
    )
    workshop.meeting = meeting
    return workshop, promoted


@transaction.atomic
def workshop_cancel(*, meeting: Meeting, by, reason: str = "") -> Meeting:
    """Cancel the workshop; `meeting_cancel` tells everyone registered or waiting (CANCEL ICS)."""
    return meeting_cancel(meeting=meeting, by=by, reason=reason)
