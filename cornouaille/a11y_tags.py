"""Template tags for accessibility that every page uses (RGAA 11.10, 11.11, 8.5).

`{% page_errors as errors %}` gathers the errors of every bound form and formset of the page's
context, in the order of their fields, each with the id of the field it points to. base.html
uses it to prefix the page title with « Erreur : » and to show one error summary at the top
of the page, linking each field; static/js/focus.js moves the focus to that summary.
Registered as a project-wide library (settings: TEMPLATES OPTIONS "libraries"), not an app's,
so that every app's pages get it without importing one another.
"""

import html
from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.html import strip_tags

register = template.Library()


@dataclass(frozen=True)
class PageError:
    label: str
    message: str
    target: str  # the id of the field's element, "" when there is none (a non-field error)
    name: str  # the field's HTML name, for fields whose widget has no element with that id


def _form_errors(form: BaseForm) -> list[PageError]:
    if not form.is_bound or not form.errors:
        return []
    found = [PageError("", str(message), "", "") for message in form.non_field_errors()]
    for name, field in form.fields.items():
        if name not in form.errors:
            continue
        bound = form[name]
        if bound.is_hidden:
            found += [PageError("", str(message), "", "") for message in bound.errors]
            continue
        target = bound.id_for_label or bound.auto_id or ""
        # Plain text: some labels hold a link (consent); the template escapes it again.
        label = html.unescape(strip_tags(str(field.label or name)))
        found += [
            PageError(label, str(message), target, bound.html_name) for message in bound.errors
        ]
    return found


def _formset_errors(formset: BaseFormSet) -> list[PageError]:
    if not formset.is_bound:
        return []
    found = [PageError("", str(message), "", "") for message in formset.non_form_errors()]
    for form in formset.forms:
        found += _form_errors(form)
    return found


@register.simple_tag(takes_context=True)
def page_errors(context) -> list[PageError]:
    """Every error of the page's bound forms and formsets, first form first."""
    seen: set[int] = set()
    found: list[PageError] = []
    for value in context.flatten().values():
        # type(), not isinstance(): isinstance would evaluate lazy objects (user, csrf_token).
        kind = type(value)
        if id(value) in seen or not isinstance(kind, type):
            continue
        seen.add(id(value))
        if issubclass(kind, BaseFormSet):
            found += _formset_errors(value)
        elif issubclass(kind, BaseForm):
            found += _form_errors(value)
    return found
