"""Forms of the working group pages. They parse and check input; the services decide and save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.governance.models import Membership
from apps.strategy.forms import filieres_field, objectives_field

from .models import WorkingGroup
from .selectors import current_memberships


class FacilitatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        label = user.get_full_name() or user.email
        if user.organisation_id:
            label = f"{label} ({user.organisation.name})"
        return f"{label} — {user.email}"


class GroupForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du groupe"),
        max_length=200,
        error_messages={"required": _("Indiquez le nom du groupe.")},
    )
    year = forms.IntegerField(
        label=_("Année"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Indiquez l'année du groupe."),
            "invalid": _("Indiquez une année (par exemple 2026)."),
            "min_value": _("Indiquez une année à partir de 2000."),
            "max_value": _("Indiquez une année avant 2100."),
        },
    )
    theme = forms.CharField(
        label=_("Thème"),
        max_length=250,
        error_messages={"required": _("Indiquez le thème du groupe.")},
    )
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    objectives = objectives_field()
    filieres = filieres_field()
    join_policy = forms.ChoiceField(
        label=_("Adhésion"),
        choices=WorkingGroup.JoinPolicy.choices,
        initial=WorkingGroup.JoinPolicy.OPEN,
        widget=forms.RadioSelect,
    )
    facilitators = FacilitatorChoiceField(
        label=_("Facilitateurs ou facilitatrices"),
        queryset=User.objects.filter(is_active=True)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Leur nom figure sur la page du groupe. Maintenez Ctrl (ou Cmd) pour en choisir "
            "plusieurs."
        ),
        error_messages={"invalid_choice": _("Une personne choisie n'existe pas ou plus.")},
    )
    is_active = forms.BooleanField(
        label=_("Groupe actif (ouvert aux nouveaux membres)"),
        required=False,
        initial=True,
        help_text=_("Décochez pour clore le groupe : sa page reste consultable."),
    )

    def __init__(self, *args, is_new: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if is_new:
            del self.fields["is_active"]
            self.fields["year"].initial = timezone.localdate().year

    @staticmethod
    def initial_for(group: WorkingGroup) -> dict:
        return {
            "name": group.body.name,
            "year": group.body.year,
            "theme": group.theme,
            "description": group.body.description,
            "objectives": list(group.objectives.all()),
            "filieres": list(group.filieres.all()),
            "join_policy": group.join_policy,
            "facilitators": [
                m.user_id
                for m in current_memberships().filter(
                    body_id=group.pk, role=Membership.Role.FACILITATOR
                )
            ],
            "is_active": group.body.is_active,
        }

    def group_fields(self) -> dict:
        data = self.cleaned_data
        names = ["name", "year", "theme", "description", "objectives", "filieres"]
        names += ["join_policy", "facilitators"]
        if "is_active" in self.fields:
            names.append("is_active")
        return {name: data[name] for name in names}


# Where a service's field errors land in GroupForm (the Body's and the WorkingGroup's fields).
SERVICE_FIELD_TO_FORM = {
    "name": "name",
    "year": "year",
    "theme": "theme",
    "description": "description",
    "join_policy": "join_policy",
}


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Un mot pour l'équipe projet (facultatif)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Le message compte au plus 500 caractères.")},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accepter")), ("refuse", _("Refuser"))])
