from .models import Filiere, Objective


def objectives_for_home() -> list[Objective]:
    return list(Objective.objects.all())


def strategy_overview() -> dict:
    return {"objectives": list(Objective.objects.all()), "filieres": list(Filiere.objects.all())}
