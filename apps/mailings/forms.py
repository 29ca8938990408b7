from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.governance.models import Body, Meeting
from apps.stakeholders.models import ActorCategory, Territory
from apps.strategy.models import Filiere

from .models import Mailing, Segment


class SegmentForm(forms.ModelForm):
    class Meta:
        model = Segment
        fields = [
            "name", "description", "territories", "outside_cornouaille", "categories", "bodies",
            "attended_meetings", "filieres",
        ]  # fmt: skip
        widgets = {
            "territories": forms.CheckboxSelectMultiple,
            "categories": forms.CheckboxSelectMultiple,
            "bodies": forms.CheckboxSelectMultiple,
            "filieres": forms.CheckboxSelectMultiple,
            "attended_meetings": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "attended_meetings": _(
                "Réunions tenues ces trois dernières années (Ctrl ou Cmd pour en choisir "
                "plusieurs)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territories"].queryset = Territory.objects.order_by("name")
        self.fields["categories"].queryset = ActorCategory.objects.order_by("name")
        self.fields["bodies"].queryset = Body.objects.filter(is_active=True).order_by(
            "kind", "name"
        )
        self.fields["filieres"].queryset = Filiere.objects.order_by("position", "name")
        since = timezone.now() - timedelta(days=3 * 366)
        self.fields["attended_meetings"].queryset = (
            Meeting.objects.not_draft()
            .filter(start__gte=since, start__lte=timezone.now())
            .order_by("-start")
        )
        self.fields["attended_meetings"].label_from_instance = lambda meeting: (
            f"{timezone.localtime(meeting.start):%d/%m/%Y} — {meeting.title}"
        )


class MailingForm(forms.ModelForm):
    class Meta:
        model = Mailing
        fields = ["subject", "segment", "body", "in_archive"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label=_("Date et heure d'envoi"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        help_text=_("Laissez vide pour envoyer maintenant."),
    )


class PreferencesForm(forms.Form):
    newsletter = forms.BooleanField(
        label=_("Je reçois la lettre d'information"),
        required=False,
        help_text=_(
            "Vous pouvez vous désabonner à tout moment, ici ou en un clic depuis une lettre."
        ),
    )
    filieres = forms.ModelMultipleChoiceField(
        label=_("Filières qui m'intéressent"),
        queryset=Filiere.objects.order_by("position", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pour recevoir les lettres consacrées à ces filières."),
    )
