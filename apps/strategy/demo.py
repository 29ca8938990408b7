"""Demo themes of the co-construction, shared by the working groups' and the workshops' demo
data (strategy is the floor both stand on), and the phases of the process."""

# (theme, objectives, filières) for two groups a year.
GROUP_THEMES = [
    ("Accueillir les talents", ["stimuler-les-initiatives"], []),
    ("La mer, fierté et économie", ["filieres-d-excellence", "notoriete-et-image"], ["mer"]),
    ("Tourisme toute l'année", ["filieres-d-excellence"], ["tourisme"]),
    ("Manger cornouaillais", ["filieres-d-excellence", "federer-les-acteurs"], ["aliment"]),
    ("Une marque pour la Cornouaille", ["notoriete-et-image", "federer-les-acteurs"], []),
    ("Entreprendre en Cornouaille", ["stimuler-les-initiatives"], []),
]


def group_slug(year: int, index: int) -> str:
    """The address of the demo working group `index` (0 or 1) of `year`."""
    return f"gt-{year}-{index + 1}"


def history_group_slug(year: int, number: int) -> str:
    """The address of the history working group `number` of `year` (seed_demo --scale)."""
    return f"gt-h-{year}-{number}"


def history_theme(slug: str) -> tuple[str, list[str], list[str]]:
    """The theme of the history working group at `slug` (gt-h-YEAR-N)."""
    _gt, _h, year, number = slug.split("-")
    return GROUP_THEMES[(int(year) + int(number)) % len(GROUP_THEMES)]


# The phases of the process: a shared diagnostic from the first meeting of the history to the
# summer before last, then the co-construction of the action plan, under way (no end).
DEMO_PHASE = 1  # after the meetings (phase 0): the first phase starts with the history


def seed_demo_data(**options) -> list[str]:
    from datetime import date

    from django.db.models import Min
    from django.utils import timezone

    from apps.governance.models import Meeting

    from .models import Phase

    today = timezone.localdate()
    first = Meeting.objects.aggregate(first=Min("start"))["first"]
    first_day = timezone.localtime(first).date().replace(month=1, day=1) if first else today
    turn = date(today.year - 1, 9, 1)  # the co-construction began last September
    first_day = min(first_day, date(turn.year - 1, 1, 1))
    phases = [
        ("diagnostic-partage", "Diagnostic partagé", first_day, date(turn.year, 8, 31),
         "Enquêtes auprès des publics cibles, portrait de l'offre du territoire, premiers "
         "ateliers : ce que la Cornouaille offre et ce que l'on en attend."),
        ("co-construction-plan-actions", "Co-construction du plan d'actions", turn, None,
         "Groupes de travail, priorisation des actions et décisions du COPIL."),
    ]  # fmt: skip
    for slug, name, start, end, summary in phases:
        Phase.objects.update_or_create(
            slug=slug, defaults={"name": name, "start": start, "end": end, "summary": summary}
        )
    return [f"Phases de la démarche : {Phase.objects.count()}"]
