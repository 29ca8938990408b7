"""Reading posted answers: what each question accepts, which questions are shown, what is missing.

Nothing here writes to the database: `parse_answers` returns the cleaned answers and the French
error of each question, and the service stores them only when there is no error.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import Question

MAX_TEXT_LENGTH = 3000


@dataclass
class Parsed:
    # question pk -> cleaned value: Choice, [Choice], int, str, or [(Choice, rank)]
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    hidden: set = field(default_factory=set)  # questions not shown (their condition is not met)


def _choice_ids(values: list[str]) -> list[int] | None:
    ids = []
    for value in values:
        value = (value or "").strip()
        if not value:
            continue
        if not value.isdigit():
            return None
        ids.append(int(value))
    return ids


def _chosen(values: dict, question) -> set[int]:
    value = values.get(question.pk)
    if value is None:
        return set()
    if isinstance(value, list):
        return {item.pk if hasattr(item, "pk") else item[0].pk for item in value}
    return {value.pk} if hasattr(value, "pk") else set()


def is_shown(question, values: dict, by_pk: dict) -> bool:
    """A conditional question is shown when its condition's choice was chosen (and shown)."""
    condition = question.show_if_choice
    if condition is None:
        return True
    parent = by_pk.get(condition.question_id)
    if parent is None:
        return False
    return condition.pk in _chosen(values, parent)


def parse_question(question, data) -> tuple[object, str | None]:
    """(value or None, error or None) for one question from a QueryDict-like `data`."""
    name = question.field_name
    choices = {choice.pk: choice for choice in question.choices.all()}
    kind = question.type
    if kind in (Question.Type.SINGLE, Question.Type.TERRITORY):
        ids = _choice_ids(data.getlist(name))
        if ids is None or len(ids) > 1 or any(pk not in choices for pk in ids):
            return None, _("Ce choix n'appartient pas à la question.")
        return (choices[ids[0]] if ids else None), None
    if kind in (Question.Type.MULTIPLE, Question.Type.WORDS):
        ids = _choice_ids(data.getlist(name))
        if ids is None or any(pk not in choices for pk in ids):
            return None, _("Ce choix n'appartient pas à la question.")
        ids = list(dict.fromkeys(ids))
        if question.max_choices and len(ids) > question.max_choices:
            return None, _("Choisissez au plus %(n)d réponses.") % {"n": question.max_choices}
        return ([choices[pk] for pk in ids] or None), None
    if kind in Question.SCALE_BOUNDS:
        low, high = question.bounds
        raw = (data.get(name) or "").strip()
        if not raw:
            return None, None
        try:
            number = int(raw)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            return None, _("La note doit être un nombre entier de %(low)d à %(high)d.") % {
                "low": low,
                "high": high,
            }
        return number, None
    if kind == Question.Type.TEXT:
        text = (data.get(name) or "").strip()
        if len(text) > MAX_TEXT_LENGTH:
            return None, _("Votre réponse dépasse %(max)d caractères : raccourcissez-la.") % {
                "max": MAX_TEXT_LENGTH
            }
        return (text or None), None
    if kind == Question.Type.RANKING:
        ranked = []
        for key in data:
            if key.startswith(f"{name}_") and data.get(key, "").strip():
                suffix = key[len(name) + 1 :]
                if not suffix.isdigit() or int(suffix) not in choices:
                    return None, _("Ce choix n'appartient pas à la question.")
                raw = data.get(key).strip()
                if not raw.isdigit() or not 1 <= int(raw) <= len(choices):
                    return None, _("Le rang doit être un nombre de 1 à %(n)d.") % {
                        "n": len(choices)
                    }
                ranked.append((choices[int(suffix)], int(raw)))
        ranks = [rank for _choice, rank in ranked]
        if len(set(ranks)) != len(ranks):
            return None, _("Chaque rang ne peut être donné qu'une fois.")
        return (sorted(ranked, key=lambda item: item[1]) or None), None
    return None, _("Type de question inconnu.")


def parse_answers(questions, data, *, check_required: bool = True) -> Parsed:
    """Validate every question of a survey (in order, so conditions see earlier answers)."""
    parsed = Parsed()
    by_pk = {question.pk: question for question in questions}
    for question in questions:
        value, error = parse_question(question, data)
        if error:
            parsed.errors[question.pk] = error
            continue
        if not is_shown(question, parsed.values, by_pk):
            parsed.hidden.add(question.pk)
            continue
        if value is None:
            if question.required and check_required:
                parsed.errors[question.pk] = _("Cette question est obligatoire.")
            continue
        parsed.values[question.pk] = value
    return parsed


def initial_data(answers) -> dict:
    """Stored answers → the form's field values (to resume a saved response)."""
    initial: dict = {}
    for answer in answers:
        name = f"q{answer.question_id}"
        if answer.rank is not None and answer.choice_id:
            initial[f"{name}_{answer.choice_id}"] = str(answer.rank)
        elif answer.choice_id:
            initial.setdefault(name, []).append(str(answer.choice_id))
        elif answer.number is not None:
            initial[name] = str(answer.number)
        elif answer.text:
            initial[name] = answer.text
    return initial
