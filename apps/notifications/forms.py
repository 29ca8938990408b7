from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Preference


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Recevoir mes notifications par courriel"),
        choices=Preference.Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez une fréquence."),
            "invalid_choice": _("Choisissez une des fréquences proposées."),
        },
    )
