"""Forms of the workshop pages. They parse and check input; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.governance.forms import (
    REGISTRATION_FIELD_TO_FORM,
    SCHEDULE_FIELD_TO_FORM,
    MeetingScheduleForm,
    RegistrationFieldsMixin,
)
from apps.governance.models import Body, Meeting
from apps.governance.selectors import working_group_bodies
from apps.stakeholders.models import ActorCategory, Territory
from apps.strategy.forms import filieres_field, objectives_field
from apps.strategy.models import Challenge

from .selectors import ProgrammeChoices, ProgrammeFilters, facilitator_candidates, workshop_of


def person_label(user) -> str:
    label = user.get_full_name() or user.email
    if user.organisation_id:
        label = f"{label} ({user.organisation.name})"
    return label


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class WorkshopForm(RegistrationFieldsMixin, MeetingScheduleForm):
    title_label = _("Titre de l'atelier")
    past_date_message = _("Cette date est passée : un nouvel atelier se programme dans le futur.")
    online_help = _("Visible seulement des personnes inscrites, des facilitateurs et de l'équipe.")
    deadline_message = _("La date limite d'inscription doit précéder le début de l'atelier.")

    working_group = forms.ModelChoiceField(
        label=_("Tenu par le groupe de travail"),
        queryset=Body.objects.none(),  # working groups' bodies, set in __init__
        required=False,
        empty_label=_("Aucun : atelier ouvert"),
    )
    members_only = forms.BooleanField(
        label=_("Réservé aux membres du groupe"),
        required=False,
        help_text=_("Seuls les membres du groupe de travail le voient et peuvent s'inscrire."),
    )
    objectives = objectives_field(label=_("Objectifs"))
    filieres = filieres_field(label=_("Filières"))
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
        super().__init__(*args, is_new=workshop is None, **kwargs)
        self.fields["facilitators"].queryset = facilitator_candidates(workshop=workshop)
        self.fields["working_group"].queryset = working_group_bodies()

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        workshop = workshop_of(meeting)
        group = meeting.body if meeting.body_id and meeting.body.is_working_group else None
        return {
            **cls.schedule_initial(meeting),
            **cls.registration_initial(meeting),
            "working_group": group,
            "members_only": meeting.visibility == Meeting.Visibility.MEMBERS,
            "objectives": list(workshop.objectives.all()) if workshop else [],
            "filieres": list(workshop.filieres.all()) if workshop else [],
            "challenges": list(workshop.challenges.all()) if workshop else [],
            "facilitators": list(workshop.facilitators.all()) if workshop else [],
        }

    def clean(self):
        data = super().clean()
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
            **self.schedule_fields(),
            **{
                name: data[name]
                for name in ("capacity", "registration_closes_at", "working_group", "members_only")
            },
        }
        fields["objectives"] = list(data["objectives"])
        fields["filieres"] = list(data["filieres"])
        fields["challenges"] = list(data["challenges"])
        fields["facilitators"] = list(data["facilitators"])
        return fields


# Where a service's field errors land in WorkshopForm.
SERVICE_FIELD_TO_FORM = {
    **SCHEDULE_FIELD_TO_FORM,
    **REGISTRATION_FIELD_TO_FORM,
    "visibility": "members_only",
    "body": "working_group",
}


class CheckinToggleForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("1", _("Présent·e")), ("0", _("Absent·e"))],
        coerce=lambda value: value == "1",
    )


class WalkInSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher une personne (nom, organisation ou adresse électronique)"),
        max_length=200,
        required=False,
    )


class GuestWalkInForm(forms.Form):
    """Someone who came without an account: who they are, for the attendance figures."""

    name = forms.CharField(
        label=_("Prénom et nom"),
        max_length=200,
        error_messages={"required": _("Indiquez le nom de la personne.")},
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    territory = forms.ModelChoiceField(
        label=_("Territoire (EPCI)"),
        queryset=Territory.objects.all(),
        required=False,
        empty_label=_("Non précisé"),
    )
    category = forms.ModelChoiceField(
        label=_("Catégorie d'acteur"),
        queryset=ActorCategory.objects.all(),
        required=False,
        empty_label=_("Non précisée"),
    )
    may_contact = forms.BooleanField(
        label=_("La personne accepte d'être recontactée par l'agence au sujet de la démarche"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "invite-%s")
        super().__init__(*args, **kwargs)


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
            (g.slug, g.name) for g in choices.groups
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
            group=pick(self.choices.groups, lambda g: g.slug, data.get("groupe")),
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
