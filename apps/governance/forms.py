from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.dates import aware_local
from apps.core.text import VisibleCharField

from .models import Meeting, Participation
from .services import AgendaEntry

# The agenda formset shared by every body-specific scheduling form (COPIL, plenaries…).
MAX_AGENDA_ITEMS = 40


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

    @staticmethod
    def initial_for(participation: Participation) -> dict:
        """The answer already given, to change it; nothing before the first answer."""
        if participation.status not in Participation.ANSWERS:
            return {}
        return {
            "status": participation.status,
            "proxy_name": participation.proxy_name,
            "comment": participation.comment,
        }


class CancelForm(forms.Form):
    """Cancelling a meeting of any kind: the reason, said where the body app says (help_text)."""

    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez le motif de l'annulation.")},
    )

    def __init__(self, *args, help_text: str, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = help_text
        self.fields["reason"].required = required


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label=_("Intitulé"),
        max_length=250,
        error_messages={"required": _("Indiquez l'intitulé de ce point (ou videz la ligne).")},
    )
    presenter = forms.CharField(label=_("Présenté par"), max_length=200, required=False)
    duration_minutes = forms.IntegerField(
        label=_("Durée prévue (minutes)"),
        min_value=1,
        max_value=600,
        required=False,
        error_messages={
            "invalid": _("Indiquez une durée en minutes (un nombre entier)."),
            "min_value": _("La durée doit être d'au moins une minute."),
            "max_value": _("La durée ne peut pas dépasser 600 minutes."),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def has_changed(self):
        """An empty extra row stays empty even if its order number was filled in."""
        return any(name not in ("ORDER", "DELETE") for name in self.changed_data)

    def entry(self) -> AgendaEntry:
        data = self.cleaned_data
        return AgendaEntry(
            title=" ".join(data["title"].split()),
            description=data.get("description", "").strip(),
            presenter=data.get("presenter", "").strip(),
            duration_minutes=data.get("duration_minutes"),
        )


class BaseAgendaFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _("L'ordre du jour compte au plus %(num)d points."),
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"] = forms.IntegerField(
            label=_("Position"),
            required=False,
            min_value=1,
            max_value=MAX_AGENDA_ITEMS * 2,
            initial=(index + 1) if index is not None else None,
            error_messages={"invalid": _("La position est un nombre entier.")},
        )
        form.fields["DELETE"].label = _("Retirer ce point")

    def entries(self) -> list[AgendaEntry]:
        """The agenda in the chosen order (position, then row), deleted and empty rows out."""
        return [form.entry() for form in self.ordered_forms]


AgendaFormSet = forms.formset_factory(
    AgendaItemForm,
    formset=BaseAgendaFormSet,
    extra=3,
    can_order=True,
    can_delete=True,
    max_num=MAX_AGENDA_ITEMS,
    absolute_max=MAX_AGENDA_ITEMS,
    validate_max=True,
)


def agenda_initial(meeting: Meeting) -> list[dict]:
    return [
        {
            "title": item.title,
            "presenter": item.presenter,
            "duration_minutes": item.duration_minutes,
            "description": item.description,
        }
        for item in meeting.agenda_items.all()
    ]


AGENDA_PREFIX = "agenda"

# Where the meeting services' field errors land in MeetingScheduleForm and
# RegistrationFieldsMixin: body apps extend these maps with their own fields.
SCHEDULE_FIELD_TO_FORM = {
    "title": "title",
    "start": "date",
    "end": "end_time",
    "place": "place",
    "online_url": "online_url",
    "description": "description",
    "confirm_duplicate": "confirm_duplicate",
}
REGISTRATION_FIELD_TO_FORM = {
    "capacity": "capacity",
    "registration_closes_at": "registration_closes_at",
}


def schedule_forms(data, form_class, *, meeting: Meeting | None = None, **kwargs):
    """A scheduling form and its agenda formset: bound to `data` on a POST (data is not None);
    otherwise blank for a new meeting, or filled from `meeting` to edit it."""
    is_new = meeting is None
    if data is not None:
        return (
            form_class(data, is_new=is_new, **kwargs),
            AgendaFormSet(data, prefix=AGENDA_PREFIX),
        )
    return (
        form_class(
            initial=None if is_new else form_class.initial_for(meeting), is_new=is_new, **kwargs
        ),
        AgendaFormSet(prefix=AGENDA_PREFIX, initial=None if is_new else agenda_initial(meeting)),
    )


# ---------------------------------------------------------------------------- scheduling
PARIS = ZoneInfo(settings.TIME_ZONE)
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
SCHEDULE_FIELDS = ("title", "start", "end", "place", "online_url", "description")


class MeetingScheduleForm(forms.Form):
    """What every meeting form asks: title, date and times (Paris time), place and/or online
    link, presentation. Body-specific forms (COPIL, workshops, plenaries) extend it; the one
    place where a date and two times become aware datetimes and are checked."""

    title_label = _("Titre")
    past_date_message = _(
        "Cette date est passée : une nouvelle réunion se programme dans le futur."
    )
    online_help = ""

    title = VisibleCharField(max_length=200, error_messages={"required": _("Indiquez le titre.")})
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date."),
            "invalid": _("Saisissez une date valide (jj/mm/aaaa)."),
        },
    )
    start_time = forms.TimeField(
        label=_("Heure de début"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Indiquez l'heure de début."),
            "invalid": _("Saisissez une heure valide (hh:mm)."),
        },
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Indiquez l'heure de fin."),
            "invalid": _("Saisissez une heure valide (hh:mm)."),
        },
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
        error_messages={"invalid": _("Saisissez une adresse web complète (https://…).")},
    )
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Shown only once the service found a twin (same body, day and title): a warning to confirm.
    confirm_duplicate = forms.BooleanField(
        label=_("Je confirme : c'est une autre réunion que celle déjà prévue ce jour-là"),
        required=False,
    )

    def __init__(self, *args, is_new: bool = True, **kwargs):
        self.is_new = is_new
        super().__init__(*args, **kwargs)
        self.fields["title"].label = self.title_label
        if self.online_help:
            self.fields["online_url"].help_text = self.online_help

    @staticmethod
    def schedule_initial(meeting: Meeting) -> dict:
        start = timezone.localtime(meeting.start, PARIS)
        end = timezone.localtime(meeting.end, PARIS)
        return {
            "title": meeting.title,
            "date": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "online_url": meeting.online_url,
            "description": meeting.description,
        }

    def clean(self):
        data = super().clean()
        data["title"] = " ".join(data.get("title", "").split())
        data["place"] = data.get("place", "").strip()
        data["description"] = data.get("description", "").strip()
        day, start_time, end_time = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start_time and end_time:
            # A time the clocks skip or repeat (DST change) is refused with a French message,
            # before it can reach the database's end-after-start constraint.
            for name, at in (("start", start_time), ("end", end_time)):
                try:
                    data[name] = aware_local(day, at, tz=PARIS)
                except ValidationError as error:
                    self.add_error(f"{name}_time", error)
        if data.get("start") and data.get("end"):
            if data["end"] <= data["start"]:
                self.add_error("end_time", _("L'heure de fin doit être après l'heure de début."))
            if self.is_new and data["start"] < timezone.now():
                self.add_error("date", self.past_date_message)
        if not data["place"] and not data.get("online_url") and "online_url" not in self.errors:
            self.add_error("place", _("Indiquez un lieu ou un lien de visioconférence."))
        return data

    def schedule_fields(self) -> dict:
        return {
            **{name: self.cleaned_data[name] for name in SCHEDULE_FIELDS},
            "confirm_duplicate": bool(self.cleaned_data.get("confirm_duplicate")),
        }


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as typed (naive): the form makes it aware in Paris time and says why a
    time a DST change skips or repeats is refused (Django's field answers with a generic
    "may be ambiguous or may not exist")."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value
        return BaseTemporalField.to_python(self, value.strip())


class RegistrationFieldsMixin(forms.Form):
    """Seats and deadline, for meetings that take registrations (workshops, plenaries)."""

    deadline_message = _("La date limite d'inscription doit précéder le début de la réunion.")

    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_(
            "Laissez vide pour ne pas limiter les inscriptions. Une fois complet, les suivants "
            "vont en liste d'attente."
        ),
        error_messages={
            "invalid": _("Indiquez un nombre de places (un nombre entier)."),
            "min_value": _("Indiquez au moins une place, ou laissez vide pour ne pas limiter."),
            "max_value": _("Indiquez au plus 100 000 places."),
        },
    )
    registration_closes_at = LocalDateTimeField(
        label=_("Date limite d'inscription"),
        required=False,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text=_("Facultatif, heure de Paris. Sans date limite : jusqu'au début."),
        error_messages={"invalid": _("Saisissez une date et une heure valides.")},
    )

    @staticmethod
    def registration_initial(meeting: Meeting) -> dict:
        closes = meeting.registration_closes_at
        return {
            "capacity": meeting.capacity,
            "registration_closes_at": (
                timezone.localtime(closes, PARIS).replace(tzinfo=None) if closes else None
            ),
        }

    def clean(self):
        data = super().clean()
        closes = data.get("registration_closes_at")
        if closes is not None:
            # What was typed is Paris time, whatever the server's current time zone; a time the
            # clocks skip or repeat is refused.
            if timezone.is_aware(closes):
                closes = timezone.make_naive(closes, PARIS)
            try:
                data["registration_closes_at"] = closes = aware_local(
                    closes.date(), closes.time(), tz=PARIS
                )
            except ValidationError as error:
                self.add_error("registration_closes_at", error)
                closes = None
            if closes is not None and data.get("start") and closes >= data["start"]:
                self.add_error("registration_closes_at", self.deadline_message)
        return data
