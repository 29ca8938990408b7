from django import forms
from django.utils.translation import gettext_lazy as _

from apps.governance.models import Meeting
from apps.stakeholders.models import Territory
from apps.strategy.forms import filiere_filter_field, public_filter_field
from apps.strategy.models import Contribution, Filiere, Objective, TargetPublic

from .models import AGE_BANDS
from .selectors import OUTSIDE, ResultFilters


class ResultFilterForm(forms.Form):
    public = public_filter_field()
    epci = forms.ChoiceField(label=_("EPCI ou origine"), required=False)
    filiere = filiere_filter_field()
    age = forms.ChoiceField(
        label=_("Tranche d'âge"),
        required=False,
        choices=[("", _("Tous les âges")), *AGE_BANDS],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.territories = {t.slug: t for t in Territory.objects.all()}
        self.fields["epci"].choices = [
            ("", _("Toutes les origines")),
            *[(slug, t.name) for slug, t in self.territories.items()],
            (OUTSIDE, _("Hors Cornouaille")),
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filters(self) -> ResultFilters:
        """Unknown values are dropped (never an error page)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        epci = data.get("epci") or ""
        return ResultFilters(
            public=data.get("public"),
            territory=self.territories.get(epci),
            outside=epci == OUTSIDE,
            filiere=data.get("filiere"),
            age_band=data.get("age") or "",
        )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Motif du masquage"), max_length=300)


class ToContributionForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Atelier de rattachement"),
        queryset=Meeting.objects.filter(kind=Meeting.Kind.WORKSHOP)
        .exclude(status__in=[Meeting.Status.DRAFT, Meeting.Status.CANCELLED])
        .order_by("-start"),
        help_text=_("L'atelier où cette parole est versée (par exemple une restitution)."),
    )
    type = forms.ChoiceField(label=_("Type"), choices=Contribution.Type.choices)
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectifs"), queryset=Objective.objects.all(), required=False
    )
    filieres = forms.ModelMultipleChoiceField(
        label=_("Filières"), queryset=Filiere.objects.all(), required=False
    )
    target_publics = forms.ModelMultipleChoiceField(
        label=_("Publics cibles"),
        queryset=TargetPublic.objects.all(),
        required=False,
        help_text=_("Vide : le public du répondant."),
    )
