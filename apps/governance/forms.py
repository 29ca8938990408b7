from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Participation


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
