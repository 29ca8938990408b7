"""Forms of the plenary pages. They parse and check input (dates and times are Paris time);
the governance services decide and save. The programme is governance's shared AgendaFormSet."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.governance.forms import (  # noqa: F401 - shared formset
    REGISTRATION_FIELD_TO_FORM,
    SCHEDULE_FIELD_TO_FORM,
    AgendaFormSet,
    MeetingScheduleForm,
    RegistrationFieldsMixin,
    agenda_initial,
)
from apps.governance.models import Meeting

PARIS = ZoneInfo(settings.TIME_ZONE)
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class PlenaryForm(RegistrationFieldsMixin, MeetingScheduleForm):
    title_label = _("Titre de la plénière")
    past_date_message = _(
        "Cette date est passée : une nouvelle plénière se programme dans le futur."
    )
    deadline_message = _("La date limite d'inscription doit précéder le début de la plénière.")

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        return {**cls.schedule_initial(meeting), **cls.registration_initial(meeting)}

    def meeting_fields(self) -> dict:
        """Fields for meeting_create / meeting_update (capacity goes through its own service
        once the plenary exists)."""
        return {
            **self.schedule_fields(),
            "registration_closes_at": self.cleaned_data.get("registration_closes_at"),
        }


# Where a service's field errors land in PlenaryForm.
SERVICE_FIELD_TO_FORM = {**SCHEDULE_FIELD_TO_FORM, **REGISTRATION_FIELD_TO_FORM}
