"""Forms of online participation: they parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.governance.models import Body, Meeting
from apps.strategy.forms import ContributionForm
from apps.strategy.models import Challenge, Filiere, Objective, PriorityAction

from .models import Prioritisation, Proposal
from .services import MAX_COMMENT_LENGTH

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_ERRORS = {"invalid": _("Saisissez une date et une heure valides.")}


class CallContributionForm(ContributionForm):
    """The same typed form as in workshops (strategy's), without « au nom de »."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "contribution-%s")
        super().__init__(*args, participants=None, **kwargs)
        self.fields["challenges"].help_text = _(
            "Sans choix, la contribution est rattachée au thème de l'appel."
        )


class CallForm(forms.Form):
    title = forms.CharField(label=_("Titre de l'appel"), max_length=200)
    question = forms.CharField(
        label=_("Question posée"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    objective = forms.ModelChoiceField(
        label=_("Objectif"), queryset=Objective.objects.all(), required=False
    )
    challenge = forms.ModelChoiceField(
        label=_("Défi"), queryset=Challenge.objects.all(), required=False
    )
    filiere = forms.ModelChoiceField(
        label=_("Filière"), queryset=Filiere.objects.all(), required=False
    )
    opens_at = forms.DateTimeField(
        label=_("Ouverture"), widget=DATETIME, error_messages=DATETIME_ERRORS
    )
    closes_at = forms.DateTimeField(
        label=_("Clôture"), widget=DATETIME, error_messages=DATETIME_ERRORS
    )
    body = forms.ModelChoiceField(
        label=_("Qui peut participer"),
        queryset=Body.objects.filter(kind=Body.Kind.WORKING_GROUP, is_active=True),
        required=False,
        empty_label=_("Toute personne inscrite"),
        help_text=_("Un groupe de travail : seul·es ses membres voient et contribuent."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Votre commentaire"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_LENGTH}),
        help_text=_("Markdown accepté (gras, italique, listes, liens). Modifiable 15 minutes."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), max_length=300, required=False)


class PrioritisationForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions à prioriser"),
        queryset=PriorityAction.objects.select_related("objective"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    objective = forms.ModelChoiceField(
        label=_("…ou toutes les actions d'un objectif"),
        queryset=Objective.objects.all(),
        required=False,
    )
    method = forms.ChoiceField(
        label=_("Méthode de vote"),
        choices=Prioritisation.Method.choices,
        initial=Prioritisation.Method.POINTS,
        widget=forms.RadioSelect,
        help_text=_(
            "Classement : chaque personne classe les actions ; parmi n actions, la première "
            "reçoit n points, la suivante n − 1… (méthode de Borda)."
        ),
    )
    points = forms.IntegerField(
        label=_("Points par personne"),
        min_value=1,
        max_value=100,
        initial=10,
        required=False,
        help_text=_("Pour une répartition de points."),
    )
    opens_at = forms.DateTimeField(
        label=_("Ouverture"), widget=DATETIME, error_messages=DATETIME_ERRORS
    )
    closes_at = forms.DateTimeField(
        label=_("Clôture"), widget=DATETIME, error_messages=DATETIME_ERRORS
    )
    live_results = forms.BooleanField(label=_("Résultats en direct"), required=False)
    meeting = forms.ModelChoiceField(
        label=_("Vote en séance (plénière)"),
        # Its title shows on the prioritisation's page: a public plenary, published or held.
        queryset=Meeting.objects.filter(
            kind=Meeting.Kind.PLENARY, visibility=Meeting.Visibility.PUBLIC
        )
        .exclude(status__in=(Meeting.Status.DRAFT, Meeting.Status.CANCELLED))
        .order_by("-start"),
        required=False,
        empty_label=_("— vote en ligne, ouvert à toute personne inscrite —"),
    )

    def chosen_actions(self):
        actions = list(self.cleaned_data.get("actions") or [])
        objective = self.cleaned_data.get("objective")
        if objective is not None:
            actions += [a for a in objective.actions.all() if a not in actions]
        return actions


class ProposalForm(forms.Form):
    action = forms.ModelChoiceField(
        label=_("Action"), queryset=PriorityAction.objects.all(), empty_label=_("— choisissez —")
    )
    meeting = forms.ModelChoiceField(
        label=_("Séance du COPIL"),
        queryset=Meeting.objects.filter(kind=Meeting.Kind.COPIL, status=Meeting.Status.SCHEDULED),
        empty_label=_("— la prochaine séance —"),
        required=False,
    )
    reason = forms.ChoiceField(label=_("Origine"), choices=Proposal.Reason.choices)
    note = forms.CharField(
        label=_("Note de présentation"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ThresholdForm(forms.Form):
    min_supports = forms.IntegerField(label=_("Soutiens au moins"), min_value=0, required=False)
    min_points = forms.IntegerField(
        label=_("Points de priorisation au moins"), min_value=0, required=False
    )
