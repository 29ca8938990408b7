"""Forms of the minutes pages. They parse and check input; the services of `minutes.py` decide
and save. The selects of the formsets get their choices once (`EditChoices`), not per row."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActionItem, Minutes
from .services import ActionItemEntry, DecisionEntry

MAX_ROWS = 100
EXTRA_ROWS = 2


class MinutesForm(forms.Form):
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    summary = forms.CharField(
        label=_("Résumé"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Quelques lignes : l'essentiel de la réunion, repris en tête du compte rendu."),
    )
    body = forms.CharField(
        label=_("Texte du compte rendu"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 20, "aria-describedby": "aide-markdown"}),
    )
    guests = forms.CharField(
        label=_("Autres participant·es"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Une personne par ligne (invité·es non inscrit·es sur la plateforme). "
            "Les présences enregistrées sont reprises automatiquement."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Qui pourra lire le compte rendu publié ?"),
        choices=Minutes.Visibility.choices,
        widget=forms.RadioSelect,
    )

    @staticmethod
    def initial_for(minutes: Minutes) -> dict:
        return {
            "base_revision": minutes.revision,
            "summary": minutes.summary,
            "body": minutes.body,
            "guests": minutes.guests,
            "visibility": minutes.visibility,
        }


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Décision"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    agenda_item = forms.TypedChoiceField(
        label=_("Point de l'ordre du jour"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _("Ce point n'appartient pas à l'ordre du jour de la réunion.")
        },
    )
    priority_actions = forms.TypedMultipleChoiceField(
        label=_("Actions prioritaires concernées"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Facultatif. Ctrl (ou Cmd) + clic pour en choisir plusieurs."),
        error_messages={"invalid_choice": _("Cette action prioritaire n'existe plus.")},
    )

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["agenda_item"].choices = [("", _("—")), *choices.agenda]
            self.fields["priority_actions"].choices = choices.priority_actions

    def clean(self):
        data = super().clean()
        text = data.get("text", "").strip()
        if not text and (data.get("agenda_item") or data.get("priority_actions")):
            self.add_error("text", _("Rédigez la décision, ou videz la ligne."))
        data["text"] = text
        return data

    def entry(self) -> DecisionEntry:
        data = self.cleaned_data
        return DecisionEntry(
            text=data["text"],
            agenda_item_id=data.get("agenda_item"),
            priority_action_ids=tuple(data.get("priority_actions") or ()),
        )


class ActionItemForm(forms.Form):
    what = forms.CharField(label=_("Action"), required=False, max_length=500)
    owner = forms.TypedChoiceField(
        label=_("Responsable (personne)"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Parmi les participant·es et les membres de l'instance."),
        error_messages={"invalid_choice": _("Choisissez une personne de la liste.")},
    )
    owner_organisation = forms.TypedChoiceField(
        label=_("ou organisation responsable"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choisissez une organisation de la liste.")},
    )
    due_date = forms.DateField(
        label=_("Échéance"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide (jj/mm/aaaa).")},
    )
    status = forms.ChoiceField(
        label=_("Statut"), choices=ActionItem.Status.choices, initial=ActionItem.Status.OPEN
    )

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["owner"].choices = [("", _("—")), *choices.people]
            self.fields["owner_organisation"].choices = [("", _("—")), *choices.organisations]

    def has_changed(self):
        """An empty extra row stays empty even with its default status."""
        return any(name != "status" for name in self.changed_data)

    def clean(self):
        data = super().clean()
        what = " ".join(data.get("what", "").split())
        data["what"] = what
        has_owner = data.get("owner") or data.get("owner_organisation")
        if what and not has_owner and not self.has_error("owner"):
            self.add_error(
                "owner", _("Indiquez qui est responsable : une personne ou une organisation.")
            )
        if not what and (has_owner or data.get("due_date")):
            self.add_error("what", _("Décrivez l'action, ou videz la ligne."))
        return data

    def entry(self) -> ActionItemEntry:
        data = self.cleaned_data
        return ActionItemEntry(
            what=data["what"],
            owner_id=data.get("owner"),
            owner_organisation_id=data.get("owner_organisation"),
            due_date=data.get("due_date"),
            status=data.get("status") or ActionItem.Status.OPEN,
        )


class BaseEntryFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _("Au plus %(num)d lignes."),
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Retirer")

    def entries(self) -> list:
        """The rows kept, in order (deleted and empty rows out: the service skips blanks)."""
        initial = self.initial_form_count()
        return [
            form.entry()
            for index, form in enumerate(self.forms)
            if (index < initial or form.has_changed()) and not self._should_delete_form(form)
        ]


def _formset(form_class):
    return forms.formset_factory(
        form_class,
        formset=BaseEntryFormSet,
        extra=EXTRA_ROWS,
        can_delete=True,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


DecisionFormSet = _formset(DecisionForm)
ActionItemFormSet = _formset(ActionItemForm)


def decisions_initial(decisions) -> list[dict]:
    return [
        {
            "text": d.text,
            "agenda_item": d.agenda_item_id,
            "priority_actions": [a.pk for a in d.priority_actions.all()],
        }
        for d in decisions
    ]


def action_items_initial(action_items) -> list[dict]:
    return [
        {
            "what": a.what,
            "owner": a.owner_id,
            "owner_organisation": a.owner_organisation_id,
            "due_date": a.due_date,
            "status": a.status,
        }
        for a in action_items
    ]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Votre commentaire"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez votre commentaire avant de l'envoyer.")},
    )


class PublishForm(forms.Form):
    erratum = forms.CharField(
        label=_("Note d'erratum"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce qui change par rapport à la version précédente : elle est publiée avec."),
        error_messages={
            "required": _("Une correction se publie avec une note d'erratum : dites ce qui change.")
        },
    )

    def __init__(self, *args, requires_erratum: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.requires_erratum = requires_erratum
        if requires_erratum:
            self.fields["erratum"].required = True
        else:
            del self.fields["erratum"]


class ReadingRoomFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": _("un mot, « une expression »…")}),
    )
    body = forms.TypedChoiceField(
        label=_("Instance"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Groupes de travail de l'année choisie (par défaut la dernière)."),
    )
    kind = forms.ChoiceField(label=_("Type de réunion"), required=False)
    year = forms.TypedChoiceField(label=_("Année"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, facets, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {body.pk: body for body in facets.bodies}
        self.fields["body"].choices = [("", _("Toutes")), *((b.pk, b.name) for b in facets.bodies)]
        self.fields["kind"].choices = [("", _("Tous")), *facets.kinds]
        self.fields["year"].choices = [("", _("Toutes")), *((y, str(y)) for y in facets.years)]

    def filters(self) -> dict:
        """The valid filters (an invalid one, such as a year with no minutes, is ignored)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            key: value
            for key, value in {
                "q": " ".join(data.get("q", "").split()),
                "body": self.bodies.get(data.get("body")),
                "kind": data.get("kind") or None,
                "year": data.get("year"),
            }.items()
            if value
        }
