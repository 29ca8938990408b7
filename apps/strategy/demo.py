"""Demo themes of the co-construction, shared by the working groups' and the workshops' demo
data (strategy is the floor both stand on). No `seed_demo_data` here: nothing to create."""

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
