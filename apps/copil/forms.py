"""Forms of the COPIL pages. They parse and check input; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.governance.documents import ACCEPTED_EXTENSIONS, MAX_DOCUMENT_SIZE
from apps.governance.forms import (  # noqa: F401 - shared agenda formset, re-exported
    MAX_AGENDA_ITEMS,
    SCHEDULE_FIELD_TO_FORM,
    AgendaFormSet,
    AgendaItemForm,
    BaseAgendaFormSet,
    MeetingScheduleForm,
    agenda_initial,
)
from apps.governance.models import Meeting, MeetingDocument


class SessionForm(MeetingScheduleForm):
    title_label = _("Titre de la séance")
    past_date_message = _("Cette date est passée : une nouvelle séance se programme dans le futur.")
    online_help = _("Visible seulement des membres, des personnes convoquées et de l'équipe.")

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

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        return {
            **cls.schedule_initial(meeting),
            "visibility": meeting.visibility,
            "open_to_requests": meeting.open_to_requests,
        }

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            **self.schedule_fields(),
            "visibility": data["visibility"],
            "open_to_requests": data["open_to_requests"],
        }


# Where a service's field errors land in SessionForm.
SERVICE_FIELD_TO_FORM = {**SCHEDULE_FIELD_TO_FORM, "visibility": "visibility"}


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
