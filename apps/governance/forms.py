from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Meeting, Participation
from .services import AgendaEntry

# The agenda formset shared by every body-specific scheduling form (COPIL, plenaries…).
MAX_AGENDA_ITEMS = 40


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Votre réponse"),
        widget=forms.RadioSelect,
        choices=[
            (Participation.Status.ATTENDING, _("Je serai présent·e")),
            (Participation.Status.EXCUSED, _("Je suis excusé·e")),
            (Participation.Status.REPRESENTED, _("Je serai représenté·e")),
        ],
        error_messages={"required": _("Choisissez une réponse.")},
    )
    proxy_name = forms.CharField(
        label=_("Représenté·e par (nom, fonction)"), max_length=200, required=False
    )
    comment = forms.CharField(label=_("Commentaire (facultatif)"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == Participation.Status.REPRESENTED
            and not data.get("proxy_name", "").strip()
        ):
            self.add_error("proxy_name", _("Indiquez qui vous représentera."))
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label=_("Intitulé"),
        max_length=250,
        error_messages={"required": _("Indiquez l'intitulé de ce point (ou videz la ligne).")},
    )
    presenter = forms.CharField(label=_("Présenté par"), max_length=200, required=False)
    duration_minutes = forms.IntegerField(
        label=_("Durée prévue (minutes)"),
        min_value=1,
        max_value=600,
        required=False,
        error_messages={
            "invalid": _("Indiquez une durée en minutes (un nombre entier)."),
            "min_value": _("La durée doit être d'au moins une minute."),
            "max_value": _("La durée ne peut pas dépasser 600 minutes."),
        },
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def has_changed(self):
        """An empty extra row stays empty even if its order number was filled in."""
        return any(name not in ("ORDER", "DELETE") for name in self.changed_data)

    def entry(self) -> AgendaEntry:
        data = self.cleaned_data
        return AgendaEntry(
            title=" ".join(data["title"].split()),
            description=data.get("description", "").strip(),
            presenter=data.get("presenter", "").strip(),
            duration_minutes=data.get("duration_minutes"),
        )


class BaseAgendaFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _("L'ordre du jour compte au plus %(num)d points."),
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"] = forms.IntegerField(
            label=_("Position"),
            required=False,
            min_value=1,
            max_value=MAX_AGENDA_ITEMS * 2,
            initial=(index + 1) if index is not None else None,
            error_messages={"invalid": _("La position est un nombre entier.")},
        )
        form.fields["DELETE"].label = _("Retirer ce point")

    def entries(self) -> list[AgendaEntry]:
        """The agenda in the chosen order (position, then row), deleted and empty rows out."""
        return [form.entry() for form in self.ordered_forms]


AgendaFormSet = forms.formset_factory(
    AgendaItemForm,
    formset=BaseAgendaFormSet,
    extra=3,
    can_order=True,
    can_delete=True,
    max_num=MAX_AGENDA_ITEMS,
    absolute_max=MAX_AGENDA_ITEMS,
    validate_max=True,
)


def agenda_initial(meeting: Meeting) -> list[dict]:
    return [
        {
            "title": item.title,
            "presenter": item.presenter,
            "duration_minutes": item.duration_minutes,
            "description": item.description,
        }
        for item in meeting.agenda_items.all()
    ]
