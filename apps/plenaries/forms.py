"""Forms of the plenary pages. They parse and check input (dates and times are Paris time);
the governance services decide and save. The programme is governance's shared AgendaFormSet."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.governance.forms import AgendaFormSet, agenda_initial  # noqa: F401 - shared formset
from apps.governance.models import Meeting

PARIS = ZoneInfo(settings.TIME_ZONE)
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class PlenaryForm(forms.Form):
    title = forms.CharField(
        label=_("Titre de la plénière"),
        max_length=200,
        error_messages={"required": _("Indiquez le titre de la plénière.")},
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date."),
            "invalid": _("Saisissez une date valide (jj/mm/aaaa)."),
        },
    )
    start_time = forms.TimeField(
        label=_("Heure de début"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Indiquez l'heure de début."),
            "invalid": _("Saisissez une heure valide (hh:mm)."),
        },
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Indiquez l'heure de fin."),
            "invalid": _("Saisissez une heure valide (hh:mm)."),
        },
    )
    place = forms.CharField(
        label=_("Lieu (adresse)"),
        max_length=300,
        required=False,
        help_text=_("Un lieu, un lien de visioconférence, ou les deux."),
    )
    online_url = forms.URLField(
        label=_("Lien de visioconférence"),
        max_length=200,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Saisissez une adresse web complète (https://…).")},
    )
    description = forms.CharField(
        label=_("Présentation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_(
            "Laissez vide pour ne pas limiter les inscriptions. Une fois complet, les suivants "
            "vont en liste d'attente."
        ),
        error_messages={
            "invalid": _("Indiquez un nombre de places (un nombre entier)."),
            "min_value": _("Indiquez au moins une place, ou laissez vide pour ne pas limiter."),
            "max_value": _("Indiquez au plus 100 000 places."),
        },
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Date limite d'inscription"),
        required=False,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text=_("Facultatif, heure de Paris. Sans date limite : jusqu'au début."),
        error_messages={"invalid": _("Saisissez une date et une heure valides.")},
    )

    def __init__(self, *args, is_new: bool = True, **kwargs):
        self.is_new = is_new
        super().__init__(*args, **kwargs)

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        start = timezone.localtime(meeting.start, PARIS)
        end = timezone.localtime(meeting.end, PARIS)
        closes = meeting.registration_closes_at
        return {
            "title": meeting.title,
            "date": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "online_url": meeting.online_url,
            "description": meeting.description,
            "capacity": meeting.capacity,
            "registration_closes_at": (
                timezone.localtime(closes, PARIS).replace(tzinfo=None) if closes else None
            ),
        }

    def clean(self):
        data = super().clean()
        data["title"] = " ".join(data.get("title", "").split())
        data["place"] = data.get("place", "").strip()
        data["description"] = data.get("description", "").strip()
        day, start_time, end_time = data.get("date"), data.get("start_time"), data.get("end_time")
        closes = data.get("registration_closes_at")
        if closes is not None:
            # What was typed is Paris time, whatever the server's current time zone.
            data["registration_closes_at"] = closes = timezone.make_aware(
                timezone.make_naive(closes) if timezone.is_aware(closes) else closes, PARIS
            )
        if day and start_time and end_time:
            data["start"] = timezone.make_aware(datetime.combine(day, start_time), PARIS)
            data["end"] = timezone.make_aware(datetime.combine(day, end_time), PARIS)
            if data["end"] <= data["start"]:
                self.add_error("end_time", _("L'heure de fin doit être après l'heure de début."))
            if self.is_new and data["start"] < timezone.now():
                self.add_error(
                    "date",
                    _("Cette date est passée : une nouvelle plénière se programme dans le futur."),
                )
            if closes is not None and closes >= data["start"]:
                self.add_error(
                    "registration_closes_at",
                    _("La date limite d'inscription doit précéder le début de la plénière."),
                )
        if not data["place"] and not data.get("online_url") and "online_url" not in self.errors:
            self.add_error("place", _("Indiquez un lieu ou un lien de visioconférence."))
        return data

    def meeting_fields(self) -> dict:
        """Fields for meeting_create / meeting_update (capacity goes through its own service
        once the plenary exists)."""
        data = self.cleaned_data
        names = ("title", "start", "end", "place", "online_url", "description")
        fields = {name: data[name] for name in names}
        fields["registration_closes_at"] = data.get("registration_closes_at")
        return fields


# Where a service's field errors land in PlenaryForm.
SERVICE_FIELD_TO_FORM = {
    "title": "title",
    "start": "date",
    "end": "end_time",
    "place": "place",
    "online_url": "online_url",
    "description": "description",
    "capacity": "capacity",
    "registration_closes_at": "registration_closes_at",
}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facultatif : il s'affiche sur la page de la plénière."),
    )
