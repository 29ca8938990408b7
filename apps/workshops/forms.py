"""Forms of the workshop pages. They parse and check input; the services decide and save."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.governance.models import Meeting
from apps.strategy.models import Challenge, Filiere, Objective
from apps.working_groups.models import WorkingGroup

from .selectors import ProgrammeChoices, ProgrammeFilters, facilitator_candidates, workshop_of


def _paris() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def person_label(user) -> str:
    label = user.get_full_name() or user.email
    if user.organisation_id:
        label = f"{label} ({user.organisation.name})"
    return label


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Titre de l'atelier"), max_length=200)
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide (jj/mm/aaaa).")},
    )
    start_time = forms.TimeField(
        label=_("Heure de début"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Saisissez une heure valide (hh:mm).")},
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Saisissez une heure valide (hh:mm).")},
    )
    place = forms.CharField(
        label=_("Lieu (adresse)"),
        max_length=300,
        required=False,
        help_text=_("Un lieu, un lien de visioconférence, ou les deux."),
    )
    online_url = forms.URLField(
        label=_("Lien de visioconférence"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("Visible seulement des personnes inscrites, des facilitateurs et de l'équipe."),
    )
    description = forms.CharField(
        label=_("Présentation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("Laissez vide pour ne pas limiter les inscriptions."),
        error_messages={
            "invalid": _("Indiquez un nombre entier de places (ou laissez vide)."),
            "min_value": _("Au moins une place ; laissez vide pour ne pas limiter."),
        },
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Date limite d'inscription"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Facultatif : à défaut, on peut s'inscrire jusqu'au début de l'atelier."),
        error_messages={"invalid": _("Saisissez une date et une heure valides.")},
    )
    working_group = forms.ModelChoiceField(
        label=_("Tenu par le groupe de travail"),
        queryset=WorkingGroup.objects.select_related("body").order_by("-body__year", "body__name"),
        required=False,
        empty_label=_("Aucun : atelier ouvert"),
    )
    members_only = forms.BooleanField(
        label=_("Réservé aux membres du groupe"),
        required=False,
        help_text=_("Seuls les membres du groupe de travail le voient et peuvent s'inscrire."),
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
    challenges = forms.ModelMultipleChoiceField(
        label=_("Défis"),
        queryset=Challenge.objects.select_related("objective"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    facilitators = PersonChoiceField(
        label=_("Facilitateurs"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Les personnes du groupe « Facilitateurs » et les facilitateurs ou secrétaires des "
            "groupes de travail. Elles pourront faire l'émargement."
        ),
    )

    def __init__(self, *args, workshop=None, **kwargs):
        self.workshop = workshop
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = facilitator_candidates(workshop=workshop)

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        workshop = workshop_of(meeting)
        start = timezone.localtime(meeting.start, _paris())
        end = timezone.localtime(meeting.end, _paris())
        group = getattr(meeting.body, "working_group", None) if meeting.body_id else None
        return {
            "title": meeting.title,
            "date": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "online_url": meeting.online_url,
            "description": meeting.description,
            "capacity": meeting.capacity,
            "registration_closes_at": meeting.registration_closes_at,
            "working_group": group,
            "members_only": meeting.visibility == Meeting.Visibility.MEMBERS,
            "objectives": list(workshop.objectives.all()) if workshop else [],
            "filieres": list(workshop.filieres.all()) if workshop else [],
            "challenges": list(workshop.challenges.all()) if workshop else [],
            "facilitators": list(workshop.facilitators.all()) if workshop else [],
        }

    def clean(self):
        data = super().clean()
        data["title"] = " ".join(data.get("title", "").split())
        data["place"] = data.get("place", "").strip()
        day, start_time, end_time = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start_time and end_time:
            data["start"] = timezone.make_aware(datetime.combine(day, start_time), _paris())
            data["end"] = timezone.make_aware(datetime.combine(day, end_time), _paris())
            if data["end"] <= data["start"]:
                self.add_error("end_time", _("L'heure de fin doit être après l'heure de début."))
            if self.workshop is None and data["start"] < timezone.now():
                self.add_error(
                    "date",
                    _("Cette date est passée : un nouvel atelier se programme dans le futur."),
                )
            closes = data.get("registration_closes_at")
            if closes and closes > data["start"]:
                self.add_error(
                    "registration_closes_at",
                    _("La date limite d'inscription doit précéder le début de l'atelier."),
                )
        if not data["place"] and not data.get("online_url") and "online_url" not in self.errors:
            self.add_error("place", _("Indiquez un lieu ou un lien de visioconférence."))
        if data.get("members_only") and not data.get("working_group"):
            self.add_error(
                "members_only",
                _(
                    "Un atelier réservé aux membres doit être tenu par un groupe de travail : "
                    "choisissez le groupe ou décochez cette case."
                ),
            )
        return data

    def workshop_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "title",
                "start",
                "end",
                "place",
                "online_url",
                "description",
                "capacity",
                "registration_closes_at",
                "working_group",
                "members_only",
            )
        }
        fields["objectives"] = list(data["objectives"])
        fields["filieres"] = list(data["filieres"])
        fields["challenges"] = list(data["challenges"])
        fields["facilitators"] = list(data["facilitators"])
        return fields


# Where a service's field errors land in WorkshopForm.
SERVICE_FIELD_TO_FORM = {
    "title": "title",
    "start": "date",
    "end": "end_time",
    "place": "place",
    "online_url": "online_url",
    "description": "description",
    "capacity": "capacity",
    "registration_closes_at": "registration_closes_at",
    "visibility": "members_only",
    "body": "working_group",
}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il figure dans le message envoyé aux personnes inscrites."),
        error_messages={"required": _("Indiquez le motif de l'annulation.")},
    )


class CheckinToggleForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("1", _("Présent·e")), ("0", _("Absent·e"))],
        coerce=lambda value: value == "1",
    )


class WalkInSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Adresse e-mail ou nom de la personne"),
        max_length=200,
        min_length=3,
        error_messages={
            "required": _("Saisissez une adresse e-mail ou un nom."),
            "min_length": _("Saisissez au moins 3 caractères."),
        },
    )


class WalkInForm(forms.Form):
    user = forms.IntegerField(min_value=1)


class ProgrammeFilterForm(forms.Form):
    """The programme's filters (GET). A value that does not parse is simply left out."""

    du = forms.DateField(
        label=_("Du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    au = forms.DateField(
        label=_("Au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    objectif = forms.ChoiceField(
        label=_("Objectif"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    filiere = forms.ChoiceField(
        label=_("Filière"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    groupe = forms.ChoiceField(
        label=_("Groupe de travail"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    places = forms.BooleanField(
        label=_("Places restantes seulement"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    passes = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, choices: ProgrammeChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["objectif"].choices = [("", _("Tous les objectifs"))] + [
            (o.slug, o.title) for o in choices.objectives
        ]
        self.fields["filiere"].choices = [("", _("Toutes les filières"))] + [
            (f.slug, f.name) for f in choices.filieres
        ]
        self.fields["groupe"].choices = [("", _("Tous les ateliers"))] + [
            (g.body.slug, g.body.name) for g in choices.groups
        ]

    def filters(self) -> ProgrammeFilters:
        self.is_valid()  # fills cleaned_data with the fields that parse; errors are ignored
        data = self.cleaned_data

        def pick(items, key, value):
            return next((item for item in items if value and key(item) == value), None)

        return ProgrammeFilters(
            past=bool(data.get("passes")),
            date_from=data.get("du"),
            date_to=data.get("au"),
            objective=pick(self.choices.objectives, lambda o: o.slug, data.get("objectif")),
            filiere=pick(self.choices.filieres, lambda f: f.slug, data.get("filiere")),
            group=pick(self.choices.groups, lambda g: g.body.slug, data.get("groupe")),
            seats_only=bool(data.get("places")),
        )

    @property
    def is_filtered(self) -> bool:
        filters = self.filters()
        return any(
            (
                filters.date_from,
                filters.date_to,
                filters.objective,
                filters.filiere,
                filters.group,
                filters.seats_only,
            )
        )
