"""Forms of the COPIL pages. They parse and check input; the services decide and save."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.governance.documents import ACCEPTED_EXTENSIONS, MAX_DOCUMENT_SIZE
from apps.governance.forms import (  # noqa: F401 - shared agenda formset, re-exported
    MAX_AGENDA_ITEMS,
    AgendaFormSet,
    AgendaItemForm,
    BaseAgendaFormSet,
    agenda_initial,
)
from apps.governance.models import Meeting, MeetingDocument


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Titre de la séance"), max_length=200)
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide (jj/mm/aaaa).")},
    )
    start_time = forms.TimeField(
        label=_("Heure de début"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Saisissez une heure valide (hh:mm).")},
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Saisissez une heure valide (hh:mm).")},
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
        help_text=_("Visible seulement des membres, des personnes convoquées et de l'équipe."),
    )
    description = forms.CharField(
        label=_("Présentation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    visibility = forms.ChoiceField(
        label=_("Visibilité"),
        choices=Meeting.Visibility.choices,
        initial=Meeting.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    open_to_requests = forms.BooleanField(
        label=_("Ouverte aux demandes de participation"),
        required=False,
        help_text=_("Un acteur inscrit peut demander à assister ; l'équipe projet accepte ou non."),
    )

    def __init__(self, *args, is_new: bool = True, **kwargs):
        self.is_new = is_new
        super().__init__(*args, **kwargs)

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        start = timezone.localtime(meeting.start, ZoneInfo(settings.TIME_ZONE))
        end = timezone.localtime(meeting.end, ZoneInfo(settings.TIME_ZONE))
        return {
            "title": meeting.title,
            "date": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "online_url": meeting.online_url,
            "description": meeting.description,
            "visibility": meeting.visibility,
            "open_to_requests": meeting.open_to_requests,
        }

    def clean(self):
        data = super().clean()
        data["title"] = " ".join(data.get("title", "").split())
        data["place"] = data.get("place", "").strip()
        day, start_time, end_time = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start_time and end_time:
            tz = ZoneInfo(settings.TIME_ZONE)
            data["start"] = timezone.make_aware(datetime.combine(day, start_time), tz)
            data["end"] = timezone.make_aware(datetime.combine(day, end_time), tz)
            if data["end"] <= data["start"]:
                self.add_error("end_time", _("L'heure de fin doit être après l'heure de début."))
            if self.is_new and data["start"] < timezone.now():
                self.add_error(
                    "date",
                    _("Cette date est passée : une nouvelle séance se programme dans le futur."),
                )
        if not data["place"] and not data.get("online_url") and "online_url" not in self.errors:
            self.add_error("place", _("Indiquez un lieu ou un lien de visioconférence."))
        return data

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "title",
                "start",
                "end",
                "place",
                "online_url",
                "description",
                "visibility",
                "open_to_requests",
            )
        }


# Where a service's field errors land in SessionForm.
SERVICE_FIELD_TO_FORM = {
    "title": "title",
    "start": "date",
    "end": "end_time",
    "place": "place",
    "online_url": "online_url",
    "description": "description",
    "visibility": "visibility",
}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il figure dans le message envoyé aux personnes convoquées."),
        error_messages={"required": _("Indiquez le motif de l'annulation.")},
    )


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Titre"),
        max_length=200,
        required=False,
        help_text=_("Facultatif : à défaut, le nom du fichier."),
    )
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("Formats acceptés : %(formats)s. %(size)s Mo maximum.")
        % {
            "formats": ", ".join(e.lstrip(".").upper() for e in ACCEPTED_EXTENSIONS),
            "size": MAX_DOCUMENT_SIZE // (1024 * 1024),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
        error_messages={
            "required": _("Choisissez un fichier."),
            "empty": _("Le fichier est vide."),
            "invalid": _("Aucun fichier n'a été envoyé : vérifiez le formulaire."),
        },
    )
    visibility = forms.ChoiceField(
        label=_("Qui peut le consulter ?"),
        choices=MeetingDocument.Visibility.choices,
        initial=MeetingDocument.Visibility.MEMBERS,
        widget=forms.RadioSelect,
    )


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Personnes présentes"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Une personne cochée n'est pas convoquée à cette séance."),
        },
    )

    def __init__(self, *args, participations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(p.user_id, _person_label(p)) for p in participations]


def _person_label(participation) -> str:
    user = participation.user
    label = user.get_full_name() or user.email
    if user.organisation_id:
        label = f"{label} ({user.organisation.name})"
    return f"{label} — {participation.get_status_display()}"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accepter")), ("refuse", _("Refuser"))])
