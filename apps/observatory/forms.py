from django import forms
from django.utils.translation import gettext_lazy as _

from apps.stakeholders.models import ActorCategory


class TargetForm(forms.Form):
    every_territory = forms.BooleanField(
        label=_("Au moins une personne inscrite par EPCI"), required=False
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Catégories d'acteurs attendues"),
        queryset=ActorCategory.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_per_cell = forms.IntegerField(
        label=_("Minimum par case EPCI × catégorie (facultatif)"),
        required=False,
        min_value=1,
        max_value=50,
        help_text=_("Vide : pas de minimum par case."),
    )


class InviteForm(forms.Form):
    people = forms.TypedMultipleChoiceField(
        label=_("Personnes à inviter"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(person.pk, str(person)) for person in candidates]
        self.fields["people"].error_messages["required"] = _(
            "Cochez au moins une personne à inviter."
        )
        self.fields["people"].error_messages["invalid_choice"] = _(
            "Une des personnes cochées ne correspond plus à ce manque : rechargez la page."
        )
