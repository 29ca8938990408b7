"""Forms of the strategy pages. They parse input; the services of `services.py` decide and save
(empty or oversized text, missing theme, challenge outside the objective… are their rules)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.stakeholders.models import Organisation

from .models import Challenge, Contribution, Filiere, Objective, PriorityAction, TargetPublic
from .services import MAX_CONTRIBUTION_LENGTH

OBJECTIVES_LABEL = _("Objectifs partagés")
FILIERES_LABEL = _("Filières d'excellence")


def objectives_field(label=OBJECTIVES_LABEL) -> forms.ModelMultipleChoiceField:
    """The shared objectives a group, a workshop… works on (checkboxes, optional)."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Objective.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def public_filter_field() -> forms.ModelChoiceField:
    """A list filter by target public, in the address by its slug (`?public=…`)."""
    return forms.ModelChoiceField(
        label=_("Public"),
        queryset=TargetPublic.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Tous les publics"),
    )


def filiere_filter_field() -> forms.ModelChoiceField:
    """A list filter by filière, in the address by its slug (`?filiere=…`)."""
    return forms.ModelChoiceField(
        label=_("Filière"),
        queryset=Filiere.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Toutes les filières"),
    )


def filieres_field(label=FILIERES_LABEL) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Filiere.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


MARKDOWN_HELP = format_lazy(
    _(
        "Markdown accepté : **gras**, *italique*, listes en commençant les lignes par « - », "
        "liens [texte](https://…). Le HTML est retiré à l'affichage. {max} caractères au plus."
    ),
    max=MAX_CONTRIBUTION_LENGTH,
)


class ChallengeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("%(title)s (objectif %(position)s)") % {
            "title": obj.title,
            "position": obj.objective.position,
        }


class SingleChallengeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("Objectif %(position)s — %(title)s") % {
            "title": obj.title,
            "position": obj.objective.position,
        }


class ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or _("Participant·e n° %(pk)s") % {"pk": obj.pk}


class ContributionForm(forms.Form):
    """What someone said in a workshop. `participants` (a queryset of users) enables the
    « au nom de » select for facilitators and the project team."""

    type = forms.ChoiceField(
        label=_("Type de contribution"),
        choices=Contribution.Type.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le type de la contribution.")},
    )
    text = forms.CharField(
        label=_("Votre contribution"),
        # Emptiness and length are the service's rules; the browser limit is a courtesy.
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_CONTRIBUTION_LENGTH}),
        help_text=MARKDOWN_HELP,
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectifs"),
        queryset=Objective.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    filieres = forms.ModelMultipleChoiceField(
        label=_("Filières"),
        queryset=Filiere.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    challenges = ChallengeChoiceField(
        label=_("Défis"),
        queryset=Challenge.objects.select_related("objective"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Rattachez la contribution à au moins un objectif, une filière ou un défi."),
    )
    target_publics = forms.ModelMultipleChoiceField(
        label=_("Publics concernés"),
        queryset=TargetPublic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les publics cibles dont parle la contribution (facultatif)."),
    )
    author = ParticipantChoiceField(
        label=_("Au nom de"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("moi-même"),
        help_text=_("Pour saisir ce qu'a dit une personne inscrite ou présente à l'atelier."),
    )

    def __init__(self, *args, participants=None, **kwargs):
        # Its own ids: the workshop page holds other forms (registration, check-in…).
        kwargs.setdefault("auto_id", "contribution-%s")
        super().__init__(*args, **kwargs)
        if participants is None:
            del self.fields["author"]
        else:
            self.fields["author"].queryset = participants

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "type": data["type"],
            "text": data["text"],
            "objectives": list(data["objectives"]),
            "filieres": list(data["filieres"]),
            "challenges": list(data["challenges"]),
            "target_publics": list(data.get("target_publics") or []),
        }


# Where a service's ValidationError keys land on the contribution form.
CONTRIBUTION_ERROR_FIELDS = {"text": "text", "objectives": "objectives", "type": "type"}


class ActionForm(forms.Form):
    """A new priority action from one or several contributions."""

    title = forms.CharField(label=_("Intitulé de l'action"), max_length=250)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown accepté : **gras**, *italique*, listes, liens."),
    )
    objective = forms.ModelChoiceField(
        label=_("Objectif"),
        queryset=Objective.objects.all(),
        empty_label=_("— choisissez l'objectif —"),
        error_messages={"required": _("Choisissez l'objectif que sert cette action.")},
    )
    challenge = SingleChallengeField(
        label=_("Défi"),
        queryset=Challenge.objects.select_related("objective"),
        required=False,
        empty_label=_("— aucun —"),
        help_text=_("Un défi de l'objectif choisi."),
    )
    filiere = forms.ModelChoiceField(
        label=_("Filière"),
        queryset=Filiere.objects.all(),
        required=False,
        empty_label=_("— aucune —"),
    )
    lead_organisation = forms.ModelChoiceField(
        label=_("Organisation pilote"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("— à désigner —"),
    )
    due_date = forms.DateField(
        label=_("Échéance"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide (jj/mm/aaaa).")},
    )

    @staticmethod
    def initial_from(contributions) -> dict:
        """Pre-fill with the themes the contributions share (the first one's, in practice)."""
        initial = {}
        for contribution in contributions:
            objectives = list(contribution.objectives.all())
            challenges = list(contribution.challenges.all())
            filieres = list(contribution.filieres.all())
            if "objective" not in initial and (objectives or challenges):
                initial["objective"] = (objectives[0] if objectives else challenges[0].objective).pk
            if "challenge" not in initial and challenges:
                initial["challenge"] = challenges[0].pk
            if "filiere" not in initial and filieres:
                initial["filiere"] = filieres[0].pk
        if contributions and contributions[0].type == Contribution.Type.ACTION_IDEA:
            initial.setdefault("description", contributions[0].text)
        return initial


ACTION_ERROR_FIELDS = {
    "title": "title",
    "slug": "title",
    "description": "description",
    "objective": "objective",
    "challenge": "challenge",
    "filiere": "filiere",
    "lead_organisation": "lead_organisation",
    "due_date": "due_date",
}


class ActionLinkForm(forms.Form):
    action = forms.ModelChoiceField(
        label=_("Action prioritaire existante"),
        queryset=PriorityAction.objects.select_related("objective"),
        empty_label=_("— choisissez l'action —"),
        error_messages={"required": _("Choisissez l'action à laquelle rattacher.")},
    )


class ActionEditForm(forms.ModelForm):
    """What the project team updates as the action moves on."""

    class Meta:
        model = PriorityAction
        fields = ["status", "progress", "due_date", "lead_organisation", "description"]
        widgets = {
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"progress": _("De 0 à 100.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's TextField is unbounded: the form bounds what people type.
        description = self.fields["description"]
        description.max_length = 5000
        description.validators.append(MaxLengthValidator(5000))
        description.widget.attrs["maxlength"] = "5000"


class ActionFilterForm(forms.Form):
    objectif = forms.ModelChoiceField(
        label=_("Objectif"),
        queryset=Objective.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous les objectifs"),
    )
    statut = forms.ChoiceField(
        label=_("Statut"),
        choices=[("", _("Tous les statuts")), *PriorityAction.Status.choices],
        required=False,
    )
