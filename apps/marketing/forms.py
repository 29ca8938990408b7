from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from apps.stakeholders.models import Territory
from apps.strategy.forms import filiere_filter_field, public_filter_field
from apps.strategy.markdown import plain_text
from apps.strategy.models import Objective

from .models import ServiceOffer
from .selectors import OfferFilters


class OfferFilterForm(forms.Form):
    public = public_filter_field()
    filiere = filiere_filter_field()
    epci = forms.ModelChoiceField(
        label=_("EPCI"),
        queryset=Territory.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Toute la Cornouaille"),
    )
    nature = forms.ChoiceField(
        label=_("Nature"),
        required=False,
        choices=[("", _("Toutes"))] + list(ServiceOffer.Kind.choices),
    )
    q = forms.CharField(label=_("Recherche"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def filters(self) -> OfferFilters:
        self.is_valid()  # an unknown value is dropped, never an error page
        data = getattr(self, "cleaned_data", {})
        return OfferFilters(
            public=data.get("public"),
            filiere=data.get("filiere"),
            territory=data.get("epci"),
            kind=data.get("nature") or "",
            text=(data.get("q") or "").strip(),
        )


class GapActionForm(forms.Form):
    title = forms.CharField(label=_("Intitulé de l'action"), max_length=250)
    description = forms.CharField(
        label=_("Description (pré-remplie avec les éléments de l'écart)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    objective = forms.ModelChoiceField(label=_("Objectif"), queryset=Objective.objects.all())
    contributions = forms.MultipleChoiceField(
        label=_("Contributions d'origine"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = {str(c.pk): c for c in needs}
        self.fields["contributions"].choices = [
            (pk, Truncator(plain_text(c.text)).chars(120)) for pk, c in self.needs.items()
        ]
        for name in ("title", "description"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["objective"].widget.attrs["class"] = "form-select"

    def chosen_contributions(self):
        return [self.needs[pk] for pk in self.cleaned_data.get("contributions", [])]
